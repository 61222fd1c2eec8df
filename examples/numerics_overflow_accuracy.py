# %% [markdown]
r"""Four ways to compute tanh, and how accurate each one is

The textbook formula overflows to NaN for large \(x\); the sigmoid form \(2\sigma(2x) - 1\)
loses its relative accuracy near 0 by subtracting two nearly equal numbers; a form
built on expm1 and the library's np.tanh stay accurate everywhere. Relative errors
are measured in float32 against float64 np.tanh, and in float64 against the expm1 form.
"""

# %%
# Parameters: a log-spaced grid of positive x (tanh is odd, so x > 0 is enough)
import matplotlib.pyplot as plt
import numpy as np

x_min, x_max, n_points = 1e-12, 20.0, 400
probe_x = 1e-10  # a small input at which to quote the sigmoid form's error

# %%
# The four forms, each computed in the dtype of its input
def naive(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def via_sigmoid(x):
    return 2 / (1 + np.exp(-2 * x)) - 1


def via_expm1(x):
    e = np.expm1(-2 * np.abs(x))  # e^(-2|x|) - 1, accurate even when tiny
    return -np.sign(x) * e / (2 + e)


forms = {"naive (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)": naive, "2σ(2x) − 1": via_sigmoid, "expm1 form": via_expm1, "np.tanh": np.tanh}

# %%
# Compute: relative errors on the grid. float32 results are compared with float64
# np.tanh of the same float32 inputs; float64 results with the float64 expm1 form.
x64 = np.logspace(np.log10(x_min), np.log10(x_max), n_points)
x32 = x64.astype(np.float32)
reference32 = np.tanh(x32.astype(np.float64))
reference64 = via_expm1(x64)
errors32, errors64 = {}, {}
with np.errstate(over="ignore", invalid="ignore"):  # overflow is part of what we measure
    for name, form in forms.items():
        errors32[name] = np.abs(form(x32).astype(np.float64) - reference32) / reference32
        errors64[name] = np.abs(form(x64) - reference64) / reference64
naive_max_error32, sigmoid_form_max_error32, expm1_max_error32, np_tanh_max_error32 = (
    float(np.nanmax(e)) for e in errors32.values())
naive_max_error64, sigmoid_form_max_error64, _, np_tanh_max_error64 = (float(np.nanmax(e)) for e in errors64.values())
sigmoid_form_error_at_probe = float(abs(via_sigmoid(probe_x) - via_expm1(probe_x)) / via_expm1(probe_x))

# %%
# Compute: where the naive formula first returns NaN (e^x overflows to inf, inf/inf = NaN)
with np.errstate(over="ignore", invalid="ignore"):
    grid32 = np.arange(80, 100, 1e-3, dtype=np.float32)
    naive_nan_from_float32 = float(grid32[np.argmax(np.isnan(naive(grid32)))])
    grid64 = np.arange(700, 720, 1e-3)
    naive_nan_from_float64 = float(grid64[np.argmax(np.isnan(naive(grid64)))])
log_max_float32 = float(np.log(np.finfo(np.float32).max))  # e^x overflows just above this
log_max_float64 = float(np.log(np.finfo(np.float64).max))
tanh_at_nan_float32 = float(np.tanh(np.float32(naive_nan_from_float32)))
print(f"naive NaN from x = {naive_nan_from_float32:.3f} (float32), {naive_nan_from_float64:.3f} (float64)")
print(f"2 sigma(2x) - 1 at x = {probe_x:g}: relative error {sigmoid_form_error_at_probe:.2e}")

# %%
# Plot: relative error against x, in float32 (left) and float64 (right)
fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.8), sharey=True)
markers = ["o", "s", "^", "D"]
for ax, x, errors, eps, title in (
    (axes[0], x32, errors32, np.finfo(np.float32).eps, "float32 (reference: float64 np.tanh)"),
    (axes[1], x64, errors64, np.finfo(np.float64).eps, "float64 (reference: expm1 form)"),
):
    for (name, e), marker in zip(errors.items(), markers):
        if ax is axes[1] and name == "expm1 form":
            continue  # the float64 reference itself
        shown = np.maximum(e, 1e-18)  # exact results drawn at the bottom edge
        ax.loglog(x, shown, marker=marker, markersize=2.5, linestyle="none", label=name, rasterized=True)
    ax.axhline(eps, color="0.5", linestyle=":", linewidth=1)
    ax.text(x_min * 2, eps * 2, "machine epsilon")
    ax.set(title=title, xlabel="x", ylim=(1e-18, 10))
axes[0].set_ylabel("relative error")
fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, markerscale=2)
plt.show()
