# %% [markdown]
r"""Why the LSTM candidate is a tanh: a signed update moves the memory both ways

An LSTM cell (PyTorch's equations) with its forget gate held open, \(f = 1\), so that
\(c_t = c_{t-1} + i_t g_t\). With the usual candidate \(g = \tanh(\cdot)\) each step can raise or
lower the cell. Swap in a sigmoid candidate, \(g \in (0, 1)\), and every update is positive:
the cell can only climb, and it can never hold a negative value.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_hidden, n_input, n_steps = 4, 3, 200
rng = np.random.default_rng(3)


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


# %%
# Data: one random LSTM (input, recurrent weights and biases per gate) and one input sequence
W_x = {gate: rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input) for gate in "iog"}
W_h = {gate: rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden) for gate in "iog"}
b = {gate: np.zeros(n_hidden) for gate in "iog"}
x = rng.standard_normal((n_steps, n_input))


def run(candidate):
    """Cell states c_1..c_T (shape (n_steps, n_hidden)) with f = 1 and the given candidate non-linearity."""
    h, c, cells = np.zeros(n_hidden), np.zeros(n_hidden), []
    for x_t in x:
        pre = {gate: W_x[gate] @ x_t + W_h[gate] @ h + b[gate] for gate in "iog"}
        i, o, g = sigmoid(pre["i"]), sigmoid(pre["o"]), candidate(pre["g"])
        c = 1.0 * c + i * g  # forget gate f = 1
        h = o * np.tanh(c)
        cells.append(c)
    return np.array(cells)


# %%
# Compute: the cell with a tanh candidate and with a sigmoid candidate
cells = {"tanh candidate": run(np.tanh), "sigmoid candidate": run(sigmoid)}
steps_down = {name: np.diff(c, axis=0, prepend=0.0) < 0 for name, c in cells.items()}
fraction_down_tanh = float(steps_down["tanh candidate"].mean())  # share of (step, unit) pairs where c fell
fraction_down_sigmoid = float(steps_down["sigmoid candidate"].mean())
min_cell_tanh, max_cell_tanh = float(cells["tanh candidate"].min()), float(cells["tanh candidate"].max())
min_cell_sigmoid = float(cells["sigmoid candidate"].min())
final_abs_cell_tanh = float(np.abs(cells["tanh candidate"][-1]).max())
final_cell_sigmoid_min = float(cells["sigmoid candidate"][-1].min())
print(f"steps where the cell fell: tanh {fraction_down_tanh:.2f}, sigmoid {fraction_down_sigmoid:.2f}")
print(f"final cells, tanh: {cells['tanh candidate'][-1].round(2)}, sigmoid: {cells['sigmoid candidate'][-1].round(2)}")

# %%
# Plot: the cell values over time for both candidates (two units each)
fig, (ax_t, ax_s) = plt.subplots(1, 2, figsize=(8.5, 3.6), sharey=True)
for ax, (name, c) in zip((ax_t, ax_s), cells.items()):
    for unit in range(2):
        ax.plot(np.arange(1, n_steps + 1), c[:, unit], label=f"unit {unit + 1}")
    ax.axhline(0, color="0.4", linewidth=0.8)
    ax.set(title=f"Cell c_t, {name}", xlabel="time step t")
    ax.legend()
ax_t.set_ylabel("c_t (forget gate f = 1)")
plt.show()
