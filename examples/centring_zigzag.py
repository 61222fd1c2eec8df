# %% [markdown]
r"""Full-batch gradient descent zig-zags when the inputs have a large mean

A least-squares problem \(y = x \cdot w\) whose best weights have mixed signs, solved by
full-batch gradient descent with sigmoid features and with tanh features. Each run
uses its own best constant step, \(2 / (\lambda_{\max} + \lambda_{\min})\). The gradient is the
mean over all examples, so what slows the sigmoid run is conditioning alone.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_examples = 2_000
noise = 0.1
sizes = (2, 20)  # number of features: 2 is drawn, 20 is counted
tolerance = 1e-6  # stop when |w - w_best| < tolerance * |w_best|
rng = np.random.default_rng(5)

# %%
# Data: Gaussian pre-activations, features from each activation, targets of mixed sign
z = rng.standard_normal((n_examples, max(sizes)))
features = {"sigmoid": 1.0 / (1.0 + np.exp(-z)), "tanh": np.tanh(z)}
mean_sigmoid, mean_tanh = (float(x.mean()) for x in features.values())
var_sigmoid, var_tanh = (float(x.var(0).mean()) for x in features.values())
w_true = np.where(np.arange(max(sizes)) % 2 == 0, 1.0, -1.0)  # +1, -1, +1, ...
noise_draw = noise * rng.standard_normal(n_examples)
w_start = 1.5 * rng.standard_normal(max(sizes))  # random initial weights, shared by both runs

# %%
# Compute: gradient descent on L(w) = mean((x . w - y)^2) / 2
def descend(x, y, w0):
    """The path of w from w0 (steps + 1, d), the best w, the Hessian's condition number and top eigenvector."""
    hessian, b = x.T @ x / len(y), x.T @ y / len(y)
    w_best = np.linalg.solve(hessian, b)
    eig, vec = np.linalg.eigh(hessian)
    step = 2.0 / (eig[-1] + eig[0])
    path = [w0]
    while np.linalg.norm(path[-1] - w_best) > tolerance * np.linalg.norm(w_best):
        path.append(path[-1] - step * (hessian @ path[-1] - b))
    return np.array(path), w_best, float(eig[-1] / eig[0]), vec[:, -1]


runs = {}
for d in sizes:
    for name, x_all in features.items():
        x = x_all[:, :d]
        runs[name, d] = descend(x, x @ w_true[:d] + noise_draw, w_start[:d])
iterations = {key: len(path) - 1 for key, (path, *_) in runs.items()}
iters_sigmoid_2d, iters_tanh_2d = iterations["sigmoid", 2], iterations["tanh", 2]
iters_sigmoid_20d, iters_tanh_20d = iterations["sigmoid", 20], iterations["tanh", 20]
kappa_sigmoid_2d, kappa_tanh_2d = runs["sigmoid", 2][2], runs["tanh", 2][2]
kappa_sigmoid_20d, kappa_tanh_20d = runs["sigmoid", 20][2], runs["tanh", 20][2]
# each full-batch step: does it move every weight the same way, and how close is it to the steep direction?
moves = {key: np.diff(path, axis=0) for key, (path, *_) in runs.items()}
one_signed = {key: float(np.mean(np.all(m > 0, 1) | np.all(m < 0, 1))) for key, m in moves.items()}
along_top = {key: float(np.median(np.abs(m @ runs[key][3]) / np.linalg.norm(m, axis=1))) for key, m in moves.items()}
one_signed_sigmoid_20d, one_signed_tanh_20d, along_top_sigmoid_20d = *(one_signed[n, 20] for n in features), along_top["sigmoid", 20]
mean_sigmoid_20d = features["sigmoid"][:, :20].mean(axis=0)  # the steep direction is the mean's
top_vs_mean_sigmoid_20d = float(abs(runs["sigmoid", 20][3] @ mean_sigmoid_20d) / np.linalg.norm(mean_sigmoid_20d))
print(iterations, one_signed)

# %%
# Plot: loss contours and the descent path for each kind of feature (2 features)
fig, axes = plt.subplots(1, 2, figsize=(8.5, 4.4), sharex=True, sharey=True)
grid = np.linspace(-2.5, 2.5, 201)
w1, w2 = np.meshgrid(grid, grid)
for ax, name, color in zip(axes, features, ("C1", "C0")):
    x = features[name][:, :2]
    y = x @ w_true[:2] + noise_draw
    hessian, b, c = x.T @ x / n_examples, x.T @ y / n_examples, y @ y / n_examples
    quad = hessian[0, 0] * w1**2 + 2 * hessian[0, 1] * w1 * w2 + hessian[1, 1] * w2**2
    loss = 0.5 * quad - b[0] * w1 - b[1] * w2 + 0.5 * c  # the same loss, on the grid
    path, w_best, kappa, _ = runs[name, 2]
    ax.contour(w1, w2, loss - loss.min(), levels=np.geomspace(1e-3, 10, 12), colors="0.6", linewidths=0.8)
    ax.plot(path[:60, 0], path[:60, 1], "o-", color=color, markersize=3, linewidth=1.2, label="gradient descent")
    ax.plot(*w_best, "*", color="0.1", markersize=12, label="best weights")
    ax.set(title=f"{name} features: κ = {kappa:.1f}, {iterations[name, 2]} steps", xlabel="w₁", aspect="equal")
    ax.legend(loc="lower left")
axes[0].set_ylabel("w₂")
plt.show()
