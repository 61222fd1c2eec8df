"""Claims of "The derivative and gradient flow" (claims ledger A4, B2), asserted on the
measured values of examples/gradient_*.py. Bounds and thresholds are computed here, from
the measured quantities they bound, never read from the example."""

from __future__ import annotations

import math

import numpy as np
import pytest

DEPTH_ARMS = {"tanh": 1.0, "sigmoid": 0.25, "rewrite": 0.25, "centred": 0.25}  # arm: the largest slope of its f


def test_the_slopes_function_is_tanh(values):
    v = values("gradient_slopes")
    assert v["odd_max_error"] < 1e-15  # odd
    assert -1 < v["y_min"] < -0.9999 and 0.9999 < v["y_max"] < 1  # range (-1, 1), nearly reached on both sides
    assert v["slope_at_0_fd"] == pytest.approx(1.0, abs=1e-9)  # slope 1 at 0, by a central difference


def test_tanh_slope_is_four_sigmoid_slopes_at_twice_the_input(values):
    v = values("gradient_slopes")
    assert v["identity_max_error"] < 1e-15
    assert v["d_tanh_max"] == 4 * v["d_sigmoid_max"] == 1.0


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
    """Every measured norm, in every arm, at most (largest slope x |weights|)^L (Pascanu et
    al. 2013, §2.1), with |weights| the measured largest singular value."""
    v = values("gradient_depth_product")
    assert v["tanh_weight_norm"] == pytest.approx(1.0, rel=1e-12), "the page says: norm-preserving weights"
    for arm, gamma in DEPTH_ARMS.items():
        norms = np.array(v[f"{arm}_max_norms"])
        assert len(norms) == v["depth"] + 1
        bound = (gamma * v[f"{arm}_weight_norm"]) ** np.arange(v["depth"] + 1)
        assert np.all(norms <= bound * (1 + 1e-12)), arm
    assert v["sigmoid_final_median"] <= 0.25 ** v["depth"] * (1 + 1e-12)


def test_sigmoid_gradient_vanishes_at_nearly_its_bound(values):
    v = values("gradient_depth_product")
    assert 0.2 < v["sigmoid_final_median"] ** (1 / v["depth"]) <= 0.25
    assert 0.2 < v["mean_slope_sigmoid"] <= 0.25
    assert v["sigmoid_largest_slope"] <= 0.25


def test_tanh_gradient_survives_but_still_shrinks(values):
    v = values("gradient_depth_product")
    assert v["tanh_final_median"] / v["sigmoid_final_median"] > 1e20
    assert 0.1 < v["tanh_final_min"] <= v["tanh_final_median"] <= v["tanh_final_max"] < 0.5  # per-network medians
    assert 0.999 < v["tanh_largest_slope"] <= 1.0
    # the slopes are lowest next to the input, where the pre-activations are largest
    assert v["mean_slope_tanh_first"] < 0.8 < 0.95 < v["mean_slope_tanh_last"]


def test_sigmoid_at_the_rewrite_of_the_tanh_weights_keeps_the_tanh_gradient(values):
    """Control arm 1: the sigmoid network at input weights x2, hidden weights x4, biases
    -2 W 1 computes the tanh network (2 s - 1 = h) and, through the hidden layers, passes
    the same gradient norms: the gap to the plain sigmoid is the weights' scale."""
    v = values("gradient_depth_product")
    assert v["rewrite_state_error"] < 1e-13
    assert v["rewrite_norm_rel_diff"] < 1e-12
    assert v["rewrite_largest_slope"] <= 0.25  # it is a sigmoid: slopes at most 1/4 ...
    assert v["rewrite_weight_norm"] == pytest.approx(4 * v["tanh_weight_norm"], rel=1e-12)  # ... on weights 4 W
    assert v["rewrite_final_median"] / v["sigmoid_final_median"] > 1e20


def test_centring_alone_does_not_close_the_gap(values):
    """Control arm 2: sigma - 1/2 at the same weights is centred like tanh, with the sigmoid's
    slopes; it gains a small factor on the sigmoid and stays at 0.25^L."""
    v = values("gradient_depth_product")
    assert abs(v["centred_mean_state"]) < 0.01 and abs(v["tanh_mean_state"]) < 0.01
    assert abs(v["sigmoid_mean_state"] - 0.5) < 0.01
    assert v["centred_largest_slope"] <= 0.25
    assert 0.245 < v["centred_final_median"] ** (1 / v["depth"]) <= 0.25
    assert 1 < v["centred_final_median"] / v["sigmoid_final_median"] < 100
    assert v["tanh_final_median"] / v["centred_final_max"] > 1e20
    assert v["sigmoid_final_max"] < v["centred_final_min"]  # every network: centring helps a little


def test_slope_from_the_output_is_accurate_away_from_the_tails(values):
    v = values("gradient_float_tails")
    assert v["rel_error64_at_1"] < 1e-14


def test_float64_slope_is_exactly_zero_beyond_about_19(values):
    v = values("gradient_float_tails")
    threshold = 55 * math.log(2) / 2  # a correctly rounded tanh is 1 once 2 exp(-2x) < 2^-54
    assert abs(v["first_zero_x64"] - threshold) < 0.1 and v["nonzero_after_64"] == 0
    assert v["computed_at_20"] == 0.0
    assert v["exact_at_20"] == pytest.approx(1 / math.cosh(20.0) ** 2, rel=1e-12, abs=0) and v["exact_at_20"] > 0
    assert v["exact_at_first_zero_64"] > 0


def test_float32_slope_is_zero_much_earlier(values):
    v = values("gradient_float_tails")
    threshold = 13 * math.log(2)  # 2 exp(-2x) < 2^-25
    # measured through float64 -> float32 rounding: on the correctly rounded threshold
    assert abs(v["first_zero_x32"] - threshold) <= v["step"] + 1e-9 and v["nonzero_after_32"] == 0
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
