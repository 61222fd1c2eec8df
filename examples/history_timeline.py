# %% [markdown]
"""A timeline of tanh in neural networks

From the late 1980s to about 2010, squashing activations (the logistic sigmoid and
tanh) were the default in hidden layers; the rectified linear unit took over in deep
feed-forward networks after 2010, while recurrent cells kept tanh. Every event on the
timeline carries the reference it comes from.
"""

# %%
# Data: (year, what happened, reference anchor on the References page, kind)
import matplotlib.pyplot as plt

events = [  # (year, label, reference, kind, height of the label: + above, - below)
    (1989, "LeCun et al.:\nbackprop on zip codes", "lecun-1989", "squashing", 0.45),
    (1992, "Kalman & Kwasny:\n\"Why tanh\"", "kalman-1992", "squashing", -0.45),
    (1994, "Bengio et al.: long-term\ndependencies are hard", "bengio-1994", "recurrent", 1.0),
    (1997, "LSTM", "hochreiter-1997", "recurrent", -1.0),
    (1998, "Efficient BackProp:\nsymmetric sigmoids", "lecun-1998", "squashing", 0.45),
    (2010, "Glorot & Bengio: sigmoid\nsaturates the top layer", "glorot-2010", "squashing", -0.45),
    (2010, "Nair & Hinton: ReLU", "nair-2010", "rectifier", 0.45),
    (2012, "Krizhevsky et al.: ReLU CNN,\n6× faster than tanh", "krizhevsky-2012", "rectifier", -1.05),
    (2013, "Pascanu et al.:\ngradient clipping", "pascanu-2013", "recurrent", 1.0),
    (2014, "GRU", "cho-2014", "recurrent", -0.45),
    (2015, "IRNN: ReLU RNN", "le-2015", "rectifier", 0.45),
    (2016, "GELU (with a\ntanh approximation)", "hendrycks-2016", "rectifier", -1.05),
]
styles = {  # kind -> (legend label, marker)
    "squashing": ("sigmoid / tanh era", "o"),
    "recurrent": ("recurrent networks", "s"),
    "rectifier": ("rectifiers and after", "^"),
}

# %%
# Compute: the values tests check against the References page
event_years = [year for year, *_ in events]
event_refs = ",".join(ref for _, _, ref, *_ in events)
event_labels = ";".join(text.replace("\n", " ") for _, text, *_ in events)
event_kinds = ",".join(kind for *_, kind, _ in events)
n_events = len(events)
first_year, last_year = min(event_years), max(event_years)
print(f"{n_events} events from {first_year} to {last_year}:", ", ".join(f"{styles[k][0]} {event_kinds.split(',').count(k)}" for k in styles))

# %%
# Plot: the events on a time axis, labels alternating above and below
fig, ax = plt.subplots(figsize=(8.5, 4.6))
ax.axhline(0, color="0.5", linewidth=1)
ax.axvspan(first_year - 1, 2010, color="0.93", zorder=0)
ax.text(first_year - 0.7, 1.45, "hidden layers: sigmoid and tanh", color="0.3")
ax.text(2010.3, 1.45, "hidden layers: ReLU and relatives", color="0.3")
shown = set()
for year, text, ref, kind, height in events:
    label, marker = styles[kind]
    ax.plot([year], [0], marker=marker, markersize=9, linestyle="none", color=f"C{list(styles).index(kind)}",
            label=None if kind in shown else label)
    shown.add(kind)
    ax.plot([year, year], [0, height], color="0.6", linewidth=0.8)
    ax.text(year, height, text, ha="center", va="bottom" if height > 0 else "top")
ax.set(xlim=(first_year - 1, last_year + 2), ylim=(-1.5, 1.65), yticks=[], xlabel="year",
       title="Squashing activations, then rectifiers; tanh stays inside recurrent cells")
ax.xaxis.set_major_locator(plt.MultipleLocator(2))
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3)
plt.show()
