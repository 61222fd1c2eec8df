# %% [markdown]
r"""Gradient descent is not the same in the two coordinate systems

A tanh MLP and its exact sigmoid rewrite compute the same function, but a gradient step
of the same learning rate taken in each lands on two different functions. The chain
rule says why: with \(W_2' = 4 W_2\) and \(b_2' = 2 b_2 - 2 W_2 \mathbf{1}\), the sigmoid network's gradient is
\(\partial L / \partial W_2' = (\partial L / \partial W_2 + \partial L / \partial b_2\, \mathbf{1}^\top) / 4\), so its step, mapped back, moves \(W_2\) by a sixteenth of
\(\partial L / \partial W_2 + \partial L / \partial b_2\, \mathbf{1}^\top\): not a fixed fraction of the tanh step, because of the bias term.
"""

# %%
# Parameters: a 4-16-16-2 MLP fitted to a random teacher by full-batch gradient descent
import matplotlib.pyplot as plt
import numpy as np

n_in, n_mid, n_out, n_samples = 4, 16, 2, 256
learning_rate = 0.05
n_train_steps = 400
rng = np.random.default_rng(16)

# %%
# Data: inputs, teacher targets, and the student's tanh weights theta = (W1, b1, W2, b2, V, c)
X = rng.standard_normal((n_in, n_samples))
T = np.sin(rng.standard_normal((n_out, n_in)) @ X)
theta = [rng.standard_normal((n_mid, n_in)) / 2, rng.standard_normal(n_mid) / 2,
         rng.standard_normal((n_mid, n_mid)) / 4, rng.standard_normal(n_mid) / 2,
         rng.standard_normal((n_out, n_mid)) / 4, np.zeros(n_out)]
one = np.ones(n_mid)
act = {"tanh": (np.tanh, lambda z: 1 - z**2), "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda z: z * (1 - z))}


def to_sigmoid(W1, b1, W2, b2, V, c):
    """tanh weights -> the sigmoid weights of the same function (s = (1 + h) / 2)."""
    return [2 * W1, 2 * b1, 4 * W2, 2 * b2 - 2 * W2 @ one, 2 * V, c - V @ one]


def to_tanh(W1, b1, W2, b2, V, c):
    """The inverse map: sigmoid weights -> tanh weights."""
    return [W1 / 2, b1 / 2, W2 / 4, b2 / 2 + W2 @ one / 4, V / 2, c + V @ one / 2]


def loss_and_grads(kind, W1, b1, W2, b2, V, c):
    """Mean squared error / 2 and its gradient by backpropagation, one array per weight."""
    f, df = act[kind]
    z1 = f(W1 @ X + b1[:, None])
    z2 = f(W2 @ z1 + b2[:, None])
    dy = (V @ z2 + c[:, None] - T) / n_samples
    d2 = (V.T @ dy) * df(z2)
    d1 = (W2.T @ d2) * df(z1)
    g = [d1 @ X.T, d1.sum(1), d2 @ z1.T, d2.sum(1), dy @ z2.T, dy.sum(1)]
    return 0.5 * n_samples * float(np.sum(dy**2)), g, V @ z2 + c[:, None]


# %%
# Compute: the chain rule checked, then one step of the same size in each system
phi = to_sigmoid(*theta)
_, g_t, y_t = loss_and_grads("tanh", *theta)
_, g_s, y_s = loss_and_grads("sigmoid", *phi)
gW1, gb1, gW2, gb2, gV, gc = g_t
chain_rule = [gW1 / 2, gb1 / 2, (gW2 + np.outer(gb2, one)) / 4, gb2 / 2, (gV + np.outer(gc, one)) / 2, gc]
chain_rule_max_error = float(max(np.abs(a - b).max() for a, b in zip(chain_rule, g_s)))
start_output_difference = float(np.abs(y_t - y_s).max())
direction = [rng.standard_normal(p.shape) for p in theta]  # a finite-difference check of the backprop
eps = 1e-6
loss_plus = loss_and_grads("tanh", *[p + eps * d for p, d in zip(theta, direction)])[0]
loss_minus = loss_and_grads("tanh", *[p - eps * d for p, d in zip(theta, direction)])[0]
backprop_fd_rel_error = abs((loss_plus - loss_minus) / (2 * eps) - sum(float(np.sum(g * d)) for g, d in zip(g_t, direction)))
backprop_fd_rel_error /= abs((loss_plus - loss_minus) / (2 * eps))
theta_step = [p - learning_rate * g for p, g in zip(theta, g_t)]
phi_step_back = to_tanh(*[p - learning_rate * g for p, g in zip(phi, g_s)])
y_after_t = loss_and_grads("tanh", *theta_step)[2]
y_after_s = loss_and_grads("tanh", *phi_step_back)[2]
step_output_difference = float(np.abs(y_after_t - y_after_s).max())  # same function before, not after
step_output_change = float(np.abs(y_after_t - y_t).max())  # how far the tanh step itself moved the outputs
hidden_step_ratio = float(np.linalg.norm(phi_step_back[2] - theta[2]) / np.linalg.norm(theta_step[2] - theta[2]))
input_step_ratio = float(np.linalg.norm(phi_step_back[0] - theta[0]) / np.linalg.norm(theta_step[0] - theta[0]))
predicted_hidden_step = -learning_rate / 16 * (gW2 + np.outer(gb2, one))
hidden_step_prediction_error = float(np.abs(phi_step_back[2] - theta[2] - predicted_hidden_step).max())

# %%
# Compute: many steps from the same function, one run per coordinate system
runs = {"tanh": theta, "sigmoid": phi}
losses = {kind: [] for kind in runs}
gap = []
for step in range(n_train_steps + 1):
    out = {}
    for kind, params in runs.items():
        loss, grads, out[kind] = loss_and_grads(kind, *params)
        losses[kind].append(loss)
        runs[kind] = [p - learning_rate * g for p, g in zip(params, grads)]
    gap.append(float(np.abs(out["tanh"] - out["sigmoid"]).max()))
final_loss_tanh, final_loss_sigmoid = losses["tanh"][-1], losses["sigmoid"][-1]
training_start_gap, final_output_gap = gap[0], gap[-1]  # the two runs start as one function
print(f"chain rule vs backprop: {chain_rule_max_error:.1e}; finite differences: {backprop_fd_rel_error:.1e}")
print(f"outputs differ by {start_output_difference:.1e} before one step, {step_output_difference:.2e} after (the step moved them {step_output_change:.2e})")
print(f"mapped-back step / tanh step: hidden-to-hidden {hidden_step_ratio:.4f}, input {input_step_ratio:.4f}")
print(f"loss after {n_train_steps} steps: tanh {final_loss_tanh:.4f}, sigmoid {final_loss_sigmoid:.4f}")

# %%
# Plot: the training loss in each system (top) and how far apart the two functions drift
fig, (ax_l, ax_g) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
ax_l.plot(losses["tanh"], label="gradient descent on the tanh weights")
ax_l.plot(losses["sigmoid"], linestyle="--", label="on the sigmoid weights of the same network")
ax_l.set(title=f"Same start, same learning rate {learning_rate}", ylabel="training loss")
ax_l.legend(loc="upper right")
ax_g.semilogy(np.maximum(gap, 1e-18), color="C2")
ax_g.set(title="Largest output difference between the two runs", xlabel="gradient step", ylim=(1e-17, 10))
plt.show()
