"""Claims of "Why a non-linearity at all" (claims ledger A3), asserted on the values of
examples/nonlinear_collapse.py and examples/nonlinear_two_moons.py."""

from __future__ import annotations

import math

import pytest


def test_stacked_linear_layers_are_one_layer(values):
    v = values("nonlinear_collapse")
    assert v["collapse_max_diff"] < 1e-12
    assert v["linear_affine_fit_residual"] < 1e-12


def test_tanh_layers_are_not_affine(values):
    v = values("nonlinear_collapse")
    # The stack's hidden units compute tanh: on pre-activations from its lowest to its
    # highest, the output is tanh of the input (odd, slope 1 at 0, (-1, 1) reached on both sides).
    pre, out = v["unit_pre"], v["unit_out"]
    assert len(pre) == len(out) >= 5
    for u, h in zip(pre, out):
        assert h == pytest.approx(math.tanh(u), rel=1e-12, abs=1e-15), f"a hidden unit maps {u} to {h}, not to tanh({u})"
    assert min(out) < -0.99 and max(out) > 0.99 and all(-1 < h < 1 for h in out)
    assert v["tanh_affine_fit_residual"] > 0.1
    assert v["max_bend_linear"] < 1e-12, "linear layers keep straight lines straight"
    assert v["max_bend_tanh"] > 0.05, "tanh layers bend them"


def test_no_line_splits_xor(values):
    v = values("nonlinear_two_moons")
    assert v["xor_linear_mse"] == pytest.approx(0.25, abs=1e-12)  # the affine fit predicts 1/2 everywhere
    assert v["xor_best_line_accuracy"] == 0.75  # 3 of the 4 points at best
    assert v["xor_tanh_accuracy"] == 1.0


def test_no_line_splits_the_two_moons_but_a_tanh_network_does(values):
    v = values("nonlinear_two_moons")
    assert v["moons_best_line_accuracy"] < 0.95
    assert v["moons_tanh_accuracy"] == 1.0, "the page says: every point of the two moons"
    assert v["moons_tanh_accuracy"] - v["moons_best_line_accuracy"] >= 0.05


def test_two_moons_backprop_matches_finite_differences(values):
    v = values("nonlinear_two_moons")
    assert v["grad_check_max_rel_error"] < 1e-6
    assert v["grad_check_wrong_derivative_error"] > 1e-2, "the check must be able to fail"
