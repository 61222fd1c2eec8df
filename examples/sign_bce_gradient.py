# %% [markdown]
r"""Why a binary classifier ends in a sigmoid trained with the log-loss

For a label \(y \in \{0, 1\}\) and a logit \(z\), the sigmoid gives a probability and the
log-loss (binary cross-entropy) gives the gradient \(\sigma(z) - y\) with respect to \(z\):
it stays near -1 when the model is confidently wrong. Squared error on the same
sigmoid output multiplies by \(\sigma'(z)\) and goes silent exactly then.
"""

# %%
# Parameters: the logits, the label, and the finite-difference check
import matplotlib.pyplot as plt
import numpy as np

z_max = 20.0  # logits from -z_max to z_max
label = 1.0  # the true class; negative logits are confidently wrong
fd_step = 1e-5  # step of the central finite differences
fd_range = 8.0  # check the hand-written gradients on |z| <= fd_range

# %%
# Compute: both losses from the logit, and their hand-written gradients
z = np.linspace(-z_max, z_max, 4001)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for any z


def bce(z):
    """-[y log sigma(z) + (1 - y) log(1 - sigma(z))], computed from the logit."""
    return np.logaddexp(0.0, z) - label * z


def squared_error(z):
    return (sigmoid(z) - label) ** 2


def bce_gradient(z):
    return sigmoid(z) - label


def squared_error_gradient(z):
    return 2.0 * (sigmoid(z) - label) * sigmoid(z) * (1.0 - sigmoid(z))  # chain rule through sigma'


bce_grad, mse_grad = bce_gradient(z), squared_error_gradient(z)
bce_grad_at_wrong = float(bce_grad[0])  # z = -z_max: confident and wrong
mse_grad_at_wrong = float(mse_grad[0])
bce_grad_at_0, mse_grad_at_0 = float(bce_grad[2000]), float(mse_grad[2000])

# %%
# Compute: check both gradients against central finite differences
near = z[np.abs(z) <= fd_range]
fd_bce = (bce(near + fd_step) - bce(near - fd_step)) / (2 * fd_step)
fd_mse = (squared_error(near + fd_step) - squared_error(near - fd_step)) / (2 * fd_step)
grad_check_max_rel_error = float(max(
    np.max(np.abs(fd_bce - bce_gradient(near)) / np.abs(bce_gradient(near))),
    np.max(np.abs(fd_mse - squared_error_gradient(near)) / np.abs(squared_error_gradient(near))),
))

# %%
# Compute: the log-loss from the logit equals softplus(-z) for y = 1, while the
# textbook -log(sigmoid(z)) breaks down once sigmoid(z) underflows
softplus_max_diff = float(np.max(np.abs(bce(z) - np.logaddexp(0.0, -z))))
extreme_logit = -800.0
with np.errstate(over="ignore", divide="ignore"):  # the overflow is the point here
    naive_loss_at_extreme = float(-np.log(1.0 / (1.0 + np.exp(-extreme_logit))))
stable_loss_at_extreme = float(bce(np.float64(extreme_logit)))
print(f"at z = {-z_max:g}: log-loss gradient {bce_grad_at_wrong:.6f}, squared-error gradient {mse_grad_at_wrong:.2e}")
print(f"gradient check: max relative error {grad_check_max_rel_error:.1e}")

# %%
# Plot: the two losses (top) and the size of their gradients (bottom)
fig, (ax_l, ax_g) = plt.subplots(2, 1, figsize=(7, 6.4), layout="constrained")
ax_l.plot(z, bce(z), label="log-loss (binary cross-entropy)")
ax_l.plot(z, squared_error(z), linestyle="--", label="squared error on σ(z)")
ax_l.set(title=f"Loss for label y = {label:g}", xlabel="logit z", ylabel="loss", ylim=(0, 5))
ax_l.legend()

ax_g.semilogy(z, np.abs(bce_grad), label="|σ(z) − y|  (log-loss)")
ax_g.semilogy(z, np.abs(mse_grad), linestyle="--", label="|2(σ − y) σ′(z)|  (squared error)")
ax_g.axvspan(-z_max, 0, color="0.9", zorder=0)
ax_g.text(-z_max + 1, 2e-8, "confidently wrong")
ax_g.set(title="Gradient with respect to the logit", xlabel="logit z", ylim=(1e-10, 3))
ax_g.legend(loc="lower right")
plt.show()
