# %% [markdown]
r"""A tanh recurrent network keeps its hidden state bounded; a linear one does not

The same recurrence \(h_t = f(W h_{t-1} + U x_t)\) is run with \(f = \tanh\) and with
\(f\) the identity (a linear RNN), driven by the same random inputs, for three scales of
the recurrent weight matrix \(W\). tanh keeps every unit inside \((-1, 1)\) whatever the
scale; the linear network's state grows like \(\rho(W)^t\), the spectral radius, once it
exceeds 1 (for the scaled orthogonal W, \(\rho(W) = \|W\|_2\); a non-normal \(W\) tells them apart).
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_hidden = 64  # hidden units
n_input = 8  # input size
n_steps = 60  # time steps
weight_scales = [0.5, 1.5, 3.0]  # ||W||_2 for each run: W = scale * (random orthogonal)
nonnormal_radius, nonnormal_coupling = 1.5, 4.0  # a non-normal W: spectral radius, size of its off-diagonal part
rng = np.random.default_rng(0)

# %%
# Data: one recurrent matrix shape for all runs, random inputs, a zero start
q, _ = np.linalg.qr(rng.standard_normal((n_hidden, n_hidden)))  # orthogonal: all singular values 1
U = rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input)
x = rng.standard_normal((n_steps, n_input))
# W = q T q^T, T upper triangular: eigenvalues on T's diagonal (largest nonnormal_radius), a large norm from above it
T = np.diag(nonnormal_radius * np.concatenate([[1.0], rng.uniform(-0.5, 0.5, n_hidden - 1)]))
W_nonnormal = q @ (T + nonnormal_coupling * np.triu(rng.standard_normal((n_hidden, n_hidden)), 1) / np.sqrt(n_hidden)) @ q.T


def run(W, f, inputs=x):
    """Hidden states h_1..h_T (shape (n_steps, n_hidden)) of h_t = f(W h_{t-1} + U x_t), h_0 = 0."""
    h, states = np.zeros(n_hidden), []
    for t in range(n_steps):
        h = f(W @ h + U @ inputs[t])
        states.append(h)
    return np.array(states)


def log_growth(states):
    """Growth of log ||h_t|| per step over the second half of the run."""
    half = n_steps // 2
    return float((np.log(np.linalg.norm(states[-1])) - np.log(np.linalg.norm(states[half - 1]))) / (n_steps - half))


# %%
# Compute: both recurrences for every scale
tanh_states, linear_states = [], []
for scale in weight_scales:
    W = scale * q
    tanh_states.append(run(W, np.tanh))
    linear_states.append(run(W, lambda a: a))

spectral_norms = [float(np.linalg.norm(scale * q, 2)) for scale in weight_scales]
tanh_max_abs = float(max(np.abs(s).max() for s in tanh_states))  # over all scales, steps and units
tanh_lowest, tanh_highest = float(min(s.min() for s in tanh_states)), float(max(s.max() for s in tanh_states))
# largest |pre-activation| W h_{t-1} + U x_t: float64 tanh returns exactly +-1 past about 19.06
previous = [np.vstack([np.zeros(n_hidden), s[:-1]]) for s in tanh_states]  # h_0 .. h_{T-1}
max_abs_preactivation = float(max(np.abs(p @ (k * q).T + x @ U.T).max() for k, p in zip(weight_scales, previous)))
big_scale_W = weight_scales[-1] * q
# odd symmetry: negated inputs give exactly the negated state (a sigmoid network could not)
tanh_odd_max_error = float(np.abs(run(big_scale_W, np.tanh, -x) + tanh_states[-1]).max())
tanh_final_norms = [float(np.linalg.norm(s[-1])) for s in tanh_states]
linear_final_norms = [float(np.linalg.norm(s[-1])) for s in linear_states]
linear_small_final, linear_mid_final, linear_big_final = linear_final_norms
small_scale, mid_scale, big_scale = weight_scales
log_mid_scale, log_big_scale = float(np.log(mid_scale)), float(np.log(big_scale))  # the linear growth rates
# Growth rate of the linear state over the second half of the run, per step, on a log scale
linear_log_growth = [log_growth(s) for s in linear_states]
spectral_radii = [float(np.abs(np.linalg.eigvals(scale * q)).max()) for scale in weight_scales]
# The non-normal W: its linear state grows like its spectral radius, not its norm
linear_nonnormal_states = run(W_nonnormal, lambda a: a)
nonnormal_measured_radius = float(np.abs(np.linalg.eigvals(W_nonnormal)).max())
nonnormal_norm = float(np.linalg.norm(W_nonnormal, 2))
nonnormal_log_growth = log_growth(linear_nonnormal_states)
log_nonnormal_radius, log_nonnormal_norm = float(np.log(nonnormal_measured_radius)), float(np.log(nonnormal_norm))
print(f"max |h| of the tanh RNN over all runs: {tanh_max_abs}")
print("linear RNN, final ||h||:", [f"{v:.2e}" for v in linear_final_norms])
print(f"non-normal W: rho = {nonnormal_measured_radius:.3f}, ||W|| = {nonnormal_norm:.2f}; growth {nonnormal_log_growth:.4f}"
      f" per step against log rho = {log_nonnormal_radius:.4f}, log ||W|| = {log_nonnormal_norm:.4f}")

# %%
# Plot: how close the tanh units come to +-1 (top left), the tanh state norm (top right), all state norms (bottom)
fig, axes = plt.subplot_mosaic([["units", "tanh"], ["norm", "norm"]], figsize=(7, 6.6), layout="constrained")
ax_u, ax_t, ax_n = axes["units"], axes["tanh"], axes["norm"]
steps = np.arange(1, n_steps + 1)
for scale, s in zip(weight_scales, tanh_states):
    ax_u.plot(steps, np.abs(s).max(axis=1), label=rf"$\|W\|_2$ = {scale}")
    ax_t.plot(steps, np.linalg.norm(s, axis=1))
ax_u.axhline(1.0, color="0.3", linewidth=1, linestyle=":")
ax_u.set(title=r"tanh: largest $|h_{t,i}|$ of 64 units", xlabel="time step t", ylim=(0.8, 1.02))
ax_u.legend(loc="lower right")
ax_t.axhline(np.sqrt(n_hidden), color="0.3", linewidth=1, linestyle=":")
ax_t.annotate(r"$\sqrt{n}$ = 8: no tanh state is longer", (2, np.sqrt(n_hidden) + 0.3))
ax_t.set(title=r"tanh: state norm $\|h_t\|_2$", xlabel="time step t", ylim=(0, 10))

for scale, s in zip(weight_scales, linear_states):
    ax_n.semilogy(steps, np.linalg.norm(s, axis=1), label=rf"linear, $\|W\|_2$ = {scale}")
ax_n.semilogy(steps, np.linalg.norm(linear_nonnormal_states, axis=1), linestyle="--", color="0.1",
              label=rf"linear, non-normal: $\rho$ = {nonnormal_radius}, $\|W\|_2$ = {nonnormal_norm:.1f}")
ax_n.axhspan(1e-1, np.sqrt(n_hidden), color="0.5", alpha=0.2, label=r"where every tanh state lies ($\leq\sqrt{n}$)")
ax_n.set(title=r"Linear RNN: state norm $\|h_t\|_2$", xlabel="time step t")
ax_n.legend(loc="upper left")
plt.show()
