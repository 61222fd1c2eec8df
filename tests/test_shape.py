"""Claims of "The shape of tanh" (claims ledger A4, B2 and the A5 identities),
asserted on the values of examples/shape_curves.py and examples/shape_identities.py."""

from __future__ import annotations

import math

import pytest


def test_ranges(values):
    v = values("shape_curves")
    edge = math.tanh(v["x_max"])
    assert v["tanh_min"] == pytest.approx(-edge, rel=1e-12) and v["tanh_max"] == pytest.approx(edge, rel=1e-12)
    assert -1 < v["tanh_min"] and v["tanh_max"] < 1, "tanh never reaches +-1 on this grid"
    assert 0 < v["sigmoid_min"] < 0.01 and 0.99 < v["sigmoid_max"] < 1


def test_derivative_maxima(values):
    v = values("shape_curves")
    assert v["d_tanh_max"] == 1.0 and v["d_tanh_argmax"] == 0.0
    assert v["d_sigmoid_max"] == 0.25 and v["d_sigmoid_argmax"] == 0.0
    assert v["slope_ratio_at_0"] == 4.0


def test_crossover_where_the_sigmoid_slope_wins(values):
    v = values("shape_curves")
    assert v["crossover"] == pytest.approx(1.66289, abs=1e-5)
    # The crossover solves 1 - tanh(x)^2 = sigma(x)(1 - sigma(x)); check it independently.
    t, s = math.tanh(v["crossover"]), 1 / (1 + math.exp(-v["crossover"]))
    assert abs((1 - t * t) - s * (1 - s)) < 1e-12
    assert v["tanh_slope_larger_inside"] and v["sigmoid_slope_larger_outside"]


def test_identity_and_symmetry(values):
    v = values("shape_identities")
    assert v["identity_max_error"] < 1e-15
    assert v["odd_max_error"] == 0.0
    assert v["tanh_at_0"] == 0.0 and v["sigmoid_at_0"] == 0.5


def test_taylor_polynomial_near_zero(values):
    v = values("shape_identities")
    assert v["taylor_max_error"] < v["next_term_bound"]
    assert v["taylor_max_error"] < v["linear_max_error"] / 5


def test_saturation(values):
    v = values("shape_identities")
    assert v["saturation_x"] == pytest.approx(math.atanh(v["saturation_level"]), rel=1e-12)
    assert v["slope_at_saturation"] == pytest.approx(1 - v["saturation_level"] ** 2)
    assert v["slope_at_saturation"] < 0.02
