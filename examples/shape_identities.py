# %% [markdown]
r"""tanh is a rescaled sigmoid, odd, linear near zero and flat far away

Four facts about the shape of tanh, each measured on a grid: the identity
\(\tanh x = 2\sigma(2x) - 1\), odd symmetry, the cubic Taylor approximation near zero,
and how quickly the curve saturates toward +1 and -1.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

x_max = 5.0
n_points = 20_001
taylor_radius = 0.5  # compare tanh with x - x^3/3 on |x| <= taylor_radius
saturation_level = 0.99  # "saturated": |tanh(x)| above this

# %%
# Compute: the identity and the symmetry, to the last bit we can ask for
x = np.linspace(-x_max, x_max, n_points)
tanh = np.tanh(x)
sigmoid_2x = 1.0 / (1.0 + np.exp(-2.0 * x))
identity_max_error = float(np.max(np.abs(tanh - (2.0 * sigmoid_2x - 1.0))))
odd_max_error = float(np.max(np.abs(np.tanh(-x) + tanh)))
tanh_at_0 = float(np.tanh(0.0))
sigmoid_at_0 = float(1.0 / (1.0 + np.exp(-0.0)))

# %%
# Compute: the Taylor polynomial x - x^3/3, whose error grows like x^5 (next term 2x^5/15)
near = np.abs(x) <= taylor_radius
taylor = x - x**3 / 3.0
taylor_max_error = float(np.max(np.abs(tanh[near] - taylor[near])))
next_term_bound = 2.0 * taylor_radius**5 / 15.0
linear_max_error = float(np.max(np.abs(tanh[near] - x[near])))

# %%
# Compute: where the curve saturates on the grid, |tanh(x)| > saturation_level (in theory |x| > atanh(level))
saturation_x = float(np.min(np.abs(x[np.abs(tanh) > saturation_level])))
slope_at_saturation = float(1.0 - np.tanh(saturation_x) ** 2)
print(f"max |tanh - (2 sigma(2x) - 1)| = {identity_max_error:.2e}")
print(f"Taylor error on |x| <= {taylor_radius}: {taylor_max_error:.2e} (bound {next_term_bound:.2e})")
print(f"|tanh(x)| > {saturation_level} once |x| > {saturation_x:.3f}, where the slope is {slope_at_saturation:.4f}")

# %%
# Plot: tanh against its Taylor polynomial (left), and the saturated region (right)
fig, (ax_t, ax_s) = plt.subplots(1, 2, figsize=(8.5, 3.6))
ax_t.plot(x, tanh, label="tanh(x)")
ax_t.plot(x, x, label="x (slope 1 at 0)")
ax_t.plot(x, taylor, label="x - x³/3")
ax_t.set(title="Near zero: almost the identity", xlabel="x", xlim=(-2, 2), ylim=(-1.5, 1.5))
ax_t.legend(loc="upper left")

ax_s.plot(x, tanh, label="tanh(x)")
ax_s.plot(x, 2.0 * sigmoid_2x - 1.0, label="2σ(2x) - 1 (same curve)")
for sign in (-1, 1):
    ax_s.axvspan(sign * saturation_x, sign * x_max, color="0.85", zorder=0)
ax_s.text(saturation_x + 0.1, -0.5, f"|tanh| > {saturation_level}\n(saturated)")
ax_s.set(title="Far from zero: saturation", xlabel="x", xlim=(-x_max, x_max))
ax_s.legend(loc="upper left")
plt.show()
