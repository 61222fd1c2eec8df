# %% [markdown]
r"""Layer activations during training: sigmoid against tanh, with controls (after Glorot & Bengio 2010)

The MLP of init_glorot_controls (4 hidden layers, a random ReLU teacher, plain SGD) in
its four arms: tanh and sigmoid from the same standard initialisation, the sigmoid at the
exact rewrite of the tanh network, the centred sigmoid \(\sigma - 1/2\) at the tanh weights.
At each of 5 learning rates and 2 seeds we follow each layer's mean activation and the
fraction of saturated units, measured from the pre-activations, on a fixed probe set.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_in, width, n_layers, n_classes = 32, 64, 4, 10
n_updates, batch, probe_every, n_seeds, n_probe = 1500, 16, 100, 2, 300
learning_rates = [0.02, 0.1, 0.5, 2.5, 12.5]  # factors of 5; 0.1 is the rate of the earlier, uncontrolled run
saturated_slope = 0.1  # a unit is saturated when f'(a) < 0.1 f'(0)
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
x_probe, y_probe = sample(rng, (n_probe,))


# %%
# Model: forward pass and backpropagation for networks stacked along leading axes (arm, rate, seed)
def forward(params, x):
    """Activations [x, h1, ...] and pre-activations [a1, ...] (..., examples, width), log-probabilities."""
    hs, pre = [x], []
    for W, b in params[:-1]:
        pre.append(hs[-1] @ W + b)
        hs.append(C * np.tanh(K * pre[-1]) + O)
    logits = hs[-1] @ params[-1][0] + params[-1][1]
    logits = logits - logits.max(axis=-1, keepdims=True)
    return hs, pre, logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))


def loss_and_grads(params, x, y):
    """Mean cross-entropy (arm, rate, seed) and its gradient for each (W, b)."""
    hs, _, log_p = forward(params, x)
    onehot = np.eye(n_classes, dtype=np.float32)[y]
    delta, grads = (np.exp(log_p) - onehot) / x.shape[-2], []  # dL/dlogits
    for i in range(len(params) - 1, -1, -1):
        grads.append((np.swapaxes(hs[i], -1, -2) @ delta, delta.sum(axis=-2, keepdims=True)))
        if i > 0:  # f'(a) from the output h: c k (1 - ((h - o) / c)^2)
            delta = (delta @ np.swapaxes(params[i][0], -1, -2)) * C * K * (1 - ((hs[i] - O) / C) ** 2)
    return -(onehot * log_p).sum(-1).mean(-1), grads[::-1]


def rewrite(params):
    """The sigmoid weights that compute a tanh MLP exactly, s = (1 + h)/2 (two-coordinate-systems page)."""
    (W1, b1), *hidden, (Wo, bo) = params
    return [(2 * W1, 2 * b1)] + [(4 * W, 2 * b - 2 * W.sum(-2, keepdims=True)) for W, b in hidden] + [(2 * Wo, bo - Wo.sum(-2, keepdims=True))]


# %%
# Compute: SGD on every (arm, rate, seed) at once, recording layer statistics every probe_every updates
sizes, init_rng, data_rng = [n_in] + [width] * n_layers + [n_classes], np.random.default_rng(1), np.random.default_rng(2)
standard = [(init_rng.uniform(-1, 1, (n_seeds, m, n)) / np.sqrt(m), np.zeros((n_seeds, 1, n))) for m, n in zip(sizes[:-1], sizes[1:])]
starts = [standard, standard, rewrite(standard), standard]  # one per arm, in the order of `arms`
params = [tuple(np.stack([s[i][j] for s in starts])[:, None].repeat(len(learning_rates), 1).astype(np.float32) for j in (0, 1))
          for i in range(len(sizes) - 1)]
rewrite_max_logit_diff = float(np.ptp(forward(params, x_probe.astype(np.float32))[2][[0, 2]], axis=0).max())  # vs tanh, at init
steps, lr = np.arange(0, n_updates + 1, probe_every), np.array(learning_rates, np.float32)[:, None, None, None]
layer_means, saturated = np.empty((2, len(steps), len(arms), len(learning_rates), n_seeds, n_layers))
probe_loss = np.empty((len(steps), len(arms), len(learning_rates), n_seeds))
for t in range(n_updates + 1):
    if t % probe_every == 0:  # saturated: slope at the measured a, c k (1 - tanh(k a)^2), below saturated_slope * f'(0) = c k
        hs, pre, log_p = forward(params, x_probe.astype(np.float32))
        layer_means[t // probe_every] = np.stack([h.mean((-2, -1)) for h in hs[1:]], -1)
        saturated[t // probe_every] = np.stack([np.mean(1 - np.tanh(K * a) ** 2 < saturated_slope, (-2, -1)) for a in pre], -1)
        probe_loss[t // probe_every] = -log_p[..., np.arange(len(y_probe)), y_probe].mean(-1)
    if t < n_updates:
        x, y = sample(data_rng, (n_seeds, batch))  # each seed its own batches, shared by arms and rates
        for (W, b), (gW, gb) in zip(params, loss_and_grads(params, x.astype(np.float32), y)[1]):
            W -= lr * gW; b -= lr * gb  # in place: no new weight arrays at every step

# %%
# Compute: the end of training, for each arm at its best rate (lowest mean probe loss) and at every rate
best = np.argmin(probe_loss[-1].mean(-1), 1)  # (arm,)
end_means, end_saturated = layer_means[-1].mean(-2).round(3), saturated[-1].mean(-2).round(3)  # (arm, rate, layer), mean of seeds
tanh_top_mean_by_rate, sigmoid_top_mean_by_rate, rewrite_top_mean_by_rate, centred_top_mean_by_rate = end_means[..., -1]
tanh_layer_means, sigmoid_layer_means, rewrite_layer_means, centred_layer_means = (end_means[a, i] for a, i in enumerate(best))
usual_rate, sigmoid_layer_means_same_rate = learning_rates[1], end_means[1, 1]  # at 0.1, the rate of the earlier run
rewrite_top_mean = float(rewrite_layer_means[-1])
tanh_saturated, sigmoid_saturated, rewrite_saturated, centred_saturated = (end_saturated[a, i] for a, i in enumerate(best))
tanh_best_rate, sigmoid_best_rate, rewrite_best_rate, centred_best_rate = (learning_rates[i] for i in best)
# |a| of every unit of tanh's top layer at its best rate, as percentiles 0, 2, ..., 100 (a test recomputes the saturation)
tanh_top_abs_preact_percentiles = np.percentile(np.abs(pre[-1][0, best[0]]), np.arange(0, 101, 2))
tanh_top_saturated = float(tanh_saturated[-1])
print(f"top-layer mean at the end, rate by rate: sigmoid {sigmoid_top_mean_by_rate.round(3)}, rewrite {rewrite_top_mean_by_rate.round(3)}")

# %%
# Plot: the top layer's mean for every rate, per arm; saturation at the end; probe loss at the best rates
fig, axes = plt.subplots(3, 2, figsize=(7, 8.4), layout="constrained")  # the layer panel has its own x axis
axes = axes.T  # indexed [arm row, panel] below; drawn as two columns
for ax, (a, name) in zip(axes.flat[[0, 1, 3, 4]], enumerate(arms)):
    for i, rate in enumerate(learning_rates):
        ax.plot(steps, layer_means[:, a, i, :, -1].mean(-1), label=f"rate {rate:g}", linewidth=2.5 if i == best[a] else 1)
    ax.set(title=f"{name}: top-layer mean", ylim=(-0.6, 1) if arms[name][2] == 0 else (0, 1))
    axes[0, 2].semilogy(steps, probe_loss[:, a, best[a]].mean(-1), label=f"{name}, rate {learning_rates[best[a]]:g}")
    axes[1, 2].plot(np.arange(1, n_layers + 1), end_saturated[a, best[a]], marker="os^v"[a], label=name)
axes[0, 0].legend()
axes[0, 2].set(title="Probe cross-entropy, best rate")
axes[1, 2].set(title="Saturated fraction at the end, best rate", xlabel="layer", xticks=range(1, n_layers + 1))
fig.legend(*axes[0, 2].get_legend_handles_labels(), loc="outside lower center", ncol=2)  # the lines fill the panel
plt.setp([*axes[1, :2], axes[0, 2]], xlabel="SGD update")
plt.show()
