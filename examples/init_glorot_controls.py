# %% [markdown]
r"""Does tanh train a deep MLP better than the sigmoid? The comparison with its controls

A 4-hidden-layer MLP learns a 10-class task, labelled by a random ReLU network (built
from neither curve), by plain SGD. Four arms: tanh and sigmoid from the same "standard"
initialisation \(U[-1/\sqrt{n}, 1/\sqrt{n}]\) with zero biases; the sigmoid network started at
the exact rewrite of the tanh network (the same function); and the centred sigmoid
\(\sigma - 1/2\) at the tanh network's weights. Every arm runs at 5 learning rates and 5 seeds
and is judged at its own best rate.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_in, width, n_layers, n_classes = 32, 64, 4, 10
n_updates, batch, n_seeds, n_probe, n_test = 1500, 16, 5, 300, 2000
learning_rates = [0.02, 0.1, 0.5, 2.5, 12.5]  # factors of 5; 0.1 is the rate of the earlier, uncontrolled run
arms = {"tanh": (1, 1, 0), "sigmoid": (0.5, 0.5, 0.5),  # f(a) = c tanh(k a) + o, as (c, k, o)
        "sigmoid, rewritten tanh init": (0.5, 0.5, 0.5), "sigmoid - 1/2": (0.5, 0.5, 0)}
C, K, O = (np.array(v, np.float32).reshape(-1, 1, 1, 1, 1) for v in zip(*arms.values()))  # (arm, rate, seed, ., .)

# %%
# Data: a random ReLU "teacher" labels Gaussian inputs (offsets balance its classes)
rng = np.random.default_rng(0)
T1, t1, T2 = rng.standard_normal((n_in, 64)) / np.sqrt(n_in), rng.standard_normal(64) / 2, rng.standard_normal((64, n_classes))
offset = -(np.maximum(rng.standard_normal((20000, n_in)) @ T1 + t1, 0) @ T2).mean(0)


def sample(r, shape):
    x = r.standard_normal((*shape, n_in))
    return x, np.argmax(np.maximum(x @ T1 + t1, 0) @ T2 + offset, axis=-1)
(x_probe, y_probe), (x_test, y_test) = sample(rng, (n_probe,)), sample(rng, (n_test,))


# %%
# Model: forward pass and backpropagation for networks stacked along leading axes (arm, rate, seed)
def forward(params, x):
    """Hidden activations [x, h1, ...] (..., examples, width) and log-probabilities (..., examples, classes)."""
    hs = [x]
    for W, b in params[:-1]:
        hs.append(C * np.tanh(K * (hs[-1] @ W + b)) + O)
    logits = hs[-1] @ params[-1][0] + params[-1][1]
    logits = logits - logits.max(axis=-1, keepdims=True)
    return hs, logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))


def loss_and_grads(params, x, y, use_slope=True):
    """Mean cross-entropy (arm, rate, seed) and its gradient per (W, b); use_slope=False drops f' (a wrong gradient)."""
    hs, log_p = forward(params, x)
    onehot = np.eye(n_classes, dtype=np.float32)[y]
    delta, grads = (np.exp(log_p) - onehot) / x.shape[-2], []  # dL/dlogits
    for i in range(len(params) - 1, -1, -1):
        grads.append((np.swapaxes(hs[i], -1, -2) @ delta, delta.sum(axis=-2, keepdims=True)))
        if i > 0:  # f'(a) from the output h: c k (1 - ((h - o) / c)^2)
            delta = (delta @ np.swapaxes(params[i][0], -1, -2)) * (C * K * (1 - ((hs[i] - O) / C) ** 2) if use_slope else 1)
    return -(onehot * log_p).sum(-1).mean(-1), grads[::-1]


def rewrite(params):
    """The sigmoid weights that compute a tanh MLP exactly, s = (1 + h)/2 (two-coordinate-systems page):
    x2 on the input layer, x4 with bias 2b - 2 (1^T W) on hidden layers, read-out (2 W, b - 1^T W)."""
    (W1, b1), *hidden, (Wo, bo) = params
    return [(2 * W1, 2 * b1)] + [(4 * W, 2 * b - 2 * W.sum(-2, keepdims=True)) for W, b in hidden] + [(2 * Wo, bo - Wo.sum(-2, keepdims=True))]

# %%
# Compute: every arm's start, the rewrite checked at init, then SGD on every (arm, rate, seed) at once
sizes, init_rng, data_rng = [n_in] + [width] * n_layers + [n_classes], np.random.default_rng(1), np.random.default_rng(2)
standard = [(init_rng.uniform(-1, 1, (n_seeds, m, n)) / np.sqrt(m), np.zeros((n_seeds, 1, n))) for m, n in zip(sizes[:-1], sizes[1:])]
starts = [standard, standard, rewrite(standard), standard]  # one per arm, in the order of `arms`
params = [tuple(np.stack([s[i][j] for s in starts])[:, None].repeat(len(learning_rates), 1) for j in (0, 1)) for i in range(len(sizes) - 1)]
hs_0, log_p_0 = forward(params, x_probe)  # float64
rewrite_max_logit_diff = float(np.abs(log_p_0[2] - log_p_0[0]).max())  # rewritten sigmoid arm against tanh
rewrite_max_state_diff = float(max(np.abs(s[2] - (1 + s[0]) / 2).max() for s in hs_0[1:]))  # s = (1 + h)/2, every layer
tanh_init_top_std, sigmoid_init_top_std, rewrite_init_top_std, centred_init_top_std = (float(h.std()) for h in hs_0[-1])
params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]  # trained in float32 (twice as fast)
lr = np.array(learning_rates, np.float32)[:, None, None, None]
for t in range(n_updates):
    x, y = sample(data_rng, (n_seeds, batch))  # each seed its own batches, shared by arms and rates
    for (W, b), (gW, gb) in zip(params, loss_and_grads(params, x.astype(np.float32), y)[1]):
        W -= lr * gW; b -= lr * gb  # in place: no new weight arrays at every step

# %%
# Compute: each arm at its own best rate (lowest median cross-entropy on the probe set, which is not the test set)
_, log_p = forward(params, x_test.astype(np.float32))
test_acc, test_loss = (log_p.argmax(-1) == y_test).mean(-1), -log_p[..., np.arange(len(y_test)), y_test].mean(-1)
best = np.argmin(np.median(loss_and_grads(params, x_probe.astype(np.float32), y_probe)[0], -1), 1)  # (arm,)
tanh_best_rate, sigmoid_best_rate, rewrite_best_rate, centred_best_rate = (learning_rates[i] for i in best)
tanh_accuracy_by_rate, sigmoid_accuracy_by_rate, rewrite_accuracy_by_rate, centred_accuracy_by_rate = np.median(test_acc, -1)
tanh_accuracy, sigmoid_accuracy, rewrite_accuracy, centred_accuracy = (float(np.median(test_acc[a, i])) for a, i in enumerate(best))
tanh_range, sigmoid_range, rewrite_range, centred_range = ([float(test_acc[a, i].min()), float(test_acc[a, i].max())] for a, i in enumerate(best))
tanh_loss, sigmoid_loss, rewrite_loss, centred_loss = (float(np.median(test_loss[a, i])) for a, i in enumerate(best))
usual_rate, gap_same_rate = learning_rates[1], float(tanh_accuracy_by_rate[1] - sigmoid_accuracy_by_rate[1])  # both at 0.1
gap_best_rate, gap_rewrite, gap_centred = (tanh_accuracy - a for a in (sigmoid_accuracy, rewrite_accuracy, centred_accuracy))
majority_accuracy = float(np.bincount(y_test).max() / len(y_test))
print(f"best rates {[learning_rates[i] for i in best]}; accuracy {tanh_accuracy}, {sigmoid_accuracy}, {rewrite_accuracy}, {centred_accuracy}")

# %%
# Compute: backpropagation against a central difference along a random direction, on a small float64 copy of every arm
r = np.random.default_rng(3)
small = [(r.standard_normal((len(arms), 1, 1, m, n)), r.standard_normal((len(arms), 1, 1, 1, n))) for m, n in [(n_in, 5), (5, 4), (4, n_classes)]]
direction = [tuple(r.standard_normal(p.shape) for p in wb) for wb in small]
x_c, y_c = r.standard_normal((3, n_in)), np.array([1, 4, 7])
moved = [loss_and_grads([tuple(p + e * d for p, d in zip(wb, dwb)) for wb, dwb in zip(small, direction)], x_c, y_c)[0] for e in (1e-6, -1e-6)]
numeric = (moved[0] - moved[1]) / 2e-6  # (arm, 1, 1)
along = [sum(np.sum(g * d, (-2, -1)) for wb, dwb in zip(loss_and_grads(small, x_c, y_c, s)[1], direction) for g, d in zip(wb, dwb)) for s in (True, False)]
grad_check_max_rel_error = float(np.max(np.abs(along[0] - numeric) / np.abs(numeric)))
wrong_grad_rel_error = float(np.min(np.abs(along[1] - numeric) / np.abs(numeric)))  # the least wrong arm

# %%
# Plot: test accuracy against the learning rate, median and range of the seeds, for each arm
fig, ax = plt.subplots(figsize=(7.5, 4))
for a, name in enumerate(arms):
    med = np.median(test_acc[a], -1)
    ax.errorbar(learning_rates, med, [med - test_acc[a].min(-1), test_acc[a].max(-1) - med], marker="os^v"[a], capsize=3, label=name)
ax.axhline(majority_accuracy, color="0.4", linestyle=":", label="always the commonest class")
ax.set(xscale="log", title=f"Test accuracy after {n_updates} updates (median, range of {n_seeds} seeds)", xlabel="learning rate")
ax.legend()
plt.show()
