# %% [markdown]
"""What the activation slopes do to a gradient through many layers

A deep network with orthogonal weight matrices: multiplying by one never changes a
vector's length, so whatever happens to the gradient's norm on the way down is the
work of the activation slopes alone. Backpropagate through L layers and compare the
norm with the bounds 1^L (tanh, slope at most 1) and 0.25^L (sigmoid, at most 1/4).
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

depth, width, n_inputs = 40, 128, 32
n_networks = 5  # independent random networks, each with its own inputs
weight_gain = 1.0  # weights = gain * orthogonal matrix; above 1 they can amplify
rng = np.random.default_rng(0)


def orthogonal(rng, n):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # a uniformly random orthogonal matrix


activations = {  # f, and f' in terms of the output
    "tanh": (np.tanh, lambda h: 1 - h**2),
    "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda h: h * (1 - h)),
}

# %%
# Compute: forward through the layers, then backpropagate a random unit gradient
# g_{l-1} = W_l^T (f'(a_l) * g_l) and record |g| after each layer, per input
norms = {name: np.empty((n_networks, depth + 1, n_inputs)) for name in activations}
mean_slope = {name: np.empty((n_networks, depth)) for name in activations}
for s in range(n_networks):
    weights = [weight_gain * orthogonal(rng, width) for _ in range(depth)]
    x = rng.standard_normal((n_inputs, width))
    g_top = rng.standard_normal((n_inputs, width))
    g_top /= np.linalg.norm(g_top, axis=1, keepdims=True)
    for name, (f, df) in activations.items():
        h, slopes = x, []
        for W in weights:
            h = f(h @ W.T)
            slopes.append(df(h))
        g = g_top
        norms[name][s, 0] = 1.0
        for layer in range(depth):  # from the top layer down
            g = (slopes[depth - 1 - layer] * g) @ weights[depth - 1 - layer]
            norms[name][s, layer + 1] = np.linalg.norm(g, axis=1)
        mean_slope[name][s] = [float(d.mean()) for d in slopes]

layers = np.arange(depth + 1)
bound_tanh, bound_sigmoid = weight_gain**layers, (0.25 * weight_gain) ** layers
tanh_within_bound = bool(np.all(norms["tanh"] <= bound_tanh[None, :, None] * (1 + 1e-12)))
sigmoid_within_bound = bool(np.all(norms["sigmoid"] <= bound_sigmoid[None, :, None] * (1 + 1e-12)))
tanh_final_median = float(np.median(norms["tanh"][:, -1]))
sigmoid_final_median = float(np.median(norms["sigmoid"][:, -1]))
tanh_final_min, tanh_final_max = float(norms["tanh"][:, -1].min()), float(norms["tanh"][:, -1].max())
sigmoid_per_layer = float(sigmoid_final_median ** (1 / depth))  # the typical factor per layer
tanh_per_layer = float(tanh_final_median ** (1 / depth))
sigmoid_bound_final = float(bound_sigmoid[-1])
mean_slope_sigmoid = float(mean_slope["sigmoid"].mean())
mean_slope_tanh_first = float(mean_slope["tanh"][:, 0].mean())  # the layer next to the input
mean_slope_tanh_last = float(mean_slope["tanh"][:, -1].mean())
print(f"after {depth} layers: tanh {tanh_final_median:.2e}, sigmoid {sigmoid_final_median:.2e}")

# %%
# Plot: the gradient norm against the layers passed (left); the mean slope in each layer (right)
fig, (ax, ax_s) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [3, 2]})
for name, color, style in (("tanh", "#0072B2", "-"), ("sigmoid", "#D55E00", "--")):
    for s in range(n_networks):
        ax.semilogy(layers, np.median(norms[name][s], axis=1), style, color=color, linewidth=1.2,
                    label=f"{name}: median of {n_inputs} inputs, {n_networks} networks" if s == 0 else None)
        ax_s.plot(np.arange(1, depth + 1), mean_slope[name][s], style, color=color, linewidth=1.2,
                  label=name if s == 0 else None)
    ax.fill_between(layers, norms[name].min(axis=(0, 2)), norms[name].max(axis=(0, 2)), color=color, alpha=0.15)
ax.semilogy(layers, bound_tanh, ":", color="0.2", label=f"bound {weight_gain:g}^L (tanh)")
ax.semilogy(layers, bound_sigmoid, "-.", color="0.4", label=f"bound {0.25 * weight_gain:g}^L (sigmoid)")
ax.set(title="Gradient norm after backpropagating through L layers", xlabel="layers passed L", ylabel="|gradient|")
ax.legend(loc="lower left", fontsize=9)
ax_s.axhline(1.0, color="0.2", linestyle=":", linewidth=1)
ax_s.axhline(0.25, color="0.4", linestyle="-.", linewidth=1)
ax_s.set(title="Mean slope f'(a) in each layer", xlabel="layer (1 = next to the input)", ylabel="mean slope", ylim=(0, 1.05))
ax_s.legend(loc="center right", fontsize=9)
plt.show()
