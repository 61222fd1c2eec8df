# %% [markdown]
"""XOR and two moons: the best straight line against a small tanh network

No straight line splits either data set. The best line is found by trying every
direction and every threshold; the network, 2 inputs -> 16 tanh units -> a sigmoid
output, is trained by plain gradient descent with our own backpropagation.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_per_class, moon_noise = 100, 0.1
n_hidden, n_steps, learning_rate = 16, 3000, 1.0
n_angles = 3600  # directions tried for the best line
rng = np.random.default_rng(8)

# %%
# Data: the four XOR points and two interleaved noisy half-circles
X_xor, y_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0.0, 1.0, 1.0, 0.0])
angle = rng.uniform(0, np.pi, (2, n_per_class))
upper = np.column_stack([np.cos(angle[0]), np.sin(angle[0])])
lower = np.column_stack([1 - np.cos(angle[1]), 0.5 - np.sin(angle[1])])
X_moons = np.vstack([upper, lower]) + moon_noise * rng.standard_normal((2 * n_per_class, 2))
y_moons = np.repeat([0.0, 1.0], n_per_class)
datasets = {"XOR": (X_xor, y_xor), "two moons": (X_moons, y_moons)}

# %%
# Compute: the best straight line (highest accuracy over all directions and thresholds)
def best_line(X, y):
    """Return (accuracy, predict) for the best line; predict maps points to 0/1."""
    best = (-1.0, -1.0, None)  # (score, accuracy, predict)
    for a in np.linspace(0, np.pi, n_angles, endpoint=False):
        u = np.array([np.cos(a), np.sin(a)])
        proj, ys = np.sort(X @ u), y[np.argsort(X @ u)]
        ones_below = np.concatenate([[0.0], np.cumsum(ys)])  # label-1 points below each cut
        correct = np.arange(len(y) + 1) - ones_below + (ys.sum() - ones_below)  # 0 below, 1 above
        gap = np.concatenate([[np.inf], np.diff(proj), [np.inf]])  # room around each cut
        for flip in (False, True):
            acc = np.where(gap > 0, len(y) - correct if flip else correct, -1) / len(y)
            score = acc + 1e-3 * np.minimum(gap, 1)  # among equally accurate lines, the widest gap
            k = int(np.argmax(score))
            if score[k] > best[0]:
                cut = np.concatenate([[-np.inf], (proj[1:] + proj[:-1]) / 2, [np.inf]])[k]
                best = (score[k], float(acc[k]), lambda P, u=u, cut=cut, flip=flip: ((P @ u > cut) != flip).astype(float))
    return best[1:]


line = {name: best_line(X, y) for name, (X, y) in datasets.items()}
xor_best_line_accuracy, moons_best_line_accuracy = line["XOR"][0], line["two moons"][0]
design = np.column_stack([X_xor, np.ones(4)])  # least-squares affine fit to XOR: 0.5 everywhere
xor_linear_mse = float(np.mean((design @ np.linalg.lstsq(design, y_xor, rcond=None)[0] - y_xor) ** 2))

# %%
# Compute: the tanh network, its loss (cross-entropy) and backpropagated gradients
def tanh_slope(h):
    """tanh'(u) from the unit's output h = tanh(u): 1 - h^2, elementwise."""
    return 1 - h**2


def loss_and_gradients(params, X, y, d_tanh=tanh_slope):
    W1, b1, W2, b2 = params
    h = np.tanh(X @ W1 + b1)  # hidden activations, (n, n_hidden)
    z = h @ W2 + b2  # output logit, (n,)
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))  # -log-likelihood of a sigmoid output
    g_z = (0.5 + 0.5 * np.tanh(z / 2) - y) / len(y)  # (sigmoid(z) - y) / n
    g_pre = d_tanh(h) * np.outer(g_z, W2)
    return loss, [X.T @ g_pre, g_pre.sum(0), h.T @ g_z, g_z.sum()]


def train(X, y, seed=0):
    r = np.random.default_rng(seed)
    params = [r.standard_normal((2, n_hidden)), np.zeros(n_hidden), r.standard_normal(n_hidden) / 4, 0.0]
    for _ in range(n_steps):
        loss, grads = loss_and_gradients(params, X, y)
        params = [p - learning_rate * g for p, g in zip(params, grads)]
    return params, loss


def gradient_check(params, X, y, d_tanh=tanh_slope, eps=1e-6):
    """|backprop - central differences| / |central differences| over all weights."""
    flat = np.concatenate([np.ravel(p) for p in params])
    sizes = np.cumsum([np.size(p) for p in params])[:-1]
    unflat = lambda v: [v.reshape(np.shape(p)) for p, v in zip(params, np.split(v, sizes))]
    backprop = np.concatenate([np.ravel(g) for g in loss_and_gradients(params, X, y, d_tanh)[1]])
    numeric = [(loss_and_gradients(unflat(flat + eps * e), X, y)[0] - loss_and_gradients(unflat(flat - eps * e), X, y)[0])
               / (2 * eps) for e in np.eye(len(flat))]
    return float(np.linalg.norm(backprop - numeric) / np.linalg.norm(numeric))


nets = {name: train(X, y) for name, (X, y) in datasets.items()}
predict = {name: (lambda P, p=p: (np.tanh(P @ p[0] + p[1]) @ p[2] + p[3] > 0).astype(float))
           for name, (p, _) in nets.items()}  # class 1 where the logit is positive
xor_tanh_accuracy = float(np.mean(predict["XOR"](X_xor) == y_xor))
moons_tanh_accuracy = float(np.mean(predict["two moons"](X_moons) == y_moons))
xor_final_loss, moons_final_loss = nets["XOR"][1], nets["two moons"][1]
probe = [np.asarray(p, float) + 0.1 for p in nets["two moons"][0]]  # away from any special point
grad_check_max_rel_error = max(gradient_check(probe, X, y) for X, y in datasets.values())
grad_check_wrong_derivative_error = gradient_check(probe, X_moons, y_moons, d_tanh=lambda h: 1 - h)
print(f"best line: {xor_best_line_accuracy:.2f} (XOR), {moons_best_line_accuracy:.3f} (moons); "
      f"tanh net: {xor_tanh_accuracy:.2f}, {moons_tanh_accuracy:.3f}; grad check {grad_check_max_rel_error:.1e}")

# %%
# Plot: decision regions of the best line (left) and the tanh network (right), per data set
fig, axes = plt.subplots(2, 2, figsize=(8.5, 8), layout="constrained")
for row, (name, (X, y)) in zip(axes, datasets.items()):
    lo, hi = X.min(0) - 0.5, X.max(0) + 0.5
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 300), np.linspace(lo[1], hi[1], 300))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    for ax, (model, acc) in zip(row, [(line[name][1], line[name][0]), (predict[name], np.mean(predict[name](X) == y))]):
        ax.contourf(g1, g2, model(grid).reshape(g1.shape), levels=[-0.5, 0.5, 1.5],
                    colors=["#56B4E9", "#E69F00"], alpha=0.35, rasterized=True)
        ax.scatter(*X[y == 0].T, marker="o", s=18, color="#0072B2", label="class 0")
        ax.scatter(*X[y == 1].T, marker="^", s=18, color="#D55E00", label="class 1")
        kind = "best straight line" if model is line[name][1] else f"tanh network ({n_hidden} units)"
        ax.set(title=f"{name}: {kind}, accuracy {acc:.1%}", xlabel="x₁", ylabel="x₂")
    row[0].legend(loc="lower left")
plt.show()
