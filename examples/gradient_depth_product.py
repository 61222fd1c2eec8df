# %% [markdown]
r"""What the slopes and the weights' scale do to a gradient through many layers

Deep networks with orthogonal weight matrices, which never change a vector's length,
so what happens to the gradient's norm is the work of the slopes and of the weights'
scale. Four arms share each network's weights: tanh; the sigmoid; the sigmoid at the
exact rewrite of the tanh network (\(s = (1 + h)/2\): input weights \(\times 2\), hidden weights \(\times 4\),
biases \(-2 W \mathbf{1}\)); the centred sigmoid \(\sigma - 1/2\). The bound is \((\text{largest slope} \cdot \|W\|)^L\).
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

depth, width, n_inputs = 40, 128, 32  # hidden-to-hidden layers, after one input layer
n_networks = 8  # independent random networks (the seeds), each with its own inputs
weight_gain = 1.0  # weights = gain * orthogonal matrix; above 1 they can amplify
explorer_width = 16  # the page's explorer: one network of this width (same depth), one input
rng = np.random.default_rng(0)

def sigmoid(a):
    return 1 / (1 + np.exp(-a))

def no_bias(W):
    return 0.0

# name: f, f' in terms of the output h, input-weight scale, hidden-weight scale, hidden bias
arms = {
    "tanh": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),
    "sigmoid": (sigmoid, lambda h: h * (1 - h), 1, 1, no_bias),
    "rewrite": (sigmoid, lambda h: h * (1 - h), 2, 4, lambda W: -2 * W.sum(-1)[:, None, :]),
    "centred": (lambda a: sigmoid(a) - 0.5, lambda h: (0.5 + h) * (0.5 - h), 1, 1, no_bias),
}
labels = {"tanh": "tanh", "sigmoid": "sigmoid, same weights", "rewrite": "sigmoid, rewrite of tanh", "centred": "σ - 1/2, same weights"}

# %%
# Data: per network one input layer and `depth` hidden layers of uniformly random orthogonal
# matrices (QR of a Gaussian matrix, signs fixed), inputs, and a random unit gradient at the top
q, r = np.linalg.qr(rng.standard_normal((n_networks, depth + 1, width, width)))
W = weight_gain * q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]
x = rng.standard_normal((n_networks, n_inputs, width))
g_top = rng.standard_normal((n_networks, n_inputs, width))
g_top /= np.linalg.norm(g_top, axis=-1, keepdims=True)

# %%
# Compute: forward h_l = f(h_{l-1} (c W_l)^T + b_l), then backpropagate from the top hidden
# state, g_{l-1} = (f'(a_l) * g_l) (c W_l), recording |g| after each layer passed, per input
def gradient_pass(W, x, g_top):
    """Every arm on W (network, 1 + layers, width, width), x and g_top (network, input, width)."""
    norms, slopes, states = {}, {}, {}
    for name, (f, df, c_in, c, bias) in arms.items():
        hs = [f(x @ np.swapaxes(c_in * W[:, 0], -1, -2))]  # h_0: the first hidden state
        for l in range(1, W.shape[1]):
            hs.append(f(hs[-1] @ np.swapaxes(c * W[:, l], -1, -2) + bias(W[:, l])))
        states[name] = np.stack(hs, 1)  # (network, layer 0..depth, input, unit)
        slopes[name] = df(states[name][:, 1:])  # f'(a_l) for l = 1..depth
        g, norms[name] = g_top, [np.linalg.norm(g_top, axis=-1)]
        for l in range(W.shape[1] - 1, 0, -1):  # from the top layer down
            g = (slopes[name][:, l - 1] * g) @ (c * W[:, l])
            norms[name].append(np.linalg.norm(g, axis=-1))
        norms[name] = np.stack(norms[name], 1)  # (network, layers passed 0..depth, input)
    return norms, slopes, states  # |g|: (network, layers passed, input)

norms, slopes, states = gradient_pass(W, x, g_top)
hidden_norm = float(np.linalg.norm(W[:, 1:], ord=2, axis=(-2, -1)).max())  # largest singular value
tanh_weight_norm, sigmoid_weight_norm, rewrite_weight_norm, centred_weight_norm = (arm[3] * hidden_norm for arm in arms.values())

layers = np.arange(depth + 1)  # the rewrite is exact: 2 s - 1 = h in every layer, and the same |g| in both
rewrite_state_error = float(np.abs(2 * states["rewrite"] - 1 - states["tanh"]).max())
rewrite_norm_rel_diff = float(np.abs(norms["rewrite"] / norms["tanh"] - 1).max())
tanh_max_norms, sigmoid_max_norms, rewrite_max_norms, centred_max_norms = (n.max(axis=(0, 2)) for n in norms.values())
median = {k: float(np.median(n[:, -1])) for k, n in norms.items()}  # after all layers
tanh_final_median, sigmoid_final_median, rewrite_final_median, centred_final_median = median.values()
net_medians = {k: np.median(n[:, -1], axis=-1) for k, n in norms.items()}  # one per network
(tanh_final_min, tanh_final_max), (sigmoid_final_min, sigmoid_final_max), _, (centred_final_min, centred_final_max) = (
    (float(m.min()), float(m.max())) for m in net_medians.values())
tanh_per_layer, sigmoid_per_layer, rewrite_per_layer, centred_per_layer = (m ** (1 / depth) for m in median.values())
gap_tanh_sigmoid, gap_tanh_rewrite = tanh_final_median / sigmoid_final_median, tanh_final_median / rewrite_final_median
gap_centred_sigmoid, gap_tanh_centred = centred_final_median / sigmoid_final_median, tanh_final_median / centred_final_median
tanh_mean_state, sigmoid_mean_state, rewrite_mean_state, centred_mean_state = (float(s.mean()) for s in states.values())
tanh_largest_slope, sigmoid_largest_slope, rewrite_largest_slope, centred_largest_slope = (float(s.max()) for s in slopes.values())
mean_slope = {k: s.mean(axis=(0, 2, 3)) for k, s in slopes.items()}  # per layer
mean_slope_tanh_first, mean_slope_tanh_last = float(mean_slope["tanh"][0]), float(mean_slope["tanh"][-1])
mean_slope_sigmoid, mean_slope_centred = float(mean_slope["sigmoid"].mean()), float(mean_slope["centred"].mean())
print(f"after {depth} layers: " + ", ".join(f"{k} {m:.2e}" for k, m in median.items()))

# %%
# Plot: the gradient norm against the layers passed (top); the mean slope x weight scale per layer (bottom)
fig, (ax, ax_s) = plt.subplots(2, 1, figsize=(7, 7.6), gridspec_kw={"height_ratios": [3, 2]}, layout="constrained")
styles = {"tanh": ("C0", "-", None), "sigmoid": ("C1", "--", None), "rewrite": ("C2", "none", "o"), "centred": ("C3", "-.", None)}
for name, (color, style, marker) in styles.items():
    c, kw = arms[name][3], dict(linestyle=style, marker=marker, markevery=4, markersize=4, color=color)
    ax.semilogy(layers, np.median(norms[name], axis=(0, 2)), **kw, label=f"{labels[name]}: median")
    ax.fill_between(layers, norms[name].min(axis=(0, 2)), norms[name].max(axis=(0, 2)), color=color, alpha=0.15)
    ax_s.plot(layers[1:], c * mean_slope[name], **kw, label=f"{labels[name]} (×{c})")
ax.semilogy(layers, (tanh_weight_norm * 1.0) ** layers, ":", color="0.2", label=r"bound $(1\cdot\|W\|)^L = (\frac{1}{4}\|4W\|)^L$")
ax.semilogy(layers, (sigmoid_weight_norm * 0.25) ** layers, linestyle=(0, (3, 1, 1, 1, 1, 1)), color="0.4",
            label=r"bound $(\frac{1}{4}\|W\|)^L$")
ax.set(title=f"Gradient norm through L layers ({n_networks} networks × {n_inputs} inputs; shaded: range)",
       xlabel="layers passed L", ylabel="|gradient|", ylim=(1e-28, 10))
ax.legend(loc="lower left")
ax_s.axhline(1.0, color="0.2", linestyle=":", linewidth=1)
ax_s.axhline(0.25, color="0.4", linestyle=(0, (3, 1, 1, 1, 1, 1)), linewidth=1)
ax_s.set(title="Mean slope × weight scale, per layer", xlabel="layer (1 = next to the input)", ylabel="mean f'(a) × c", ylim=(0, 1.05))
ax_s.legend(loc="center right")
plt.show()

# %%
# Explorer: one network, drawn after the rest, weights rounded to 4 decimals (nearly orthogonal)
W_e = np.round(np.linalg.qr(rng.standard_normal((1, depth + 1, explorer_width, explorer_width)))[0], 4)
x_e, g_e = rng.standard_normal((2, 1, 1, explorer_width))
g_e /= np.linalg.norm(g_e)  # a unit gradient at the top
explorer_weight_norm = float(np.linalg.norm(W_e[0, 1:], ord=2, axis=(-2, -1)).max())  # |W|, near 1
explorer_inputs = {"W": W_e[0], "x": x_e.ravel(), "g_top": g_e.ravel(), "weight_norm": explorer_weight_norm}
explorer_points_depth, explorer_points_scale = [40, 10, 25, 40, 5, 40, 1], [1.0, 0.5, 0.8, 1.25, 2.0, 2.0, 1.5]
points = list(zip(explorer_points_depth, explorer_points_scale))  # (depth L, weight scale c)
runs = [gradient_pass(c * W_e[:, : L + 1], x_e, g_e)[0] for L, c in points]  # |g| after each layer passed
explorer_tanh, explorer_sigmoid, explorer_rewrite, explorer_centred = ([float(n[k][0, -1, 0]) for n in runs] for k in arms)
explorer_bound_tanh, explorer_bound_sigmoid = ([(gamma * c * explorer_weight_norm) ** L for L, c in points] for gamma in (1, 0.25))
