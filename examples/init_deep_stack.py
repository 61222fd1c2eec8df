# %% [markdown]
r"""A signal through ten tanh layers at initialisation

Random inputs go through a stack of ten 256-unit tanh layers that have not been trained.
With tiny weights the signal dies within a few layers; with Glorot (Xavier) weights,
variance \(2 / (n_\text{in} + n_\text{out})\), it shrinks slowly, because \(\tanh' < 1\) away from 0;
multiplying them by 5/3 (PyTorch's calculate_gain('tanh'), an empirical default) keeps its
spread nearly constant from layer to layer.
"""

# %%
# Parameters
import matplotlib.pyplot as plt
import numpy as np

width, n_layers, n_examples = 256, 10, 1000
tanh_gain = 5 / 3
tiny_std = 0.01  # the "tiny" scheme's weight standard deviation
saturation_level = 0.95  # |h| above this counts as saturated
rng = np.random.default_rng(0)

# %%
# Data: unit-variance Gaussian inputs, and one set of weight directions shared by all schemes
x = rng.standard_normal((n_examples, width))
directions = [rng.uniform(-1, 1, (width, width)) * np.sqrt(3) for _ in range(n_layers)]  # unit variance
glorot_std = np.sqrt(2 / (width + width))  # Glorot & Bengio (2010), eq. 16, as a standard deviation
schemes = {f"tiny: std {tiny_std:g}": tiny_std, "Glorot": glorot_std, "Glorot × 5/3": tanh_gain * glorot_std}

# %%
# Compute: the standard deviation of each layer's activations, for each scheme
stds, last_layer, weight_stds, first_pre_std = {}, {}, {}, {}
for name, weight_std in schemes.items():
    h, layer_stds, weights = x, [], [weight_std * D for D in directions]
    for W in weights:
        h = np.tanh(h @ W)
        layer_stds.append(float(h.std()))
    stds[name], last_layer[name] = layer_stds, h.ravel()
    weight_stds[name], first_pre_std[name] = float(np.std(weights)), float((x @ weights[0]).std())  # measured
tiny_stds, glorot_stds, gain_stds = stds[f"tiny: std {tiny_std:g}"], stds["Glorot"], stds["Glorot × 5/3"]
tiny_last, glorot_first, glorot_last = tiny_stds[-1], glorot_stds[0], glorot_stds[-1]
gain_first, gain_last = gain_stds[0], gain_stds[-1]
glorot_decay = glorot_stds[-1] / glorot_stds[0]  # last layer over first layer
gain_decay = gain_stds[-1] / gain_stds[0]
saturated_glorot = float(np.mean(np.abs(last_layer["Glorot"]) > saturation_level))
saturated_gain = float(np.mean(np.abs(last_layer["Glorot × 5/3"]) > saturation_level))
glorot_weight_std, gain_weight_std = weight_stds["Glorot"], weight_stds["Glorot × 5/3"]  # of the weights used
glorot_first_pre_std = first_pre_std["Glorot"]  # layer 1's pre-activations: n Var(w) = 1 keeps unit variance
# |h| in layer 10 as percentiles 0, 2, ..., 100, from which a test recomputes the saturated fractions
glorot_last_abs_percentiles, gain_last_abs_percentiles = (np.percentile(np.abs(last_layer[n]), np.arange(0, 101, 2)) for n in ("Glorot", "Glorot × 5/3"))
print({name: f"{s[0]:.3g} -> {s[-1]:.3g}" for name, s in stds.items()})

# %%
# Plot: the spread layer by layer (left) and the distribution in layer 10 (right)
fig, (ax_s, ax_h) = plt.subplots(1, 2, figsize=(8.5, 3.6))
layers = np.arange(1, n_layers + 1)
for (name, s), marker in zip(stds.items(), ["o", "s", "^"]):
    ax_s.semilogy(layers, s, marker=marker, label=name)
ax_s.set(title="Std of the activations", xlabel="layer", xticks=layers)
ax_s.legend()
bins = np.linspace(-1, 1, 41)
for name, style in [("Glorot", "-"), ("Glorot × 5/3", "--")]:
    ax_h.hist(last_layer[name], bins=bins, density=True, histtype="step", linestyle=style, linewidth=2, label=name)
ax_h.set(title=f"Activations in layer {n_layers}", xlabel="h")
ax_h.legend()
plt.show()
