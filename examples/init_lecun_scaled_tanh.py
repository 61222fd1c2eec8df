# %% [markdown]
r"""LeCun's scaled tanh, 1.7159 tanh(2x/3): what its constants do

LeCun et al. (1998, §4.4) recommend \(f(x) = 1.7159 \tanh(2x/3)\), chosen so that
\(f(1) = 1\) and \(f(-1) = -1\), with the second derivative largest at \(x = 1\) and an overall
gain close to 1. We measure each of these: two hold to the digits given, the other
two only roughly.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

amplitude, slope = 1.7159, 2 / 3  # f(x) = amplitude * tanh(slope * x)
x = np.linspace(-4, 4, 80_001)  # grid step 1e-4
n_quadrature = 80  # Gauss-Hermite points for the Gaussian expectation


def f(z):
    return amplitude * np.tanh(slope * z)


# %%
# Compute: f(1), the exact amplitude that would give f(1) = 1, and f'(0) by a central difference of f
f_at_1 = float(f(1.0))
exact_amplitude = float(1 / np.tanh(slope))
f_prime_at_0 = float((f(1e-6) - f(-1e-6)) / 2e-6)

# %%
# Compute: f' and f'' by finite differences of f on the grid, and where |f''| peaks for x > 0
h = 1e-3  # difference step: truncation error ~h^2, rounding ~1e-16 / h^2
f1 = (f(x + h) - f(x - h)) / (2 * h)
f2 = (f(x + h) - 2 * f(x) + f(x - h)) / h**2
right = x > 0
argmax_f2_grid = float(x[right][np.argmax(np.abs(f2[right]))])
argmax_f2_exact = float(np.arctanh(1 / np.sqrt(3)) / slope)  # where d/dx [t (1 - t^2)] = 0, t = 1/sqrt(3)
argmax_f2_offset = 1 - argmax_f2_exact  # how far the peak of |f''| is from the intended x = 1

# %%
# Compute: the output variance for a standard Gaussian input, E[f(z)^2], by Gauss-Hermite quadrature
nodes, weights = np.polynomial.hermite_e.hermegauss(n_quadrature)
output_variance = float(np.sum(weights * f(nodes) ** 2) / np.sqrt(2 * np.pi))  # E f = 0 since f is odd
output_std = float(np.sqrt(output_variance))
print(f"f(1) = {f_at_1:.7f}, exact amplitude {exact_amplitude:.7f}, f'(0) = {f_prime_at_0:.5f}")
print(f"|f''| peaks at x = {argmax_f2_exact:.5f}; Var f(z) = {output_variance:.4f} for z ~ N(0, 1)")

# %%
# Plot: f with its two derivatives, the points x = +-1 and the true peaks of |f''|
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.plot(x, f(x), label="f(x) = 1.7159 tanh(2x/3)")
ax.plot(x, f1, label="f'(x)")
ax.plot(x, f2, label="f''(x)")
ax.plot([-1, 1], [-1, 1], "ko", markersize=5, label="(±1, ±1)")
for sign in (-1, 1):
    ax.axvline(sign * argmax_f2_exact, color="0.4", linewidth=1, linestyle=":")
ax.annotate(f"|f''| peaks at ±{argmax_f2_exact:.3f}", (argmax_f2_exact, -0.7), xytext=(1.5, -1.2),
            arrowprops={"arrowstyle": "->", "color": "0.3"})
ax.set(title="LeCun's scaled tanh and its derivatives", xlabel="x", ylim=(-1.9, 1.9))
ax.legend(loc="upper left")
plt.show()
