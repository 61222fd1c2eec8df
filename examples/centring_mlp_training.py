# %% [markdown]
"""A small MLP trained with tanh, sigmoid and centred-sigmoid hidden units

A 2-16-1 network fits a smooth function of two inputs by full-batch gradient
descent. The three runs differ only in the hidden activation: sigmoid, sigmoid - 1/2
(same slope, centred outputs) and tanh. Every activation gets the same initial
weights, 5 seeds and a grid of learning rates, and is judged at its best rate.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_examples, n_hidden, n_steps = 64, 16, 1500
learning_rates = 0.1 * 2 ** np.arange(0, 4.25, 0.5)  # 0.1 to 1.6, factors of sqrt(2)
n_seeds = 5  # seeds 0, 1, ..., n_seeds - 1
target_fraction = 0.1  # trained = loss below 10 % of the loss of always predicting the mean
rng = np.random.default_rng(2)

# %%
# Data: inputs uniform on [-2, 2]^2, target sin(1.5 x1) cos(1.5 x2)
X = rng.uniform(-2, 2, (n_examples, 2))
y = (np.sin(1.5 * X[:, 0]) * np.cos(1.5 * X[:, 1]))[:, None]
ones = np.ones((1, n_examples))
target_loss = target_fraction * 0.5 * float(y.var())
activations = {  # f, and f' written in terms of the output h = f(a); sigmoid(a) = (1 + tanh(a/2)) / 2
    "sigmoid": (lambda a: 0.5 + 0.5 * np.tanh(a / 2), lambda h: h * (1 - h)),  # (no overflow in exp)
    "sigmoid - 1/2": (lambda a: 0.5 * np.tanh(a / 2), lambda h: (0.5 + h) * (0.5 - h)),
    "tanh": (np.tanh, lambda h: 1 - h**2),
}


def initial_weights(seed):
    """[W1, b1, W2, b2]: W1 ~ N(0, 1/2), W2 ~ N(0, 1/n_hidden), zero biases."""
    r = np.random.default_rng(seed)
    return [r.standard_normal((2, n_hidden)) / np.sqrt(2), np.zeros((1, n_hidden)),
            r.standard_normal((n_hidden, 1)) / np.sqrt(n_hidden), np.zeros((1, 1))]


# %%
# Compute: the loss 0.5 mean((y_hat - y)^2) and its gradient by backpropagation;
# works for a whole batch of networks stacked along leading axes
def loss_and_gradients(params, f, df):
    W1, b1, W2, b2 = params
    h = f(X @ W1 + b1)  # hidden activations, (..., n_examples, n_hidden)
    err = h @ W2 + b2 - y
    g_out = err / n_examples  # dLoss/dy_hat
    g_pre = df(h) * g_out * np.swapaxes(W2, -1, -2)  # dLoss/d(pre-activation)
    grads = [X.T @ g_pre, ones @ g_pre, np.swapaxes(h, -1, -2) @ g_out, ones @ g_out]  # ones @ g: sum over examples
    return 0.5 * np.mean(err**2, axis=(-2, -1)), grads


def gradient_check(f, df, eps=1e-6):
    """Relative error |backprop - central differences| / |central differences|, all weights."""
    params = initial_weights(99)
    backprop = np.concatenate([g.ravel() for g in loss_and_gradients(params, f, df)[1]])
    numeric = []
    for p in params:
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = loss_and_gradients(params, f, df)[0]
            p[i] = old - eps
            numeric.append((up - loss_and_gradients(params, f, df)[0]) / (2 * eps))
            p[i] = old
    return float(np.linalg.norm(backprop - numeric) / np.linalg.norm(numeric))


grad_check_max_rel_error = max(gradient_check(f, df) for f, df in activations.values())
grad_check_wrong_derivative_error = gradient_check(np.tanh, lambda h: 1 - h)  # a deliberate bug

# %%
# Compute: train every (learning rate, seed) pair at once, for each activation
shape = (len(learning_rates), n_seeds)
losses = {}
for name, (f, df) in activations.items():
    params = [np.broadcast_to(np.stack(w), (*shape, *w[0].shape)).copy() for w in zip(*map(initial_weights, range(n_seeds)))]
    step = learning_rates[:, None, None, None] * np.ones((*shape, 1, 1))  # one rate per network
    history = np.empty((n_steps, *shape))
    for t in range(n_steps):
        history[t], grads = loss_and_gradients(params, f, df)
        step[history[t] > 1e3] = 0.0  # a diverging run is stopped before it overflows
        for p, g in zip(params, grads):
            p -= step * g
    losses[name] = history


def steps_to_target(history):
    """First step from which the loss stays below the target to the end (n_steps if never)."""
    stays_below = np.flip(np.logical_and.accumulate(np.flip(history < target_loss, 0), 0), 0)
    return np.where(stays_below.any(0), stays_below.argmax(0), n_steps)


reached = {name: steps_to_target(h) for name, h in losses.items()}  # (rate, seed)
median_steps = {name: np.median(r, axis=1) for name, r in reached.items()}  # per learning rate
best = {n: int(np.argmin(np.where((r < n_steps).all(1), median_steps[n], np.inf))) for n, r in reached.items()}
best_rate_sigmoid, best_rate_centred, best_rate_tanh = (float(learning_rates[best[n]]) for n in activations)
steps_sigmoid, steps_centred, steps_tanh = (float(median_steps[n][best[n]]) for n in activations)
centred_steps_at_sigmoid_rate = float(median_steps["sigmoid - 1/2"][best["sigmoid"]])  # centring alone
largest_rate_reached = {n: float(learning_rates[(r < n_steps).all(1)].max()) for n, r in reached.items()}
largest_rate_sigmoid, largest_rate_centred, largest_rate_tanh = largest_rate_reached.values()
rate_ceiling_ratio = largest_rate_centred / largest_rate_sigmoid  # how much larger a step centring allows
print(f"median steps at the best rate: {steps_sigmoid} (sigmoid), {steps_centred} (centred), {steps_tanh} (tanh)")

# %%
# Plot: loss curves at each activation's best rate (left), median steps against the rate (right)
fig, (ax_l, ax_r) = plt.subplots(1, 2, figsize=(10, 3.8))
for name, style, marker in zip(activations, ("-", "--", "-."), "os^"):
    runs = losses[name][:, best[name]]
    line, = ax_l.semilogy(np.median(runs, axis=1), style, label=f"{name}, rate {learning_rates[best[name]]:.2f}")
    ax_l.fill_between(np.arange(n_steps), runs.min(1), runs.max(1), color=line.get_color(), alpha=0.2)
    ax_r.semilogx(learning_rates, median_steps[name], style, marker=marker, label=name)
ax_l.axhline(target_loss, color="0.3", linewidth=1, linestyle=":", label="target loss")
ax_l.set(title=f"Training loss: median and range of {n_seeds} seeds", xlabel="step", ylabel="loss")
ax_l.legend(loc="upper right", fontsize=8)
ax_r.axhline(n_steps, color="0.3", linewidth=1, linestyle=":", label="not reached (budget)")
ax_r.set(title="Median steps to the target loss", xlabel="learning rate", ylabel="steps", ylim=(0, 1.35 * n_steps))
ax_r.legend(loc="upper left", ncol=2, fontsize=8)
plt.show()
