# %% [markdown]
"""Remembering a sign for k steps: tanh, the sigmoid, and two controls

A small RNN reads a sign (+1 or -1), then k steps of noise, and must output the sign
at the end; it is trained with Adam by backpropagation through time (written out below
and checked against finite differences). Four arms: tanh; the sigmoid at the same
initial weights; the sigmoid started at the exact rewrite of the tanh network; and the
centred sigmoid, sigma - 1/2, at the same weights. Every arm trains every seed at every
learning rate of a small grid, all at once, and is judged at its own best rate.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

delays = [2, 5, 10, 20, 40]  # k: steps between the sign and the answer
seeds = [0, 1, 2, 3, 4]
learning_rates = [0.003, 0.01, 0.03, 0.1, 0.3]  # Adam step sizes; each arm is judged at its best
n_hidden, batch, n_updates, n_test = 8, 32, 200, 1000
noise = 0.5  # std of the distractor inputs
success_accuracy = 0.95  # a run succeeds if its test accuracy reaches this
sig = lambda a: 0.5 + 0.5 * np.tanh(a / 2)  # the logistic sigmoid, written so that it cannot overflow
acts = {"tanh": (np.tanh, lambda h: 1 - h**2), "sigmoid": (sig, lambda h: h * (1 - h)),  # f, and f' from h = f(a)
        "centred": (lambda a: sig(a) - 0.5, lambda h: (0.5 + h) * (0.5 - h))}
arms = {"tanh": "tanh", "sigmoid": "sigmoid", "rewrite": "sigmoid", "centred": "centred"}  # arm: its activation
rng = np.random.default_rng(0)


# %%
# Data, model and backpropagation through time, for networks stacked along axis 0
def make_batch(r, k, shape):
    """Inputs (*shape, k + 1): the sign first, then k noise values; targets (*shape) in {0, 1}."""
    sign = r.choice([-1.0, 1.0], size=shape)
    return np.concatenate([sign[..., None], noise * r.standard_normal((*shape, k))], -1), (sign > 0).astype(float)


def initial_weights(arm, seeds):
    """One network per seed: W (n, H, H), u, b, v, h0 (n, H), c (n,). The rewrite arm is the tanh
    network in sigmoid coordinates s = (1 + h)/2 (two-coordinate-systems.md#the-rewrite)."""
    r = [np.random.default_rng(seed) for seed in seeds]
    W = np.array([q.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden) for q in r])
    u, v = (np.array([q.standard_normal(n_hidden) / scale for q in r]) for scale in (1, np.sqrt(n_hidden)))
    p = {"W": W, "u": u, "b": np.zeros_like(u), "v": v, "c": np.zeros(len(seeds)), "h0": np.zeros_like(u)}
    if arm == "rewrite":  # sigma(4W s + 2u x + 2b - 2W 1), read-out 2v.s + c - v.1, from s0 = 1/2
        p = {"W": 4 * W, "u": 2 * u, "b": 2 * p["b"] - 2 * W.sum(-1), "v": 2 * v, "c": p["c"] - v.sum(-1), "h0": p["h0"] + 0.5}
    return p


def loss_and_grads(p, x, y, act, bptt=True):
    """Per network: mean log-loss of sigmoid(v.h_T + c), gradients (BPTT), logits (n, B), states.
    x (n, B, T), y (n, B). bptt=False stops after one step (wrong)."""
    f, df = acts[act]
    hs, drive = [np.broadcast_to(p["h0"][:, None], (*y.shape, n_hidden))], x[..., None] * p["u"][:, None, None] + p["b"][:, None, None]
    for t in range(x.shape[2]):  # h_t = f(W h_{t-1} + u x_t + b)
        hs.append(f(hs[-1] @ p["W"].swapaxes(1, 2) + drive[:, :, t]))
    z = np.einsum("nbh,nh->nb", hs[-1], p["v"]) + p["c"][:, None]
    dz = (sig(z) - y) / y.shape[1]  # d loss / d z for the log-loss
    g = {"W": 0.0, "u": 0.0, "b": 0.0, "v": np.einsum("nbh,nb->nh", hs[-1], dz), "c": dz.sum(1)}
    dh = dz[..., None] * p["v"][:, None]
    for t in range(x.shape[2], 0 if bptt else x.shape[2] - 1, -1):
        da = dh * df(hs[t])
        g["W"], g["b"] = g["W"] + da.swapaxes(1, 2) @ hs[t - 1], g["b"] + da.sum(1)
        g["u"] = g["u"] + np.einsum("nbh,nb->nh", da, x[:, :, t - 1])
        dh = da @ p["W"]
    return np.mean(np.logaddexp(0, z) - y * z, axis=1), g, z, np.array(hs[1:])


def train(arm, k, x_train, y_train, x_test, y_test):
    """Adam (Kingma & Ba 2015) on every (rate, seed) network at once; test loss and accuracy, (rate, seed)."""
    p, n = initial_weights(arm, seeds * len(learning_rates)), len(learning_rates)
    rate = np.repeat(learning_rates, len(seeds))
    m, s = {name: 0.0 for name in "Wubvc"}, {name: 0.0 for name in "Wubvc"}
    for step in range(1, n_updates + 1):
        _, g, _, _ = loss_and_grads(p, np.tile(x_train[step - 1], (n, 1, 1)), np.tile(y_train[step - 1], (n, 1)), arms[arm])
        for name in g:  # default betas; one learning rate per network
            m[name] = 0.9 * m[name] + 0.1 * g[name]
            s[name] = 0.999 * s[name] + 0.001 * g[name] ** 2
            adam = (m[name] / (1 - 0.9**step)) / (np.sqrt(s[name] / (1 - 0.999**step)) + 1e-8)
            p[name] = p[name] - rate.reshape((-1,) + (1,) * (adam.ndim - 1)) * adam
    loss, _, z, _ = loss_and_grads(p, np.tile(x_test, (n, 1, 1)), np.tile(y_test, (n, 1)), arms[arm])
    return np.stack([loss, np.mean((z > 0) == np.tile(y_test > 0, (n, 1)), axis=1)]).reshape(2, n, len(seeds))


# %%
# Compute: check BPTT against central differences on a small problem, for every arm
x_c, y_c = make_batch(rng, 6, (1, 5))
p_c = {name: rng.standard_normal((1, *shape)) for name, shape in zip("Wubvc", [(n_hidden, n_hidden), *[(n_hidden,)] * 3, ()])}
grad_check_max_rel_error, wrong_grad_rel_error = 0.0, 0.0
for arm, act in arms.items():
    p_c["h0"] = initial_weights(arm, [0])["h0"]  # 0, or 1/2 for the rewrite
    g, g_wrong = (loss_and_grads(p_c, x_c, y_c, act, bptt)[1] for bptt in (True, False))
    for name in g:  # every parameter: W, u, b, v and c; one network per entry and sign, all at once
        step = 1e-6 * np.eye(p_c[name].size).reshape(-1, *p_c[name].shape[1:])
        q = {key: np.repeat(val, 2 * len(step), 0) + (np.concatenate([step, -step]) if key == name else 0) for key, val in p_c.items()}
        loss = loss_and_grads(q, *(np.repeat(a, 2 * len(step), 0) for a in (x_c, y_c)), act)[0]
        fd = (loss[: len(step)] - loss[len(step) :]).reshape(p_c[name].shape) / 2e-6
        grad_check_max_rel_error = max(grad_check_max_rel_error, float(np.abs(g[name] - fd).max() / np.abs(fd).max()))
        wrong_grad_rel_error = max(wrong_grad_rel_error, float(np.abs(g_wrong[name] - fd).max() / np.abs(fd).max()))

# %%
# Compute: train every arm, delay, learning rate and seed; the same data for every arm
data = {k: (*make_batch(rng, k, (n_updates, len(seeds), batch)), *make_batch(rng, k, (len(seeds), n_test))) for k in delays}
start = {arm: loss_and_grads(initial_weights(arm, seeds), *data[delays[-1]][2:], act) for arm, act in arms.items()}
rewrite_max_logit_difference = float(np.abs(start["rewrite"][2] - start["tanh"][2]).max())  # the same network?
mean_state_at_start = [float(np.mean(start[arm][3])) for arm in arms]  # tanh, sigmoid, rewrite, centred
results = {arm: np.array([train(arm, k, *data[k]) for k in delays]) for arm in arms}  # (delay, loss/acc, rate, seed)
solved = {arm: r[:, 1] >= success_accuracy for arm, r in results.items()}  # (delay, rate, seed)
solved_by_rate = {arm: [int(n) for n in s.sum((0, 2))] for arm, s in solved.items()}  # summed over delays and seeds
score = {arm: np.median(r[:, 0], axis=2).mean(0) for arm, r in results.items()}  # mean over delays of the median loss
best = {arm: max(range(len(learning_rates)), key=lambda i: (solved_by_rate[arm][i], -score[arm][i])) for arm in arms}
best_rate_tanh, best_rate_sigmoid, best_rate_rewrite, best_rate_centred = (learning_rates[best[a]] for a in arms)
seeds_solved = {arm: [int(n) for n in solved[arm][:, best[arm]].sum(1)] for arm in arms}  # per delay, at the best rate
seeds_solved_tanh, seeds_solved_sigmoid, seeds_solved_rewrite, seeds_solved_centred = seeds_solved.values()
median_loss = {arm: [float(x) for x in np.median(r[:, 0, best[arm]], axis=1)] for arm, r in results.items()}
median_loss_tanh, median_loss_sigmoid, median_loss_rewrite, median_loss_centred = median_loss.values()
solved_by_rate_tanh, solved_by_rate_sigmoid, solved_by_rate_rewrite, solved_by_rate_centred = solved_by_rate.values()
print("runs solved at each rate:", solved_by_rate, "\nseeds solved per delay at the best rate:", seeds_solved)
print(f"BPTT check {grad_check_max_rel_error:.1e} (truncated {wrong_grad_rel_error:.1e}); rewrite at start {rewrite_max_logit_difference:.1e}")

# %%
# Plot: success at each arm's best rate (left), test loss of every seed (middle), runs solved per rate (right)
fig, (ax_s, ax_l, ax_r) = plt.subplots(1, 3, figsize=(11, 3.6))
for i, (arm, marker) in enumerate(zip(arms, "osD^")):
    shifted = np.array(delays) * 1.06 ** (i - 1.5)  # a small offset, so that equal points stay visible
    ax_s.plot(shifted, np.array(seeds_solved[arm]) / len(seeds), marker=marker, label=f"{arm}, rate {learning_rates[best[arm]]}")
    line, = ax_l.semilogy(shifted, median_loss[arm], marker=marker)
    for j in range(len(seeds)):
        ax_l.scatter(shifted, results[arm][:, 0, best[arm], j], color=line.get_color(), marker=marker, s=10, alpha=0.4)
    ax_r.semilogx(learning_rates, solved_by_rate[arm], marker=marker)
ax_l.axhline(np.log(2), color="0.4", linewidth=1, linestyle=":", label="chance, log 2")
ax_s.set(title=f"Seeds reaching {success_accuracy:.0%} accuracy", ylabel="fraction of seeds", ylim=(-0.05, 1.05))
ax_l.set(title="Test log-loss, every seed")
ax_r.set(title="Runs solved, all delays", xlabel="learning rate", ylabel=f"of {len(delays) * len(seeds)} runs")
for ax in (ax_s, ax_l):
    ax.set(xlabel="delay k", xscale="log", xticks=delays, xticklabels=delays)
    ax.xaxis.set_minor_locator(plt.NullLocator())
fig.legend(loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=5, fontsize=9)
plt.show()
