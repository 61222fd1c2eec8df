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
cap, blowup = 1_000, 1e3  # the explorer's runs also stop after cap steps, or at blowup times the start distance
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
def descend(x, y, w0, multiple=1.0, cap=None):
    """The path of w from w0 (steps + 1, d), the best w, the Hessian's condition number, top eigenvector
    and step (`multiple` times the best step). With a cap, it stops after `cap` steps, or once
    |w - w_best| exceeds `blowup` times its start (diverged)."""
    hessian, b = x.T @ x / len(y), x.T @ y / len(y)
    w_best = np.linalg.solve(hessian, b)
    eig, vec = np.linalg.eigh(hessian)
    step = multiple * (2.0 / (eig[-1] + eig[0]))
    path = [w0]
    while np.linalg.norm(path[-1] - w_best) > tolerance * np.linalg.norm(w_best):
        if cap is not None and (len(path) > cap or np.linalg.norm(path[-1] - w_best) > blowup * np.linalg.norm(w0 - w_best)):
            break
        path.append(path[-1] - step * (hessian @ path[-1] - b))
    return np.array(path), w_best, float(eig[-1] / eig[0]), vec[:, -1], step


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
    path, w_best, kappa, *_ = runs[name, 2]
    ax.contour(w1, w2, loss - loss.min(), levels=np.geomspace(1e-3, 10, 12), colors="0.6", linewidths=0.8)
    ax.plot(path[:60, 0], path[:60, 1], "o-", color=color, markersize=3, linewidth=1.2, label="gradient descent")
    ax.plot(*w_best, "*", color="0.1", markersize=12, label="best weights")
    ax.set(title=f"{name} features: κ = {kappa:.1f}, {iterations[name, 2]} steps", xlabel="w₁", aspect="equal")
    ax.legend(loc="lower left")
axes[0].set_ylabel("w₂")
plt.show()

# %%
# Explorer: the 2-feature problem with sigmoid, sigmoid - 1/2 (from the same z) and tanh features,
# run at a few (features, multiple of the best step) points
explorer_features = {"sigmoid": features["sigmoid"], "centred": 1.0 / (1.0 + np.exp(-z)) - 0.5, "tanh": features["tanh"]}
explorer_problems = {k: (x_all[:, :2], x_all[:, :2] @ w_true[:2] + noise_draw) for k, x_all in explorer_features.items()}
explorer_inputs = {"w_start": w_start[:2], "tolerance": tolerance, "cap": cap, "blowup": blowup}
for k, (x_k, y_k) in explorer_problems.items():
    explorer_inputs |= {k + "_hessian": x_k.T @ x_k / n_examples, k + "_b": x_k.T @ y_k / n_examples, k + "_c": y_k @ y_k / n_examples}


def explorer_run(kind, multiple):
    """Steps, outcome (1 converged, -1 diverged, 0 stopped at the cap), kappa, step, final |w - w_best| / |w_best|, final loss."""
    k = list(explorer_features)[kind]
    path_k, best_k, kappa_k, _, step_k = descend(*explorer_problems[k], w_start[:2], multiple, cap)
    w_k, h_k, b_k = path_k[-1], explorer_inputs[k + "_hessian"], explorer_inputs[k + "_b"]
    distance = float(np.linalg.norm(w_k - best_k) / np.linalg.norm(best_k))
    diverged = np.linalg.norm(w_k - best_k) > blowup * np.linalg.norm(w_start[:2] - best_k)
    loss_k = float(0.5 * w_k @ h_k @ w_k - b_k @ w_k + 0.5 * explorer_inputs[k + "_c"])
    return len(path_k) - 1, 1 if distance <= tolerance else -1 if diverged else 0, kappa_k, float(step_k), distance, loss_k


explorer_points_kind = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]  # index into ("sigmoid", "centred", "tanh")
explorer_points_multiple = [1.0, 0.5, 0.05, 1.1, 1.0, 1.9, 0.05, 1.0, 1.9, 2.0]
explorer_results = [explorer_run(*point) for point in zip(explorer_points_kind, explorer_points_multiple)]
explorer_steps, explorer_outcome, explorer_kappa, explorer_step, explorer_distance, explorer_loss = map(list, zip(*explorer_results))
print(explorer_steps, explorer_outcome)
