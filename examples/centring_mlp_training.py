# %% [markdown]
"""A small MLP trained with tanh, sigmoid, centred-sigmoid and rewritten-sigmoid hidden units

A 2-16-1 network fits a smooth function of two inputs by full-batch gradient descent.
Four arms: tanh; the sigmoid and sigmoid - 1/2 started from tanh's initial weights; and
the sigmoid network started at the exact rewrite of the tanh network, which computes the
same function. Each arm gets 5 seeds and a grid of learning rates, judged at its best rate.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_examples, n_hidden, n_steps = 64, 16, 1500
rate_min, n_rates = 0.1 * 2**0.5, 8  # learning rates: rate_min * sqrt(2)^k, k = 0, ..., n_rates - 1
learning_rates = rate_min * 2 ** (np.arange(n_rates) / 2)
n_seeds, target_fraction = 5, 0.1  # seeds 0 to 4; trained: loss below 10 % of that of predicting the mean
rng = np.random.default_rng(2)

# %%
# Data: inputs uniform on [-2, 2]^2, target sin(1.5 x1) cos(1.5 x2); the four arms
X = rng.uniform(-2, 2, (n_examples, 2))
y = (np.sin(1.5 * X[:, 0]) * np.cos(1.5 * X[:, 1]))[:, None]
target_loss = target_fraction * 0.5 * float(y.var())
sigmoid = (lambda a: 0.5 + 0.5 * np.tanh(a / 2), lambda h: h * (1 - h))  # f, and f' in terms of h = f(a)
activations = {"sigmoid": sigmoid, "sigmoid - 1/2": (lambda a: 0.5 * np.tanh(a / 2), lambda h: (0.5 + h) * (0.5 - h)),
               "tanh": (np.tanh, lambda h: 1 - h**2), "sigmoid, rewritten tanh": sigmoid}


def initial_weights(seed, rewritten=False):
    """[W1 (2, n_hidden), b1 (1, n_hidden), W2 (n_hidden, 1), b2 (1, 1)], W1 ~ N(0, 1/2), W2 ~ N(0, 1/n_hidden); rewritten:
    the sigmoid net equal to tanh(X W1 + b1) W2 + b2, as s = (1 + h)/2 = sigmoid(X 2W1 + 2b1), y = s 2W2 + b2 - 1ᵀW2."""
    r = np.random.default_rng(seed)
    W1, W2 = r.standard_normal((2, n_hidden)) / np.sqrt(2), r.standard_normal((n_hidden, 1)) / np.sqrt(n_hidden)
    b1, b2 = np.zeros((1, n_hidden)), np.zeros((1, 1))
    return [2 * W1, 2 * b1, 2 * W2, b2 - W2.sum(0, keepdims=True)] if rewritten else [W1, b1, W2, b2]


# %%
# Compute: the loss 0.5 mean((y_hat - y)^2), its gradient by backpropagation, the hidden
# activations and the output, for a batch of networks stacked along leading axes
def loss_and_gradients(params, f, df):
    W1, b1, W2, b2 = params
    h = f(X @ W1 + b1)  # hidden activations, (..., n_examples, n_hidden)
    err = h @ W2 + b2 - y  # (..., n_examples, 1)
    g_out = err / n_examples  # dLoss/dy_hat
    g_pre = df(h) * g_out * np.swapaxes(W2, -1, -2)  # dLoss/d(pre-activation)
    grads = [X.T @ g_pre, g_pre.sum(-2, keepdims=True), np.swapaxes(h, -1, -2) @ g_out, g_out.sum(-2, keepdims=True)]
    return 0.5 * np.mean(err**2, axis=(-2, -1)), grads, h, err + y


def gradient_check(f, df, eps=1e-6):
    """|backprop - central differences| / |central differences| of the derivatives along 8 random directions."""
    params = initial_weights(99)
    dirs = [rng.standard_normal((8, *p.shape)) for p in params]  # directions stacked along a leading axis
    backprop = sum((g * d).sum((-2, -1)) for g, d in zip(loss_and_gradients(params, f, df)[1], dirs))
    numeric = (loss_and_gradients([p + eps * d for p, d in zip(params, dirs)], f, df)[0]
               - loss_and_gradients([p - eps * d for p, d in zip(params, dirs)], f, df)[0]) / (2 * eps)
    return float(np.linalg.norm(backprop - numeric) / np.linalg.norm(numeric))


grad_check_max_rel_error = max(gradient_check(f, df) for f, df in activations.values())

# the rewrite at the start: the same outputs; rewritten = A(tanh's weights), A linear, so the
# gradient in the new coordinates is A^-T times tanh's: [g_W1 / 2, g_b1 / 2, (g_W2 + g_b2) / 2, g_b2]
_, g_tanh, _, out_tanh = loss_and_gradients(initial_weights(0), *activations["tanh"])
_, g_rw, _, out_rw = loss_and_gradients(initial_weights(0, True), *activations["sigmoid, rewritten tanh"])
rewrite_output_max_diff = float(np.abs(out_rw - out_tanh).max())
predicted = [g_tanh[0] / 2, g_tanh[1] / 2, (g_tanh[2] + g_tanh[3]) / 2, g_tanh[3]]
rewrite_gradient_max_diff = max(float(np.abs(g - p).max()) for g, p in zip(g_rw, predicted))

# %%
# Compute: train every (learning rate, seed) pair at once, for each arm; the features at the start
shape, losses, features = (len(learning_rates), n_seeds), {}, {}
for name, (f, df) in activations.items():
    start = (initial_weights(s, name == "sigmoid, rewritten tanh") for s in range(n_seeds))
    params = [np.broadcast_to(np.stack(w), (*shape, *w[0].shape)).copy() for w in zip(*start)]
    step = learning_rates[:, None, None, None] * np.ones((*shape, 1, 1))  # one rate per network
    history = np.empty((n_steps, *shape))
    for t in range(n_steps):
        history[t], grads, h, _ = loss_and_gradients(params, f, df)
        features.setdefault(name, np.concatenate([h[0], np.ones((n_seeds, n_examples, 1))], -1))  # [h, 1] at the start
        step[history[t] > 1e3] = 0.0  # a diverging run is stopped before it overflows
        for p, g in zip(params, grads):
            p -= step * g
    losses[name] = history
mean_sigmoid, mean_centred, mean_tanh, mean_rewrite = (float(z[..., :-1].mean()) for z in features.values())
var_sigmoid, var_centred, var_tanh, var_rewrite = (float(z[..., :-1].var(1).mean()) for z in features.values())  # over examples
lambda_out_sigmoid, lambda_out_centred, lambda_out_tanh, lambda_out_rewrite = (float(np.linalg.eigvalsh(
    np.swapaxes(z, 1, 2) @ z / n_examples)[:, -1].mean()) for z in features.values())  # of E[z zᵀ], z = [h, 1]
reached = {n: np.where((s := np.flip(np.logical_and.accumulate(np.flip(h < target_loss, 0), 0), 0)).any(0), s.argmax(0),
                       n_steps) for n, h in losses.items()}  # (rate, seed): first step from which the loss stays below
median_steps = {name: np.median(r, axis=1) for name, r in reached.items()}  # per learning rate
best = {n: int(np.argmin(np.where((r < n_steps).all(1), median_steps[n], np.inf))) for n, r in reached.items()}
best_rate_sigmoid, best_rate_centred, best_rate_tanh, best_rate_rewrite = (float(learning_rates[best[n]]) for n in best)
steps_sigmoid, steps_centred, steps_tanh, steps_rewrite = (float(median_steps[n][best[n]]) for n in best)
seeds_sigmoid, seeds_centred, seeds_tanh, seeds_rewrite = (reached[n][best[n]] for n in best)  # steps of each seed
slowest_tanh, fastest_sigmoid, fastest_rewrite = int(seeds_tanh.max()), int(seeds_sigmoid.min()), int(seeds_rewrite.min())
centred_steps_at_sigmoid_rate = float(median_steps["sigmoid - 1/2"][best["sigmoid"]])  # centring alone
largest_rate_sigmoid, largest_rate_centred, largest_rate_tanh, largest_rate_rewrite = (
    float(learning_rates[(r < n_steps).all(1)].max(initial=0.0)) for r in reached.values())
gap_before, gap_rewrite, gap_centred = steps_sigmoid / steps_tanh, steps_rewrite / steps_tanh, steps_centred / steps_tanh
print(f"rewrite: outputs {rewrite_output_max_diff:.0e} apart; steps:", steps_sigmoid, steps_centred, steps_tanh, steps_rewrite)

# %%
# Plot: loss at each arm's best rate (top), steps against the rate (bottom); seeds: range
fig, (ax_l, ax_r) = plt.subplots(2, 1, figsize=(7, 6.8), layout="constrained")
for k, (name, style, marker, colour) in enumerate(zip(activations, ("--", ":", "-", "-."), "os^D", ("C1", "C3", "C0", "C2"))):
    runs, r, m = losses[name][:, best[name]], reached[name], median_steps[name]
    ax_l.semilogy(np.median(runs, axis=1), style, color=colour, label=f"{name}, best rate {learning_rates[best[name]]:.2f}")
    ax_l.fill_between(np.arange(n_steps), runs.min(1), runs.max(1), color=colour, alpha=0.15)
    ax_r.errorbar(np.arange(n_rates) + 0.08 * (k - 1.5), m, [m - r.min(1), r.max(1) - m], fmt=style, marker=marker,
                  color=colour, capsize=2, elinewidth=1)  # shifted sideways a little, to stay apart
ax_l.axhline(target_loss, color="0.3", linewidth=1, linestyle=":", label="target loss")
ax_l.set(title=f"Training loss: median and range of {n_seeds} seeds", xlabel="step", ylabel="loss")
ax_r.set(title=f"Steps to the target ({n_steps}: not reached)", xlabel="learning rate", ylabel="steps: median, seed range",
         xticks=range(n_rates), xticklabels=[f"{r:.2f}" for r in learning_rates], ylim=(0, 1.1 * n_steps))  # a geometric grid
fig.legend(loc="outside lower center", ncol=2)
plt.show()
