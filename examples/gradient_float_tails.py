# %% [markdown]
r"""In floating point, a saturated tanh unit passes exactly zero gradient

The slope \(\operatorname{sech}^2 x = 1 - \tanh^2 x\) is never zero in exact arithmetic. Computed as
\(1 - y^2\) from the rounded output \(y\), it is: once \(\tanh x\) rounds to 1, the slope is
0.0. That happens near \(x = 19\) in float64 and near \(x = 9\) in float32, while the true
slope there, about \(4 e^{-2x}\), is tiny but positive.
"""

# %%
# Parameters
import math

import matplotlib.pyplot as plt
import numpy as np

x_max, step = 40.0, 1e-3
saturated_pre_activation = 25.0  # for the single-unit example

# %%
# Data: a grid of positive pre-activations (tanh' is even, so x >= 0 is enough)
x = np.arange(0, round(x_max / step) + 1) * step

# %%
# Compute: the exact slope, written without cancellation, and the slope from the output
exact = 4 * np.exp(-2 * x) / (1 + np.exp(-2 * x)) ** 2  # sech^2(x), accurate to the last bits
y64 = np.tanh(x)
slope64 = 1.0 - y64**2
y32 = y64.astype(np.float32)  # tanh rounded to float32 (the implementation-independent way)
slope32 = (np.float32(1) - y32 * y32).astype(np.float64)
y32_numpy = np.tanh(x.astype(np.float32))  # this machine's own float32 tanh
slope32_numpy = np.float32(1) - y32_numpy * y32_numpy
s64 = 1.0 / (1.0 + np.exp(-x))
sigmoid_slope64 = s64 * (1.0 - s64)  # the sigmoid's slope, the same way


def first_zero(values):
    """Smallest grid x where the computed slope is exactly 0.0, and the number of grid
    points from there on where it is not 0."""
    i = int(np.argmax(values == 0))
    return float(x[i]), int(np.count_nonzero(values[i:]))


first_zero_x64, nonzero_after_64 = first_zero(slope64)
first_zero_x32, nonzero_after_32 = first_zero(slope32)
first_zero_x32_numpy, _ = first_zero(slope32_numpy)
sigmoid_first_zero_x64, _ = first_zero(sigmoid_slope64)
# where a correctly rounded tanh must return 1: 1 - tanh(x) ~ 2 exp(-2x) below half an ulp of 1
threshold_theory_64 = 55 * math.log(2) / 2  # 2 exp(-2x) < 2^-54
threshold_theory_32 = 13 * math.log(2)  # 2 exp(-2x) < 2^-25
at = {v: round(v / step) for v in (1.0, 5.0, 20.0, first_zero_x64)}  # grid index of x = v
rel_error64_at_1 = float(abs(slope64[at[1.0]] - exact[at[1.0]]) / exact[at[1.0]])  # far from the tails
exact_at_20, computed_at_20 = float(exact[at[20.0]]), float(slope64[at[20.0]])
exact_at_5, exact_at_first_zero_64 = float(exact[at[5.0]]), float(exact[at[first_zero_x64]])

# a single saturated tanh unit: dL/dw = delta * (1 - y^2) * input, with delta = 1
rng = np.random.default_rng(0)
inputs = rng.standard_normal(8)
w = saturated_pre_activation * inputs / (inputs @ inputs)  # so that w . inputs = 25
y_unit = np.tanh(w @ inputs)
saturated_unit_grad_norm = float(np.linalg.norm((1.0 - y_unit**2) * inputs))
exact_unit_grad_norm = float(4 * math.exp(-50) / (1 + math.exp(-50)) ** 2 * np.linalg.norm(inputs))
print(f"1 - tanh^2 is 0.0 from x = {first_zero_x64} (float64), {first_zero_x32} (float32); sigmoid: {sigmoid_first_zero_x64}")

# %%
# Plot: the slopes on a log scale (left) and the relative error of 1 - y^2 (right)
fig, (ax_s, ax_e) = plt.subplots(1, 2, figsize=(8.5, 4))
computed = {"float64": (slope64, first_zero_x64, "#D55E00", "--"), "float32": (slope32, first_zero_x32, "#009E73", "-.")}
ax_s.semilogy(x, exact, color="0.2", label="exact sech²(x)")
for label, (values, zero_at, color, style) in computed.items():
    ax_s.semilogy(x[values > 0], values[values > 0], style, color=color,
                  label=f"1 - y², {label}: 0.0 from x = {zero_at:.2f}")
    ax_s.axvline(zero_at, color=color, linestyle=":", linewidth=1)
ax_s.set(title="tanh'(x): exact and computed from the output", xlabel="pre-activation x", ylabel="slope (log scale)")
ax_s.legend(loc="lower left")

for label, (values, zero_at, color, style) in computed.items():
    rel = np.abs(values - exact) / exact
    ax_e.semilogy(x[rel > 0], rel[rel > 0], style, color=color, label=label, rasterized=True)
ax_e.axhline(1.0, color="0.3", linestyle=":", linewidth=1)
ax_e.set(title="Relative error of 1 - y² (1 = all digits lost)", xlabel="pre-activation x", ylabel="relative error",
         xlim=(0, 25))
ax_e.legend(loc="lower right")
plt.show()
