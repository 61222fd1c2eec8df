# %% [markdown]
r"""Clipping the gradient norm on a loss surface with a cliff

A one-unit tanh RNN, \(h_t = \tanh(w\,h_{t-1} + b)\), is trained by gradient descent so
that \(h_T\) hits a target. Where the final state flips from one fixed point to the other
the loss has a steep wall and the gradient explodes. An unclipped step taken there
throws the parameters far away; rescaling the gradient to a maximum norm (Pascanu
et al. 2013) keeps every step short and lets descent follow the valley.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

n_steps = 30  # sequence length T
h_start, target = 0.5, -0.7  # h_0 and the wanted h_T
start = (2.5, 0.5)  # initial (w, b)
learning_rate, n_updates = 0.3, 100
clip_norm = 1.0  # largest gradient norm allowed


# %%
# Compute: the loss and its gradient by backpropagation through time
def loss_and_grad(w, b, steps=n_steps, truncate=None):
    """Loss (h_T - target)^2 and its gradient (dL/dw, dL/db); BPTT over `truncate` steps (all if None)."""
    hs = [h_start]
    for _ in range(steps):
        hs.append(np.tanh(w * hs[-1] + b))
    dh, grad = 2.0 * (hs[-1] - target), np.zeros(2)
    for t in range(steps, steps - (truncate or steps), -1):
        da = dh * (1.0 - hs[t] ** 2)  # through the tanh
        grad += da * np.array([hs[t - 1], 1.0])  # a_t = w h_{t-1} + b
        dh = da * w  # on to h_{t-1}
    return (hs[-1] - target) ** 2, grad


def descend(clip):
    path, losses, grad_norms = [np.array(start)], [], []
    for _ in range(n_updates):
        loss, g = loss_and_grad(*path[-1])
        norm = np.linalg.norm(g)
        if clip is not None and norm > clip:
            g = g * clip / norm  # same direction, length clip
        path.append(path[-1] - learning_rate * g)
        losses.append(loss)
        grad_norms.append(norm)
    return np.array(path), np.array(losses), np.array(grad_norms)


path_plain, loss_plain, gnorm_plain = descend(clip=None)
path_clip, loss_clip, gnorm_clip = descend(clip=clip_norm)
largest_step_plain = float(np.linalg.norm(np.diff(path_plain, axis=0), axis=1).max())
largest_step_clipped = float(np.linalg.norm(np.diff(path_clip, axis=0), axis=1).max())
largest_grad_norm = float(gnorm_plain.max())
final_loss_plain, final_loss_clipped = float(loss_plain[-1]), float(loss_clip[-1])
final_grad_norm_plain = float(gnorm_plain[-1])  # where the plain run ends up, the gradient has vanished
w_end_plain, b_end_plain = (float(v) for v in path_plain[-1])

# %%
# Compute: check the BPTT gradient against central differences at points along both paths
eps, errors, errors_truncated = 1e-6, [], []
for w, b in np.vstack([path_plain[:40:4], path_clip[:40:4]]):
    fd = np.array([(loss_and_grad(w + eps, b)[0] - loss_and_grad(w - eps, b)[0]) / (2 * eps),
                   (loss_and_grad(w, b + eps)[0] - loss_and_grad(w, b - eps)[0]) / (2 * eps)])
    scale = max(np.abs(fd).max(), 1e-3)  # relative error, absolute where the gradient is tiny
    errors.append(np.abs(loss_and_grad(w, b)[1] - fd).max() / scale)
    errors_truncated.append(np.abs(loss_and_grad(w, b, truncate=1)[1] - fd).max() / scale)
grad_check_max_rel_error = float(max(errors))
truncated_grad_max_rel_error = float(max(errors_truncated))  # a deliberately wrong gradient
print(f"largest step: {largest_step_plain:.2f} unclipped, {largest_step_clipped:.2f} clipped")
print(f"final loss: {final_loss_plain:.3g} unclipped, {final_loss_clipped:.3g} clipped")

# %%
# Plot: the loss surface with both paths, the gradient norms, and the losses
w_grid, b_grid = np.meshgrid(np.linspace(-1, 4, 200), np.linspace(-3, 2, 200))
h = np.full_like(w_grid, h_start)
for _ in range(n_steps):
    h = np.tanh(w_grid * h + b_grid)
fig, axes = plt.subplot_mosaic([["surface", "surface"], ["norm", "loss"]], figsize=(7, 7.4), layout="constrained")
ax_s, ax_g, ax_l = axes["surface"], axes["norm"], axes["loss"]
surface = ax_s.contourf(w_grid, b_grid, (h - target) ** 2, levels=20, cmap="cividis", rasterized=True)
fig.colorbar(surface, ax=ax_s, label="loss")
ax_s.plot(*path_plain.T, color="#D55E00", marker="o", markersize=3, label="plain gradient descent")
ax_s.plot(*path_clip.T, color="white", linestyle="--", marker="s", markersize=2, label="with clipping")
ax_s.set(title="Loss over (w, b)", xlabel="w", ylabel="b", xlim=(-1, 4), ylim=(-3, 2))
ax_s.annotate(f"plain step leaves the frame:\nlands at ({w_end_plain:.1f}, {b_end_plain:.1f})", (0.05, -2.9),
              xytext=(1.2, -2.6), color="white", arrowprops={"arrowstyle": "->", "color": "white"})
ax_s.legend(loc="upper left", frameon=True, facecolor="0.3", labelcolor="white")  # the white path needs a dark key
ax_g.semilogy(gnorm_plain, color="#D55E00", label="plain")
ax_g.semilogy(gnorm_clip, color="#0072B2", linestyle="--", label="clipped")
ax_g.axhline(clip_norm, color="0.4", linewidth=1, linestyle=":", label=r"threshold $\tau$")
ax_g.set(title="Gradient norm before clipping", xlabel="update", ylim=(1e-8, 1e3))
ax_g.legend(loc="upper right")
ax_l.semilogy(loss_plain, color="#D55E00", label="plain")
ax_l.semilogy(loss_clip, color="#0072B2", linestyle="--", label="clipped")
ax_l.set(title="Loss", xlabel="update", ylim=(1e-12, 10))
ax_l.legend(loc="center right")
plt.show()
