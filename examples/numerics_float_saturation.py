# %% [markdown]
r"""Where tanh rounds to exactly 1.0, and what that does to its gradient

In floating point, \(\tanh x\) becomes exactly 1.0 once \(1 - \tanh x\) is below half the
gap between 1 and the next number down. From there on the derivative computed as
\(1 - \tanh^2 x\) is exactly 0: a saturated unit passes no gradient at all. The exact
thresholds follow from the format; what a library returns can differ.
"""

# %%
# Parameters: the two formats, by their significand bits p (machine epsilon 2^(1-p))
import math

import matplotlib.pyplot as plt
import numpy as np

bits = {"float32": 24, "float64": 53}
x_max = 25.0
probe_float32, probe_float64 = 10.0, 20.0  # inputs at which to read off the computed derivative

# %%
# Compute: the thresholds for a correctly rounded tanh. Just below 1 the numbers are
# 2^-p apart, so tanh(x) rounds to 1 when 1 - tanh(x) <= 2^-(p+1) (a tie rounds to
# the even neighbour, which is 1.0): x >= atanh(1 - 2^-(p+1)) = ln(2^(p+2) - 1) / 2.
threshold_float32 = (24 + 2) / 2 * math.log(2) + 0.5 * math.log1p(-(2.0 ** -26))
threshold_float64 = (53 + 2) / 2 * math.log(2) + 0.5 * math.log1p(-(2.0 ** -55))
# float32: check by rounding float64 tanh (error ~1e-16) to float32, on both sides
rounded_below_float32 = float(np.float32(np.tanh(threshold_float32 - 1e-6)))
rounded_above_float32 = float(np.float32(np.tanh(threshold_float32 + 1e-6)))

# %%
# Compute: what NumPy's own np.tanh returns: on every float32 in [8.5, 11), and on
# a grid of step 1e-6 in float64
grid32 = np.arange(*np.array([8.5, 11.0], dtype=np.float32).view(np.int32)).view(np.float32)
numpy_ones_from_float32 = float(grid32[np.argmax(np.tanh(grid32) == 1)])
grid64 = np.arange(18.5, 20.0, 1e-6)
numpy_ones_from_float64 = float(grid64[np.argmax(np.tanh(grid64) == 1)])
print(f"correctly rounded: 1.0 from x = {threshold_float32:.5f} (float32), {threshold_float64:.5f} (float64)")
print(f"np.tanh returns 1.0 from x = {numpy_ones_from_float32:.5f} (float32), {numpy_ones_from_float64:.5f} (float64)")

# %%
# Compute: the derivative 1 - tanh(x)^2 in each format, against the exact
# sech(x)^2 = 4 e^(-2x) / (1 + e^(-2x))^2, which stays accurate for large x
x = np.linspace(0, x_max, 5001)
exact_gradient = 4 * np.exp(-2 * x) / (1 + np.exp(-2 * x)) ** 2
y32 = np.tanh(x.astype(np.float32))
gradient32 = (1 - y32 * y32).astype(np.float64)
gradient64 = 1 - np.tanh(x) ** 2
gradient32_at_probe = float(gradient32[x == probe_float32][0])
gradient64_at_probe = float(gradient64[x == probe_float64][0])
exact_gradient_at_probe32 = float(exact_gradient[x == probe_float32][0])
exact_gradient_at_probe64 = float(exact_gradient[x == probe_float64][0])
last32 = np.flatnonzero(gradient32 > 0)[-1]
gradient32_last_nonzero = float(gradient32[last32])  # 1 - (1 - 2^-24)^2, about 2^-23
exact_gradient_there = float(exact_gradient[last32])
print(f"at x = {probe_float32}: float32 gradient {gradient32_at_probe}, exact {exact_gradient_at_probe32:.2e}")

# %%
# Plot: the gradient on a log scale; exact zeros are drawn on the bottom edge
fig, ax = plt.subplots(figsize=(8, 3.8))
floor = 1e-20
ax.semilogy(x, exact_gradient, label="exact sech²(x)")
ax.semilogy(x, np.maximum(gradient64, floor), linestyle="--", label="1 − tanh² in float64")
ax.semilogy(x, np.maximum(gradient32, floor), linestyle="-.", label="1 − tanh² in float32")
for name, threshold in (("float32", threshold_float32), ("float64", threshold_float64)):
    ax.axvline(threshold, color="0.5", linestyle=":", linewidth=1)
    ax.text(threshold + 0.2, 1e-3, f"{name}: tanh rounds\nto 1 from {threshold:.2f}")
ax.set(xlabel="x", ylabel="tanh′(x)", ylim=(floor / 3, 3), title="A saturated unit passes exactly zero gradient")
ax.legend(loc="lower left")
plt.show()
