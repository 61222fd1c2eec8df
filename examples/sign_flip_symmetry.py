# %% [markdown]
r"""A hidden unit's sign means nothing: flip it and the network is the same

Negate the incoming weights and bias of one tanh hidden unit, and its outgoing
weights: because \(\tanh(-z) = -\tanh z\), the network computes exactly the same outputs.
The sigmoid has the same symmetry up to a bias shift, and a sigmoid network can be
rewritten exactly as a tanh network.
"""

# %%
# Parameters: a 5-16-3 network with random weights, and the unit to flip
import matplotlib.pyplot as plt
import numpy as np

n_in, n_hidden, n_out = 5, 16, 3
n_samples = 200
unit = 3  # the hidden unit whose sign we flip
rng = np.random.default_rng(0)

# %%
# Data: random inputs and random weights
X = rng.normal(size=(n_samples, n_in))
W1 = rng.normal(size=(n_in, n_hidden))
b1 = rng.normal(size=n_hidden)
W2 = rng.normal(size=(n_hidden, n_out))
b2 = rng.normal(size=n_out)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def network(act, W1, b1, W2, b2):
    hidden = act(X @ W1 + b1)
    return hidden, hidden @ W2 + b2


# %%
# Compute: flip one tanh unit (incoming weights, bias, outgoing weights)
flip = np.ones(n_hidden)
flip[unit] = -1.0
hidden, out = network(np.tanh, W1, b1, W2, b2)
hidden_flipped, out_flipped = network(np.tanh, W1 * flip, b1 * flip, W2 * flip[:, None], b2)
flip_tanh_max_diff = float(np.max(np.abs(out_flipped - out)))
unit_change = float(np.max(np.abs(hidden_flipped[:, unit] - hidden[:, unit])))  # the unit did change
unit_mirror_error = float(np.max(np.abs(hidden_flipped[:, unit] + hidden[:, unit])))  # ... into its negative
other_units_change = float(np.max(np.abs(np.delete(hidden_flipped - hidden, unit, axis=1))))
hidden_range = [float(hidden.min()), float(hidden.max())]  # tanh units reach both ends of (-1, 1)

# %%
# Compute: the same flip in a sigmoid network needs the next bias to absorb
# sigma(-z) = 1 - sigma(z): b2 gains the unit's old outgoing weights
_, out_sig = network(sigmoid, W1, b1, W2, b2)
_, out_sig_flipped = network(sigmoid, W1 * flip, b1 * flip, W2 * flip[:, None], b2 + W2[unit])
flip_sigmoid_max_diff = float(np.max(np.abs(out_sig_flipped - out_sig)))
_, out_sig_no_fix = network(sigmoid, W1 * flip, b1 * flip, W2 * flip[:, None], b2)
flip_sigmoid_without_bias_fix = float(np.max(np.abs(out_sig_no_fix - out_sig)))

# %%
# Compute: sigma(z) = (1 + tanh(z/2)) / 2, so halve the first layer, halve the
# outgoing weights and move half their sum into the output bias
_, out_as_tanh = network(np.tanh, W1 / 2, b1 / 2, W2 / 2, b2 + W2.sum(axis=0) / 2)
sigmoid_as_tanh_max_diff = float(np.max(np.abs(out_as_tanh - out_sig)))
print(f"tanh flip: {flip_tanh_max_diff}, sigmoid flip: {flip_sigmoid_max_diff:.1e}, "
      f"sigmoid as tanh: {sigmoid_as_tanh_max_diff:.1e}")

# %%
# Plot: the flipped unit is a mirror image (left); the outputs do not move (right)
fig, (ax_h, ax_o) = plt.subplots(1, 2, figsize=(8.5, 3.6))
z = X @ W1[:, unit] + b1[unit]
order = np.argsort(z)
ax_h.plot(z[order], hidden[order, unit], label=f"unit {unit}")
ax_h.plot(z[order], hidden_flipped[order, unit], linestyle="--", label=f"unit {unit}, flipped")
ax_h.set(title="The hidden unit changes sign", xlabel="original pre-activation z", ylabel="activation")
ax_h.legend()

ax_o.plot(out[:, 0], out_flipped[:, 0], "o", markersize=3, label="output 1, tanh net")
ax_o.plot(out_sig[:, 0], out_as_tanh[:, 0], "^", markersize=3, label="output 1, sigmoid net vs its tanh rewrite")
ax_o.set(title="The outputs do not", xlabel="before", ylabel="after")
ax_o.legend()
plt.show()
