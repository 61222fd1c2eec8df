"""Claims of "Zero-centred outputs" (claims ledger A1, B1), asserted on the values of
examples/centring_*.py.

Theory values are computed here, from the examples' parameters, by methods of their own
(Gauss quadrature rather than the examples' grids and samples), never read from the examples.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.polynomial.hermite_e import hermegauss
from numpy.polynomial.laguerre import laggauss


def binomial_tolerance(p: float, n: int, sigmas: float = 5.0) -> float:
    return sigmas * math.sqrt(p * (1 - p) / n)


def normal_mean(f, nodes: int = 200) -> float:
    """E f(Z), Z ~ N(0, 1), by Gauss-Hermite quadrature."""
    x, w = hermegauss(nodes)
    return float(np.sum(w * f(x)) / math.sqrt(2 * math.pi))


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


SIGMOID_VAR = normal_mean(lambda z: sigmoid(z) ** 2) - 0.25  # Var sigmoid(Z), Z ~ N(0, 1)
TANH_VAR = normal_mean(lambda z: np.tanh(z) ** 2)  # Var tanh(Z)


# --- A1: tanh's outputs average zero only for symmetric pre-activations -------------


def test_tanh_mean_is_zero_for_symmetric_pre_activations(values):
    v = values("centring_mean_shift")
    assert abs(v["mean_tanh"]) < 1e-12
    assert v["mean_sigmoid"] == pytest.approx(0.5, abs=1e-12)
    # E tanh(z + mu) is odd in mu, because tanh is odd and N(0, 1) is symmetric
    assert v["tanh_curve_odd_error"] < 1e-12


def test_tanh_mean_moves_with_shifted_or_skewed_pre_activations(values):
    v = values("centring_mean_shift")
    shift = v["shift"]
    assert v["mean_tanh_shifted"] == pytest.approx(normal_mean(lambda z: np.tanh(z + shift)), abs=1e-6)
    assert v["mean_tanh_shifted"] > 0.25, "a shift of the pre-activations moves tanh's mean well away from 0"
    assert v["mean_sigmoid_shifted"] == pytest.approx(normal_mean(lambda z: sigmoid(z + shift)), abs=1e-6)
    # zero mean is not enough: Gamma(2, 1) - 2 has mean 0, and E tanh of it is not 0
    t, w = laggauss(100)  # weight e^-t on [0, inf); the Gamma(2, 1) density is t e^-t
    assert abs(v["mean_of_skewed_input"]) < 1e-5
    assert v["mean_tanh_skewed"] == pytest.approx(float(np.sum(w * t * np.tanh(t - 2))), abs=1e-5)
    assert v["mean_tanh_skewed"] < -0.05


# --- B1: all-positive inputs force one-signed per-example gradients ------------------


def test_per_example_gradients_share_one_sign_with_sigmoid_inputs(values):
    v = values("centring_gradient_signs")
    n, d = v["n_examples"], v["n_inputs"]
    assert d >= 5
    assert v["frac_sigmoid"] == 1.0
    p = 2.0 ** (1 - d)  # d independent symmetric signs agree with probability 2 / 2^d
    assert abs(v["frac_tanh"] - p) < binomial_tolerance(p, n)
    assert v["frac_tanh"] < 0.05


def test_same_sign_fraction_against_the_number_of_inputs(values):
    v = values("centring_gradient_signs")
    assert all(f == 1.0 for f in v["sweep_sigmoid"])
    for d, f in zip(v["input_counts"], v["sweep_tanh"], strict=True):
        p = 2.0 ** (1 - d)
        assert abs(f - p) < binomial_tolerance(p, v["n_examples"]) + 1e-12, f"d = {d}"


def test_minibatch_averaging_softens_but_does_not_remove_the_constraint(values):
    v = values("centring_gradient_signs")
    sig, tanh, d = v["batch_sigmoid"], v["batch_tanh"], v["n_inputs"]
    assert v["batch_sizes"][0] == 1 and sig[0] == 1.0
    assert sig[-1] < 0.75, "averaging a minibatch lets the components disagree"
    assert sig[-1] > 0.3 and sig[-1] > 20 * max(tanh), "but far more often than with centred inputs"
    assert max(tanh) < 0.01
    # large-B limit: each component is c + e_j, c = mean(delta) E[x] shared, e_j independent;
    # r = E[x] / std(x) of sigmoid(Z), computed here
    r = 0.5 / math.sqrt(SIGMOID_VAR)
    assert v["mean_over_std_sigmoid"] == pytest.approx(r, rel=0.01), "the inputs are sigmoid(N(0, 1))"
    phi = np.vectorize(lambda u: 0.5 * (1 + math.erf(r * u / math.sqrt(2))))
    plateau = normal_mean(lambda u: phi(u) ** d + (1 - phi(u)) ** d)
    n_batches = v["n_examples"] // v["batch_sizes"][-1]
    assert abs(sig[-1] - plateau) < binomial_tolerance(plateau, n_batches, 4)


# --- A1: the speed-up is a conditioning effect ------------------------------------------


def test_conditioning_features_are_what_the_page_says(values):
    """sigmoid - 1/2 is the sigmoid moved down (mean 0, the sigmoid's variance), not tanh."""
    v = values("centring_conditioning")
    n = v["n_examples"] * v["n_inputs"]
    assert v["mean_sigmoid"] == pytest.approx(0.5, abs=5 * math.sqrt(SIGMOID_VAR / n))
    assert abs(v["mean_centred_sigmoid"]) < 5 * math.sqrt(SIGMOID_VAR / n)
    assert abs(v["mean_tanh"]) < 5 * math.sqrt(TANH_VAR / n)
    assert v["var_centred_sigmoid"] == pytest.approx(v["var_sigmoid"], rel=1e-9)
    assert v["var_sigmoid"] == pytest.approx(SIGMOID_VAR, rel=0.02)
    assert v["var_tanh"] == pytest.approx(TANH_VAR, rel=0.02)
    assert v["mean_tanh_shifted"] == pytest.approx(normal_mean(lambda z: np.tanh(z + v["shift"])), abs=0.01)


def test_a_non_zero_mean_creates_one_huge_eigenvalue(values):
    v = values("centring_conditioning")
    d = v["n_inputs"]
    sig, cen, tanh = (np.array(v[f"spectrum_{k}"]) for k in ("sigmoid", "centred_sigmoid", "tanh"))
    # rank-one picture, computed here: lambda_max = Var + d mean^2, the rest about Var
    assert sig[0] == pytest.approx(SIGMOID_VAR + d * 0.25, rel=0.02)
    assert sig[0] > 100 * sig[1]
    # "sigma - 1/2 has the same small eigenvalues without the large one": the spectra interlace
    # (a rank-one update), every third eigenvalue listed, largest first
    assert np.all(sig[1:] >= cen[1:] * (1 - 1e-3)) and np.all(sig[1:] <= cen[:-1] * (1 + 1e-3))
    assert cen[0] < 1.5 * SIGMOID_VAR
    assert np.all(tanh > 4 * cen.max()), "tanh's spectrum is not the centred sigmoid's: larger variance"
    assert v["kappa_tanh"] < 2 and v["kappa_centred_sigmoid"] < 2
    assert v["kappa_sigmoid"] > 100 * v["kappa_tanh"]
    # a finite sample's smallest eigenvalue is below the population variance, so kappa is a bit larger
    kappa_population = (SIGMOID_VAR + d * 0.25) / SIGMOID_VAR
    assert 0.9 * kappa_population < v["kappa_sigmoid"] < 1.5 * kappa_population


def test_shifted_pre_activations_bring_the_problem_back_for_tanh(values):
    v = values("centring_conditioning")
    shifted = np.array(v["spectrum_tanh_shifted"])
    assert shifted[0] > 10 * shifted[1], "one large eigenvalue again"
    assert v["kappa_tanh_shifted"] > 10 * v["kappa_tanh"]


def test_gradient_descent_zig_zags_and_needs_about_kappa_steps(values):
    """Full-batch descent on sigmoid vs tanh features: conditioning alone."""
    v = values("centring_zigzag")
    assert v["mean_sigmoid"] == pytest.approx(0.5, abs=0.01) and abs(v["mean_tanh"]) < 0.01
    assert v["var_sigmoid"] == pytest.approx(SIGMOID_VAR, rel=0.05)
    assert v["var_tanh"] == pytest.approx(TANH_VAR, rel=0.05)
    assert v["kappa_sigmoid_20d"] > 50 * v["kappa_tanh_20d"]
    assert v["iters_sigmoid_2d"] > 10 * v["iters_tanh_2d"]
    assert v["iters_sigmoid_20d"] > 50 * v["iters_tanh_20d"]
    # with the best constant step the error shrinks by (k - 1)/(k + 1) per step:
    # about (k / 2) ln(1 / tolerance) steps
    for d in ("2d", "20d"):
        predicted = v[f"kappa_sigmoid_{d}"] / 2 * math.log(1 / v["tolerance"])
        assert 0.5 < v[f"iters_sigmoid_{d}"] / predicted < 2, d


def test_full_batch_steps_bounce_along_the_steep_mean_direction(values):
    """The full-batch steps average per-example gradients of both signs; they still move
    every sigmoid weight the same way, because they follow the steep direction, the mean's."""
    v = values("centring_zigzag")
    assert v["top_vs_mean_sigmoid_20d"] > 0.99
    assert v["along_top_sigmoid_20d"] > 0.9
    assert v["one_signed_sigmoid_20d"] > 0.9
    assert v["one_signed_tanh_20d"] < 0.5


# --- A1: a small MLP, with controls (issue 15) -------------------------------------


def test_mlp_backprop_matches_finite_differences(values):
    v = values("centring_mlp_training")
    assert v["grad_check_max_rel_error"] < 1e-6


def test_mlp_arms_have_the_features_the_page_says(values):
    """At the start: sigmoid - 1/2 is the sigmoid moved down by 1/2 (same variance), not
    tanh; the rewritten arm's features are (1 + h)/2 of tanh's h."""
    v = values("centring_mlp_training")
    assert v["mean_sigmoid"] == pytest.approx(0.5, abs=0.02)
    assert abs(v["mean_centred"]) < 0.02 and abs(v["mean_tanh"]) < 0.02
    assert v["var_centred"] == pytest.approx(v["var_sigmoid"], rel=1e-9)
    assert v["var_tanh"] > 4 * v["var_centred"]
    assert v["mean_rewrite"] == pytest.approx((1 + v["mean_tanh"]) / 2, abs=1e-12)
    assert v["var_rewrite"] == pytest.approx(v["var_tanh"] / 4, rel=1e-9)


def test_mlp_rewrite_starts_as_the_same_network(values):
    """The rewritten sigmoid network computes the tanh network's outputs, and its gradient
    is A^-T times tanh's (A: the linear map from tanh's weights to the sigmoid's)."""
    v = values("centring_mlp_training")
    assert v["rewrite_output_max_diff"] < 1e-12
    assert v["rewrite_gradient_max_diff"] < 1e-12


def test_mlp_with_sigmoid_hidden_units_trains_slower(values):
    """Before the controls: plain sigmoid against tanh, each at its own best rate."""
    v = values("centring_mlp_training")
    assert v["n_seeds"] >= 5 and len(v["learning_rates"]) >= 3
    steps = [v[f"steps_{k}"] for k in ("sigmoid", "centred", "tanh", "rewrite")]
    assert max(steps) < v["n_steps"]
    assert v["steps_sigmoid"] > 2 * v["steps_tanh"]
    assert v["fastest_sigmoid"] > v["slowest_tanh"], "the gap is larger than the spread over seeds"


def test_mlp_rewrite_control_keeps_part_of_the_gap(values):
    """The same function at the start and its own best rate: the sigmoid coordinates still
    need more steps than tanh (fewer than the plain sigmoid); plain gradient descent is not
    invariant under the rewrite, and the rewrite arm needs a larger rate."""
    v = values("centring_mlp_training")
    assert v["steps_rewrite"] > 1.5 * v["steps_tanh"]
    assert v["fastest_rewrite"] > v["slowest_tanh"]
    assert v["steps_rewrite"] < v["steps_sigmoid"]
    assert min(v["seeds_sigmoid"]) < max(v["seeds_rewrite"]), "but the two sigmoid arms' seeds overlap"
    # the steep direction of the output layer caps its rate: its best rate is past 2 / lambda_max
    assert v["best_rate_rewrite"] > 2 / v["lambda_out_rewrite"]
    assert v["best_rate_rewrite"] > v["best_rate_tanh"]
    # in tanh's coordinates its hidden layer moves at a quarter of its rate: below tanh's best rate
    assert v["best_rate_rewrite"] / 4 < v["best_rate_tanh"]


def test_mlp_centring_erases_the_gap(values):
    v = values("centring_mlp_training")
    assert 0.5 < v["steps_centred"] / v["steps_tanh"] < 2, "the centred sigmoid trains about as fast as tanh"
    assert v["steps_sigmoid"] > 2 * v["steps_centred"]
    # the page's caveat: the centred arm wins at the edge of its stable rates, with a wider seed spread
    assert v["best_rate_centred"] == v["largest_rate_centred"]
    assert max(v["seeds_centred"]) > max(v["seeds_tanh"])


def test_mlp_centring_pays_off_through_a_larger_stable_step(values):
    v = values("centring_mlp_training")
    assert v["largest_rate_centred"] >= 2 * v["largest_rate_sigmoid"]
    assert v["largest_rate_centred"] >= 2 * v["largest_rate_rewrite"]
    # at the sigmoid's own best rate, centring alone changes the step count far less
    assert 0.5 < v["centred_steps_at_sigmoid_rate"] / v["steps_sigmoid"] <= 1.0
    # the steep direction: the output layer's inputs [s, 1] have mean [1/2, ..., 1/2, 1],
    # so E[z z^T] has an eigenvalue of about 1 + n_hidden / 4; centring removes it
    steep = 1 + v["n_hidden"] / 4
    assert v["lambda_out_sigmoid"] == pytest.approx(steep, rel=0.1)
    assert v["lambda_out_rewrite"] == pytest.approx(steep, rel=0.1)
    assert v["lambda_out_centred"] < steep / 4
