"""Claims of "Squashing in a recurrent network" (claims ledger A2, A+, B2), asserted on the
values of examples/rnn_bounded_state.py, rnn_jacobian_norm.py, rnn_eigen_vs_singular.py,
rnn_clipping.py and rnn_memory_task.py."""

from __future__ import annotations

import math

import pytest


# --- A2: the state is bounded -------------------------------------------------------------


def test_tanh_state_stays_inside_the_unit_cube(values):
    v = values("rnn_bounded_state")
    assert v["tanh_max_abs"] < 1.0
    assert v["tanh_max_abs"] > 0.99, "the largest scale should push units close to the walls"
    assert all(n < math.sqrt(v["n_hidden"]) for n in v["tanh_final_norms"])


def test_linear_state_grows_like_the_weight_norm(values):
    v = values("rnn_bounded_state")
    assert v["spectral_norms"] == pytest.approx(v["weight_scales"], rel=1e-12)
    for scale, rate, final in zip(v["weight_scales"], v["linear_log_growth"], v["linear_final_norms"]):
        if scale > 1:
            assert rate == pytest.approx(math.log(scale), rel=0.02)
        else:
            assert final < 100, "below norm 1 the input-driven linear state stays moderate"
    assert v["linear_final_norms"][-1] > 1e25


# --- A2 / A+: the gradient is not --------------------------------------------------------


def test_jacobian_explodes_while_state_is_bounded(values):
    v = values("rnn_jacobian_norm")
    assert v["bound_factors"][1] == 3.0  # the case tanh, ||W||_2 = 3
    assert v["final_norms"][1] > 1e6
    assert values("rnn_bounded_state")["tanh_max_abs"] < 1.0


def test_jacobian_product_matches_finite_differences(values):
    v = values("rnn_jacobian_norm")
    assert v["jacobian_fd_rel_error"] < 1e-6
    assert v["wrong_jacobian_rel_error"] > 1e-1, "leaving out tanh' must fail the same check"


# --- B2: Pascanu et al.'s condition with gamma = 1 (tanh) and 1/4 (sigmoid) -------------------


def test_pascanu_bound_and_gamma(values):
    v = values("rnn_jacobian_norm")
    # cases: tanh 0.9, tanh 3, sigmoid 3, sigmoid 16 (see the example's parameters)
    assert v["bound_factors"] == pytest.approx([0.9, 3.0, 0.75, 4.0])
    assert v["bound_holds"], "||dh_t/dh_0|| <= (gamma ||W||_2)^t at every step"
    tanh_small, tanh_big, sigmoid_big, sigmoid_huge = v["final_norms"]
    assert tanh_small <= 0.9**100 and sigmoid_big <= 0.75**100, "gamma ||W|| < 1: vanishing is guaranteed"
    assert tanh_big > 1e6, "the same W = 3 Q explodes with tanh ..."
    assert sigmoid_big < 1e-12, "... and vanishes with the sigmoid"
    assert sigmoid_huge > 1e3, "the sigmoid needs ||W|| > 4 before it can explode"


def test_eigenvalue_condition_is_not_enough(values):
    v = values("rnn_eigen_vs_singular")
    assert v["spectral_radius"] == pytest.approx(0.9, rel=1e-9)
    assert v["largest_singular_value"] > 1 / v["spectral_radius"]
    assert v["growth_per_step"] > 4, "one saturated unit makes D W expand"
    assert v["final_norm_saturated"] > 1e15
    k = v["n_factors"]
    assert math.log(v["final_norm_saturated"]) / k == pytest.approx(math.log(v["growth_per_step"]), rel=0.05)
    assert v["final_norm_linear"] < 1, "with D = I the same W does contract"
    assert v["singular_bound_holds"]


# --- Clipping --------------------------------------------------------------------------------


def test_clipping_bounds_every_step(values):
    v = values("rnn_clipping")
    assert v["largest_step_clipped"] <= v["learning_rate"] * v["clip_norm"] * (1 + 1e-12)


def test_unclipped_step_at_the_cliff_throws_parameters_away(values):
    v = values("rnn_clipping")
    assert v["largest_grad_norm"] > 10 * v["clip_norm"]
    assert v["largest_step_plain"] > 10 * v["largest_step_clipped"]
    assert v["b_end_plain"] < -3, "the plain run ends far outside the region it started in"
    assert v["final_loss_plain"] == pytest.approx((-1 - v["target"]) ** 2, abs=1e-3), "h_T stuck at -1"
    assert v["final_grad_norm_plain"] < 1e-4, "and no gradient left to get it out"


def test_clipped_descent_reaches_a_lower_loss(values):
    v = values("rnn_clipping")
    assert v["final_loss_clipped"] < 1e-20 < 1e-2 < v["final_loss_plain"]


def test_clipping_bptt_gradient_matches_finite_differences(values):
    v = values("rnn_clipping")
    assert v["grad_check_max_rel_error"] < 1e-5
    assert v["truncated_grad_max_rel_error"] > 1e-1, "one-step truncated BPTT must fail the same check"


# --- The memory task --------------------------------------------------------------------------


def test_memory_task_bptt_gradient_matches_finite_differences(values):
    v = values("rnn_memory_task")
    # the largest error over the four arms (tanh, sigmoid from h0 = 0 and from 1/2, centred) and all parameters
    assert v["grad_check_max_rel_error"] < 1e-6
    assert v["wrong_grad_rel_error"] > 1e-1, "one-step truncated BPTT must fail the same check"


def test_rewrite_arm_is_the_tanh_network_at_the_start(values):
    v = values("rnn_memory_task")
    assert v["rewrite_max_logit_difference"] < 1e-12, "same logits on every test sequence, every seed"
    tanh, sigmoid, rewrite, centred = v["mean_state_at_start"]
    assert rewrite == pytest.approx((1 + tanh) / 2, abs=1e-12), "s = (1 + h)/2, measured over all states"


def test_centred_arm_is_centred(values):
    v = values("rnn_memory_task")
    tanh, sigmoid, rewrite, centred = v["mean_state_at_start"]
    assert abs(centred) < 0.01 and abs(tanh) < 0.01, "mean hidden state at the start, over units, steps, sequences"
    assert sigmoid > 0.4 and rewrite > 0.4, "the sigmoid arms' states sit near 1/2"


def test_tanh_remembers_longer_than_sigmoid(values):
    """Before the controls: same weights, same rate (the comparison the page used to make)."""
    v = values("rnn_memory_task")
    assert v["gap_before"] >= 8, "runs solved (of 25), tanh minus sigmoid at the shared rate"
    assert v["gap_best_rates"] >= 8, "and still at each one's best rate"
    assert all(t >= s for t, s in zip(v["seeds_solved_tanh"], v["seeds_solved_sigmoid"]))
    assert v["seeds_solved_tanh"][0] == v["seeds_solved_sigmoid"][0] == len(v["seeds"]), "both solve the shortest delay"


def test_exact_rewrite_does_not_close_the_gap(values):
    """The rewrite starts as the very tanh network, yet Adam trains it to fewer solved runs."""
    v = values("rnn_memory_task")
    tanh, sigmoid, rewrite, centred = v["solved_at_best"]
    assert v["gap_rewrite"] == tanh - rewrite >= 4
    assert rewrite > sigmoid, "starting from the rewrite does help the sigmoid"
    assert v["gap_rewrite"] < v["gap_before"]


def test_centring_closes_most_of_the_gap(values):
    v = values("rnn_memory_task")
    tanh, sigmoid, rewrite, centred = v["solved_at_best"]
    assert v["gap_centred"] == tanh - centred <= 3, "within 3 of 25 runs of tanh"
    assert centred - sigmoid >= 6, "same slope 1/4 as the sigmoid, far more runs solved"
    assert v["gap_centred"] < v["gap_rewrite"]


def test_tanh_also_fails_at_long_delays(values):
    v = values("rnn_memory_task")
    assert min(v["seeds_solved_tanh"]) < len(v["seeds"]), "even at its best rate some tanh seed fails a long delay"
    for losses in (v["median_loss_sigmoid"], v["median_loss_rewrite"]):
        assert losses[-1] == pytest.approx(math.log(2), abs=0.02), "median test loss at chance at the longest delay"
    assert v["median_loss_tanh"][-1] < 0.1 < math.log(2) - 0.02 < v["median_loss_sigmoid"][-1]
