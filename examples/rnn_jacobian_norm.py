# %% [markdown]
"""The hidden state is bounded, its gradient is not

For h_t = f(W h_{t-1} + U x_t) the Jacobian dh_t/dh_0 is the product
D_t W D_{t-1} W ... D_1 W with D_k = diag(f'(a_k)). Its spectral norm is at most
(gamma ||W||_2)^t, where gamma bounds |f'|: 1 for tanh, 1/4 for the sigmoid
(Pascanu et al. 2013). Below 1 the gradient must vanish; above 1 it may explode.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_hidden, n_input, n_steps = 64, 8, 100
cases = [("tanh", 0.9), ("tanh", 3.0), ("sigmoid", 3.0), ("sigmoid", 16.0)]  # (f, ||W||_2)
check_steps = 10  # horizon of the finite-difference check
rng = np.random.default_rng(1)

# %%
# Data: an orthogonal matrix (scaled, so every singular value equals the scale), inputs
q, _ = np.linalg.qr(rng.standard_normal((n_hidden, n_hidden)))
U = rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input)
x = rng.standard_normal((n_steps, n_input))
acts = {"tanh": (np.tanh, lambda y: 1.0 - y**2, 1.0),  # f, f' from the output y, gamma
        "sigmoid": (lambda a: 1.0 / (1.0 + np.exp(-a)), lambda y: y * (1.0 - y), 0.25)}


def jacobian_norms(f, df, W, h0, steps):
    """Spectral norms of dh_t/dh_0 for t = 1..steps, the final Jacobian and h_steps."""
    h, J, norms = h0, np.eye(n_hidden), []
    for t in range(steps):
        h = f(W @ h + U @ x[t])
        J = df(h)[:, None] * (W @ J)  # dh_t/dh_0 = D_t W (dh_{t-1}/dh_0)
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms), J, h


# %%
# Compute: the norms over time, and Pascanu's bound (gamma ||W||_2)^t
steps = np.arange(1, n_steps + 1)
curves, bounds, final_norms, bound_factors = [], [], [], []
for name, scale in cases:
    f, df, gamma = acts[name]
    norms, _, _ = jacobian_norms(f, df, scale * q, np.zeros(n_hidden), n_steps)
    curves.append(norms)
    bounds.append((gamma * scale) ** steps)
    final_norms.append(float(norms[-1]))
    bound_factors.append(gamma * scale)  # < 1: vanishing guaranteed; > 1: exploding possible
tanh_small_final, tanh_big_final, sigmoid_big_final, sigmoid_huge_final = final_norms  # ||dh_T/dh_0||
tanh_small_norm, tanh_big_norm, sigmoid_big_norm, sigmoid_huge_norm = (scale for _, scale in cases)
tanh_small_factor, tanh_big_factor, sigmoid_big_factor, sigmoid_huge_factor = bound_factors
bound_holds = bool(all(np.all(c <= b * (1 + 1e-9)) for c, b in zip(curves, bounds)))

# %%
# Compute: check the Jacobian product against central finite differences (tanh, ||W|| = 3)
f, df, _ = acts["tanh"]
W, h0, eps = 3.0 * q, 0.1 * rng.standard_normal(n_hidden), 1e-6
_, J, _ = jacobian_norms(f, df, W, h0, check_steps)
J_fd = np.empty_like(J)
for j in range(n_hidden):
    e = np.zeros(n_hidden)
    e[j] = eps
    J_fd[:, j] = (jacobian_norms(f, df, W, h0 + e, check_steps)[2]
                  - jacobian_norms(f, df, W, h0 - e, check_steps)[2]) / (2 * eps)
jacobian_fd_rel_error = float(np.abs(J - J_fd).max() / np.abs(J_fd).max())
# A common bug, leaving out the activation's derivative (D_t = I): it must fail the check
_, J_wrong, _ = jacobian_norms(f, np.ones_like, W, h0, check_steps)
wrong_jacobian_rel_error = float(np.abs(J_wrong - J_fd).max() / np.abs(J_fd).max())
print("final ||dh_T/dh_0||:", [f"{v:.2e}" for v in final_norms])
print(f"finite-difference check: {jacobian_fd_rel_error:.1e} (wrong formula: {wrong_jacobian_rel_error:.1e})")

# %%
# Plot: tanh (left) and sigmoid (right), each curve with its bound as a thin dotted line
fig, axes = plt.subplots(1, 2, figsize=(9, 3.8), sharey=True)
for (name, scale), norms, bound in zip(cases, curves, bounds):
    ax = axes[0] if name == "tanh" else axes[1]
    (line,) = ax.semilogy(steps, norms, label=f"{name}, ||W||₂ = {scale}")
    ax.semilogy(steps, bound, color=line.get_color(), linewidth=1, linestyle=":",
                label=f"bound ({acts[name][2]:g} × {scale})^t")
for ax, name in zip(axes, ["tanh (γ = 1)", "sigmoid (γ = 1/4)"]):
    ax.axhline(1.0, color="0.5", linewidth=0.8)
    ax.set(title=f"{name}: ||∂h_t/∂h_0||₂", xlabel="time step t", ylim=(1e-40, 1e40))
    ax.legend(loc="lower left", fontsize=8)
plt.show()
