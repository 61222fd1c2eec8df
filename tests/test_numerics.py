"""Claims of "Computing tanh" (claims ledger X2, and A4's floating-point tails), asserted on
the values of examples/numerics_overflow_accuracy.py and examples/numerics_float_saturation.py.

mpmath (a test-only dependency) is the high-precision reference: the examples may use
numpy only, so they measure against float64 forms, and these tests check those
references and the examples' numbers against 50-digit arithmetic.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

mpmath.mp.dps = 50


def _tanh_exact(x: float):
    return mpmath.tanh(mpmath.mpf(float(x)))


def _rel_err(approx: float, x: float) -> float:
    exact = _tanh_exact(x)
    return float(abs(mpmath.mpf(float(approx)) - exact) / exact)


def _grid(v):
    return np.logspace(np.log10(v["x_min"]), np.log10(v["x_max"]), v["n_points"])


def _via_expm1(x):
    e = np.expm1(-2 * np.abs(x))
    return -np.sign(x) * e / (2 + e)


def test_references_are_accurate_against_high_precision(values):
    """The example's float64 reference (expm1 form) and float64 np.tanh are within a few
    units of rounding of the true tanh on its whole grid, so the errors it reports above
    ~1e-15 are real."""
    v = values("numerics_overflow_accuracy")
    x = _grid(v)
    eps = np.finfo(np.float64).eps
    assert max(_rel_err(y, xi) for y, xi in zip(_via_expm1(x), x)) < 4 * eps
    assert max(_rel_err(y, xi) for y, xi in zip(np.tanh(x), x)) < 4 * eps
    assert v["np_tanh_max_error64"] < 4 * eps


def test_sigmoid_form_cancels_near_zero(values):
    v = values("numerics_overflow_accuracy")
    x = v["probe_x"]
    true_error = _rel_err(2 / (1 + math.exp(-2 * x)) - 1, x)
    assert true_error > 1e-8, "2 sigma(2x) - 1 keeps only a few digits near 0"
    assert v["sigmoid_form_error_at_probe"] == pytest.approx(true_error, rel=1e-6)
    assert v["sigmoid_form_max_error64"] > 1e-6 and v["naive_max_error64"] > 1e-6


def test_float32_errors(values):
    v = values("numerics_overflow_accuracy")
    eps32 = float(np.finfo(np.float32).eps)
    assert v["naive_max_error32"] == 1.0 and v["sigmoid_form_max_error32"] == 1.0, "both return 0 for tiny x"
    assert v["expm1_max_error32"] < 2 * eps32
    assert v["np_tanh_max_error32"] < eps32


def test_naive_formula_overflows_where_exp_does(values):
    v = values("numerics_overflow_accuracy")
    # e^x overflows just above ln(largest float): 88.72 in float32, 709.78 in float64
    assert v["naive_nan_from_float32"] == pytest.approx(math.log(float(np.finfo(np.float32).max)), abs=2e-3)
    assert v["naive_nan_from_float64"] == pytest.approx(math.log(np.finfo(np.float64).max), abs=2e-3)
    assert v["tanh_at_nan_float32"] == 1.0


def test_correctly_rounded_thresholds(values):
    v = values("numerics_float_saturation")
    assert v["threshold_float32"] == pytest.approx(13 * math.log(2), abs=1e-7)
    assert v["threshold_float64"] == pytest.approx(27.5 * math.log(2), abs=1e-12)
    # float32, through float64-to-float32 rounding (float64 tanh is far more precise)
    assert v["rounded_below_float32"] < 1.0 and v["rounded_above_float32"] == 1.0
    t32 = v["threshold_float32"]
    assert float(np.float32(float(_tanh_exact(t32 - 1e-6)))) < 1.0
    assert float(np.float32(float(_tanh_exact(t32 + 1e-6)))) == 1.0
    # float64, through correctly rounded conversion of the 50-digit value
    t64 = v["threshold_float64"]
    assert float(_tanh_exact(t64 - 1e-9)) < 1.0
    assert float(_tanh_exact(t64 + 1e-9)) == 1.0


def test_library_thresholds_are_near_the_mathematical_ones(values):
    v = values("numerics_float_saturation")
    # What the page says of this NumPy: its float32 tanh switches to 1 later than a
    # correctly rounded one (by less than 1), its float64 tanh slightly earlier: within one
    # unit of rounding, i.e. where 1 - tanh(x) ~ 2 e^(-2x) is still above half a unit,
    # which is at most ln(2)/2 before the correctly rounded threshold. Implementation-
    # dependent: another libm may differ, and then the page must change with it.
    assert 0 < v["numpy_ones_from_float32"] - v["threshold_float32"] < 1.0
    assert 0 < v["threshold_float64"] - v["numpy_ones_from_float64"] < math.log(2) / 2


def test_saturated_gradient_is_exactly_zero(values):
    v = values("numerics_float_saturation")
    assert v["gradient32_at_probe"] == 0.0 and v["gradient64_at_probe"] == 0.0
    # the example's exact reference sech(x)^2 is exact: against 50-digit arithmetic
    for probe, exact in (("probe_float32", "exact_gradient_at_probe32"), ("probe_float64", "exact_gradient_at_probe64")):
        assert v[exact] == pytest.approx(float(mpmath.sech(v[probe]) ** 2), rel=1e-12)
    # The same through correct rounding, independent of NumPy's tanh:
    y32 = np.float32(float(_tanh_exact(v["probe_float32"])))
    assert y32 == 1.0 and 1 - y32 * y32 == 0.0
    y64 = float(_tanh_exact(v["probe_float64"]))
    assert y64 == 1.0 and 1 - y64 * y64 == 0.0
    # Just before the drop, float32's 1 - y^2 is 1 - (1 - 2^-24)^2, far above the true slope.
    assert v["gradient32_last_nonzero"] == pytest.approx(1 - (1 - 2.0**-24) ** 2, rel=1e-6)
    assert v["gradient32_last_nonzero"] > 5 * v["exact_gradient_there"]
