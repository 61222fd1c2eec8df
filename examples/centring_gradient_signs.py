# %% [markdown]
r"""All-positive inputs force a unit's weight gradients to share one sign

For a unit \(a = w \cdot x + b\), the gradient of the loss with respect to \(w\) on one
example is \(\delta\, x\), where \(\delta\) is the scalar error signal at the unit. If every
input \(x_j\) is positive (sigmoid outputs), every component of that gradient has the
sign of \(\delta\). With zero-centred inputs (tanh outputs) the signs are free.
"""

# %%
# Parameters
import math

import matplotlib.pyplot as plt
import numpy as np

n_examples = 100_000
n_inputs = 10  # inputs to the unit (d) for the headline numbers
input_counts = np.arange(1, 13)  # d for the sweep
batch_sizes = 2 ** np.arange(0, 9)  # 1 ... 256
rng = np.random.default_rng(7)

# %%
# Data: pre-activations of the previous layer, and an error signal delta per example
z = rng.standard_normal((n_examples, input_counts.max()))
delta = rng.standard_normal(n_examples)
inputs = {"sigmoid": 1.0 / (1.0 + np.exp(-z)), "tanh": np.tanh(z)}


def same_sign_fraction(grads):
    """Fraction of rows whose entries are all positive or all negative."""
    return float(np.mean(np.all(grads > 0, axis=1) | np.all(grads < 0, axis=1)))


# %%
# Compute: per-example gradients delta * x, and how often all d components share a sign
frac_sigmoid = same_sign_fraction(delta[:, None] * inputs["sigmoid"][:, :n_inputs])
frac_tanh = same_sign_fraction(delta[:, None] * inputs["tanh"][:, :n_inputs])
frac_theory_tanh = 2.0 ** (1 - n_inputs)  # independent symmetric signs: 2 of the 2^d patterns
sweep = {name: [same_sign_fraction(delta[:, None] * x[:, :d]) for d in input_counts] for name, x in inputs.items()}
sweep_sigmoid, sweep_tanh = sweep["sigmoid"], sweep["tanh"]

# %%
# Compute: the same for minibatch gradients, the mean of B per-example gradients
def minibatch_fraction(x, batch):
    m = (n_examples // batch) * batch
    grads = (delta[:m, None] * x[:m, :n_inputs]).reshape(-1, batch, n_inputs).mean(axis=1)
    return same_sign_fraction(grads)


batch_sigmoid = [minibatch_fraction(inputs["sigmoid"], b) for b in batch_sizes]
batch_tanh = [minibatch_fraction(inputs["tanh"], b) for b in batch_sizes]
largest_batch, batch_sigmoid_largest, batch_tanh_max = int(batch_sizes[-1]), batch_sigmoid[-1], max(batch_tanh)

# large-B limit (central limit theorem): each component is c + e_j, with a shared part
# c = mean(delta) * E[x] and independent parts e_j; r = E[x] / std(x) sets how often they agree
mean_over_std_sigmoid = r = float(inputs["sigmoid"].mean() / inputs["sigmoid"].std())
u = np.linspace(-10, 10, 4001)  # c = r * u * std(e_j) with u ~ N(0, 1)
phi = np.array([0.5 * (1 + math.erf(r * v / math.sqrt(2))) for v in u])  # P(c + e_j > 0 | u)
all_agree = phi**n_inputs + (1 - phi) ** n_inputs
plateau_theory = float(np.sum(all_agree * np.exp(-(u**2) / 2)) * (u[1] - u[0]) / math.sqrt(2 * math.pi))
print(f"d = {n_inputs}: one sign in {frac_sigmoid:.1%} (sigmoid) vs {frac_tanh:.2%} (tanh); 2^(1-d) = {frac_theory_tanh:.2%}")
print("minibatch, sigmoid:", np.round(batch_sigmoid, 3))

# %%
# Plot: 2-D gradients (top), the fraction against d (middle) and against batch size (bottom)
fig, (ax_s, ax_d, ax_b) = plt.subplots(3, 1, figsize=(7, 9.6), layout="constrained")
for (name, x), marker, colour in zip(inputs.items(), ("o", "^"), ("C1", "C0")):
    g = delta[:400, None] * x[:400, :2]
    ax_s.scatter(g[:, 0], g[:, 1], s=10, marker=marker, color=colour, alpha=0.6, label=f"{name} inputs",
               zorder=3 if name == "sigmoid" else 2, rasterized=True)  # 800 dots; the sigmoid's on top: its two quadrants are the point
ax_s.axhline(0, color="0.5", linewidth=0.8)
ax_s.axvline(0, color="0.5", linewidth=0.8)
ax_s.set(title="Per-example gradient, d = 2", xlabel="∂L/∂w₁", ylabel="∂L/∂w₂")
ax_s.legend(loc="upper left")

ax_d.semilogy(input_counts, sweep_sigmoid, "o-", color="C1", label="sigmoid inputs")
ax_d.semilogy(input_counts, sweep_tanh, "^--", color="C0", label="tanh inputs")
ax_d.semilogy(input_counts, 2.0 ** (1 - input_counts), ":", color="0.3", label="2^(1-d)")
ax_d.set(title="Per-example gradients with one sign", xlabel="number of inputs d", ylabel="fraction")
ax_d.legend(loc="lower left")

ax_b.semilogx(batch_sizes, batch_sigmoid, "o-", color="C1", base=2, label="sigmoid inputs")
ax_b.semilogx(batch_sizes, batch_tanh, "^--", color="C0", base=2, label="tanh inputs")
ax_b.set(title=f"Minibatch gradients with one sign, d = {n_inputs}", xlabel="batch size B", ylabel="fraction",
         ylim=(-0.03, 1.03))
ax_b.axhline(plateau_theory, color="0.3", linestyle=":", label="large-B limit, sigmoid")
ax_b.legend(loc="upper right")
plt.show()
