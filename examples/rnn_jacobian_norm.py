# %% [markdown]
r"""The hidden state is bounded, its gradient is not

For \(h_t = f(W h_{t-1} + U x_t)\) the Jacobian \(\partial h_t / \partial h_0\) is the product
\(D_t W D_{t-1} W \cdots D_1 W\) with \(D_k = \operatorname{diag}(f'(a_k))\). Its spectral norm is at most
\((\gamma \|W\|_2)^t\), where \(\gamma\) bounds \(|f'|\): 1 for tanh, 1/4 for the sigmoid
(Pascanu et al. 2013). Below 1 the gradient must vanish; above 1 it may explode.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_hidden, n_input, n_steps = 16, 4, 100  # small enough for the page's explorer to carry and run
cases = [("tanh", 0.9), ("tanh", 3.0), ("sigmoid", 3.0), ("sigmoid", 16.0)]  # (f, ||W||_2)
check_steps = 10  # horizon of the finite-difference check
rng = np.random.default_rng(1)

# %%
# Data: an orthogonal matrix (scaled, so every singular value equals the scale), inputs
q, _ = np.linalg.qr(rng.standard_normal((n_hidden, n_hidden)))
U = np.round(rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input), 4)  # short decimals: a
x = np.round(rng.standard_normal((n_steps, n_input)), 2)  # lighter page, and still exact doubles
acts = {"tanh": (np.tanh, lambda y: 1.0 - y**2),  # f, and f' from the output y
        "sigmoid": (lambda a: 1.0 / (1.0 + np.exp(-a)), lambda y: y * (1.0 - y))}
a_grid = np.linspace(-10, 10, 20001)
gammas = {name: float(df(f(a_grid)).max()) for name, (f, df) in acts.items()}  # gamma = max |f'|, measured


def jacobian_norms(f, df, W, h0, steps, input_scale=1.0, bias=0.0):
    """For h_t = f(W h_{t-1} + input_scale U x_t + bias): the spectral norms of dh_t/dh_0, t = 1..steps
    (shape (steps,)), the last Jacobian (n_hidden, n_hidden), h_steps, and min and max over h_1..h_steps."""
    h, J, norms, h_range = h0, np.eye(n_hidden), [], [np.inf, -np.inf]
    for t in range(steps):
        h = f(W @ h + input_scale * (U @ x[t]) + bias)
        J = df(h)[:, None] * (W @ J)  # dh_t/dh_0 = D_t W (dh_{t-1}/dh_0)
        norms.append(np.linalg.norm(J, 2))
        h_range = [min(h_range[0], float(h.min())), max(h_range[1], float(h.max()))]
    return np.array(norms), J, h, h_range


# %%
# Compute: the norms over time, and Pascanu's bound (gamma ||W||_2)^t
steps = np.arange(1, n_steps + 1)
curves, bounds, final_norms, bound_factors, weight_norms, growth_rates, state_low, state_high = ([] for _ in range(8))
for name, scale in cases:
    (f, df), gamma, W = acts[name], gammas[name], scale * q
    norms, _, _, (low, high) = jacobian_norms(f, df, W, np.zeros(n_hidden), n_steps)
    weight_norms.append(float(np.linalg.norm(W, 2)))
    curves.append(norms)
    bounds.append((gamma * weight_norms[-1]) ** steps)
    final_norms.append(float(norms[-1]))
    bound_factors.append(gamma * weight_norms[-1])  # < 1: vanishing guaranteed; > 1: exploding possible
    growth_rates.append(float(np.max(norms ** (1 / steps))))  # the largest mean growth per step
    state_low.append(low)  # the state of the very network whose Jacobian this is
    state_high.append(high)
tanh_small_final, tanh_big_final, sigmoid_big_final, sigmoid_huge_final = final_norms  # ||dh_T/dh_0||
tanh_small_norm, tanh_big_norm, sigmoid_big_norm, sigmoid_huge_norm = (scale for _, scale in cases)
tanh_small_factor, tanh_big_factor, sigmoid_big_factor, sigmoid_huge_factor = bound_factors
tanh_big_state_max_abs = max(-state_low[1], state_high[1])
cases_activation = ",".join(name for name, _ in cases)
gamma_tanh, gamma_sigmoid = gammas["tanh"], gammas["sigmoid"]

# %%
# Compute: check the Jacobian product against central finite differences (tanh, ||W|| = 3)
f, df = acts["tanh"]
W, h0, eps = 3.0 * q, 0.1 * rng.standard_normal(n_hidden), 1e-6
_, J, _, _ = jacobian_norms(f, df, W, h0, check_steps)
J_fd = np.empty_like(J)
for j in range(n_hidden):
    e = eps * np.eye(n_hidden)[j]
    J_fd[:, j] = (jacobian_norms(f, df, W, h0 + e, check_steps)[2]
                  - jacobian_norms(f, df, W, h0 - e, check_steps)[2]) / (2 * eps)
jacobian_fd_rel_error = float(np.abs(J - J_fd).max() / np.abs(J_fd).max())
_, J_wrong, _, _ = jacobian_norms(f, np.ones_like, W, h0, check_steps)  # a classic bug, D_t = I: must fail
wrong_jacobian_rel_error = float(np.abs(J_wrong - J_fd).max() / np.abs(J_fd).max())
print("final ||dh_T/dh_0||:", [f"{v:.2e}" for v in final_norms])
print(f"finite-difference check: {jacobian_fd_rel_error:.1e} (wrong formula: {wrong_jacobian_rel_error:.1e})")

# %%
# Compute: the page's explorer runs these networks in the browser; here are its readouts at
# a few settings. "rewrite" is the tanh network in s = (1 + h)/2: W x 4, U x 2, bias -2 W 1, s_0 = 1/2.
nonnormal = np.round(np.diag(rng.uniform(-0.5, 0.5, n_hidden)) + np.triu(rng.standard_normal(q.shape), 1), 4)
nonnormal_radius_ratio = np.abs(np.diag(nonnormal)).max() / np.linalg.norm(nonnormal, 2)  # triangular: rho << ||W||
arms = {"tanh": (*acts["tanh"], 1, 1.0, 0.0), "sigmoid": (*acts["sigmoid"], 1, 1.0, 0.0),  # f, f', x W, x U, s_0
        "rewrite": (*acts["sigmoid"], 4, 2.0, 0.5), "identity": (lambda a: a, np.ones_like, 1, 1.0, 0.0)}
gammas["rewrite"], gammas["identity"] = gammas["sigmoid"], 1.0
# The settings: (f, W, ||W||_2 of the tanh network); the rewrite runs the sigmoid at 4 times it
points = [("tanh", "orthogonal", 0.9), ("tanh", "orthogonal", 3.0), ("sigmoid", "orthogonal", 3.0),
          ("sigmoid", "orthogonal", 16.0), ("rewrite", "orthogonal", 3.0), ("tanh", "nonnormal", 2.0),
          ("identity", "nonnormal", 1.5), ("identity", "nonnormal", 16.0), ("identity", "orthogonal", 0.5)]
explorer_early_step = 10  # the explorer also reads the gradient's norm after this many steps
rows = []
for name, shape, scale in points:
    (f, df, w_factor, u_factor, start), M = arms[name], (q if shape == "orthogonal" else nonnormal)
    W = w_factor * scale * M / np.linalg.norm(M, 2)  # the slider sets ||W||_2 of the tanh network
    bias = -0.5 * W.sum(axis=1) if name == "rewrite" else 0.0  # -2 (scale W) 1, as this W is 4 scale W
    norms, _, h, (low, high) = jacobian_norms(f, df, W, np.full(n_hidden, start), n_steps, u_factor, bias)
    rows.append([scale, np.linalg.norm(W, 2), np.abs(np.linalg.eigvals(W)).max(), max(-low, high), np.linalg.norm(h),
                 norms[explorer_early_step - 1], norms[-1], (gammas[name] * w_factor * scale) ** n_steps])
(explorer_point_norm, explorer_weight_norm, explorer_radius, explorer_max_abs_state, explorer_final_state_norm,
 explorer_grad_norm_early, explorer_grad_norm_final, explorer_bound_final) = (list(map(float, c)) for c in zip(*rows))
explorer_point_activation, explorer_point_matrix = (",".join(p[i] for p in points) for i in range(2))
explorer_inputs = {"early_step": explorer_early_step, "q": q, "nonnormal": nonnormal, "U": U, "x": x}

# %%
# Plot: tanh (top) and sigmoid (bottom), each curve with its bound as a thin dotted line
fig, axes = plt.subplots(2, 1, figsize=(7, 6.8), sharex=True, sharey=True, layout="constrained")
for (name, scale), norms, bound in zip(cases, curves, bounds):
    ax = axes[0] if name == "tanh" else axes[1]
    (line,) = ax.semilogy(steps, norms, label=rf"{name}, $\|W\|_2$ = {scale}")
    ax.semilogy(steps, bound, color=line.get_color(), linewidth=1, linestyle=":",
                label=rf"bound $({gammas[name]:g} \times {scale})^t$")
for ax, name in zip(axes, ["tanh (γ = 1)", "sigmoid (γ = 1/4)"]):
    ax.axhline(1.0, color="0.5", linewidth=0.8)
    ax.set(title=rf"{name}: $\|\partial h_t / \partial h_0\|_2$", xlabel="time step t", ylim=(1e-40, 1e40))
    ax.legend(loc="lower left")
    ax.label_outer()  # one x axis label, under the bottom panel
plt.show()
