"""Claims of "Saturation and initialisation" (claims ledger B3, B4, X3, X4), asserted on the
values of examples/init_glorot_saturation.py, init_deep_stack.py and init_lecun_scaled_tanh.py."""

from __future__ import annotations

import math

import numpy as np
import pytest


# --- B4: saturation dynamics, Glorot & Bengio style ---------------------------------------------


def test_mlp_backprop_matches_finite_differences(values):
    v = values("init_glorot_saturation")
    assert v["grad_check_max_rel_error"] < 1e-6
    assert v["wrong_grad_rel_error"] > 1e-1, "dropping f' must fail the same check"


def test_sigmoid_top_layer_driven_toward_zero(values):
    v = values("init_glorot_saturation")
    means = v["sigmoid_layer_means"]
    assert means[-1] < 0.3, "the top hidden layer moves from 0.5 toward 0"
    assert min(means[:-1]) > 0.45, "the lower layers stay near (or above) 0.5"


def test_tanh_layers_stay_centred_but_saturate(values):
    v = values("init_glorot_saturation")
    assert max(abs(m) for m in v["tanh_layer_means"]) < 0.05
    assert v["tanh_saturated"][-1] > 0.03, "some tanh units do reach the flat tails"
    assert max(v["sigmoid_saturated"]) < 0.01, "in this short run no sigmoid layer has reached its flat tail"


# --- B3 (build-time proxy for Glorot & Bengio's Table 1) ----------------------------------------


def test_tanh_learns_the_task_better_than_sigmoid(values):
    v = values("init_glorot_saturation")
    assert v["tanh_test_accuracy"] > v["sigmoid_test_accuracy"] + 0.3
    assert v["tanh_test_loss"] < v["sigmoid_test_loss"]
    assert v["sigmoid_test_accuracy"] < 0.3, "the sigmoid network is still on its plateau after the run"


# --- X4: a deep tanh stack at initialisation ---------------------------------------------------


def test_tiny_weights_kill_the_signal(values):
    v = values("init_deep_stack")
    assert v["tiny_stds"][-1] < 1e-6
    # each layer multiplies the spread by about sqrt(width) * tiny_std, tanh being linear near 0
    for a, b in zip(v["tiny_stds"], v["tiny_stds"][1:]):
        assert b / a == pytest.approx(math.sqrt(v["width"]) * v["tiny_std"], rel=0.05)


def test_glorot_shrinks_slowly(values):
    v = values("init_deep_stack")
    s = v["glorot_stds"]
    assert v["glorot_std"] == pytest.approx(math.sqrt(2 / (2 * v["width"])))
    assert all(b < a for a, b in zip(s, s[1:])), "the spread shrinks at every layer"
    assert 0.15 < s[-1] < 0.35 and v["glorot_decay"] < 0.5


def test_gain_five_thirds_keeps_the_spread(values):
    v = values("init_deep_stack")
    s = v["gain_stds"]
    assert v["tanh_gain"] == pytest.approx(5 / 3)
    assert max(s[4:]) - min(s[4:]) < 0.02, "layers 5-10 have nearly the same spread"
    assert 0.55 < s[-1] < 0.75
    assert v["saturated_gain"] > v["saturated_glorot"], "the price: more units near +-1"


# --- X3: LeCun's scaled tanh ----------------------------------------------------------------------


def test_lecun_f_of_one(values):
    v = values("init_lecun_scaled_tanh")
    assert v["f_at_1"] != 1.0 and abs(v["f_at_1"] - 1) < 1e-5, "f(1) = 1 to the five digits of 1.7159"
    assert v["exact_amplitude"] == pytest.approx(1 / math.tanh(2 / 3), rel=1e-15)
    assert abs(v["exact_amplitude"] - v["amplitude"]) < 1e-5


def test_lecun_second_derivative_peaks_near_but_not_at_one(values):
    v = values("init_lecun_scaled_tanh")
    assert v["argmax_f2_exact"] == pytest.approx(1.5 * math.atanh(1 / math.sqrt(3)), rel=1e-14)
    assert abs(v["argmax_f2_grid"] - v["argmax_f2_exact"]) < 2e-4
    # independent check: second differences of f itself
    x = np.linspace(0.5, 1.5, 10_001)
    f = v["amplitude"] * np.tanh(2 * x / 3)
    f2 = (f[2:] - 2 * f[1:-1] + f[:-2]) / (x[1] - x[0]) ** 2
    assert x[1:-1][np.argmax(np.abs(f2))] == pytest.approx(v["argmax_f2_exact"], abs=2e-4)
    assert v["argmax_f2_offset"] == pytest.approx(1 - v["argmax_f2_exact"])
    assert 0.01 < v["argmax_f2_offset"] < 0.02, "near x = 1, but not at it"


def test_lecun_gain_and_output_variance(values):
    v = values("init_lecun_scaled_tanh")
    assert v["f_prime_at_0"] == pytest.approx(1.7159 * 2 / 3, rel=1e-12)
    # independent check of E[f(z)^2] by a Riemann sum against the Gaussian density
    z = np.linspace(-12, 12, 200_001)
    density = np.exp(-(z**2) / 2) / math.sqrt(2 * math.pi)
    variance = float(np.sum(density * (v["amplitude"] * np.tanh(2 * z / 3)) ** 2) * (z[1] - z[0]))
    assert v["output_variance"] == pytest.approx(variance, rel=1e-8)
    assert 0.7 < v["output_variance"] < 0.8, "the output variance is about 3/4, not 1"
