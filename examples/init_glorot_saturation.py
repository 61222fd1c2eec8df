# %% [markdown]
"""Layer activations during training: sigmoid against tanh (after Glorot & Bengio 2010)

A 4-hidden-layer MLP with the "standard" initialisation U[-1/sqrt(n), 1/sqrt(n)] and
zero biases learns a synthetic 10-class task by plain SGD, once with sigmoid and once
with tanh hidden units (same seed, same data, same learning rate). We follow the mean
activation and the fraction of saturated units in each layer on a fixed probe set.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_in, width, n_layers, n_classes = 32, 128, 4, 10
n_updates, batch, learning_rate = 1500, 16, 0.1
probe_every = 50  # record layer statistics on 300 probe examples every this many updates
saturated_slope = 0.1  # a unit is saturated when f'(a) < 0.1 f'(0)
acts = {"sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda h: h * (1 - h), 0.25),  # f, f' from output, f'(0)
        "tanh": (np.tanh, lambda h: 1 - h**2, 1.0)}

# %%
# Data: a random tanh "teacher" network labels Gaussian inputs
rng = np.random.default_rng(0)
teacher = [rng.standard_normal((n_in, 64)) / np.sqrt(n_in), rng.standard_normal((64, n_classes))]


def sample(r, n):
    x = r.standard_normal((n, n_in))
    return x, np.argmax(np.tanh(x @ teacher[0]) @ teacher[1], axis=1)

(x_probe, y_probe), (x_test, y_test) = sample(rng, 300), sample(rng, 2000)


# %%
# Model: forward pass and backpropagation, written out
def forward(params, x, f):
    hs = [x]
    for W, b in params[:-1]:
        hs.append(f(hs[-1] @ W + b))
    logits = hs[-1] @ params[-1][0] + params[-1][1]
    logits = logits - logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return hs, log_p


def loss_and_grads(params, x, y, act, use_slope=True):
    """Mean cross-entropy and its gradient for each (W, b); use_slope=False drops f' (a wrong gradient)."""
    f, df, _ = acts[act]
    hs, log_p = forward(params, x, f)
    delta = (np.exp(log_p) - np.eye(n_classes)[y]) / len(x)  # dL/dlogits
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append((hs[i].T @ delta, delta.sum(axis=0)))
        if i > 0:
            delta = (delta @ params[i][0].T) * (df(hs[i]) if use_slope else 1.0)
    return -np.mean(log_p[np.arange(len(y)), y]), grads[::-1]


# %%
# Compute: train both networks, recording each layer's mean activation and saturated fraction
history = {}
sizes = [n_in] + [width] * n_layers + [n_classes]
for act, (f, df, slope_0) in acts.items():
    init_rng, data_rng = np.random.default_rng(1), np.random.default_rng(2)  # same start, same batches
    params = [(init_rng.uniform(-1, 1, (m, n)) / np.sqrt(m), np.zeros(n)) for m, n in zip(sizes[:-1], sizes[1:])]
    means, saturated, probe_loss = [], [], []
    for step in range(n_updates + 1):
        if step % probe_every == 0:
            hs, log_p = forward(params, x_probe, f)
            means.append([h.mean() for h in hs[1:]])
            saturated.append([np.mean(df(h) < saturated_slope * slope_0) for h in hs[1:]])
            probe_loss.append(-np.mean(log_p[np.arange(300), y_probe]))
        if step < n_updates:
            x, y = sample(data_rng, batch)
            _, grads = loss_and_grads(params, x, y, act)
            params = [(W - learning_rate * gW, b - learning_rate * gb) for (W, b), (gW, gb) in zip(params, grads)]
    _, log_p = forward(params, x_test, f)
    history[act] = (np.array(means), np.array(saturated), np.array(probe_loss),
                    float(np.mean(log_p.argmax(axis=1) == y_test)), float(-np.mean(log_p[np.arange(2000), y_test])))
sigmoid_layer_means, tanh_layer_means = history["sigmoid"][0][-1], history["tanh"][0][-1]
sigmoid_saturated, tanh_saturated = history["sigmoid"][1][-1], history["tanh"][1][-1]
(sigmoid_test_accuracy, sigmoid_test_loss), (tanh_test_accuracy, tanh_test_loss) = history["sigmoid"][3:], history["tanh"][3:]
sigmoid_top_mean, tanh_top_saturated = float(sigmoid_layer_means[-1]), float(tanh_saturated[-1])

# %%
# Compute: check backpropagation against central differences on a small copy of the network
r = np.random.default_rng(2)
small = [(r.standard_normal((m, n)), r.standard_normal(n)) for m, n in [(n_in, 5), (5, 4), (4, n_classes)]]
x_c, y_c = r.standard_normal((3, n_in)), np.array([1, 4, 7])
grad_check_max_rel_error, wrong_grad_rel_error = 0.0, 0.0
for act, layer, k in ((a, i, j) for a in acts for i in range(3) for j in range(2)):  # every W and b
    fd = np.zeros_like(small[layer][k])
    for idx, sign in ((i, s) for i in np.ndindex(fd.shape) for s in (1, -1)):
        p = [[np.copy(a) for a in wb] for wb in small]
        p[layer][k][idx] += sign * 1e-6
        fd[idx] += sign * loss_and_grads(p, x_c, y_c, act)[0] / 2e-6
    exact = loss_and_grads(small, x_c, y_c, act)[1][layer][k]
    wrong = loss_and_grads(small, x_c, y_c, act, use_slope=False)[1][layer][k]
    grad_check_max_rel_error = max(grad_check_max_rel_error, float(np.abs(exact - fd).max() / np.abs(fd).max()))
    wrong_grad_rel_error = max(wrong_grad_rel_error, float(np.abs(wrong - fd).max() / np.abs(fd).max()))
print(f"top-layer mean: sigmoid {sigmoid_layer_means[-1]:.3f}, tanh {tanh_layer_means[-1]:.3f}; "
      f"test accuracy: sigmoid {sigmoid_test_accuracy:.3f}, tanh {tanh_test_accuracy:.3f}")

# %%
# Plot: layer means for each activation, saturated fractions, and the probe loss
steps = np.arange(0, n_updates + 1, probe_every)
fig, axes = plt.subplots(2, 2, figsize=(9, 6.4), sharex=True)
for ax, act in zip(axes[0], acts):
    for layer in range(n_layers):
        ax.plot(steps, history[act][0][:, layer], label=f"layer {layer + 1}")
    ax.set(title=f"{act}: mean activation per layer", ylim=(-0.5, 1.0) if act == "tanh" else (0, 1))
    axes[1, 0].plot(steps, history[act][1][:, -1], label=f"{act}, top layer")
    axes[1, 1].semilogy(steps, history[act][2], label=act)
axes[1, 0].plot(steps, history["tanh"][1][:, 0], label="tanh, layer 1")
axes[1, 0].set(title="Fraction of saturated units (f' < f'(0)/10)", xlabel="SGD update")
axes[1, 1].set(title="Cross-entropy on the probe set", xlabel="SGD update")
for ax in axes.flat:
    ax.legend(fontsize=8, ncol=2)
plt.show()
