# %% [markdown]
r"""A non-zero input mean creates one huge eigenvalue

For a linear unit trained with squared error, the Hessian with respect to its
incoming weights is \(\mathbb{E}[x x^\top]\), the second-moment matrix of its inputs. If the inputs
have mean \(m\), that matrix is \(\operatorname{Cov}(x) + m m^\top\): the rank-one term adds an eigenvalue of
about \(d\,m^2\) along the all-ones direction, and the condition number explodes.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_inputs = 100  # d, the number of inputs to the unit
n_examples = 20_000
shift = 0.5  # pre-activation mean for the "shifted tanh" case
rng = np.random.default_rng(11)

# %%
# Data: the same Gaussian pre-activations pushed through four activations
z = rng.standard_normal((n_examples, n_inputs))
features = {
    "sigmoid": 1.0 / (1.0 + np.exp(-z)),
    "sigmoid - 1/2": 1.0 / (1.0 + np.exp(-z)) - 0.5,
    "tanh": np.tanh(z),
    f"tanh, shifted by {shift}": np.tanh(z + shift),
}

# %%
# Compute: eigenvalues of E[x x^T] and the condition number lambda_max / lambda_min
spectra = {}
for name, x in features.items():
    spectra[name] = np.linalg.eigvalsh(x.T @ x / n_examples)[::-1]  # largest first
kappa = {name: float(ev[0] / ev[-1]) for name, ev in spectra.items()}
kappa_sigmoid, kappa_centred_sigmoid, kappa_tanh, kappa_tanh_shifted = kappa.values()
lambda_max_sigmoid = float(spectra["sigmoid"][0])
second_lambda_sigmoid = float(spectra["sigmoid"][1])
# every third eigenvalue (largest first), and each feature's mean and variance
spectrum_sigmoid, spectrum_centred_sigmoid, spectrum_tanh, spectrum_tanh_shifted = (ev[::3] for ev in spectra.values())
mean_sigmoid, mean_centred_sigmoid, mean_tanh, mean_tanh_shifted = (float(x.mean()) for x in features.values())
var_sigmoid, var_centred_sigmoid, var_tanh, var_tanh_shifted = (float(x.var(0).mean()) for x in features.values())

# the rank-one prediction: lambda_max = var + d * mean^2, all other eigenvalues = var
lambda_max_theory = var_sigmoid + n_inputs * mean_sigmoid**2
kappa_sigmoid_theory = lambda_max_theory / var_sigmoid
print({name: round(k, 2) for name, k in kappa.items()})
print(f"sigmoid: lambda_max {lambda_max_sigmoid:.3f} vs var + d m^2 = {lambda_max_theory:.3f}")

# %%
# Plot: the spectra (top) and the condition numbers (bottom)
fig, (ax_e, ax_k) = plt.subplots(2, 1, figsize=(7, 6.8), layout="constrained")
colours = ["C1", "C3", "C0", "0.35"]  # the site's colour for each function (a shifted tanh is none of them)
for (name, ev), marker, colour in zip(spectra.items(), "os^v", colours):
    ax_e.semilogy(np.arange(1, n_inputs + 1), ev, marker=marker, markersize=3, markevery=9, color=colour, label=name)
ax_e.set(title="Eigenvalues of E[x xᵀ], largest first", xlabel="index", ylabel="eigenvalue")
ax_e.legend(loc="upper right")

bars = ax_k.bar(range(4), list(kappa.values()), color=colours)
for bar, hatch in zip(bars, ["", "//", "..", "xx"]):
    bar.set_hatch(hatch)
ax_k.set_yscale("log")
ax_k.set_xticks(range(4), [name.replace(", ", ",\n") for name in kappa])
ax_k.bar_label(bars, fmt="%.1f")
ax_k.set(title="Condition number κ = λmax / λmin", ylabel="κ (log scale)")
plt.show()
