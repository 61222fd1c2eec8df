"""Claims of "A soft clipper, not a limiter" (claims ledger A6, X5), asserted on the values
of examples/audio_soft_clipper.py and examples/audio_limiter_vs_clipper.py."""

from __future__ import annotations

import math

import mpmath
import pytest


def test_only_odd_harmonics_for_symmetric_input(values):
    v = values("audio_soft_clipper")
    assert v["even_max_db_tanh"] < -200, "tanh is odd: a sine through it has no even harmonics"
    assert v["even_max_db_hard"] < -200
    assert v["h3_db_tanh"] > -30 and v["h5_db_tanh"] > -40, "odd harmonics are clearly there at drive 2"
    assert v["h3_db_tanh"] > v["h5_db_tanh"]


def test_bias_creates_even_harmonics(values):
    v = values("audio_soft_clipper")
    assert v["bias"] != 0
    assert v["h2_db_biased"] > -40, "an asymmetric input must produce a clear second harmonic"


def test_small_signal_third_harmonic(values):
    v = values("audio_soft_clipper")
    g = v["small_drive"]
    assert v["small_h3_theory"] == pytest.approx(g * g / 12)
    assert v["small_h3_ratio"] == pytest.approx(v["small_h3_theory"], rel=0.01)
    # At small drive nearly all the distortion is the third harmonic.
    assert v["thd_tanh"][0] == pytest.approx(v["small_h3_ratio"], rel=1e-3)


def test_thd_grows_with_drive_and_hard_clipper_is_clean_until_it_clips(values):
    v = values("audio_soft_clipper")
    thd_tanh, thd_hard, drives = v["thd_tanh"], v["thd_hard"], v["drives"]
    assert drives == sorted(drives)
    assert all(a < b for a, b in zip(thd_tanh, thd_tanh[1:])), "tanh's THD rises with every step of drive"
    assert thd_tanh[0] > 1e-4, "tanh distorts even at the smallest drive"
    assert v["thd_hard_below_clipping"] < 1e-12, "a hard clipper does not touch a tone that stays below 1"
    assert all(h > t for g, h, t in zip(drives, thd_hard, thd_tanh) if g > 1), "hard clipping is harsher"


def _hard_clip_harmonic(drive: float, k: int) -> float:
    """Amplitude of harmonic k (odd) of clip(drive sin t, -1, 1), from its Fourier integral."""
    mpmath.mp.dps = 30
    tc = mpmath.asin(1 / mpmath.mpf(drive))
    inner = mpmath.quad(lambda t: drive * mpmath.sin(t) * mpmath.sin(k * t), [0, tc])
    outer = mpmath.quad(lambda t: mpmath.sin(k * t), [tc, mpmath.pi / 2])
    return float(4 / mpmath.pi * (inner + outer))


def test_hard_clipper_harmonics_match_fourier_series(values):
    v = values("audio_soft_clipper")
    g = v["spectrum_drive"]
    b1, b3, b5 = (_hard_clip_harmonic(g, k) for k in (1, 3, 5))
    # The example samples one period at n_per_period points; the clipper's corners alias a
    # little, far below 0.001 dB.
    assert v["h3_db_hard"] == pytest.approx(20 * math.log10(abs(b3) / b1), abs=1e-3)
    assert v["h5_db_hard"] == pytest.approx(20 * math.log10(abs(b5) / b1), abs=1e-3)


def test_limiter_keeps_the_waveform_tanh_distorts_it(values):
    v = values("audio_limiter_vs_clipper")
    assert v["thd_limited"] < 0.02, "a settled limiter only scales the tone"
    assert v["thd_soft"] > 10 * v["thd_limited"]
    assert v["limiter_peak"] <= v["ceiling"] + 1e-12


def test_limiter_has_memory_tanh_has_none(values):
    v = values("audio_limiter_vs_clipper")
    assert v["same_input"], "the two probe samples must have the same input value"
    assert v["soft_output_change"] == 0.0, "tanh is memoryless: same input, same output"
    assert v["limiter_output_change"] > 0.1, "the limiter's gain is still recovering after the burst"
    assert v["limiter_gain_after"] < 0.9
