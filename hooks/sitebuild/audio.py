"""Sound from an example: module-level ``audio_<name>`` arrays become WAV files.

An example that wants the reader to *hear* a signal keeps it as a module-level 1-D float
array ``audio_<name>`` with samples in [-1, 1], and the int sample rate ``audio_rate``.
The build saves each clip as 16-bit mono PCM with the standard-library ``wave`` module
(the bytes depend on the samples alone); a page plays it with
``<audio controls src="../audio/<stem>-<name>.wav">``.
"""

from __future__ import annotations

import io
import wave

import numpy as np

PREFIX = "audio_"
RATE_NAME = "audio_rate"
RATES = range(8_000, 48_001)  # allowed sample rates, in samples per second
MAX_SECONDS = 5.0  # longest clip (keeps the site small)


class AudioError(ValueError):
    """An ``audio_*`` name that cannot be saved as a clip; the message says why."""


def clips(namespace: dict) -> tuple[int, dict[str, np.ndarray]]:
    """The clips of an executed example, its numpy arrays ``audio_<name>``: ``(rate, {name:
    samples})``, ``rate`` 0 if there are none. Raises AudioError if a clip is not a 1-D float
    array of finite samples in [-1, 1], if ``audio_rate`` is missing or not an int in
    :data:`RATES`, or if a clip is longer than :data:`MAX_SECONDS`.
    """
    found = {name[len(PREFIX):]: value for name, value in sorted(namespace.items())
             if name.startswith(PREFIX) and isinstance(value, np.ndarray)}
    if not found:
        return 0, {}
    rate = namespace.get(RATE_NAME)
    if isinstance(rate, bool) or not isinstance(rate, (int, np.integer)) or int(rate) not in RATES:
        raise AudioError(
            f"audio clips {', '.join(PREFIX + n for n in found)} need `{RATE_NAME}` = an int sample rate "
            f"between {RATES.start} and {RATES.stop - 1}, got {rate!r}"
        )
    rate = int(rate)
    for name, samples in found.items():
        where = f"{PREFIX}{name}"
        if samples.ndim != 1 or samples.dtype.kind != "f" or samples.size == 0:
            raise AudioError(f"{where} must be a non-empty 1-D float array (mono), got {samples.dtype} {samples.shape}")
        if not np.all(np.isfinite(samples)) or np.max(np.abs(samples)) > 1.0:
            raise AudioError(f"{where} must hold finite samples in [-1, 1]; scale it before the end of the example")
        if samples.size > MAX_SECONDS * rate:
            raise AudioError(f"{where} lasts {samples.size / rate:.2f} s; clips are at most {MAX_SECONDS:g} s")
    return rate, found


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """One clip as a WAV file: 16-bit PCM, mono, ``rate`` samples per second; ``samples``
    (shape ``(n,)``, floats in [-1, 1]) become the levels ``round(32767 * s)``."""
    pcm = np.round(np.asarray(samples, dtype=np.float64) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def wav_files(namespace: dict) -> dict[str, bytes]:
    """``{"audio/<name>.wav": bytes}`` for every clip of an executed example (see :func:`clips`)."""
    rate, found = clips(namespace)
    return {f"audio/{name}.wav": wav_bytes(samples, rate) for name, samples in found.items()}
