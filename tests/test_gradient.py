"""Claims of "The derivative and gradient flow" (claims ledger A4, B2), asserted on the
values of examples/gradient_*.py."""

from __future__ import annotations

import math

import pytest


def test_tanh_slope_is_four_sigmoid_slopes_at_twice_the_input(values):
    v = values("gradient_slopes")
    assert v["identity_max_error"] < 1e-15
    assert v["ratio_at_0"] == 4.0


def test_tanh_slope_from_the_output_matches_finite_differences(values):
    v = values("gradient_slopes")
    assert v["fd_max_error"] < 1e-8


def test_tanh_slope_reaches_one_only_at_zero(values):
    v = values("gradient_slopes")
    assert v["d_tanh_max"] == 1.0 and v["d_tanh_argmax"] == 0.0
    assert v["points_at_max"] == 1
    assert v["second_largest_d_tanh"] < 1.0
    assert v["d_sigmoid_max"] == 0.25


def test_gradient_through_depth_stays_within_the_slope_bounds(values):
    v = values("gradient_depth_product")
    assert v["weight_gain"] == 1.0, "the bounds 1^L and 0.25^L assume norm-preserving weights"
    assert v["tanh_within_bound"] and v["sigmoid_within_bound"]
    assert v["sigmoid_final_median"] <= v["sigmoid_bound_final"] == pytest.approx(0.25 ** v["depth"])


def test_sigmoid_gradient_vanishes_at_nearly_its_bound(values):
    v = values("gradient_depth_product")
    assert 0.2 < v["sigmoid_per_layer"] <= 0.25
    assert 0.2 < v["mean_slope_sigmoid"] <= 0.25


def test_tanh_gradient_survives_but_still_shrinks(values):
    v = values("gradient_depth_product")
    assert v["tanh_final_median"] / v["sigmoid_final_median"] > 1e20
    assert 1e-3 < v["tanh_final_min"] <= v["tanh_final_max"] < 1.0
    # the slopes are lowest next to the input, where the pre-activations are largest
    assert v["mean_slope_tanh_first"] < 0.8 < 0.95 < v["mean_slope_tanh_last"]


def test_float64_slope_is_exactly_zero_beyond_about_19(values):
    v = values("gradient_float_tails")
    assert v["threshold_theory_64"] == pytest.approx(55 * math.log(2) / 2)
    assert abs(v["first_zero_x64"] - v["threshold_theory_64"]) < 0.1 and v["stays_zero_64"]
    assert v["computed_at_20"] == 0.0
    assert v["exact_at_20"] == pytest.approx(1 / math.cosh(20.0) ** 2, rel=1e-12) and v["exact_at_20"] > 0
    assert v["exact_at_first_zero_64"] > 0


def test_float32_slope_is_zero_much_earlier(values):
    v = values("gradient_float_tails")
    assert v["threshold_theory_32"] == pytest.approx(13 * math.log(2))
    # measured through float64 -> float32 rounding: matches the correctly rounded threshold
    assert abs(v["first_zero_x32"] - v["threshold_theory_32"]) <= v["step"] + 1e-9 and v["stays_zero_32"]
    assert v["first_zero_x32"] < 0.5 * v["first_zero_x64"]
    # NumPy's own float32 tanh: implementation-dependent, but in the same region
    assert 8.5 < v["first_zero_x32_numpy"] < 10.5


def test_a_saturated_unit_passes_no_gradient(values):
    v = values("gradient_float_tails")
    assert v["saturated_unit_grad_norm"] == 0.0
    assert 0 < v["exact_unit_grad_norm"] < 1e-15


def test_sigmoid_slope_lasts_about_twice_as_far(values):
    v = values("gradient_float_tails")
    # 1 / (1 + exp(-x)) rounds to 1 once exp(-x) < 2^-53
    assert v["sigmoid_first_zero_x64"] == pytest.approx(53 * math.log(2), abs=v["step"] + 1e-9)
    assert 1.8 < v["sigmoid_first_zero_x64"] / v["first_zero_x64"] < 2.1
