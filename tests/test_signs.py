"""Claims of "What the sign means, and where the sigmoid still wins" (claims ledger B5, B6),
asserted on the values of examples/sign_flip_symmetry.py and examples/sign_bce_gradient.py."""

from __future__ import annotations

import math

import pytest


def test_flipping_a_tanh_unit_changes_nothing(values):
    v = values("sign_flip_symmetry")
    low, high = v["hidden_range"]
    assert -1 < low < -0.99 and 0.99 < high < 1, "the hidden units are tanh: both ends of (-1, 1) are reached"
    assert v["unit_change"] > 1, "the flip did change the unit: its activation moved by more than 1"
    assert v["unit_mirror_error"] == 0.0, "tanh(-z) = -tanh(z): the flipped unit is the exact negative"
    assert v["other_units_change"] == 0.0, "no other unit moved"
    assert v["flip_tanh_max_diff"] == 0.0, "the flipped network is identical, bit for bit"


def test_sigmoid_flip_needs_a_bias_shift_and_rewrites_as_tanh(values):
    v = values("sign_flip_symmetry")
    assert v["flip_sigmoid_max_diff"] < 1e-12
    assert v["flip_sigmoid_without_bias_fix"] > 0.1, "without the bias shift the sigmoid flip changes the output"
    assert v["sigmoid_as_tanh_max_diff"] < 1e-12


def test_log_loss_gradient_does_not_vanish_when_confidently_wrong(values):
    v = values("sign_bce_gradient")
    z = -v["z_max"]
    assert v["label"] == 1.0 and z <= -10, "the first logit is confidently wrong about a positive example"
    sigma = 1 / (1 + math.exp(-z))
    # d/dz of -log sigma(z) is sigma(z) - 1: near -1, pushing the logit up at full strength
    assert v["bce_grad_at_wrong"] == pytest.approx(sigma - 1, abs=1e-12)
    assert -1 < v["bce_grad_at_wrong"] < -1 + 1e-8
    # d/dz of (sigma(z) - 1)^2 is 2 (sigma - 1) sigma (1 - sigma): negative, but vanishing
    assert v["mse_grad_at_wrong"] == pytest.approx(2 * (sigma - 1) * sigma * (1 - sigma), rel=1e-9)
    assert -1e-8 < v["mse_grad_at_wrong"] < 0, "squared error on a sigmoid output saturates"


def test_hand_written_gradients_match_finite_differences(values):
    v = values("sign_bce_gradient")
    assert v["grad_check_max_rel_error"] < 1e-5


def test_log_loss_computed_from_the_logit_is_stable(values):
    v = values("sign_bce_gradient")
    assert v["softplus_max_diff"] < 1e-9
    assert v["naive_loss_at_extreme"] == math.inf, "-log(sigmoid(z)) overflows to inf for very negative z"
    assert v["stable_loss_at_extreme"] == pytest.approx(-v["extreme_logit"])
