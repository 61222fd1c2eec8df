# %% [markdown]
r"""tanh and the logistic sigmoid, with their derivatives

Both squash the real line into an interval: tanh into \((-1, 1)\), the sigmoid into
\((0, 1)\). Their slopes tell how much gradient each passes back: tanh's peaks at 1,
the sigmoid's at 1/4, and far from zero the order flips.
"""

# %%
# Parameters: the grid of pre-activations x
import matplotlib.pyplot as plt
import numpy as np

x_max = 6.0  # plot from -x_max to x_max
step = 1e-4  # grid spacing

# %%
# Compute: both functions and their derivatives (derivatives from the outputs)
n_half = round(x_max / step)
x = np.arange(-n_half, n_half + 1) * step  # symmetric, with x = 0 exactly on the grid
tanh = np.tanh(x)
sigmoid = 1.0 / (1.0 + np.exp(-x))
d_tanh = 1.0 - tanh**2  # tanh' = 1 - tanh^2
d_sigmoid = sigmoid * (1.0 - sigmoid)  # sigma' = sigma (1 - sigma)

tanh_min, tanh_max = float(tanh.min()), float(tanh.max())
sigmoid_min, sigmoid_max = float(sigmoid.min()), float(sigmoid.max())
d_tanh_max = float(d_tanh.max())
d_tanh_argmax = float(x[np.argmax(d_tanh)])
d_sigmoid_max = float(d_sigmoid.max())
d_sigmoid_argmax = float(x[np.argmax(d_sigmoid)])
slope_ratio_at_0 = d_tanh_max / d_sigmoid_max

# %%
# Compute: the crossover |x| beyond which the sigmoid's slope is the larger one,
# by bisection on tanh'(x) - sigma'(x) over [1, 3]
def slope_gap(z):
    t, s = np.tanh(z), 1.0 / (1.0 + np.exp(-z))
    return (1.0 - t**2) - s * (1.0 - s)


lo, hi = 1.0, 3.0
for _ in range(80):
    mid = 0.5 * (lo + hi)
    lo, hi = (mid, hi) if slope_gap(mid) > 0 else (lo, mid)
crossover = 0.5 * (lo + hi)
tanh_slope_larger_inside = bool(np.all(d_tanh[np.abs(x) < crossover - 1e-3] > d_sigmoid[np.abs(x) < crossover - 1e-3]))
sigmoid_slope_larger_outside = bool(np.all(d_sigmoid[np.abs(x) > crossover + 1e-3] > d_tanh[np.abs(x) > crossover + 1e-3]))
print(f"tanh' peaks at {d_tanh_max} (x = {d_tanh_argmax}); sigmoid' peaks at {d_sigmoid_max}")
print(f"crossover at |x| = {crossover:.5f}")

# %%
# Plot: the functions (top) and their derivatives (bottom)
fig, (ax_f, ax_d) = plt.subplots(2, 1, figsize=(7, 6.4), sharex=True, layout="constrained")
ax_f.plot(x, tanh, label="tanh(x)")
ax_f.plot(x, sigmoid, label="sigmoid(x)")
ax_f.axhline(0, color="0.5", linewidth=0.8, linestyle="-")
ax_f.set(title="The functions", ylim=(-1.1, 1.1))
ax_f.legend(loc="upper left")

ax_d.plot(x, d_tanh, label="tanh'(x) = 1 - tanh(x)²")
ax_d.plot(x, d_sigmoid, label="sigmoid'(x) = σ(1 - σ)")
for sign in (-1, 1):
    ax_d.axvline(sign * crossover, color="0.4", linewidth=1, linestyle=":")
ax_d.annotate(
    f"|x| = {crossover:.4f}:\nsigmoid' larger beyond",
    xy=(crossover, d_tanh[np.argmin(np.abs(x - crossover))]),
    xytext=(2.3, 0.55),
    arrowprops={"arrowstyle": "->", "color": "0.3"},
)
ax_d.set(title="Their derivatives", xlabel="pre-activation x", ylim=(0, 1.05))
ax_d.legend(loc="upper left")
plt.show()
