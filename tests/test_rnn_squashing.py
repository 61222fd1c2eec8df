"""Claims of "Squashing in a recurrent network" (claims ledger A2, A+, B2), asserted on the
values of examples/rnn_bounded_state.py, rnn_jacobian_norm.py, rnn_eigen_vs_singular.py,
rnn_clipping.py and rnn_memory_task.py."""

from __future__ import annotations

import math

import pytest


# --- A2: the state is bounded -------------------------------------------------------------


def test_tanh_state_stays_inside_the_unit_cube(values):
    v = values("rnn_bounded_state")
    # real numbers: |tanh| < 1 always; float64: np.tanh returns exactly +-1 only past a finite
    # pre-activation (measured in numerics_float_saturation), which this run stays below
    float_ones_from = values("numerics_float_saturation")["numpy_ones_from_float64"]
    assert v["max_abs_preactivation"] < float_ones_from
    assert v["tanh_max_abs"] < 1.0
    # a tanh state, not a (0, 1) one: it comes close to both walls, and negated inputs negate it
    assert v["tanh_lowest"] < -0.99 and v["tanh_highest"] > 0.99
    assert v["tanh_odd_max_error"] == 0.0
    assert all(n < math.sqrt(v["n_hidden"]) for n in v["tanh_final_norms"])


def test_linear_state_grows_like_the_spectral_radius(values):
    """The linear state grows like the spectral radius rho(W)^t; for the scaled orthogonal
    matrices rho(W) = ||W||_2, and the non-normal W tells the two apart."""
    v = values("rnn_bounded_state")
    assert v["spectral_norms"] == pytest.approx(v["weight_scales"], rel=1e-12)
    assert v["spectral_radii"] == pytest.approx(v["spectral_norms"], rel=1e-12)
    for radius, rate, final in zip(v["spectral_radii"], v["linear_log_growth"], v["linear_final_norms"]):
        if radius > 1:
            assert rate == pytest.approx(math.log(radius), rel=0.02)
        else:
            assert final < 100, "below radius 1 the input-driven linear state stays moderate"
    assert v["linear_final_norms"][-1] > 1e25
    # non-normal W: a norm several times its spectral radius; the growth follows the radius
    assert v["nonnormal_norm"] > 3 * v["nonnormal_measured_radius"] > 3
    assert v["nonnormal_log_growth"] == pytest.approx(math.log(v["nonnormal_measured_radius"]), rel=0.02)
    assert v["nonnormal_log_growth"] < 0.5 * math.log(v["nonnormal_norm"])


# --- A2 / A+: the gradient is not --------------------------------------------------------


def test_jacobian_explodes_while_state_is_bounded(values):
    """In one and the same tanh network (||W||_2 = 3): ||dh_T/dh_0|| explodes while every
    state h_1..h_T stays inside (-1, 1)^n, reaching close to both walls."""
    v = values("rnn_jacobian_norm")
    assert v["cases_activation"].split(",")[1] == "tanh"
    assert v["weight_norms"][1] == pytest.approx(v["tanh_big_norm"], rel=1e-12) and v["tanh_big_norm"] > 1
    assert v["tanh_big_final"] > 1e6
    low, high = v["state_low"][1], v["state_high"][1]
    assert -1 < low < -0.99 and 0.99 < high < 1, "tanh: both ends of (-1, 1) approached, never reached"
    assert 0.99 < v["tanh_big_state_max_abs"] < 1, "the largest |h_t| the page quotes"


def test_jacobian_product_matches_finite_differences(values):
    v = values("rnn_jacobian_norm")
    assert v["jacobian_fd_rel_error"] < 1e-6
    assert v["wrong_jacobian_rel_error"] > 1e-1, "leaving out tanh' must fail the same check"


# --- B2: Pascanu et al.'s condition with gamma = 1 (tanh) and 1/4 (sigmoid) -------------------


GAMMA = {"tanh": 1.0, "sigmoid": 0.25}  # the largest slope of each: tanh'(0) = 1, sigma'(0) = 1/4


def test_pascanu_bound_and_gamma(values):
    """||dh_t/dh_0||_2 <= (gamma ||W||_2)^t with gamma = 1 for tanh and 1/4 for the sigmoid:
    below 1 the gradient vanishes, above 1 it can explode (Pascanu et al. 2013)."""
    v = values("rnn_jacobian_norm")
    assert v["gamma_tanh"] == pytest.approx(GAMMA["tanh"], rel=1e-9)
    assert v["gamma_sigmoid"] == pytest.approx(GAMMA["sigmoid"], rel=1e-6)
    names = v["cases_activation"].split(",")
    assert names == ["tanh", "tanh", "sigmoid", "sigmoid"]
    quoted = [v["tanh_small_norm"], v["tanh_big_norm"], v["sigmoid_big_norm"], v["sigmoid_huge_norm"]]
    assert v["weight_norms"] == pytest.approx(quoted, rel=1e-12), "the page quotes the measured ||W||_2"
    steps = v["n_steps"]
    for name, norm, factor, rate, final in zip(names, v["weight_norms"], v["bound_factors"], v["growth_rates"], v["final_norms"]):
        bound = GAMMA[name] * norm
        assert factor == pytest.approx(bound, rel=1e-6), f"{name}: the quoted gamma ||W|| is {bound}"
        assert rate <= bound * (1 + 1e-9), f"{name}, ||W|| = {norm}: ||dh_t/dh_0||^(1/t) above the bound"
        if bound < 1:
            assert final <= bound**steps * (1 + 1e-9), "gamma ||W|| < 1: vanishing is guaranteed"
    tanh_small, tanh_big, sigmoid_big, sigmoid_huge = v["final_norms"]
    assert v["weight_norms"][1] == v["weight_norms"][2], "tanh and sigmoid get the same W"
    assert tanh_big > 1e6, "the same W explodes with tanh ..."
    assert sigmoid_big < 1e-12, "... and vanishes with the sigmoid"
    assert sigmoid_huge > 1e3, "the sigmoid needs ||W|| > 4 before it can explode"
    for name, low, high in zip(names, v["state_low"], v["state_high"]):
        assert (-1 if name == "tanh" else 0) < low < high < 1, f"{name} states in its range"
    assert min(v["state_low"][:2]) < -0.99 < 0.99 < max(v["state_high"][:2]), "the tanh arms are signed"


def test_eigenvalue_condition_is_not_enough(values):
    v = values("rnn_eigen_vs_singular")
    assert v["spectral_radius"] == pytest.approx(0.9, rel=1e-9)
    assert v["largest_singular_value"] > 1 / v["spectral_radius"]
    assert v["growth_per_step"] > 4, "one saturated unit makes D W expand"
    assert v["final_norm_saturated"] > 1e15
    k = v["n_factors"]
    assert math.log(v["final_norm_saturated"]) / k == pytest.approx(math.log(v["growth_per_step"]), rel=0.05)
    assert v["final_norm_linear"] < 1, "with D = I the same W does contract"
    assert all(0 < d <= 1 for d in v["saturated_d_entries"]), "D holds slopes tanh' can take"
    assert min(v["saturated_d_entries"]) < 0.1, "one unit saturated"


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
