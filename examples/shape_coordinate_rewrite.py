# %% [markdown]
r"""A tanh network rewritten exactly as a sigmoid network

With \(s = (1 + h) / 2\) for every hidden unit, \(\sigma(z) = (1 + \tanh(z / 2)) / 2\) turns a
tanh recurrence \(h' = \tanh(W h + U x + b)\) into \(s' = \sigma(4W s + 2U x + 2b - 2W \mathbf{1})\), and a
tanh MLP into a sigmoid MLP (input weights \(\times 2\), hidden-to-hidden \(\times 4\), shifted biases,
read-out \(2V\) with bias \(c - V\mathbf{1}\)). Both run here side by side, with the "doubled weights"
rewrite for contrast, and a sigmoid MLP rewritten back as a tanh one.
"""

# %%
# Parameters: a 16-unit RNN over 50 steps and a 5-32-32-3 MLP, with non-trivial weights
import matplotlib.pyplot as plt
import numpy as np

n_hidden, n_input, n_steps = 16, 4, 50
n_in, n_mid, n_out, n_samples = 5, 32, 3, 200
rng = np.random.default_rng(15)

# %%
# Data: random weights, biases, inputs and start state (h_0 random, s_0 = (1 + h_0) / 2)
W = 2.0 * rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
U = 0.5 * rng.standard_normal((n_hidden, n_input))
b = rng.standard_normal(n_hidden)
xs = rng.standard_normal((n_steps, n_input))
h0 = np.tanh(rng.standard_normal(n_hidden))
W1, b1 = rng.standard_normal((n_mid, n_in)), rng.standard_normal(n_mid)
W2, b2 = 2.0 * rng.standard_normal((n_mid, n_mid)) / np.sqrt(n_mid), rng.standard_normal(n_mid)
V, c = rng.standard_normal((n_out, n_mid)), rng.standard_normal(n_out)
X = rng.standard_normal((n_in, n_samples))  # one sample per column
ones = np.ones(n_mid)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn(f, W, U, b, state):
    """States (n_steps, n_hidden) of state' = f(W state + U x_t + b) from the given start."""
    out = []
    for x in xs:
        state = f(W @ state + U @ x + b)
        out.append(state)
    return np.array(out)


def mlp(f, W1, b1, W2, b2, V, c):
    """Hidden layers (n_mid, n_samples) twice and outputs (n_out, n_samples) of a 2-hidden-layer MLP."""
    z1 = f(W1 @ X + b1[:, None])
    z2 = f(W2 @ z1 + b2[:, None])
    return z1, z2, V @ z2 + c[:, None]


# %%
# Compute: the RNN in both coordinate systems, and the "doubled weights" rewrite
h = rnn(np.tanh, W, U, b, h0)
s = rnn(sigmoid, 4 * W, 2 * U, 2 * b - 2 * W @ np.ones(n_hidden), (1 + h0) / 2)
s_doubled = rnn(sigmoid, 2 * W, 2 * U, 2 * b - W @ np.ones(n_hidden), (1 + h0) / 2)
rnn_error = np.abs(2 * s - 1 - h).max(axis=1)  # per step, over the units
rnn_doubled_error = np.abs(2 * s_doubled - 1 - h).max(axis=1)
rnn_max_error, rnn_doubled_max_error = float(rnn_error.max()), float(rnn_doubled_error.max())
# Pascanu's gamma ||W||_2 in both descriptions: gamma = 1 for tanh, 1/4 for the sigmoid
gamma_norm_tanh = 1.0 * float(np.linalg.norm(W, 2))
gamma_norm_sigmoid = 0.25 * float(np.linalg.norm(4 * W, 2))
# The Jacobian d(state_T)/d(state_0) in each system: products of diag(f'(a_t)) times the recurrent weights
jac_tanh, jac_sigmoid = np.eye(n_hidden), np.eye(n_hidden)
for h_t, s_t in zip(h, s):
    jac_tanh, jac_sigmoid = ((1 - h_t**2)[:, None] * W) @ jac_tanh, ((s_t * (1 - s_t))[:, None] * 4 * W) @ jac_sigmoid
jacobian_rel_error = float(np.linalg.norm(jac_sigmoid - jac_tanh) / np.linalg.norm(jac_tanh))

# %%
# Compute: the MLP in both coordinate systems, the doubled rewrite, and sigmoid -> tanh
h1, h2, y = mlp(np.tanh, W1, b1, W2, b2, V, c)
s1, s2, y_sig = mlp(sigmoid, 2 * W1, 2 * b1, 4 * W2, 2 * b2 - 2 * W2 @ ones, 2 * V, c - V @ ones)
mlp_hidden_max_error = float(max(np.abs(2 * s1 - 1 - h1).max(), np.abs(2 * s2 - 1 - h2).max()))
mlp_output_max_error = float(np.abs(y_sig - y).max())
_, d2, y_doubled = mlp(sigmoid, 2 * W1, 2 * b1, 2 * W2, 2 * b2 - W2 @ ones, 2 * V, c - V @ ones)
mlp_doubled_hidden_error = float(np.abs(2 * d2 - 1 - h2).max())
mlp_doubled_output_error = float(np.abs(y_doubled - y).max())
mlp_gamma_norm_tanh = float(np.linalg.norm(W2, 2))
mlp_gamma_norm_sigmoid = 0.25 * float(np.linalg.norm(4 * W2, 2))
# Reverse: a sigmoid MLP (A1, a1, A2, a2, B, d) as a tanh MLP, hidden weights /4, input /2
A1, a1, A2, a2 = 2 * rng.standard_normal((n_mid, n_in)), rng.standard_normal(n_mid), rng.standard_normal((n_mid, n_mid)), rng.standard_normal(n_mid)
B, d = rng.standard_normal((n_out, n_mid)), rng.standard_normal(n_out)
r1, r2, y_from_sig = mlp(sigmoid, A1, a1, A2, a2, B, d)
t1, t2, y_as_tanh = mlp(np.tanh, A1 / 2, a1 / 2, A2 / 4, a2 / 2 + A2 @ ones / 4, B / 2, d + B @ ones / 2)
reverse_hidden_max_error = float(max(np.abs(2 * r1 - 1 - t1).max(), np.abs(2 * r2 - 1 - t2).max()))
reverse_output_max_error = float(np.abs(y_as_tanh - y_from_sig).max())
print(f"RNN: max |2s - 1 - h| = {rnn_max_error:.1e}; doubled weights: {rnn_doubled_max_error:.3f}")
print(f"MLP: hidden {mlp_hidden_max_error:.1e}, output {mlp_output_max_error:.1e}; doubled output {mlp_doubled_output_error:.3f}")
print(f"sigmoid MLP -> tanh: output {reverse_output_max_error:.1e}; Jacobians over {n_steps} steps: {jacobian_rel_error:.1e} apart")
print(f"gamma ||W||: RNN {gamma_norm_tanh!r} vs {gamma_norm_sigmoid!r}; MLP {mlp_gamma_norm_tanh!r} vs {mlp_gamma_norm_sigmoid!r}")

# %%
# Plot: three units' trajectories in both descriptions (top), the error per step (bottom)
fig, (ax_h, ax_e) = plt.subplots(2, 1, figsize=(8, 6.4), sharex=True)
steps = np.arange(1, n_steps + 1)
for i, unit in enumerate([0, 1, 2]):
    ax_h.plot(steps, h[:, unit], color=f"C{i}", linewidth=2.5, alpha=0.45, label="tanh RNN, h (a colour per unit)" if i == 0 else None)
    ax_h.plot(steps, 2 * s[:, unit] - 1, color=f"C{i}", linestyle="--", label="sigmoid rewrite, 2s - 1" if i == 0 else None)
    ax_h.plot(steps, 2 * s_doubled[:, unit] - 1, color=f"C{i}", linestyle=":", label="doubled weights, 2s - 1" if i == 0 else None)
ax_h.set(title="Hidden state of three units, in tanh coordinates", ylabel="$h_t$", ylim=(-1.05, 1.6))
ax_h.legend(loc="upper left", ncol=3)
floor = 1e-18  # exact zeros would vanish from a log axis
ax_e.semilogy(steps, np.maximum(rnn_error, floor), label="exact rewrite: 4W, 2U, 2b - 2W1")
ax_e.semilogy(steps, np.maximum(rnn_doubled_error, floor), linestyle=":", label="doubled weights: 2W, 2U, 2b - W1")
ax_e.axhline(np.finfo(float).eps, color="0.4", linewidth=1, linestyle="-.", label="machine epsilon")
ax_e.set(title="Largest $|2s_t - 1 - h_t|$ over the units", xlabel="time step t", ylim=(1e-18, 10))
ax_e.legend(loc="center right")
plt.show()
