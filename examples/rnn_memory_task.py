# %% [markdown]
r"""Remembering a sign for k steps: tanh, the sigmoid, and two controls

An RNN reads a sign, then \(k\) steps of noise, and must output the sign; Adam trains it by BPTT.
Arms: tanh; the sigmoid at the same initial weights; the sigmoid at the exact rewrite of the
tanh network; the centred sigmoid \(\sigma - 1/2\). Each trains 5 seeds at 5 rates, judged at its best.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np
delays, seeds = [2, 5, 10, 20, 40], [0, 1, 2, 3, 4]  # k: steps between the sign and the answer
learning_rates, shared_rate = [0.003, 0.01, 0.03, 0.1, 0.3], 0.03  # Adam step sizes; the uncontrolled comparison's
n_hidden, batch, n_updates, n_test = 8, 32, 200, 1000
noise, success_accuracy = 0.5, 0.95  # std of the distractors; a run succeeds at this test accuracy
sig = lambda a: 0.5 + 0.5 * np.tanh(a / 2)  # the logistic sigmoid, written so that it cannot overflow
acts = {"tanh": (np.tanh, lambda h: 1 - h**2), "sigmoid": (sig, lambda h: h * (1 - h)),  # f, and f' from h = f(a)
        "centred": (lambda a: sig(a) - 0.5, lambda h: (0.5 + h) * (0.5 - h))}
arms = {"tanh": "tanh", "sigmoid": "sigmoid", "rewrite": "sigmoid", "centred": "centred"}  # arm: its activation
rng = np.random.default_rng(0)

# %%
# Data, model and backpropagation through time, for networks stacked along leading axes "..."
def make_batch(r, k, shape):
    """Inputs (*shape, k + 1): the sign first, then k noise values; targets (*shape) in {0, 1}."""
    sign = r.choice([-1.0, 1.0], size=shape)
    return np.concatenate([sign[..., None], noise * r.standard_normal((*shape, k))], -1), (sign > 0).astype(float)

def initial_weights(arm, seeds):
    """One network per seed: W (n, H, H), u, b, v, h0 (n, H), c (n,); for the rewrite arm, in sigmoid coordinates."""
    r = [np.random.default_rng(seed) for seed in seeds]
    W = np.array([q.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden) for q in r])
    u, v = (np.array([q.standard_normal(n_hidden) / scale for q in r]) for scale in (1, np.sqrt(n_hidden)))
    p = {"W": W, "u": u, "b": np.zeros_like(u), "v": v, "c": np.zeros(len(seeds)), "h0": np.zeros_like(u)}
    if arm == "rewrite":  # s = (1 + h)/2: sigma(4W s + 2u x + 2b - 2W 1), read-out 2v.s + c - v.1, from s0 = 1/2
        p = {"W": 4 * W, "u": 2 * u, "b": 2 * p["b"] - 2 * W.sum(-1), "h0": p["h0"] + 0.5,
             "v": 2 * v, "c": p["c"] - v.sum(-1)}
    return p

def loss_and_grads(p, x, y, act, bptt=True):
    """Per network: mean log-loss of sigmoid(v.h_T + c), its gradients by BPTT, the logits (..., B)
    and the states. x (..., B, T), y (..., B). bptt=False stops after one step (wrong)."""
    (f, df), hs = acts[act], [np.zeros_like(x[..., :1]) + p["h0"][..., None, :]]  # h_0 for every sequence, (..., B, H)
    for t in range(x.shape[-1]):  # h_t = f(W h_{t-1} + u x_t + b)
        hs.append(f(hs[-1] @ p["W"].swapaxes(-1, -2) + x[..., t, None] * p["u"][..., None, :] + p["b"][..., None, :]))
    z = np.einsum("...bh,...h->...b", hs[-1], p["v"]) + p["c"][..., None]
    dz = (sig(z) - y) / y.shape[-1]  # d loss / d z for the log-loss
    g = {"W": 0.0, "u": 0.0, "b": 0.0, "v": np.einsum("...bh,...b->...h", hs[-1], dz), "c": dz.sum(-1)}
    dh = dz[..., None] * p["v"][..., None, :]
    for t in range(x.shape[-1], 0 if bptt else x.shape[-1] - 1, -1):
        da = dh * df(hs[t])
        g["W"], g["b"] = g["W"] + da.swapaxes(-1, -2) @ hs[t - 1], g["b"] + da.sum(-2)
        g["u"] = g["u"] + np.einsum("...bh,...b->...h", da, x[..., t - 1])
        dh = da @ p["W"]
    return np.mean(np.logaddexp(0, z) - y * z, axis=-1), g, z, hs[1:]

def train(arm, x_train, y_train, x_test, y_test):
    """Adam (Kingma & Ba 2015) on every (rate, seed) network at once; test loss and accuracy (2, rate, seed)."""
    p = {name: np.stack([w] * len(learning_rates)).astype(np.float32) for name, w in initial_weights(arm, seeds).items()}  # float32 is precise enough to train
    m, s = {name: 0.0 for name in "Wubvc"}, {name: 0.0 for name in "Wubvc"}
    for step in range(1, n_updates + 1):
        g = loss_and_grads(p, x_train[step - 1], y_train[step - 1], arms[arm])[1]
        for name in g:
            m[name], s[name] = 0.9 * m[name] + 0.1 * g[name], 0.999 * s[name] + 0.001 * g[name] ** 2  # default betas
            adam = (m[name] / (1 - 0.9**step)) / (np.sqrt(s[name] / (1 - 0.999**step)) + 1e-8)
            p[name] = p[name] - np.reshape(np.float32(learning_rates), (-1,) + (1,) * (adam.ndim - 1)) * adam  # rate per network
    loss, _, z, _ = loss_and_grads(p, x_test, y_test, arms[arm], bptt=False)  # (gradients not needed)
    return np.stack([loss, np.mean((z > 0) == (y_test > 0), axis=-1)])

# %%
# Compute: check BPTT against central differences on a small problem, for every arm; then train every arm
x_c, y_c = make_batch(rng, 6, (5,))
p_c = {name: rng.standard_normal(shape) for name, shape in zip("Wubvc", [(n_hidden, n_hidden), *[n_hidden] * 3, ()])}
errors = []  # relative errors of (BPTT, one-step truncation), per arm and parameter
for arm, act in arms.items():
    p_c["h0"] = initial_weights(arm, [0])["h0"][0]  # 0, or 1/2 for the rewrite
    g, g_wrong = (loss_and_grads(p_c, x_c, y_c, act, bptt)[1] for bptt in (True, False))
    for name in g:  # every parameter: W, u, b, v and c; one network per entry and sign, all at once
        step = 1e-6 * np.eye(p_c[name].size).reshape(-1, *p_c[name].shape)
        q = {**p_c, name: p_c[name] + np.concatenate([step, -step])}  # the others broadcast
        fd = np.subtract(*loss_and_grads(q, x_c, y_c, act)[0].reshape(2, *p_c[name].shape)) / 2e-6
        errors.append([float(np.abs(grad[name] - fd).max() / np.abs(fd).max()) for grad in (g, g_wrong)])
grad_check_max_rel_error, wrong_grad_rel_error = (float(e) for e in np.max(errors, axis=0))
data = {k: (*make_batch(rng, k, (n_updates, len(seeds), batch)), *make_batch(rng, k, (len(seeds), n_test))) for k in delays}
start = {arm: loss_and_grads(initial_weights(arm, seeds), *data[delays[-1]][2:], act, False) for arm, act in arms.items()}
rewrite_max_logit_difference = float(np.abs(start["rewrite"][2] - start["tanh"][2]).max())  # the same network?
mean_state_at_start = [float(np.mean(start[arm][3])) for arm in arms]  # tanh, sigmoid, rewrite, centred
results = {arm: np.array([train(arm, *(d.astype(np.float32) for d in data[k])) for k in delays]) for arm in arms}  # (delay, loss/acc, rate, seed)
solved = {arm: r[:, 1] >= success_accuracy for arm, r in results.items()}  # (delay, rate, seed), the same data for all
solved_by_rate = {arm: [int(n) for n in s.sum((0, 2))] for arm, s in solved.items()}  # summed over delays and seeds
score = {arm: np.median(r[:, 0], axis=2).mean(0) for arm, r in results.items()}  # mean over delays of the median loss
best = {arm: max(range(len(learning_rates)), key=lambda i: (solved_by_rate[arm][i], -score[arm][i])) for arm in arms}
best_rate_tanh, best_rate_sigmoid, best_rate_rewrite, best_rate_centred = (learning_rates[best[a]] for a in arms)
solved_by_rate_tanh, solved_by_rate_sigmoid, solved_by_rate_rewrite, solved_by_rate_centred = solved_by_rate.values()
solved_at_best = [solved_by_rate[arm][best[arm]] for arm in arms]  # tanh, sigmoid, rewrite, centred
gap_before = np.subtract(*(solved_by_rate[arm][learning_rates.index(shared_rate)] for arm in ("tanh", "sigmoid"))).item()
gap_best_rates, gap_rewrite, gap_centred = (solved_at_best[0] - n for n in solved_at_best[1:])  # tanh minus each arm
seeds_solved = {arm: [int(n) for n in solved[arm][:, best[arm]].sum(1)] for arm in arms}  # per delay, at the best rate
seeds_solved_tanh, seeds_solved_sigmoid, seeds_solved_rewrite, seeds_solved_centred = seeds_solved.values()
median_loss = {arm: [float(x) for x in np.median(r[:, 0, best[arm]], axis=1)] for arm, r in results.items()}
median_loss_tanh, median_loss_sigmoid, median_loss_rewrite, median_loss_centred = median_loss.values()
print(f"solved per rate: {solved_by_rate}\nper delay, best rate: {seeds_solved}\nBPTT {grad_check_max_rel_error:.0e}")

# %%
# Plot: success at each arm's best rate (top left), test loss of every seed (top right), runs solved per rate (bottom)
fig, ax = plt.subplot_mosaic("sl;rr", figsize=(7, 6.8), layout="constrained")  # panels "s", "l" over "r"
for i, (arm, marker) in enumerate(zip(arms, "osD^")):
    shifted = np.arange(len(delays)) + 0.08 * (i - 1.5)  # delays evenly spaced, offset so that equal points stay visible
    ax["s"].plot(shifted, np.divide(seeds_solved[arm], len(seeds)), marker=marker, label=f"{arm}, rate {learning_rates[best[arm]]}")
    ax["l"].semilogy(shifted, median_loss[arm], marker=marker)
    ax["l"].scatter(np.repeat(shifted, len(seeds)), results[arm][:, 0, best[arm]], color=f"C{i}", marker=marker, s=10, alpha=0.4)
    ax["r"].semilogx(learning_rates, solved_by_rate[arm], marker=marker)
ax["l"].axhline(np.log(2), color="0.4", linewidth=1, linestyle=":", label="chance, log 2")
for panel, title in zip((ax["s"], ax["l"]), (f"Seeds reaching {success_accuracy:.0%} accuracy", "Test log-loss (line: median)")):
    panel.set(title=title, xlabel="delay k", xticks=range(len(delays)), xticklabels=delays)
ax["s"].set(ylabel="fraction of seeds", ylim=(-0.05, 1.05))
ax["r"].set(title=f"Runs solved, of {len(delays) * len(seeds)}", xlabel="learning rate", xticks=learning_rates, xticklabels=learning_rates)
fig.legend(loc="outside lower center", ncol=2)
plt.show()
