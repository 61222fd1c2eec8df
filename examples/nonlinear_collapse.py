# %% [markdown]
r"""Stacked linear layers collapse to one; tanh layers do not

Ten affine layers \(x \mapsto W x + b\) in a row are one affine layer: multiply the
matrices out and the deep network computes exactly the same thing. Put tanh
between the layers and no single affine map fits the result. In two dimensions
you can see it: linear layers keep straight lines straight, tanh layers bend them.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_layers = 10
width = 64
n_inputs = 500
n_layers_2d, weight_scale_2d = 4, 1.5  # the drawn example: 2-D layers, rotation + shear, scaled
rng = np.random.default_rng(4)

# %%
# Data: random layers with weights W ~ N(0, 1/width), biases ~ N(0, 0.1^2), random inputs
weights = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(n_layers)]
biases = [0.1 * rng.standard_normal(width) for _ in range(n_layers)]
x = rng.standard_normal((n_inputs, width))


def deep(x, weights, biases, activation=None, hidden=None):
    """Apply the layers one after the other, with `activation` between them if given.
    x: (n, width) -> (n, width). Each hidden layer's (pre-activations, activations) pair
    is appended to the list `hidden` if one is given."""
    for i, (W, b) in enumerate(zip(weights, biases)):
        x = x @ W.T + b
        if activation is not None and i < len(weights) - 1:
            pre, x = x, activation(x)
            if hidden is not None:
                hidden.append((pre, x))
    return x


# %%
# Compute: the single layer that the linear stack collapses to, W = W_L ... W_1
W_one, b_one = np.eye(width), np.zeros(width)
for W, b in zip(weights, biases):
    W_one, b_one = W @ W_one, W @ b_one + b
collapse_max_diff = float(np.max(np.abs(deep(x, weights, biases) - (x @ W_one.T + b_one))))


def affine_fit_residual(inputs, outputs):
    """Relative residual of the least-squares affine map inputs -> outputs."""
    design = np.hstack([inputs, np.ones((len(inputs), 1))])
    coef = np.linalg.lstsq(design, outputs, rcond=None)[0]
    return float(np.linalg.norm(design @ coef - outputs) / np.linalg.norm(outputs - outputs.mean(0)))


linear_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases))
tanh_layers = []  # the hidden units of the tanh stack, to check what they compute
tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))
pre, out = (np.concatenate([layer[k].ravel() for layer in tanh_layers]) for k in (0, 1))
picked = np.argsort(pre)[np.linspace(0, len(pre) - 1, 9).astype(int)]  # from the lowest to the highest
unit_pre, unit_out = pre[picked], out[picked]  # 9 (pre-activation, activation) pairs of the tanh stack
# The last digits of a rounding-level number can differ from one process to another (the
# order of floating-point sums is not fixed), so those are quoted as the power of ten above them.
collapse_diff_below = float(10 ** np.ceil(np.log10(collapse_max_diff)))
linear_residual_below = float(10 ** np.ceil(np.log10(linear_affine_fit_residual)))
print(f"linear stack vs one layer: below {collapse_diff_below:.0e}; affine fit residual: "
      f"below {linear_residual_below:.0e} (linear), {tanh_affine_fit_residual:.3f} (tanh)")

# %%
# Compute: a grid of lines in the plane, sent through 2-D linear and tanh stacks
def rotation_with_shear(angle, shear):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]]) @ np.array([[1.0, shear], [0.0, 1.0]])


weights_2d = [weight_scale_2d * rotation_with_shear(rng.uniform(0, 2 * np.pi), rng.uniform(-0.5, 0.5))
              for _ in range(n_layers_2d)]
biases_2d = [0.3 * rng.standard_normal(2) for _ in range(n_layers_2d)]
t = np.linspace(-1, 1, 101)
lines = [np.column_stack([t, np.full_like(t, c)]) for c in np.linspace(-1, 1, 9)]
lines += [np.column_stack([np.full_like(t, c), t]) for c in np.linspace(-1, 1, 9)]


def max_bend(curves):
    """Largest distance of a curve's points from the chord through its ends, per chord length."""
    worst = 0.0
    for c in curves:
        chord = c[-1] - c[0]
        normal = np.array([-chord[1], chord[0]]) / np.linalg.norm(chord)
        worst = max(worst, float(np.max(np.abs((c - c[0]) @ normal)) / np.linalg.norm(chord)))
    return worst


mapped_linear = [deep(c, weights_2d, biases_2d) for c in lines]
mapped_tanh = [deep(c, weights_2d, biases_2d, np.tanh) for c in lines]
max_bend_linear, max_bend_tanh = max_bend(mapped_linear), max_bend(mapped_tanh)

# %%
# Plot: the input grid, its image under the linear stack, and under the tanh stack
fig, axes = plt.subplots(1, 3, figsize=(8.5, 3.8), layout="constrained")
panels = [("Input grid", lines), (f"After {n_layers_2d} linear layers", mapped_linear),
          (f"After {n_layers_2d} layers with tanh", mapped_tanh)]
for ax, (title, curves) in zip(axes, panels):
    for i, c in enumerate(curves):
        ax.plot(c[:, 0], c[:, 1], color="#0072B2" if i < 9 else "#D55E00",
                linestyle="-" if i < 9 else "--", linewidth=1.2)
    ax.set(title=title, xlabel="unit 1", ylabel="unit 2")
    ax.set_aspect("equal", adjustable="datalim")
plt.show()
