# %% [markdown]
r"""tanh inside a modern activation: the fast GELU approximation

The GELU activation is x times the standard normal CDF, \(x\,\Phi(x)\). Its common fast
form is built from tanh: \(0.5\,x\,(1 + \tanh(\sqrt{2/\pi}\,(x + 0.044715\,x^3)))\). We measure
how far that form, and the cheaper sigmoid form \(x\,\sigma(1.702\,x)\), stray from the
exact GELU.
"""

# %%
# Parameters: the range to compare on, and the constants of the two approximations
import math

import matplotlib.pyplot as plt
import numpy as np

x_max = 6.0
step = 1e-3
cubic = 0.044715  # Hendrycks & Gimpel (2016)
sigmoid_slope = 1.702  # Hendrycks & Gimpel (2016)
documented_bound = 5e-4  # MLX's gelu_approx documentation: max abs error below this on [-6, 6]

# %%
# Compute: the exact GELU from the error function, and both approximations
x = np.linspace(-x_max, x_max, round(2 * x_max / step) + 1)
erf = np.vectorize(math.erf)
gelu_exact = 0.5 * x * (1 + erf(x / math.sqrt(2)))
gelu_tanh = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + cubic * x**3)))
gelu_sigmoid = x / (1 + np.exp(-sigmoid_slope * x))

error_tanh = gelu_tanh - gelu_exact
error_sigmoid = gelu_sigmoid - gelu_exact
gelu_tanh_max_abs_error = float(np.max(np.abs(error_tanh)))
gelu_tanh_worst_x = float(x[np.argmax(np.abs(error_tanh))])
gelu_sigmoid_max_abs_error = float(np.max(np.abs(error_sigmoid)))
gelu_sigmoid_worst_x = float(x[np.argmax(np.abs(error_sigmoid))])
error_ratio = gelu_sigmoid_max_abs_error / gelu_tanh_max_abs_error
print(f"tanh form: max |error| {gelu_tanh_max_abs_error:.2e} at x = {gelu_tanh_worst_x:.3f}")
print(f"sigmoid form: max |error| {gelu_sigmoid_max_abs_error:.2e} at x = {gelu_sigmoid_worst_x:.3f}")

# %%
# Plot: the curves (top) and the errors of the two approximations (bottom)
fig, (ax_f, ax_e) = plt.subplots(2, 1, figsize=(7, 6.4), layout="constrained")
ax_f.plot(x, gelu_exact, label="GELU: x Φ(x)")
ax_f.plot(x, gelu_tanh, linestyle="--", label="tanh form")
ax_f.plot(x, np.maximum(x, 0), linestyle=":", label="ReLU, for comparison")
ax_f.set(title="GELU and its tanh approximation", xlabel="x", xlim=(-4, 4), ylim=(-0.5, 4))
ax_f.legend()

ax_e.semilogy(x, np.abs(error_tanh), label="|tanh form − exact|")
ax_e.semilogy(x, np.abs(error_sigmoid), linestyle="--", label="|x σ(1.702x) − exact|")
ax_e.axhline(documented_bound, color="0.5", linestyle=":", linewidth=1)
ax_e.text(-x_max + 0.2, documented_bound * 1.3, "documented bound")
ax_e.set(title="Approximation error", xlabel="x", ylim=(1e-7, 0.1))
ax_e.legend(loc="upper right")
plt.show()
