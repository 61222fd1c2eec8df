"""Claims of "A soft clipper, not a limiter" (claims ledger A6, X5), asserted on the values
of examples/audio_soft_clipper.py and examples/audio_limiter_vs_clipper.py."""

from __future__ import annotations

import math

import mpmath
import pytest


def _harmonic(shaper, drive: float, k: int) -> float:
    """Amplitude of harmonic k (odd) of shaper(drive sin t) for an odd `shaper` (mpmath
    function), from its Fourier integral over a quarter period (half-wave symmetry)."""
    mpmath.mp.dps = 30
    return float(4 / mpmath.pi * mpmath.quad(lambda t: shaper(drive * mpmath.sin(t)) * mpmath.sin(k * t),
                                             [0, mpmath.pi / 2]))


def test_only_odd_harmonics_for_symmetric_input(values):
    v = values("audio_soft_clipper")
    assert v["even_max_db_tanh"] < -200, "tanh is odd: a sine through it has no even harmonics"
    assert v["even_max_db_hard"] < -200
    # The odd ones are tanh's: its Fourier series at the spectrum's drive, to 0.0001 dB.
    g = v["spectrum_drive"]
    b1, b3, b5 = (_harmonic(mpmath.tanh, g, k) for k in (1, 3, 5))
    assert v["h3_db_tanh"] == pytest.approx(20 * math.log10(abs(b3) / b1), abs=1e-4)
    assert v["h5_db_tanh"] == pytest.approx(20 * math.log10(abs(b5) / b1), abs=1e-4)
    assert v["h3_db_tanh"] > -30 and v["h5_db_tanh"] > -40, "odd harmonics are clearly there"


def test_bias_creates_even_harmonics(values):
    v = values("audio_soft_clipper")
    assert v["h2_db_biased"] > -40, "an asymmetric input must produce a clear second harmonic"
    assert v["h2_db_biased"] > v["even_max_db_tanh"] + 150, "the bias, not the shaper, makes the even harmonics"


def test_small_signal_third_harmonic(values):
    v = values("audio_soft_clipper")
    g = v["small_drive"]
    exact = _harmonic(mpmath.tanh, g, 3) / _harmonic(mpmath.tanh, g, 1)
    assert v["small_h3_ratio"] == pytest.approx(abs(exact), rel=1e-6), "tanh's own third harmonic"
    assert v["small_h3_ratio"] == pytest.approx(g * g / 12, rel=0.01), "the small-signal rule g^2/12 holds"
    # At small drive nearly all the distortion is the third harmonic.
    assert v["thd_tanh"][0] == pytest.approx(v["small_h3_ratio"], rel=1e-3)


def test_thd_grows_with_drive_and_hard_clipper_is_clean_until_it_clips(values):
    v = values("audio_soft_clipper")
    drives, thd_tanh, thd_hard = zip(*sorted(zip(v["drives"], v["thd_tanh"], v["thd_hard"])))
    assert all(a < b for a, b in zip(thd_tanh, thd_tanh[1:])), "tanh's THD rises with every step of drive"
    assert thd_tanh[0] > 1e-4, "tanh distorts even at the smallest drive"
    assert v["thd_hard_below_clipping"] < 1e-12, "a hard clipper does not touch a tone that stays below 1"
    assert all(h > t for g, h, t in zip(drives, thd_hard, thd_tanh) if g > 1), "hard clipping is harsher"


def _hard_clip_harmonic(drive: float, k: int) -> float:
    """Amplitude of harmonic k (odd) of clip(drive sin t, -1, 1), from its Fourier integral
    (split where the clipper's corner makes the integrand non-smooth)."""
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
    # The soft arm is tanh itself: at the crests of the quiet and the loud tone it gives
    # tanh of the input, short of 1 even at the loud crest (a hard clip would give 1).
    for x, y in zip(v["crest_in"], v["crest_soft"]):
        assert y == pytest.approx(math.tanh(x), rel=1e-12), f"the soft clipper maps {x} to {y}, not to tanh({x})"
    assert max(v["crest_in"]) > 2 and max(v["crest_soft"]) < 1


def test_limiter_has_memory_tanh_has_none(values):
    v = values("audio_limiter_vs_clipper")
    before, after = v["probe_inputs"]
    assert before == after != 0, "the two probe samples must have the same input value"
    assert v["limiter_output_change"] > 0.1, "the limiter's gain is still recovering after the burst"
    assert v["limiter_gain_after"] < 0.9
    # tanh gives the same output for the same input before, during and after the burst:
    # tanh of the current sample, whatever came before it.
    quiet_before, _, quiet_after = v["crest_in"]
    assert quiet_before == quiet_after
    for x, y in zip(v["crest_in"], v["crest_soft"]):
        assert y == pytest.approx(math.tanh(x), rel=1e-12)
