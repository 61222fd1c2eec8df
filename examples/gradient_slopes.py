# %% [markdown]
r"""tanh's slope is four times the sigmoid's slope at twice the input

Because \(\tanh x = 2\sigma(2x) - 1\), the chain rule gives \(\tanh'(x) = 4\sigma'(2x)\)
exactly: one factor 2 from stretching the output, one from squeezing the input.
The slope is also cheap: \(1 - \tanh^2 x\) needs only the forward output, and a
finite-difference check confirms it.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

x_max, step = 6.0, 1e-3
fd_step = 1e-5  # h in the central difference (f(x + h) - f(x - h)) / 2h

# %%
# Data: a symmetric grid with x = 0 on it
x = np.arange(-round(x_max / step), round(x_max / step) + 1) * step


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


# %%
# Compute: the slopes from the forward outputs, and the identity tanh'(x) = 4 sigma'(2x)
y = np.tanh(x)
d_tanh = 1.0 - y**2  # from the output alone
d_sigmoid = sigmoid(x) * (1.0 - sigmoid(x))
d_sigmoid_2x = sigmoid(2 * x) * (1.0 - sigmoid(2 * x))  # sigma'(2x), a narrower bump
identity_error = np.abs(d_tanh - 4.0 * d_sigmoid_2x)
identity_max_error = float(identity_error.max())

# the finite-difference check of tanh' = 1 - tanh^2
finite_difference = (np.tanh(x + fd_step) - np.tanh(x - fd_step)) / (2 * fd_step)
fd_error = np.abs(finite_difference - d_tanh)
fd_max_error = float(fd_error.max())

# the function itself: odd, approaching -1 and 1 at the ends, slope 1 at x = 0
odd_max_error = float(np.abs(y + y[::-1]).max())  # the grid is symmetric: y[::-1] is y(-x)
y_min, y_max = float(y.min()), float(y.max())
slope_at_0_fd = float(finite_difference[x == 0][0])

# the maxima, and how many grid points reach them
d_tanh_max, d_sigmoid_max = float(d_tanh.max()), float(d_sigmoid.max())
d_tanh_argmax = float(x[np.argmax(d_tanh)])
points_at_max = int(np.sum(d_tanh == 1.0))  # 1 only at x = 0
second_largest_d_tanh = float(np.sort(d_tanh)[-2])
ratio_at_0 = d_tanh_max / d_sigmoid_max
print(f"max |tanh'(x) - 4 sigma'(2x)| = {identity_max_error:.1e}; finite-difference error {fd_max_error:.1e}")

# %%
# Plot: from sigma'(x) to tanh'(x) in two factors of 2 (top), and the errors (bottom)
fig, (ax_s, ax_e) = plt.subplots(2, 1, figsize=(7, 6.8), layout="constrained")
ax_s.plot(x, d_sigmoid, color="C1", label="σ'(x), peak 1/4")
ax_s.plot(x, 2 * d_sigmoid_2x, "--", color="0.55", label="2σ'(2x): input squeezed by 2")
ax_s.plot(x, d_tanh, "-.", color="C0", label="tanh'(x) = 1 - tanh(x)²")
ax_s.plot(x[::400], 4 * d_sigmoid_2x[::400], "o", markersize=4, color="0.2", label="4σ'(2x): output stretched by 2")
ax_s.set(title="tanh'(x) = 4σ'(2x)", xlabel="pre-activation x", ylabel="slope", ylim=(0, 1.05))
ax_s.legend(loc="upper right")

bins = x[:-1].reshape(-1, 100).mean(1)  # the largest error in each bin of 100 grid points
ax_e.semilogy(bins, identity_error[:-1].reshape(-1, 100).max(1), "o-", markersize=3, label="|tanh'(x) - 4σ'(2x)|")
ax_e.semilogy(bins, fd_error[:-1].reshape(-1, 100).max(1), "^--", markersize=3, label="|finite difference - (1 - tanh²)|")
ax_e.set(title="Largest errors per bin of width 0.1", xlabel="pre-activation x", ylabel="absolute error", ylim=(1e-19, 1e-8))
ax_e.legend(loc="center")
plt.show()
