# %% [markdown]
r"""The LSTM's additive cell path keeps gradients alive

How much does \(c_0\) still affect \(c_t\)? For an LSTM the Jacobian \(\partial c_t / \partial c_0\) contains the
direct path \(f_t f_{t-1} \cdots f_1\) through the cell (the "constant error carousel"), plus
paths through the gates. With the forget gate near 1 it decays slowly. A vanilla tanh
RNN's \(\partial h_t / \partial h_0\) multiplies by \(\tanh' < 1\) at every step and decays much faster, even
with an orthogonal (norm-preserving) recurrent matrix.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_hidden, n_input, n_steps = 16, 4, 100
forget_biases = [1.0, 3.0]  # b_f: sigmoid(1) = 0.73, sigmoid(3) = 0.95 before the input's effect
check_steps = 10  # horizon of the finite-difference check
rng = np.random.default_rng(4)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# %%
# Data: LSTM weights for the gates i, f, g, o; an orthogonal RNN matrix; one input sequence
W_x = {k: rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input) for k in "ifgo"}
W_h = {k: rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden) for k in "ifgo"}
W_rnn, _ = np.linalg.qr(rng.standard_normal((n_hidden, n_hidden)))  # ||W_rnn||_2 = 1
U_rnn = rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input)
x = rng.standard_normal((n_steps, n_input))
c0 = 0.5 * rng.standard_normal(n_hidden)
h0_rnn = 0.5 * rng.standard_normal(n_hidden)


def lstm_jacobian(forget_bias, c_start, steps):
    """Run the LSTM from (h_0 = 0, c_start); return c_T, ||dc_t/dc_0||_2 for each t, the final dc/dc_0,
    the carousel-only products f_t ... f_1 and the candidates g_t (one row per t, shape (steps, n_hidden)).
    Forward mode: carry dc/dc_0 and dh/dc_0."""
    h, c = np.zeros(n_hidden), c_start
    dc, dh, carousel, norms, candidates = np.eye(n_hidden), np.zeros((n_hidden, n_hidden)), [np.ones(n_hidden)], [], []
    for t in range(steps):
        a = {k: W_x[k] @ x[t] + W_h[k] @ h + (forget_bias if k == "f" else 0.0) for k in "ifgo"}
        i, f, g, o = sigmoid(a["i"]), sigmoid(a["f"]), np.tanh(a["g"]), sigmoid(a["o"])
        di, df_, do = ((s * (1 - s))[:, None] * (W_h[k] @ dh) for s, k in [(i, "i"), (f, "f"), (o, "o")])
        dg = (1 - g**2)[:, None] * (W_h["g"] @ dh)
        dc = f[:, None] * dc + c[:, None] * df_ + g[:, None] * di + i[:, None] * dg  # c_t = f c + i g
        c = f * c + i * g
        dh = np.tanh(c)[:, None] * do + (o * (1 - np.tanh(c) ** 2))[:, None] * dc  # h_t = o tanh(c_t)
        h = o * np.tanh(c)
        carousel.append(carousel[-1] * f)
        norms.append(np.linalg.norm(dc, 2))
        candidates.append(g)
    return c, np.array(norms), dc, np.array(carousel[1:]), np.array(candidates)


def rnn_jacobian(h, steps):
    """Run the vanilla tanh RNN from h; return h_T, ||dh_t/dh_0||_2 for each t, and the final dh/dh_0."""
    J, norms = np.eye(n_hidden), []
    for t in range(steps):
        h = np.tanh(W_rnn @ h + U_rnn @ x[t])
        J = (1 - h**2)[:, None] * (W_rnn @ J)  # D_t W (dh_{t-1}/dh_0)
        norms.append(np.linalg.norm(J, 2))
    return h, np.array(norms), J


def central_differences(run, z0, eps=1e-6):
    """The Jacobian of run(z) (a vector function) at z0, column by column."""
    columns = [(run(z0 + eps * e) - run(z0 - eps * e)) / (2 * eps) for e in np.eye(len(z0))]
    return np.array(columns).T


# %%
# Compute: the LSTM Jacobians, the carousel-only products, and the vanilla RNN's dh_t/dh_0
lstm_norms, carousel_norms = {}, {}
for bias in forget_biases:
    _, lstm_norms[bias], _, carousel, g = lstm_jacobian(bias, c0, n_steps)
    carousel_norms[bias] = carousel.max(axis=1)  # the norm of the diagonal matrix diag(f_t ... f_1)
candidate_range = [float(g.min()), float(g.max())]  # the candidate takes both signs
# At t = 1 the carousel is the whole Jacobian (h_0 = 0); after that, its largest share of the full norm
carousel_over_lstm_max = float(max((carousel_norms[b] / lstm_norms[b])[1:].max() for b in forget_biases))
_, rnn_norms, _ = rnn_jacobian(h0_rnn, n_steps)
lstm_final_norms = [float(lstm_norms[b][-1]) for b in forget_biases]
lstm_final_norm_weak, lstm_final_norm_strong = lstm_final_norms  # b_f = 1, b_f = 3
carousel_final_weak, carousel_final_strong = (float(carousel_norms[b][-1]) for b in forget_biases)
rnn_final_norm = float(rnn_norms[-1])

# %%
# Compute: check both Jacobians against central differences; the carousel alone is not the whole story
_, _, J_lstm, carousel, _ = lstm_jacobian(forget_biases[1], c0, check_steps)
J_fd = central_differences(lambda c: lstm_jacobian(forget_biases[1], c, check_steps)[0], c0)
jacobian_fd_rel_error = float(np.abs(J_lstm - J_fd).max() / np.abs(J_fd).max())
carousel_only_rel_error = float(np.abs(np.diag(carousel[-1]) - J_fd).max() / np.abs(J_fd).max())
J_rnn_fd = central_differences(lambda h: rnn_jacobian(h, check_steps)[0], h0_rnn)
rnn_jacobian_fd_rel_error = float(np.abs(rnn_jacobian(h0_rnn, check_steps)[2] - J_rnn_fd).max() / np.abs(J_rnn_fd).max())
print("||dc_T/dc_0||:", [f"{v:.2e}" for v in lstm_final_norms], f" RNN ||dh_T/dh_0||: {rnn_final_norm:.2e}")
print(f"finite differences: {jacobian_fd_rel_error:.1e}; carousel only: {carousel_only_rel_error:.1e}")

# %%
# Plot: the norms over time on a log scale
steps = np.arange(1, n_steps + 1)
fig, ax = plt.subplots(figsize=(7, 3.8))
for bias, marker in zip(forget_biases, ["o", "s"]):
    (line,) = ax.semilogy(steps, lstm_norms[bias], marker=marker, markevery=10, label=f"LSTM ||∂c_t/∂c_0||, b_f = {bias:g}")
    ax.semilogy(steps, carousel_norms[bias], color=line.get_color(), linewidth=1, linestyle=":",
                label=f"carousel only, max f_t...f_1, b_f = {bias:g}")
ax.semilogy(steps, rnn_norms, marker="^", markevery=10, label="vanilla tanh RNN ||∂h_t/∂h_0||, ||W|| = 1")
ax.set(title="How much of the starting state survives", xlabel="time step t")
ax.legend()
plt.show()
