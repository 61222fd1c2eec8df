"""Claims of "The shape of tanh" (claims ledger A4, B2 and the A5 identities),
asserted on the values of examples/shape_curves.py and examples/shape_identities.py."""

from __future__ import annotations

import math

import pytest


def test_ranges(values):
    v = values("shape_curves")
    edge = math.tanh(v["x_max"])
    assert v["tanh_min"] == pytest.approx(-edge, rel=1e-12) and v["tanh_max"] == pytest.approx(edge, rel=1e-12)
    assert v["tanh_min"] == -v["tanh_max"], "odd: the range is symmetric on a symmetric grid"
    assert -1 < v["tanh_min"] < -0.9999 and 0.9999 < v["tanh_max"] < 1, "close to -1 and 1, never reaching them here"
    assert 0 < v["sigmoid_min"] < 0.01 and 0.99 < v["sigmoid_max"] < 1


def test_derivative_maxima(values):
    v = values("shape_curves")
    assert v["d_tanh_max"] == 1.0 and v["d_tanh_argmax"] == 0.0
    assert v["d_sigmoid_max"] == 0.25 and v["d_sigmoid_argmax"] == 0.0
    assert v["slope_ratio_at_0"] == 4.0


def test_crossover_where_the_sigmoid_slope_wins(values):
    v = values("shape_curves")
    crossover = v["crossover"]
    assert crossover == pytest.approx(1.66289, abs=1e-5)

    def gap(x):  # tanh'(x) - sigma'(x), evaluated here, independently of the example
        t, s = math.tanh(x), 1 / (1 + math.exp(-x))
        return (1 - t * t) - s * (1 - s)

    assert abs(gap(crossover)) < 1e-12
    inside = [crossover * k / 200 for k in range(200)]  # 0 <= x < crossover; both slopes are even
    outside = [crossover + 1e-3 + k * 0.05 for k in range(400)]  # up to |x| = 21.7
    assert all(gap(x) > 0 for x in inside), "tanh's slope is the larger one inside the crossover"
    assert all(gap(x) < 0 for x in outside), "the sigmoid's slope is the larger one outside"


def test_identity_and_symmetry(values):
    v = values("shape_identities")
    assert v["identity_max_error"] < 1e-15
    assert v["odd_max_error"] == 0.0
    assert v["tanh_at_0"] == 0.0 and v["sigmoid_at_0"] == 0.5


def test_taylor_polynomial_near_zero(values):
    v = values("shape_identities")
    assert v["taylor_max_error"] < 2 * v["taylor_radius"] ** 5 / 15, "inside the next term of the series"
    assert v["taylor_max_error"] < v["linear_max_error"] / 5


def test_saturation(values):
    v = values("shape_identities")
    level, x_sat = v["saturation_level"], v["saturation_x"]
    grid_step = 2 * v["x_max"] / (v["n_points"] - 1)
    # the measured onset is where tanh really crosses the level, to within one grid step
    assert math.tanh(x_sat) > level >= math.tanh(x_sat - grid_step * (1 - 1e-9))
    assert x_sat == pytest.approx(math.atanh(level), abs=grid_step)
    assert v["slope_at_saturation"] == pytest.approx(1 - math.tanh(x_sat) ** 2, rel=1e-9)
    assert v["slope_at_saturation"] < 0.02, "saturated: the slope has nearly vanished"
