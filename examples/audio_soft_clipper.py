# %% [markdown]
r"""tanh as a soft clipper: waveforms, odd harmonics and distortion

Drive a pure tone through \(y = \tanh(g x)\) and it comes out rounder at the top and
richer in sound. Because tanh is odd, only odd harmonics appear; a bias before tanh
breaks the symmetry and adds even ones. A hard clipper at the same drive is shown
for comparison, and four short clips let you hear the difference.
"""

# %%
# Parameters: the tone, the drives, and the listening clips
import matplotlib.pyplot as plt
import numpy as np

drives = [0.1, 0.5, 1.0, 2.0, 5.0, 10.0]  # gains g in y = tanh(g x)
spectrum_drive = 2.0  # the drive whose harmonics the spectrum shows
waveform_drives = [0.5, 2.0, 10.0]  # tanh drives drawn over one period
low_drive, high_drive = 2.0, 10.0  # drives of the listening clips (the hard clipper's: low_drive)
bias = 0.5  # added before tanh to break its odd symmetry: tanh(g x + bias)
n_per_period, n_harmonics_shown = 4096, 9  # samples of one period for the harmonic analysis; harmonics drawn
audio_rate, tone_hz = 16_000, 200.0  # samples per second of the clips; 80 samples per period, so harmonics land on bins
clip_seconds = 2.5  # long enough to hear the timbre; whole periods of the tone, so a clip loops without a seam
clip_rms = 0.25  # every clip is scaled to this RMS: you hear the timbre, not the volume

# %%
# Data: one period of a unit sine
phase = 2 * np.pi * np.arange(n_per_period) / n_per_period
sine = np.sin(phase)
def harmonics(y):
    """Amplitudes of harmonics 0, 1, 2, ... of one period y (index k = harmonic k)."""
    return np.abs(np.fft.rfft(y)) / (len(y) / 2)

def thd(amplitudes):
    """Total harmonic distortion: RMS of harmonics 2, 3, ... over the fundamental."""
    return float(np.sqrt(np.sum(amplitudes[2:] ** 2)) / amplitudes[1])

# %%
# Compute: distortion against drive, for tanh and for a hard clipper clip(g x, -1, 1)
thd_tanh = [thd(harmonics(np.tanh(g * sine))) for g in drives]
thd_hard = [thd(harmonics(np.clip(g * sine, -1, 1))) for g in drives]
thd_tanh_at_2, thd_hard_at_2 = thd_tanh[drives.index(2.0)], thd_hard[drives.index(2.0)]
thd_hard_below_clipping = max(t for g, t in zip(drives, thd_hard) if g <= 1)  # |g x| <= 1: untouched
small_drive = drives[0]
small_h3 = harmonics(np.tanh(small_drive * sine))
small_h3_ratio = float(small_h3[3] / small_h3[1])  # third harmonic over fundamental
small_h3_theory = small_drive**2 / 12  # from tanh(u) = u - u^3/3 + ... and sin^3 = (3 sin - sin 3)/4

# %%
# Compute: the spectrum in dB relative to the fundamental, at spectrum_drive, and harmonics 3 and 5 at every drive
def level_db(y):
    return 20 * np.log10(np.maximum(harmonics(y) / harmonics(y)[1], 1e-300))
tanh_db = level_db(np.tanh(spectrum_drive * sine))
hard_db = level_db(np.clip(spectrum_drive * sine, -1, 1))
biased_db = level_db(np.tanh(spectrum_drive * sine + bias))
even_max_db_tanh, even_max_db_hard = (float(np.max(db[2::2][:50])) for db in (tanh_db, hard_db))  # harmonics 2, 4, ..., 100
h2_db_biased = float(biased_db[2])
h3_db_tanh, h5_db_tanh = float(tanh_db[3]), float(tanh_db[5])
h3_db_hard, h5_db_hard = float(hard_db[3]), float(hard_db[5])
h3_db_tanh_by_drive, h5_db_tanh_by_drive = ([float(level_db(np.tanh(g * sine))[k]) for g in drives] for k in (3, 5))
h3_db_hard_by_drive, h5_db_hard_by_drive = ([float(level_db(np.clip(g * sine, -1, 1))[k]) for g in drives] for k in (3, 5))
explorer_inputs = {"sine": sine, "n_harmonics_shown": n_harmonics_shown, "audio_rate": audio_rate, "tone_hz": tone_hz,
                   "clip_rms": clip_rms}  # the page's explorer recomputes THD and levels from these, at any drive
print(f"THD at drive 2: tanh {thd_tanh_at_2:.3f}, hard clip {thd_hard_at_2:.3f}; tanh + bias: H2 at {h2_db_biased:.1f} dB")

# %%
# Compute: the listening clips (clean, tanh at two drives, hard clip)
t = np.arange(round(clip_seconds * audio_rate)) / audio_rate
tone = np.sin(2 * np.pi * tone_hz * t)  # starts at zero, ends a sample before zero: no click at either end

def clip(y):
    return clip_rms / np.sqrt(np.mean(y**2)) * y

audio_clean = clip(tone)
audio_tanh_drive2 = clip(np.tanh(low_drive * tone))
audio_tanh_drive10 = clip(np.tanh(high_drive * tone))
audio_hard_drive2 = clip(np.clip(low_drive * tone, -1, 1))
clip_peaks = [float(np.max(np.abs(a))) for a in (audio_clean, audio_tanh_drive2, audio_tanh_drive10, audio_hard_drive2)]

# %%
# Plot: one period of the waveforms (top) and the harmonic spectrum (bottom)
fig, (ax_w, ax_s) = plt.subplots(2, 1, figsize=(7, 6.8), layout="constrained")
cycles = phase / (2 * np.pi)
ax_w.plot(cycles, sine, label="input sin")
for g in waveform_drives:
    ax_w.plot(cycles, np.tanh(g * sine), label=f"tanh({g:g}·x)")
ax_w.plot(cycles, np.clip(low_drive * sine, -1, 1), label=f"hard clip, drive {low_drive:g}")
ax_w.set(title="One period through the clipper", xlabel="time (periods)", ylim=(-1.15, 1.15))
ax_w.legend(loc="lower left")
k = np.arange(1, n_harmonics_shown + 1)
for offset, (db, name, marker) in zip((-0.22, 0.0, 0.22), ((tanh_db, "tanh", "o"), (hard_db, "hard clip", "s"),
                                                            (biased_db, f"tanh + bias {bias}", "^"))):
    ax_s.vlines(k + offset, -100, db[k], colors="0.6", linewidth=1)
    ax_s.plot(k + offset, db[k], marker, linestyle="none", label=name)
ax_s.set(title=f"Harmonics at drive {spectrum_drive:g}", xlabel="harmonic number", ylabel="level (dB re fundamental)",
         ylim=(-100, 5), xticks=k)
ax_s.text(1.5, -95, "even harmonics of tanh and hard clip: below -200 dB")
ax_s.legend(loc="upper right")
plt.show()

# %%
# Plot: total harmonic distortion against drive
fig, ax = plt.subplots(figsize=(6, 3.6))
ax.plot(drives, thd_tanh, marker="o", label="tanh(g x)")
ax.plot(drives, thd_hard, marker="s", linestyle="--", label="hard clip(g x)")
ax.plot(drives[:3], [g**2 / 12 for g in drives[:3]], linestyle=":", label="small-signal g²/12")
ax.set(xscale="log", xlabel="drive g", ylabel="THD", title="Distortion grows smoothly with drive for tanh")
ax.legend()
plt.show()

# %%
# Listen: `python audio_soft_clipper.py --write-wav DIR` saves each clip as DIR/<name>.wav
import sys
import wave
clips = {name[6:]: y for name, y in globals().items() if name.startswith("audio_") and name != "audio_rate"}
print(f"{len(clips)} clips ({', '.join(clips)}); to hear them: python audio_soft_clipper.py --write-wav DIR")
if sys.argv[1:2] == ["--write-wav"]:  # this exact flag only: a notebook's kernel has arguments of its own
    for name, samples in clips.items():
        with wave.open(f"{sys.argv[2]}/{name}.wav", "wb") as wav:  # 16-bit mono, like the site's files
            wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(audio_rate)
            wav.writeframes(np.round(samples * 32767).astype("<i2").tobytes())
