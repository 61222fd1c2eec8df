# %% [markdown]
"""Mean outputs of tanh and the sigmoid, for centred and shifted pre-activations

tanh is odd, so its outputs average zero whenever the pre-activations are
symmetric about zero; the sigmoid's average one half. Shift the pre-activations,
or make them skewed, and tanh's mean moves away from zero too.
"""

# %%
# Parameters: the pre-activation distributions and the integration grid
import matplotlib.pyplot as plt
import numpy as np

shift = 0.5  # mean of the shifted Gaussian pre-activation
mu_min, mu_max = -2.0, 2.0  # range of pre-activation means for the right panel
z_max = 40.0  # integrate over [-z_max, z_max]: wide enough for the skewed tail
dz = 1e-3
n_samples = 100_000  # samples for the histograms only
rng = np.random.default_rng(3)

# %%
# Data: a symmetric grid and three pre-activation densities on it
z = np.arange(-round(z_max / dz), round(z_max / dz) + 1) * dz
gauss = np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)  # N(0, 1)
gauss_shifted = np.exp(-((z - shift) ** 2) / 2) / np.sqrt(2 * np.pi)  # N(shift, 1)
skewed = np.where(z >= -2, (z + 2) * np.exp(-(z + 2)), 0.0)  # Gamma(2, 1) - 2: mean 0, skewed


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def mean_of(f, density):
    """E f(Z) for Z with the given density on the grid (Riemann sum)."""
    return float(np.sum(f(z) * density) * dz)


# %%
# Compute: the mean output in each case
mean_tanh = mean_of(np.tanh, gauss)
mean_sigmoid = mean_of(sigmoid, gauss)
mean_tanh_shifted = mean_of(np.tanh, gauss_shifted)
mean_sigmoid_shifted = mean_of(sigmoid, gauss_shifted)
mean_of_skewed_input = mean_of(lambda v: v, skewed)
mean_tanh_skewed = mean_of(np.tanh, skewed)

# the mean output as the pre-activation mean mu moves from -2 to 2
mus = np.linspace(mu_min, mu_max, 81)
curve_tanh = np.array([mean_of(lambda v: np.tanh(v + mu), gauss) for mu in mus])
curve_sigmoid = np.array([mean_of(lambda v: sigmoid(v + mu), gauss) for mu in mus])
tanh_curve_odd_error = float(np.max(np.abs(curve_tanh + curve_tanh[::-1])))
print(f"E tanh(z) = {mean_tanh:.2e}, E sigmoid(z) = {mean_sigmoid:.6f}")
print(f"E tanh(z + {shift}) = {mean_tanh_shifted:.4f}; skewed, mean-zero input: {mean_tanh_skewed:.4f}")

# %%
# Plot: histograms of the outputs (top) and the mean output against the shift (bottom)
samples = rng.standard_normal(n_samples)
fig, (ax_h, ax_m) = plt.subplots(2, 1, figsize=(7, 6.8), layout="constrained")
bins = np.linspace(-1, 1, 81)
ax_h.hist(np.tanh(samples), bins=bins, histtype="step", linewidth=2, label="tanh(z)")
ax_h.hist(sigmoid(samples), bins=bins, histtype="step", linewidth=2, linestyle="--", label="sigmoid(z)")
ax_h.hist(np.tanh(samples + shift), bins=bins, histtype="step", linewidth=2, linestyle=":",
          label=f"tanh(z + {shift})")
for m, style in ((mean_tanh, "-"), (mean_sigmoid, "--"), (mean_tanh_shifted, ":")):
    ax_h.axvline(m, color="0.3", linewidth=1, linestyle=style)
ax_h.set(title="Outputs, z ~ N(0, 1); vertical lines: their means", xlabel="output", ylabel="count")
ax_h.legend(loc="upper center")

ax_m.plot(mus, curve_tanh, label="E tanh(z + μ)")
ax_m.plot(mus, curve_sigmoid, label="E sigmoid(z + μ)")
ax_m.plot([shift], [mean_tanh_shifted], "o", color="0.2")
ax_m.annotate(f"μ = {shift}: {mean_tanh_shifted:.4f}", xy=(shift, mean_tanh_shifted), xytext=(0.6, -0.3),
              arrowprops={"arrowstyle": "->", "color": "0.3"})
ax_m.axhline(0, color="0.5", linewidth=0.8)
ax_m.set(title="Mean output against the pre-activation mean μ", xlabel="μ", ylabel="mean output")
ax_m.legend(loc="upper left")
plt.show()
