"""Claims of "One network, two coordinate systems" (claims ledger B2, caveat 2), asserted on the
values of examples/shape_coordinate_rewrite.py and examples/shape_coordinate_descent.py."""

from __future__ import annotations

import pytest

MACHINE = 1e-12  # a few hundred ulps of the O(1) values involved: rounding, nothing more


def test_rnn_rewrite_is_exact_and_doubled_weights_are_not(values):
    v = values("shape_coordinate_rewrite")
    assert v["rnn_max_error"] < MACHINE, "s' = sigma(4W s + 2U x + 2b - 2W 1) must reproduce h = 2s - 1"
    assert v["rnn_doubled_max_error"] > 0.3, "doubled weights are a different network"


def test_mlp_rewrite_is_exact_both_ways(values):
    v = values("shape_coordinate_rewrite")
    assert v["mlp_hidden_max_error"] < MACHINE and v["mlp_output_max_error"] < MACHINE
    assert v["reverse_hidden_max_error"] < MACHINE and v["reverse_output_max_error"] < MACHINE
    assert v["mlp_doubled_hidden_error"] > 0.1 and v["mlp_doubled_output_error"] > 0.3


def test_gamma_times_norm_and_the_jacobian_are_the_same_in_both_descriptions(values):
    v = values("shape_coordinate_rewrite")
    assert v["gamma_norm_sigmoid"] == pytest.approx(v["gamma_norm_tanh"], rel=1e-12)
    assert v["mlp_gamma_norm_sigmoid"] == pytest.approx(v["mlp_gamma_norm_tanh"], rel=1e-12)
    assert v["gamma_norm_tanh"] > 1 and v["mlp_gamma_norm_tanh"] > 1, "the weights are not trivially small"
    # more than the bound: the Jacobian through time is the same matrix in both systems
    assert v["jacobian_rel_error"] < 1e-10


def test_gradient_step_is_not_invariant_under_the_rewrite(values):
    v = values("shape_coordinate_descent")
    assert v["backprop_fd_rel_error"] < 1e-6
    assert v["start_output_difference"] < MACHINE, "both runs start from the same function"
    # one step of the same size moves the two descriptions to functions that differ by a
    # sizeable fraction of how far the step moved the outputs at all
    assert v["step_output_difference"] > 0.2 * v["step_output_change"] > 0
    # and after many steps the two runs are two different functions
    assert v["training_start_gap"] < MACHINE and v["final_output_gap"] > 0.1
    assert abs(v["final_loss_tanh"] - v["final_loss_sigmoid"]) > 0.1 * v["final_loss_tanh"]


def test_chain_rule_gives_the_step_sizes(values):
    v = values("shape_coordinate_descent")
    assert v["chain_rule_max_error"] < MACHINE, "dL/dW2' = (dL/dW2 + dL/db2 1^T)/4 and the other factors"
    assert v["input_step_ratio"] == pytest.approx(0.25, rel=1e-12), "input weights: step mapped back is 1/4"
    assert v["hidden_step_prediction_error"] < MACHINE
    assert v["hidden_step_ratio"] < 0.25, "hidden-to-hidden weights move far less than in tanh coordinates"
    # the page: a sixteenth of (dL/dW2 + dL/db2 1^T), which is not 1/16 of the tanh step
    assert abs(v["hidden_step_ratio"] - 1 / 16) > 0.05 / 16, "the bias term visibly changes the ratio"
