"""Claims of "What the sign means, and where the sigmoid still wins" (claims ledger B5, B6),
asserted on the values of examples/sign_flip_symmetry.py and examples/sign_bce_gradient.py."""

from __future__ import annotations

import math

import numpy as np
import pytest


def test_flipping_a_tanh_unit_changes_nothing(values):
    v = values("sign_flip_symmetry")
    assert v["flip_tanh_max_diff"] == 0.0, "tanh(-z) = -tanh(z): the flipped network is identical, bit for bit"
    assert v["hidden_mirrored"], "the flipped unit's activation is the exact negative"


def test_sigmoid_flip_needs_a_bias_shift_and_rewrites_as_tanh(values):
    v = values("sign_flip_symmetry")
    assert v["flip_sigmoid_max_diff"] < 1e-12
    assert v["flip_sigmoid_without_bias_fix"] > 0.1, "without the bias shift the sigmoid flip changes the output"
    assert v["sigmoid_as_tanh_max_diff"] < 1e-12


def test_log_loss_gradient_does_not_vanish_when_confidently_wrong(values):
    v = values("sign_bce_gradient")
    z = -v["z_max"]
    sigma = 1 / (1 + math.exp(-z))
    assert v["label"] == 1.0 and z <= -10
    assert v["bce_grad_at_wrong"] == pytest.approx(sigma - 1, abs=1e-12)
    assert abs(v["bce_grad_at_wrong"] + 1) < 1e-8
    assert v["mse_grad_at_wrong"] == pytest.approx(2 * (sigma - 1) * sigma * (1 - sigma), rel=1e-9)
    assert abs(v["mse_grad_at_wrong"]) < 1e-8, "squared error on a sigmoid output saturates"
    assert v["bce_grad_at_0"] == -0.5 and v["mse_grad_at_0"] == -0.25


def _bce(z, y):
    return np.logaddexp(0.0, z) - y * z


def _fd_max_rel_error(grad, z, y, h=1e-5):
    fd = (_bce(z + h, y) - _bce(z - h, y)) / (2 * h)
    return float(np.max(np.abs(fd - grad(z)) / np.abs(grad(z))))


def test_gradient_check_passes_and_would_catch_a_wrong_gradient(values):
    v = values("sign_bce_gradient")
    assert v["grad_check_max_rel_error"] < 1e-5
    # The same finite-difference check, run here, accepts sigma(z) - y and rejects a
    # plausible mistake: multiplying by sigma'(z) as if the loss were on the output.
    z = np.linspace(-v["fd_range"], v["fd_range"], 801)
    y = v["label"]
    sigma = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    assert _fd_max_rel_error(lambda t: sigma(t) - y, z, y) < 1e-5
    assert _fd_max_rel_error(lambda t: (sigma(t) - y) * sigma(t) * (1 - sigma(t)), z, y) > 0.5


def test_log_loss_computed_from_the_logit_is_stable(values):
    v = values("sign_bce_gradient")
    assert v["softplus_max_diff"] < 1e-9
    assert v["naive_loss_at_extreme"] == math.inf, "-log(sigmoid(z)) overflows to inf for very negative z"
    assert v["stable_loss_at_extreme"] == pytest.approx(-v["extreme_logit"])
