# %% [markdown]
"""A limiter is a time-varying gain; tanh is a memoryless soft clipper

A tone gets ten times louder for a moment, then quiet again. A peak limiter turns
its gain down when the level rises and back up slowly afterwards, so the tone keeps
its shape but the output depends on the past. tanh looks only at the current
sample: it never changes its gain, it changes the waveform.
"""

# %%
# Parameters: the tone, the loud burst, and the limiter
import matplotlib.pyplot as plt
import numpy as np

audio_rate = 16_000  # samples per second
tone_hz = 200.0
quiet, loud = 0.3, 3.0  # tone amplitudes before/after and during the burst
burst = (0.3, 0.9)  # start and end of the loud part, in seconds
total_seconds = 1.4
ceiling = 0.9  # the limiter's output never exceeds this
release_ms = 150.0  # time constant with which the limiter's gain recovers
probe_ms = 50.0  # compare the two quiet parts this long after the burst
steady_seconds = 0.2  # measure distortion over the end of the burst, once the gain has settled

# %%
# Data: the tone with its loud burst
t = np.arange(round(total_seconds * audio_rate)) / audio_rate
amplitude = np.where((t >= burst[0]) & (t < burst[1]), loud, quiet)
x = amplitude * np.sin(2 * np.pi * tone_hz * t)

# %%
# Compute: the soft clipper (one sample at a time, no state) and a peak limiter
# (instant attack, exponential release: the gain remembers the recent peak)
soft = np.tanh(x)
release = np.exp(-1.0 / (release_ms * 1e-3 * audio_rate))
envelope = np.empty_like(x)
peak = 0.0
for n, sample in enumerate(np.abs(x)):
    peak = max(sample, peak * release)
    envelope[n] = peak
gain = ceiling / np.maximum(envelope, ceiling)  # 1 until the peak passes the ceiling
limited = gain * x

# %%
# Compute: memory. The same input sample before and after the burst (same phase,
# same amplitude) gives the same tanh output but a different limiter output.
before = round((burst[0] - 0.1) * audio_rate) + audio_rate // int(tone_hz) // 4  # a crest
after = before + round((burst[1] - burst[0] + 0.1 + probe_ms * 1e-3) * audio_rate)
probe_inputs = [float(x[before]), float(x[after])]
soft_output_change = float(abs(soft[after] - soft[before]))
limiter_output_change = float(abs(limited[after] - limited[before]))
limiter_gain_after = float(gain[after])
limiter_peak = float(np.max(np.abs(limited)))
parts = [t < burst[0], amplitude == loud, t >= burst[1] + probe_ms * 1e-3]  # before, during, after the burst
crest_in, crest_soft = ([float(np.max(y[part])) for part in parts] for y in (x, soft))  # each part's peak
print(f"same input {x[before]:.3f}: tanh changes by {soft_output_change}, limiter by {limiter_output_change:.3f}")

# %%
# Compute: distortion at the end of the burst, where the limiter's gain has settled
period = audio_rate // int(tone_hz)
steady = slice(round((burst[1] - steady_seconds) * audio_rate), round(burst[1] * audio_rate))


def thd(y):
    """RMS of harmonics 2, 3, ... over the fundamental, for a whole number of periods."""
    a = np.abs(np.fft.rfft(y))
    k1 = len(y) // period  # FFT bin of the fundamental
    return float(np.sqrt(np.sum(a[2 * k1 :: k1] ** 2)) / a[k1])


thd_limited = thd(limited[steady])
thd_soft = thd(soft[steady])
print(f"THD during the burst: limiter {thd_limited:.4f}, tanh {thd_soft:.3f}")

# %%
# Compute: the clips to listen to (scaled by one half, so both fit in [-1, 1])
audio_limited = 0.5 * limited
audio_soft = 0.5 * soft

# %%
# Listen: `python audio_limiter_vs_clipper.py --write-wav DIR` saves each clip as DIR/<name>.wav
import sys
import wave

clips = {name[6:]: y for name, y in globals().items() if name.startswith("audio_") and name != "audio_rate"}
print(f"{len(clips)} clips ({', '.join(clips)}); to hear them: python audio_limiter_vs_clipper.py --write-wav DIR")
if sys.argv[1:2] == ["--write-wav"]:  # this exact flag only: a notebook's kernel has arguments of its own
    for name, samples in clips.items():
        with wave.open(f"{sys.argv[2]}/{name}.wav", "wb") as wav:  # 16-bit mono, like the site's files
            wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(audio_rate)
            wav.writeframes(np.round(samples * 32767).astype("<i2").tobytes())

# %%
# Plot: the gain over time (top), and two periods inside the burst (bottom)
fig, (ax_g, ax_w) = plt.subplots(2, 1, figsize=(7, 6.4), layout="constrained")
ax_g.plot(t, amplitude / loud, linestyle="--", label=f"input level (÷{loud:g})")
ax_g.plot(t, gain, label="limiter gain")
ax_g.axvline(t[after], color="0.5", linestyle=":", linewidth=1)
ax_g.set(title="The limiter's gain moves; tanh has none", xlabel="time (s)", ylim=(0, 1.1))
ax_g.legend(loc="center left")

two = slice(steady.stop - 2 * period, steady.stop)
ms = (t[two] - t[two][0]) * 1e3
ax_w.plot(ms, x[two] / loud, linestyle="--", label=f"input ÷ {loud:g}")
ax_w.plot(ms, limited[two], label="limiter: a smaller sine")
ax_w.plot(ms, soft[two], linestyle="-.", label="tanh: a squarer wave")
ax_w.set(title="Inside the burst", xlabel="time (ms)", ylim=(-1.15, 1.9))
ax_w.legend(loc="upper center", ncol=2)
plt.show()
