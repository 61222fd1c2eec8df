# %% [markdown]
r"""Why the condition uses the largest singular value, not the largest eigenvalue

A tanh RNN's Jacobian is a product of factors \(D_k W\), with \(D_k\) diagonal and entries
in \((0, 1]\). A matrix \(W\) whose eigenvalues are all small (spectral radius 0.9) can still
have a large singular value; then some choices of \(D_k\) make the product explode. The
singular-value bound \(\|D_k W\|_2 \le \|W\|_2\) holds for every \(D_k\), which is why
Pascanu et al.'s condition is stated with the largest singular value.
"""

# %%
# Parameters: a non-normal 2x2 matrix with eigenvalues +-0.9i
import matplotlib.pyplot as plt
import numpy as np

W = np.array([[5.0, 19.0], [-25.81 / 19.0, -5.0]])  # trace 0, determinant 0.81
saturated_slope = 0.01  # tanh' of a saturated unit, for unit 2
n_factors = 30

# %%
# Compute: the two sizes of W, and products of D W for D = I and D = diag(1, 0.01)
spectral_radius = float(np.abs(np.linalg.eigvals(W)).max())
largest_singular_value = float(np.linalg.norm(W, 2))
D_linear = np.eye(2)  # every unit at the origin, tanh' = 1
D_saturated = np.diag([1.0, saturated_slope])  # unit 1 at the origin, unit 2 saturated
norms_linear, norms_saturated = [], []
P_lin, P_sat = np.eye(2), np.eye(2)
for k in range(n_factors):
    P_lin = D_linear @ W @ P_lin
    P_sat = D_saturated @ W @ P_sat
    norms_linear.append(np.linalg.norm(P_lin, 2))
    norms_saturated.append(np.linalg.norm(P_sat, 2))
norms_linear, norms_saturated = np.array(norms_linear), np.array(norms_saturated)
growth_per_step = float(np.abs(np.linalg.eigvals(D_saturated @ W)).max())  # spectral radius of D W
final_norm_linear = float(norms_linear[-1])
final_norm_saturated = float(norms_saturated[-1])
saturated_d_entries = np.diag(D_saturated)  # slopes tanh' can take: in (0, 1]
k = np.arange(1, n_factors + 1)
print(f"spectral radius {spectral_radius:.3f}, largest singular value {largest_singular_value:.2f}")
print(f"||(D W)^{n_factors}||: D = I {final_norm_linear:.2e}, D = diag(1, {saturated_slope}) {final_norm_saturated:.2e}")

# %%
# Plot: the two products against the eigenvalue and singular-value rates
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.semilogy(k, norms_saturated, marker="o", markersize=3, label="D = diag(1, 0.01): one unit saturated")
ax.semilogy(k, norms_linear, marker="s", markersize=3, label="D = I: both units at the origin")
ax.semilogy(k, spectral_radius**k, color="0.4", linewidth=1, linestyle=":", label="0.9^k (largest |eigenvalue|)")
ax.semilogy(k, largest_singular_value**k, color="0.4", linewidth=1, linestyle="--",
            label=f"{largest_singular_value:.1f}^k (largest singular value)")
ax.set(title="Norm of a product of k factors D W", xlabel="number of factors k", ylabel="||(D W)^k||₂")
ax.legend(loc="upper left")
plt.show()
