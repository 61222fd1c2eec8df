"""Claims of "Saturation and initialisation" (claims ledger B3, B4, X3, X4), asserted on the
measured values of examples/init_glorot_controls.py, init_glorot_saturation.py,
init_deep_stack.py and init_lecun_scaled_tanh.py. No test re-checks an example's own
constants: each compares what the example measured with what the page claims."""

from __future__ import annotations

import math

import numpy as np
import pytest

ARMS = ("tanh", "sigmoid", "rewrite", "centred")


def fraction_beyond(percentiles, threshold):
    """Fraction of a sample above ``threshold``, from its percentiles 0, 2, ..., 100."""
    return 1 - float(np.interp(threshold, percentiles, np.arange(0, 101, 2))) / 100


# --- B3: the controlled comparison (init_glorot_controls) ----------------------------------------


def test_rewritten_sigmoid_network_computes_the_tanh_network(values):
    """The control arm really is the tanh network in sigmoid coordinates: same logits, s = (1 + h)/2."""
    v = values("init_glorot_controls")
    assert v["rewrite_max_logit_diff"] < 1e-12
    assert v["rewrite_max_state_diff"] < 1e-12


def test_glorot_backprop_matches_finite_differences(values):
    v = values("init_glorot_controls")
    assert v["grad_check_max_rel_error"] < 1e-6
    assert v["wrong_grad_rel_error"] > 0.05, "dropping f' must fail the same check in every arm"


def test_uncontrolled_gap_is_large(values):
    """Before the controls: from the same standard initialisation the sigmoid network stays at
    chance at every rate of the grid, the tanh network learns."""
    v = values("init_glorot_controls")
    assert v["gap_same_rate"] > 0.3 and v["gap_best_rate"] > 0.3
    assert max(v["sigmoid_accuracy_by_rate"]) < v["majority_accuracy"] + 0.03
    assert v["tanh_range"][0] > v["sigmoid_range"][1], "every tanh seed beats every sigmoid seed"


def test_rewrite_control_erases_most_of_the_gap(values):
    """After the controls: started at the exact rewrite of tanh's weights, the sigmoid network
    comes within a few points of tanh; tanh keeps a small lead."""
    v = values("init_glorot_controls")
    assert v["rewrite_accuracy"] > v["majority_accuracy"] + 0.3
    assert 0 < v["gap_rewrite"] < 0.15 * v["gap_best_rate"]
    assert v["rewrite_loss"] < v["sigmoid_loss"] - 0.5 and v["rewrite_loss"] > v["tanh_loss"]


def test_centred_sigmoid_at_tanh_weights_starts_with_a_vanishing_signal(values):
    """sigma - 1/2 has slope 1/4 at 0: at tanh's weights its top layer starts almost silent, and
    it needs a much larger rate and still trails tanh."""
    v = values("init_glorot_controls")
    assert v["centred_init_top_std"] < 0.02 * v["tanh_init_top_std"]
    assert v["centred_best_rate"] > 10 * v["tanh_best_rate"]
    assert v["majority_accuracy"] + 0.05 < v["centred_accuracy"] < v["tanh_accuracy"] - 0.2


def test_each_arm_is_judged_at_its_best_rate(values):
    """The rate picked on the probe set is (nearly) the best on the test set too, and for the arms
    that learn it lies inside the grid, not at its edge."""
    v = values("init_glorot_controls")
    rates = v["learning_rates"]
    for arm in ARMS:
        by_rate = v[f"{arm}_accuracy_by_rate"]
        assert v[f"{arm}_accuracy"] >= max(by_rate) - 0.03, arm
        low, high = v[f"{arm}_range"]
        assert low <= v[f"{arm}_accuracy"] <= high, arm
    for arm in ("tanh", "rewrite", "centred"):
        assert rates[0] < v[f"{arm}_best_rate"] < rates[-1], f"{arm}: best rate at the edge of the grid"


# --- B4: saturation dynamics (init_glorot_saturation) --------------------------------------------


def test_sigmoid_coordinates_drive_the_top_layer_toward_zero(values):
    """The plain sigmoid at 0.1 (the earlier run's rate) and above, and the sigmoid started at the
    rewrite of tanh's weights at its best rate: the top layer's mean falls from 1/2 toward 0."""
    v = values("init_glorot_saturation")
    rates = v["learning_rates"]
    lower, top = v["sigmoid_layer_means_same_rate"][:-1], v["sigmoid_layer_means_same_rate"][-1]
    assert top < 0.4 and min(lower) > 0.45
    assert all(m < 0.1 for r, m in zip(rates, v["sigmoid_top_mean_by_rate"]) if r >= 0.5)
    rewrite = v["rewrite_layer_means"]
    assert rewrite[-1] < 0.3 and rewrite[-1] == min(rewrite)
    assert v["rewrite_max_logit_diff"] < 1e-5, "the rewrite arm starts as the tanh network (float32)"


def test_centred_arms_stay_centred(values):
    v = values("init_glorot_saturation")
    for arm in ("tanh", "centred"):
        assert max(abs(m) for m in v[f"{arm}_top_mean_by_rate"]) < 0.1, arm
        assert max(abs(m) for m in v[f"{arm}_layer_means"]) < 0.05, arm


def test_tanh_saturates_too_in_every_layer(values):
    """At tanh's best rate a few percent of the units of every layer are saturated, with no
    strong ordering by layer."""
    v = values("init_glorot_saturation")
    s = v["tanh_saturated"]
    assert min(s) > 0.02 and max(s) < 2 * min(s)


def test_saturated_fraction_is_measured_against_the_stated_threshold(values):
    """The page calls a tanh unit saturated when tanh'(a) = 1 - tanh(a)^2 < 1/10, i.e.
    |a| > atanh(sqrt(0.9)); recompute the fraction from the measured pre-activations."""
    v = values("init_glorot_saturation")
    threshold = math.atanh(math.sqrt(0.9))
    assert v["tanh_top_saturated"] == pytest.approx(fraction_beyond(v["tanh_top_abs_preact_percentiles"], threshold), abs=0.01)


# --- X4: a deep tanh stack at initialisation (init_deep_stack) -----------------------------------


def test_tiny_weights_kill_the_signal(values):
    v = values("init_deep_stack")
    assert v["tiny_stds"][-1] < 1e-6
    # tanh is linear near 0: each layer multiplies the spread by the same factor, far below 1
    ratios = [b / a for a, b in zip(v["tiny_stds"], v["tiny_stds"][1:])]
    assert max(ratios) < 0.3 and max(ratios) - min(ratios) < 0.01


def test_glorot_weights_have_variance_two_over_fan_in_plus_fan_out(values):
    """Measured on the weights used: Var(w) = 2 / (256 + 256), so layer 1's pre-activations keep
    the unit variance of the inputs."""
    v = values("init_deep_stack")
    assert v["glorot_weight_std"] == pytest.approx(math.sqrt(2 / (256 + 256)), rel=0.01)
    assert v["glorot_first_pre_std"] == pytest.approx(1.0, abs=0.02)


def test_glorot_shrinks_slowly(values):
    v = values("init_deep_stack")
    s = v["glorot_stds"]
    assert all(b < a for a, b in zip(s, s[1:])), "the spread shrinks at every layer"
    assert 0.15 < s[-1] < 0.35 and v["glorot_decay"] < 0.5


def test_gain_five_thirds_keeps_the_spread(values):
    """PyTorch's calculate_gain('tanh') = 5/3, measured on the weights used, keeps layers 5-10 at
    nearly the same spread, at the price of more units near +-1."""
    v = values("init_deep_stack")
    assert v["gain_weight_std"] / v["glorot_weight_std"] == pytest.approx(5 / 3, rel=0.001)
    s = v["gain_stds"]
    assert max(s[4:]) - min(s[4:]) < 0.02, "layers 5-10 have nearly the same spread"
    assert 0.55 < s[-1] < 0.75
    assert v["saturated_gain"] > v["saturated_glorot"] + 0.05, "the price: more units near +-1"


def test_saturated_fractions_use_the_stated_level(values):
    """The page counts |h| > 0.95 as saturated: recompute from the measured layer-10 activations."""
    v = values("init_deep_stack")
    for name in ("glorot", "gain"):
        assert v[f"saturated_{name}"] == pytest.approx(fraction_beyond(v[f"{name}_last_abs_percentiles"], 0.95), abs=0.01)


# --- X3: LeCun's scaled tanh (init_lecun_scaled_tanh) --------------------------------------------


def test_lecun_f_of_one(values):
    """LeCun: f(1) = 1. It holds to the five digits of 1.7159, and not exactly."""
    v = values("init_lecun_scaled_tanh")
    assert v["f_at_1"] != 1.0 and abs(v["f_at_1"] - 1) < 1e-5
    assert v["exact_amplitude"] * math.tanh(2 / 3) == pytest.approx(1, abs=1e-12)
    assert abs(v["exact_amplitude"] - 1.7159) < 1e-4


def test_lecun_second_derivative_peaks_near_but_not_at_one(values):
    """LeCun: |f''| is largest at x = 1. Measured from f's second differences: near 1, not at it."""
    v = values("init_lecun_scaled_tanh")
    assert 0.01 < 1 - v["argmax_f2_grid"] < 0.02
    assert v["argmax_f2_grid"] == pytest.approx(v["argmax_f2_exact"], abs=2e-4), "grid and formula agree"


def test_lecun_gain_and_output_variance(values):
    """LeCun: an overall gain near 1. Measured: f'(0) about 1.14, and Var f(z) about 3/4 for z ~ N(0, 1)."""
    v = values("init_lecun_scaled_tanh")
    assert 1.1 < v["f_prime_at_0"] < 1.18
    # independent check of E[f(z)^2] by a Riemann sum of LeCun's f against the Gaussian density
    z = np.linspace(-12, 12, 200_001)
    density = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
    variance = float(np.sum(density * (1.7159 * np.tanh(2 * z / 3)) ** 2) * (z[1] - z[0]))
    assert v["output_variance"] == pytest.approx(variance, rel=1e-6)
    assert 0.7 < v["output_variance"] < 0.8, "the output variance is about 3/4, not 1"
