"""Claims of "Zero-centred outputs" (claims ledger A1, B1), asserted on the values of
examples/centring_*.py."""

from __future__ import annotations

import math

import pytest


def binomial_tolerance(p: float, n: int, sigmas: float = 5.0) -> float:
    return sigmas * math.sqrt(p * (1 - p) / n)


# --- A1: tanh's outputs average zero only for symmetric pre-activations -------------


def test_tanh_mean_is_zero_for_symmetric_pre_activations(values):
    v = values("centring_mean_shift")
    assert abs(v["mean_tanh"]) < 1e-12
    assert v["mean_sigmoid"] == pytest.approx(0.5, abs=1e-12)
    # E tanh(z + mu) is odd in mu, because tanh is odd and N(0, 1) is symmetric
    assert v["tanh_curve_odd_error"] < 1e-12


def test_tanh_mean_moves_with_shifted_or_skewed_pre_activations(values):
    v = values("centring_mean_shift")
    assert v["shift"] == 0.5
    assert v["mean_tanh_shifted"] == pytest.approx(0.2955, abs=5e-5)  # E tanh(z + 0.5), z ~ N(0, 1)
    assert v["mean_sigmoid_shifted"] > 0.5
    # zero mean is not enough: a skewed input with mean 0 gives a non-zero mean output
    assert abs(v["mean_of_skewed_input"]) < 1e-5
    assert v["mean_tanh_skewed"] < -0.05


# --- B1: all-positive inputs force one-signed per-example gradients ------------------


def test_per_example_gradients_share_one_sign_with_sigmoid_inputs(values):
    v = values("centring_gradient_signs")
    n, d = v["n_examples"], v["n_inputs"]
    assert v["frac_sigmoid"] == 1.0
    assert v["frac_theory_tanh"] == 2.0 ** (1 - d)
    assert v["frac_tanh"] < 0.01
    assert abs(v["frac_tanh"] - v["frac_theory_tanh"]) < binomial_tolerance(v["frac_theory_tanh"], n)


def test_same_sign_fraction_against_the_number_of_inputs(values):
    v = values("centring_gradient_signs")
    assert all(f == 1.0 for f in v["sweep_sigmoid"])
    for d, f in zip(v["input_counts"], v["sweep_tanh"]):
        p = 2.0 ** (1 - d)
        assert abs(f - p) < binomial_tolerance(p, v["n_examples"]) + 1e-12, f"d = {d}"


def test_minibatch_averaging_softens_but_does_not_remove_the_constraint(values):
    v = values("centring_gradient_signs")
    sig, tanh = v["batch_sigmoid"], v["batch_tanh"]
    assert v["batch_sizes"][0] == 1 and sig[0] == 1.0
    assert sig[-1] < 0.75, "averaging a minibatch lets the components disagree"
    assert sig[-1] > 0.3 and sig[-1] > 20 * max(tanh), "but far more often than with centred inputs"
    n_batches = v["n_examples"] // v["batch_sizes"][-1]
    assert abs(sig[-1] - v["plateau_theory"]) < binomial_tolerance(v["plateau_theory"], n_batches, 4)
    assert max(tanh) < 0.01


# --- A1: the speed-up is a conditioning effect ------------------------------------------


def test_a_non_zero_mean_creates_one_huge_eigenvalue(values):
    v = values("centring_conditioning")
    assert v["kappa_tanh"] < 2 and v["kappa_centred_sigmoid"] < 2
    assert v["kappa_centred_sigmoid"] == pytest.approx(v["kappa_tanh"], rel=0.1), "centring is what matters"
    assert v["kappa_sigmoid"] > 100 * v["kappa_tanh"]
    assert v["lambda_max_sigmoid"] == pytest.approx(v["lambda_max_theory"], rel=0.02)
    assert v["second_lambda_sigmoid"] < v["lambda_max_sigmoid"] / 100
    # the sample's smallest eigenvalue is below the population variance, so kappa is a bit larger
    assert 0.9 * v["kappa_sigmoid_theory"] < v["kappa_sigmoid"] < 1.5 * v["kappa_sigmoid_theory"]


def test_shifted_pre_activations_bring_the_problem_back_for_tanh(values):
    v = values("centring_conditioning")
    assert v["kappa_tanh_shifted"] > 10 * v["kappa_tanh"]


def test_gradient_descent_zig_zags_and_needs_about_kappa_steps(values):
    v = values("centring_zigzag")
    assert v["iters_sigmoid_2d"] > 10 * v["iters_tanh_2d"]
    assert v["iters_sigmoid_20d"] > 50 * v["iters_tanh_20d"]
    # with the best constant step the error shrinks by (k - 1)/(k + 1) per step:
    # about (k / 2) ln(1 / tolerance) steps
    for d in ("2d", "20d"):
        predicted = v[f"kappa_sigmoid_{d}"] / 2 * math.log(1 / v["tolerance"])
        assert 0.5 < v[f"iters_sigmoid_{d}"] / predicted < 2, d


# --- A1, B1: a small MLP --------------------------------------------------------------


def test_mlp_backprop_matches_finite_differences(values):
    v = values("centring_mlp_training")
    assert v["grad_check_max_rel_error"] < 1e-6
    assert v["grad_check_wrong_derivative_error"] > 1e-2, "the check must be able to fail"


def test_mlp_with_sigmoid_hidden_units_trains_slower(values):
    v = values("centring_mlp_training")
    assert v["n_seeds"] >= 5
    assert max(v["steps_sigmoid"], v["steps_centred"], v["steps_tanh"]) < v["n_steps"]
    assert v["steps_sigmoid"] > 2 * v["steps_tanh"]
    assert v["steps_sigmoid"] > 2 * v["steps_centred"]
    assert 0.5 < v["steps_centred"] / v["steps_tanh"] < 2, "the centred sigmoid trains about as fast as tanh"


def test_mlp_centring_pays_off_through_a_larger_stable_step(values):
    v = values("centring_mlp_training")
    assert v["largest_rate_centred"] >= 2 * v["largest_rate_sigmoid"]
    # at the sigmoid's own best rate, centring alone changes the step count far less
    assert 0.5 < v["centred_steps_at_sigmoid_rate"] / v["steps_sigmoid"] <= 1.0
