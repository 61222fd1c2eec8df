# %% [markdown]
"""Remembering a sign for k steps: tanh against sigmoid hidden units

A small RNN reads a sign (+1 or -1), then k steps of noise, and must output the sign
at the end. It is trained by backpropagation through time (written out below, and
checked against finite differences) with the same initialisation, optimiser and
learning rate for tanh and for sigmoid hidden units, over several seeds.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

delays = [2, 5, 10, 20, 40]  # k: steps between the sign and the answer
seeds = [0, 1, 2]
n_hidden, batch, n_updates, learning_rate = 8, 32, 200, 0.03
noise = 0.5  # std of the distractor inputs
success_accuracy = 0.95  # a run succeeds if its test accuracy reaches this
acts = {"tanh": (np.tanh, lambda h: 1 - h**2), "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda h: h * (1 - h))}


# %%
# Data, model and backpropagation through time
def make_batch(rng, k, n):
    """Inputs (n, k + 1): the sign first, then k noise values; targets (n,) in {0, 1}."""
    sign = rng.choice([-1.0, 1.0], size=n)
    return np.column_stack([sign, noise * rng.standard_normal((n, k))]), (sign > 0).astype(float)


def loss_and_grads(p, x, y, act, bptt=True):
    """Mean log-loss of sigmoid(v . h_T + c) and its gradients. bptt=False stops after one step (wrong)."""
    f, df = acts[act]
    hs, drive = [np.zeros((len(x), n_hidden))], x[:, :, None] * p["u"] + p["b"]  # u x_t + b, all t
    for t in range(x.shape[1]):  # h_t = f(W h_{t-1} + u x_t + b)
        hs.append(f(hs[-1] @ p["W"].T + drive[:, t]))
    z = hs[-1] @ p["v"] + p["c"]
    loss = np.mean(np.logaddexp(0, z) - y * z)  # log-loss from the logit, stable
    dz = (1 / (1 + np.exp(-z)) - y) / len(x)
    g = {"v": hs[-1].T @ dz, "c": dz.sum(), "W": 0.0, "u": 0.0, "b": 0.0}
    dh = np.outer(dz, p["v"])
    for t in range(x.shape[1], 0 if bptt else x.shape[1] - 1, -1):
        da = dh * df(hs[t])
        g["W"] = g["W"] + da.T @ hs[t - 1]
        g["u"] = g["u"] + da.T @ x[:, t - 1]
        g["b"] = g["b"] + da.sum(axis=0)
        dh = da @ p["W"]
    return loss, g, z


def train(act, k, seed):
    """Train with Adam from the standard initialisation; return the test loss and accuracy."""
    rng = np.random.default_rng(seed)
    p = {"W": rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden), "u": rng.standard_normal(n_hidden),
         "b": np.zeros(n_hidden), "v": rng.standard_normal(n_hidden) / np.sqrt(n_hidden), "c": 0.0}
    m = {name: 0.0 for name in p}
    s = {name: 0.0 for name in p}
    for step in range(1, n_updates + 1):
        _, g, _ = loss_and_grads(p, *make_batch(rng, k, batch), act)
        for name in p:  # Adam (Kingma & Ba 2015), default betas
            m[name] = 0.9 * m[name] + 0.1 * g[name]
            s[name] = 0.999 * s[name] + 0.001 * g[name] ** 2
            p[name] = p[name] - learning_rate * (m[name] / (1 - 0.9**step)) / (np.sqrt(s[name] / (1 - 0.999**step)) + 1e-8)
    x_test, y_test = make_batch(np.random.default_rng(1000 + seed), k, 1000)
    loss, _, z = loss_and_grads(p, x_test, y_test, act)
    return loss, np.mean((z > 0) == (y_test > 0))


# %%
# Compute: check BPTT against central differences on a small problem, for both activations
check_rng = np.random.default_rng(7)
x_c, y_c = make_batch(check_rng, 6, 5)
p_c = {"W": check_rng.standard_normal((n_hidden, n_hidden)), "u": check_rng.standard_normal(n_hidden),
       "b": check_rng.standard_normal(n_hidden), "v": check_rng.standard_normal(n_hidden), "c": 0.3}
grad_check_max_rel_error, wrong_grad_rel_error = 0.0, 0.0
for act in acts:
    _, g, _ = loss_and_grads(p_c, x_c, y_c, act)
    _, g_wrong, _ = loss_and_grads(p_c, x_c, y_c, act, bptt=False)
    for name in p_c:  # every parameter: W, u, b, v and c
        fd = np.zeros_like(p_c[name])
        for i in np.ndindex(fd.shape):
            for sign in (1, -1):
                q = {key: np.copy(val) for key, val in p_c.items()}
                q[name][i] += sign * 1e-6
                fd[i] += sign * loss_and_grads(q, x_c, y_c, act)[0] / 2e-6
        scale = np.abs(fd).max()
        grad_check_max_rel_error = max(grad_check_max_rel_error, float(np.abs(g[name] - fd).max() / scale))
        wrong_grad_rel_error = max(wrong_grad_rel_error, float(np.abs(g_wrong[name] - fd).max() / scale))

# %%
# Compute: train every (activation, delay, seed)
results = {act: np.array([[train(act, k, seed) for seed in seeds] for k in delays]) for act in acts}
seeds_solved = {act: [int(np.sum(row[:, 1] >= success_accuracy)) for row in r] for act, r in results.items()}
seeds_solved_tanh, seeds_solved_sigmoid = seeds_solved["tanh"], seeds_solved["sigmoid"]
success_rate_tanh = [n / len(seeds) for n in seeds_solved_tanh]
success_rate_sigmoid = [n / len(seeds) for n in seeds_solved_sigmoid]
median_loss_tanh, median_loss_sigmoid = ([float(np.median(row[:, 0])) for row in results[a]] for a in acts)
longest_delay_tanh = max(k for k, n in zip(delays, seeds_solved_tanh) if n == len(seeds))  # solved by every seed
longest_delay_sigmoid = max(k for k, n in zip(delays, seeds_solved_sigmoid) if n == len(seeds))
print("seeds solved, tanh:", seeds_solved_tanh, " sigmoid:", seeds_solved_sigmoid)
print(f"BPTT gradient check: {grad_check_max_rel_error:.1e} (one-step truncation: {wrong_grad_rel_error:.1e})")

# %%
# Plot: success rate (left) and test loss of every run (right) against the delay
fig, (ax_s, ax_l) = plt.subplots(1, 2, figsize=(9, 3.6))
for (act, r), marker in zip(results.items(), ["o", "s"]):
    ax_s.plot(delays, np.array(seeds_solved[act]) / len(seeds), marker=marker, label=act)
    line = ax_l.semilogy(delays, np.median(r[:, :, 0], axis=1), marker=marker, label=f"{act}, median")
    for j in range(len(seeds)):
        ax_l.scatter(delays, r[:, j, 0], color=line[0].get_color(), marker=marker, s=12, alpha=0.5)
ax_l.axhline(np.log(2), color="0.4", linewidth=1, linestyle=":", label="chance, log 2")
ax_s.set(title=f"Runs reaching {success_accuracy:.0%} test accuracy", ylabel="fraction of seeds", ylim=(-0.05, 1.05))
ax_l.set(title="Test log-loss after training")
for ax in (ax_s, ax_l):
    ax.set(xlabel="delay k", xscale="log", xticks=delays, xticklabels=delays)
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.legend(fontsize=8)
plt.show()
