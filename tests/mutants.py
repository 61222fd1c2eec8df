"""The mutation check: can the claim tests fail?

Each mutant below is one plausible bug, planted as an exact text replacement in one
example. For each, in a temporary copy of the repository, the mutated example replaces
the real one and the tests that name that example run (test_runs_as_plain_script for it,
plus every test function in tests/test_*.py whose source names it in quotes, "stem").

    CAUGHT   a claim test failed while the example still ran: the tests noticed the bug
    MISSED   every selected test passed: the tests cannot see this bug
    TRIVIAL  the example itself crashed (does not count as caught: a crash proves nothing
             about the claim tests)

A selected test still running after TEST_LIMIT seconds fails (pytest-timeout ends the
run and prints every thread's stack, which the check shows): the mutant is CAUGHT by it,
as the suite would fail on it too.

Usage:  python tests/mutants.py [--jobs N] [--no-coverage] [stem ...]

The exit status is 0 only if every mutant is CAUGHT and, when no stems are given (and
without --no-coverage), every example has a mutant and every claim of claims.yml is
covered (some caught mutant fails one of the claim's tests). A mutant whose `old` text
does not occur exactly once in its example stops the check at once: the table is stale.
Not a pytest test (it runs pytest itself); tests/test_mutants.py checks the table.
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
from sitebuild import project  # noqa: E402 - the list of examples lives there


@dataclass(frozen=True)
class Mutant:
    stem: str  # examples/<stem>.py
    why: str  # the bug, in a few words
    old: str  # exact text, occurring once in the example
    new: str  # what it becomes


# fmt: off
MUTANTS = [
    # audio_limiter_vs_clipper: a limiter is a time-varying gain, tanh a memoryless waveshaper
    Mutant("audio_limiter_vs_clipper", "soft clipper replaced by a hard clip",
           "soft = np.tanh(x)", "soft = np.clip(x, -1, 1)"),
    Mutant("audio_limiter_vs_clipper", "limiter without release: gain follows each sample (no memory)",
           "peak = max(sample, peak * release)", "peak = sample"),
    Mutant("audio_limiter_vs_clipper", "limiter replaced by tanh (the control arm is the treatment)",
           "limited = gain * x", "limited = np.tanh(x)"),
    Mutant("audio_limiter_vs_clipper", "soft clipper with a memory (a two-tap average of its input)",
           "soft = np.tanh(x)", "soft = np.tanh(np.convolve(x, [0.5, 0.5])[: len(x)])"),
    Mutant("audio_limiter_vs_clipper", "release time in ms read as microseconds (a limiter that forgets at once)",
           "release = np.exp(-1.0 / (release_ms * 1e-3 * audio_rate))", "release = np.exp(-1.0 / (release_ms * 1e-6 * audio_rate))"),
    Mutant("audio_limiter_vs_clipper", "--write-wav writes samples at the wrong PCM scale (8-bit levels in 16-bit words)",
           "np.round(samples * 32767)", "np.round(samples * 127)"),
    Mutant("audio_limiter_vs_clipper", "--write-wav writes a WAV header with twice the sample rate (plays an octave up)",
           "wav.setframerate(audio_rate)", "wav.setframerate(2 * audio_rate)"),
    Mutant("audio_limiter_vs_clipper", "--write-wav also saves the sample rate as a clip",
           'if name.startswith("audio_") and name != "audio_rate"}', 'if name.startswith("audio_")}'),
    # audio_soft_clipper: tanh is an odd soft clipper; a bias brings even harmonics
    Mutant("audio_soft_clipper", "soft clipper replaced by np.clip in the distortion sweep",
           "thd_tanh = [thd(harmonics(np.tanh(g * sine))) for g in drives]",
           "thd_tanh = [thd(harmonics(np.clip(g * sine, -1, 1))) for g in drives]"),
    Mutant("audio_soft_clipper", "soft clipper replaced by np.clip in the spectrum",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))", "tanh_db = level_db(np.clip(spectrum_drive * sine, -1, 1))"),
    Mutant("audio_soft_clipper", "the symmetric arm secretly biased (an asymmetric waveshaper)",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))", "tanh_db = level_db(np.tanh(spectrum_drive * sine + bias))"),
    Mutant("audio_soft_clipper", "a sigmoid instead of tanh in the spectrum",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))",
           "tanh_db = level_db(1 / (1 + np.exp(-spectrum_drive * sine)))"),
    Mutant("audio_soft_clipper", "third and fifth harmonic swapped",
           "h3_db_tanh, h5_db_tanh = float(tanh_db[3]), float(tanh_db[5])", "h3_db_tanh, h5_db_tanh = float(tanh_db[5]), float(tanh_db[3])"),
    Mutant("audio_soft_clipper", "the bias dropped from the biased arm",
           "biased_db = level_db(np.tanh(spectrum_drive * sine + bias))",
           "biased_db = level_db(np.tanh(spectrum_drive * sine))"),
    Mutant("audio_soft_clipper", "a scaled tanh (2 tanh(x/2)) in the small-signal measurement",
           "small_h3 = harmonics(np.tanh(small_drive * sine))", "small_h3 = harmonics(2 * np.tanh(small_drive * sine / 2))"),
    Mutant("audio_soft_clipper", "the hard clipper clips at 0.5 instead of 1",
           "hard_db = level_db(np.clip(spectrum_drive * sine, -1, 1))",
           "hard_db = level_db(np.clip(spectrum_drive * sine, -0.5, 0.5))"),
    Mutant("audio_soft_clipper", "the drive-10 clip is the hard clipper",
           "audio_tanh_drive10 = clip(np.tanh(high_drive * tone))", "audio_tanh_drive10 = clip(np.clip(high_drive * tone, -1, 1))"),
    Mutant("audio_soft_clipper", "--write-wav writes samples at the wrong PCM scale (8-bit levels in 16-bit words)",
           "np.round(samples * 32767)", "np.round(samples * 127)"),
    Mutant("audio_soft_clipper", "--write-wav writes a WAV header with twice the sample rate (plays an octave up)",
           "wav.setframerate(audio_rate)", "wav.setframerate(2 * audio_rate)"),
    Mutant("audio_soft_clipper", "--write-wav also saves the sample rate as a clip",
           'if name.startswith("audio_") and name != "audio_rate"}', 'if name.startswith("audio_")}'),
    # nonlinear_collapse: stacked linear layers are one layer, tanh layers are not
    Mutant("nonlinear_collapse", "the tanh stack made ReLU",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: np.maximum(z, 0), tanh_layers))"),
    Mutant("nonlinear_collapse", "the tanh stack made the identity",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: z, tanh_layers))"),
    Mutant("nonlinear_collapse", "the drawn 2-D tanh stack made the identity",
           "mapped_tanh = [deep(c, weights_2d, biases_2d, np.tanh) for c in lines]",
           "mapped_tanh = [deep(c, weights_2d, biases_2d, lambda z: z) for c in lines]"),
    Mutant("nonlinear_collapse", "the 'linear' stack secretly has tanh between its layers",
           "collapse_max_diff = float(np.max(np.abs(deep(x, weights, biases) - (x @ W_one.T + b_one))))",
           "collapse_max_diff = float(np.max(np.abs(deep(x, weights, biases, np.tanh) - (x @ W_one.T + b_one))))"),
    Mutant("nonlinear_collapse", "collapsed product multiplied in the wrong order",
           "W_one, b_one = W @ W_one, W @ b_one + b", "W_one, b_one = W_one @ W, W @ b_one + b"),
    Mutant("nonlinear_collapse", "LeCun's scaled tanh 1.7159 tanh(2x/3) in the stack",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: 1.7159 * np.tanh(2 * z / 3), tanh_layers))"),
    # nonlinear_two_moons: no line splits XOR or the moons; a small tanh network does
    Mutant("nonlinear_two_moons", "hidden units made LeCun's scaled tanh 1.7159 tanh(2x/3)",
           "h = np.tanh(X @ W1 + b1)  # hidden activations", "h = 1.7159 * np.tanh(2 * (X @ W1 + b1) / 3)  # hidden activations"),
    Mutant("nonlinear_two_moons", "hidden units made sigmoid",
           "h = np.tanh(X @ W1 + b1)  # hidden activations", "h = 0.5 + 0.5 * np.tanh((X @ W1 + b1) / 2)  # hidden activations"),
    Mutant("nonlinear_two_moons", "wrong derivative: 1 - tanh instead of 1 - tanh^2",
           "    return 1 - h**2", "    return 1 - h"),
    Mutant("nonlinear_two_moons", "consistent but wrong: tanh' halved, (1 - h^2)/2 (training still converges)",
           "    return 1 - h**2", "    return (1 - h**2) / 2"),
    Mutant("nonlinear_two_moons", "the gradient check's planted wrong derivative is the right one",
           "d_tanh=lambda h: 1 - h)", "d_tanh=lambda h: 1 - h**2)"),
    Mutant("nonlinear_two_moons", "XOR labels made AND",
           "np.array([0.0, 1.0, 1.0, 0.0])", "np.array([0.0, 0.0, 0.0, 1.0])"),
    Mutant("nonlinear_two_moons", "swapped keys: XOR's best line reported for the moons and back",
           'line["XOR"][0], line["two moons"][0]', 'line["two moons"][0], line["XOR"][0]'),
    Mutant("nonlinear_two_moons", "swapped labels of the moons",
           "y_moons = np.repeat([0.0, 1.0], n_per_class)", "y_moons = np.tile([0.0, 1.0], n_per_class)"),
    Mutant("nonlinear_two_moons", "the output gradient of a sigmoid with the wrong sign",
           "g_z = (0.5 + 0.5 * np.tanh(z / 2) - y) / len(y)", "g_z = (y - 0.5 - 0.5 * np.tanh(z / 2)) / len(y)"),
    Mutant("nonlinear_two_moons", "the network's predictions use ReLU instead of tanh",
           "predict = {name: (lambda P, p=p: (np.tanh(P @ p[0] + p[1]) @ p[2] + p[3] > 0).astype(float))",
           "predict = {name: (lambda P, p=p: (np.maximum(P @ p[0] + p[1], 0) @ p[2] + p[3] > 0).astype(float))"),
    # numerics_float_saturation: where tanh rounds to 1.0 and its gradient is exactly 0
    Mutant("numerics_float_saturation", "float32 derivative computed in float64",
           "y32 = np.tanh(x.astype(np.float32))", "y32 = np.tanh(x)"),
    Mutant("numerics_float_saturation", "derivative as the stable sech^2 (never exactly 0)",
           "gradient64 = 1 - np.tanh(x) ** 2", "gradient64 = 1 / np.cosh(x) ** 2"),
    Mutant("numerics_float_saturation", "threshold without the +2: ln(2^p)/2",
           "threshold_float64 = (53 + 2) / 2 * math.log(2)", "threshold_float64 = 53 / 2 * math.log(2)"),
    Mutant("numerics_float_saturation", "float32 threshold with one significand bit too many (25)",
           "threshold_float32 = (24 + 2) / 2 * math.log(2)", "threshold_float32 = (25 + 2) / 2 * math.log(2)"),
    Mutant("numerics_float_saturation", "NumPy's float64 threshold searched on a float32 grid",
           "numpy_ones_from_float64 = float(grid64[np.argmax(np.tanh(grid64) == 1)])",
           "numpy_ones_from_float64 = float(grid64[np.argmax(np.tanh(grid64.astype(np.float32)) == 1)])"),
    Mutant("numerics_float_saturation", "exact derivative with a wrong factor (2 instead of 4)",
           "exact_gradient = 4 * np.exp(-2 * x)", "exact_gradient = 2 * np.exp(-2 * x)"),
    # numerics_overflow_accuracy: four ways to compute tanh and their accuracy
    Mutant("numerics_overflow_accuracy", "float32 forms computed in float64",
           "errors32[name] = np.abs(form(x32).astype(np.float64) - reference32) / reference32",
           "errors32[name] = np.abs(form(x32.astype(np.float64)) - reference32) / reference32"),
    Mutant("numerics_overflow_accuracy", "naive formula swapped for the stable one",
           "    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))", "    return np.tanh(x)"),
    Mutant("numerics_overflow_accuracy", "expm1 replaced by exp - 1",
           "e = np.expm1(-2 * np.abs(x))", "e = np.exp(-2 * np.abs(x)) - 1"),
    Mutant("numerics_overflow_accuracy", "sigmoid form with the wrong scale (sigma(x) instead of sigma(2x))",
           "return 2 / (1 + np.exp(-2 * x)) - 1", "return 2 / (1 + np.exp(-x)) - 1"),
    Mutant("numerics_overflow_accuracy", "expm1 form with a sign error",
           "return -np.sign(x) * e / (2 + e)", "return np.sign(x) * e / (2 + e)"),
    Mutant("numerics_overflow_accuracy", "float64 reference is the sigmoid form",
           "reference64 = via_expm1(x64)", "reference64 = via_sigmoid(x64)"),
    # centring_conditioning
    Mutant("centring_conditioning", "sigma - 1/2 made tanh", '"sigmoid - 1/2": 1.0 / (1.0 + np.exp(-z)) - 0.5,', '"sigmoid - 1/2": np.tanh(z),'),
    Mutant("centring_conditioning", "centred by the wrong constant (sigma - 1/4)", "1.0 / (1.0 + np.exp(-z)) - 0.5,", "1.0 / (1.0 + np.exp(-z)) - 0.25,"),
    Mutant("centring_conditioning", "second moment E[x x^T] replaced by the covariance (the mean removed)", "np.linalg.eigvalsh(x.T @ x / n_examples)", "np.linalg.eigvalsh(np.cov(x, rowvar=False))"),
    Mutant("centring_conditioning", "a changed constant: no shift for the shifted tanh", "shift = 0.5  # pre-activation mean", "shift = 0.0  # pre-activation mean"),

    # centring_gradient_signs
    Mutant("centring_gradient_signs", "tanh inputs made all-positive (tanh + 1)", '"tanh": np.tanh(z)}', '"tanh": np.tanh(z) + 1}'),
    Mutant("centring_gradient_signs", "minibatch mean replaced by one example per batch", ".reshape(-1, batch, n_inputs).mean(axis=1)", ".reshape(-1, batch, n_inputs)[:, 0]"),
    Mutant("centring_gradient_signs", "error signal always positive", "delta = rng.standard_normal(n_examples)", "delta = np.abs(rng.standard_normal(n_examples))"),
    Mutant("centring_gradient_signs", "same-sign count misses the all-negative rows", "np.all(grads > 0, axis=1) | np.all(grads < 0, axis=1)", "np.all(grads > 0, axis=1)"),

    # centring_mean_shift
    Mutant("centring_mean_shift", "sign error in the shifted density", "np.exp(-((z - shift) ** 2) / 2)", "np.exp(-((z + shift) ** 2) / 2)"),
    Mutant("centring_mean_shift", "skewed input not mean-zero (Gamma(2, 1) - 1)", "(z + 2) * np.exp(-(z + 2))", "(z + 1) * np.exp(-(z + 1))"),
    Mutant("centring_mean_shift", "sigmoid made tanh", "return 1.0 / (1.0 + np.exp(-a))", "return np.tanh(a)"),
    Mutant("centring_mean_shift", "Riemann sum without the grid step", "return float(np.sum(f(z) * density) * dz)", "return float(np.sum(f(z) * density))"),

    # centring_mlp_training
    Mutant("centring_mlp_training", "the rewrite control secretly the treatment (tanh units)", '"sigmoid, rewritten tanh": sigmoid}', '"sigmoid, rewritten tanh": (np.tanh, lambda h: 1 - h**2)}'),
    Mutant("centring_mlp_training", "the rewrite arm started at tanh's weights, not rewritten", 'initial_weights(s, name == "sigmoid, rewritten tanh")', "initial_weights(s)"),
    Mutant("centring_mlp_training", "sigma - 1/2 made tanh", '"sigmoid - 1/2": (lambda a: 0.5 * np.tanh(a / 2), lambda h: (0.5 + h) * (0.5 - h))', '"sigmoid - 1/2": (np.tanh, lambda h: 1 - h**2)'),
    Mutant("centring_mlp_training", "wrong derivative of the sigmoid (tanh's)", "lambda h: h * (1 - h))  # f, and f'", "lambda h: 1 - h**2)  # f, and f'"),
    Mutant("centring_mlp_training", "sign error in the rewrite's output bias", "b2 - W2.sum(0, keepdims=True)", "b2 + W2.sum(0, keepdims=True)"),
    Mutant("centring_mlp_training", "a changed constant: the rewrite's input weights not doubled", "[2 * W1, 2 * b1, 2 * W2,", "[W1, 2 * b1, 2 * W2,"),
    Mutant("centring_mlp_training", "the centred arm shifted by the wrong constant (sigmoid - 1/4)", "lambda a: 0.5 * np.tanh(a / 2), lambda h: (0.5 + h) * (0.5 - h)", "lambda a: 0.25 + 0.5 * np.tanh(a / 2), lambda h: (0.75 - h) * (h + 0.25)"),

    # centring_zigzag
    Mutant("centring_zigzag", "tanh features made sigma - 1/2", '"tanh": np.tanh(z)}', '"tanh": 1.0 / (1.0 + np.exp(-z)) - 0.5}'),
    Mutant("centring_zigzag", "tanh features made all-positive (tanh + 1)", '"tanh": np.tanh(z)}', '"tanh": np.tanh(z) + 1}'),
    Mutant("centring_zigzag", "a changed constant: step 0.5 / lambda_max instead of the best constant step", "step = multiple * (2.0 / (eig[-1] + eig[0]))", "step = multiple * (0.5 / eig[-1])"),
    Mutant("centring_zigzag", "condition number inverted", "float(eig[-1] / eig[0])", "float(eig[0] / eig[-1])"),
    Mutant("centring_zigzag", "the steep direction taken from the wrong end of the spectrum", "vec[:, -1]", "vec[:, 0]"),

    # gradient_depth_product
    Mutant("gradient_depth_product", "tanh arm's derivative written 1 - tanh, not squared", '"tanh": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),', '"tanh": (np.tanh, lambda h: 1 - h, 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "tanh arm is a ReLU", '"tanh": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),', '"tanh": (lambda a: np.maximum(a, 0), lambda h: (h > 0) * 1.0, 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "tanh arm is the sigmoid", '"tanh": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),', '"tanh": (sigmoid, lambda h: h * (1 - h), 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "tanh arm is a scaled tanh 1.7159 tanh(2a/3)", '"tanh": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),', '"tanh": (lambda a: 1.7159 * np.tanh(2 * a / 3), lambda h: 2 / 3 * (1.7159 - h**2 / 1.7159), 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "rewrite arm is secretly the plain sigmoid", '"rewrite": (sigmoid, lambda h: h * (1 - h), 2, 4, lambda W: -2 * W.sum(-1)[:, None, :]),', '"rewrite": (sigmoid, lambda h: h * (1 - h), 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "rewrite arm without the bias -2 W 1", 'lambda W: -2 * W.sum(-1)[:, None, :]', 'no_bias'),
    Mutant("gradient_depth_product", "rewrite arm's hidden weights x2 instead of x4", '2, 4, lambda W', '2, 2, lambda W'),
    Mutant("gradient_depth_product", "centred arm is secretly the plain sigmoid", '"centred": (lambda a: sigmoid(a) - 0.5, lambda h: (0.5 + h) * (0.5 - h), 1, 1, no_bias),', '"centred": (sigmoid, lambda h: h * (1 - h), 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "centred arm is secretly tanh", '"centred": (lambda a: sigmoid(a) - 0.5, lambda h: (0.5 + h) * (0.5 - h), 1, 1, no_bias),', '"centred": (np.tanh, lambda h: 1 - h**2, 1, 1, no_bias),'),
    Mutant("gradient_depth_product", "backprop skips the slopes", 'g = (slopes[name][:, l - 1] * g) @ (c * W[:, l])', 'g = g @ (c * W[:, l])'),
    Mutant("gradient_depth_product", "weights not orthogonal (Gaussian)", 'W = weight_gain * q * np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]', 'W = weight_gain * rng.standard_normal(q.shape) / np.sqrt(width)'),
    Mutant("gradient_depth_product", "weights not norm-preserving (gain 1.5)", 'weight_gain = 1.0  #', 'weight_gain = 1.5  #'),

    # gradient_float_tails
    Mutant("gradient_float_tails", "tanh's derivative written 1 - tanh, not squared", "slope64 = 1.0 - y64**2", "slope64 = 1.0 - y64"),
    Mutant("gradient_float_tails", "the function is the sigmoid, not tanh", "y64 = np.tanh(x)", "y64 = 1.0 / (1.0 + np.exp(-x))"),
    Mutant("gradient_float_tails", "the function is a scaled tanh", "y64 = np.tanh(x)", "y64 = 1.7159 * np.tanh(2 * x / 3)"),
    Mutant("gradient_float_tails", "the float32 arm is secretly float64", "y32 = y64.astype(np.float32)", "y32 = y64"),
    Mutant("gradient_float_tails", "the exact slope loses its factor 4", "exact = 4 * np.exp(-2 * x)", "exact = np.exp(-2 * x)"),
    Mutant("gradient_float_tails", "the sigmoid is sigma(2x)", "s64 = 1.0 / (1.0 + np.exp(-x))", "s64 = 1.0 / (1.0 + np.exp(-2 * x))"),
    Mutant("gradient_float_tails", "the single unit is not saturated", "saturated_pre_activation = 25.0", "saturated_pre_activation = 5.0"),
    Mutant("gradient_float_tails", "the single unit's gradient skips the slope", "saturated_unit_grad_norm = float(np.linalg.norm((1.0 - y_unit**2) * inputs))", "saturated_unit_grad_norm = float(np.linalg.norm(inputs))"),

    # gradient_slopes
    Mutant("gradient_slopes", "tanh's derivative written 1 - tanh, not squared", "d_tanh = 1.0 - y**2", "d_tanh = 1.0 - y"),
    Mutant("gradient_slopes", "the function is the sigmoid, not tanh", "y = np.tanh(x)", "y = sigmoid(x)"),
    Mutant("gradient_slopes", "the function is a ReLU", "y = np.tanh(x)", "y = np.maximum(x, 0.0)"),
    Mutant("gradient_slopes", "the function is a scaled tanh 1.7159 tanh(2x/3)", "y = np.tanh(x)", "y = 1.7159 * np.tanh(2 * x / 3)"),
    Mutant("gradient_slopes", "sigma'(2x) computed as sigma'(x)", "d_sigmoid_2x = sigmoid(2 * x) * (1.0 - sigmoid(2 * x))", "d_sigmoid_2x = sigmoid(x) * (1.0 - sigmoid(x))"),
    Mutant("gradient_slopes", "the sigmoid's slope without the (1 - sigma) factor", "d_sigmoid = sigmoid(x) * (1.0 - sigmoid(x))", "d_sigmoid = 0.25 * sigmoid(x)"),

    # history_gelu_tanh
    Mutant("history_gelu_tanh", "the cubic coefficient 0.044715 changed", "cubic = 0.044715", "cubic = 0.04715"),
    Mutant("history_gelu_tanh", "sqrt(2/pi) replaced by sqrt(1/pi)", "np.tanh(math.sqrt(2 / math.pi)", "np.tanh(math.sqrt(1 / math.pi)"),
    Mutant("history_gelu_tanh", "the exact GELU with the wrong scale inside erf", "erf(x / math.sqrt(2))", "erf(x / 2)"),
    Mutant("history_gelu_tanh", "the sigmoid form's slope 1.702 changed", "sigmoid_slope = 1.702", "sigmoid_slope = 1.6"),
    Mutant("history_gelu_tanh", "the documented bound misquoted", "documented_bound = 5e-4", "documented_bound = 1e-3"),

    # history_timeline
    Mutant("history_timeline", "the LSTM's year changed", '(1997, "LSTM"', '(1995, "LSTM"'),
    Mutant("history_timeline", "GELU mis-cited to another 2016 reference", '"hendrycks-2016"', '"goodfellow-2016"'),
    Mutant("history_timeline", "Nair & Hinton cited as Glorot & Bengio (same year)", '"Nair & Hinton: ReLU", "nair-2010"', '"Nair & Hinton: ReLU", "glorot-2010"'),
    Mutant("history_timeline", "a rectifier event filed in the squashing era", '"IRNN: ReLU RNN", "le-2015", "rectifier"', '"IRNN: ReLU RNN", "le-2015", "squashing"'),
    Mutant("history_timeline", "GRU cited to a reference that does not exist", '"cho-2014"', '"chung-2014"'),

    # init_deep_stack
    Mutant("init_deep_stack", "tanh gain 1.2 instead of 5/3", "tanh_gain = 5 / 3", "tanh_gain = 1.2"),
    Mutant("init_deep_stack", "saturation level 0.9 instead of 0.95", "saturation_level = 0.95", "saturation_level = 0.9"),
    Mutant("init_deep_stack", "Glorot variance 1/(n_in + n_out)", "glorot_std = np.sqrt(2 / (width + width))", "glorot_std = np.sqrt(1 / (width + width))"),
    Mutant("init_deep_stack", "tiny weights 0.1 instead of 0.01", "tiny_std = 0.01", "tiny_std = 0.1"),
    Mutant("init_deep_stack", "no tanh in the stack", "h = np.tanh(h @ W)", "h = h @ W"),
    # init_glorot_controls
    Mutant("init_glorot_controls", "rewrite: hidden layers x2 instead of x4", "(4 * W, 2 * b - 2 * W.sum(-2, keepdims=True))", "(2 * W, 2 * b - 2 * W.sum(-2, keepdims=True))"),
    Mutant("init_glorot_controls", "rewrite arm secretly tanh (wrong activation)", '"sigmoid, rewritten tanh init": (0.5, 0.5, 0.5)', '"sigmoid, rewritten tanh init": (1, 1, 0)'),
    Mutant("init_glorot_controls", "rewrite arm secretly the plain sigmoid (standard init)", "starts = [standard, standard, rewrite(standard), standard]", "starts = [standard, standard, standard, standard]"),
    Mutant("init_glorot_controls", "centred arm secretly tanh", '"sigmoid - 1/2": (0.5, 0.5, 0)}', '"sigmoid - 1/2": (1, 1, 0)}'),
    Mutant("init_glorot_controls", "best rate chosen as the worst", "best = np.argmin(np.median(", "best = np.argmax(np.median("),
    Mutant("init_glorot_controls", "wrong derivative", "C * K * (1 - ((hs[i] - O) / C) ** 2) if use_slope", "C * K * (1 - ((hs[i] - O) / C)) if use_slope"),
    Mutant("init_glorot_controls", "rewrite read-out bias without the shift", "(2 * Wo, bo - Wo.sum(-2, keepdims=True))", "(2 * Wo, bo)"),
    # init_glorot_saturation
    Mutant("init_glorot_saturation", "saturation threshold 0.2 instead of 0.1", "saturated_slope = 0.1  #", "saturated_slope = 0.2  #"),
    Mutant("init_glorot_saturation", "sigmoid arm secretly tanh", '"sigmoid": (0.5, 0.5, 0.5),', '"sigmoid": (1, 1, 0),'),
    Mutant("init_glorot_saturation", "rewrite: hidden layers x2 instead of x4", "(4 * W, 2 * b - 2 * W.sum(-2, keepdims=True))", "(2 * W, 2 * b - 2 * W.sum(-2, keepdims=True))"),
    Mutant("init_glorot_saturation", "centred arm secretly the sigmoid", '"sigmoid - 1/2": (0.5, 0.5, 0)}', '"sigmoid - 1/2": (0.5, 0.5, 0.5)}'),
    Mutant("init_glorot_saturation", "saturation percentiles from the wrong layer", "np.percentile(np.abs(pre[-1][0, best[0]])", "np.percentile(np.abs(pre[0][0, best[0]])"),
    # init_lecun_scaled_tanh
    Mutant("init_lecun_scaled_tanh", "amplitude 1.7259 instead of 1.7159", "amplitude, slope = 1.7159, 2 / 3", "amplitude, slope = 1.7259, 2 / 3"),
    Mutant("init_lecun_scaled_tanh", "slope 0.7 instead of 2/3", "amplitude, slope = 1.7159, 2 / 3", "amplitude, slope = 1.7159, 0.7"),
    Mutant("init_lecun_scaled_tanh", "Gaussian weights not normalised", "/ np.sqrt(2 * np.pi))  # E f = 0", "/ np.sqrt(np.pi))  # E f = 0"),
    Mutant("init_lecun_scaled_tanh", "f'' peak searched on the left half", "right = x > 0", "right = x < 0"),
    # lstm_cell_gradient
    Mutant("lstm_cell_gradient", "the LSTM candidate made a sigmoid", 'np.tanh(a["g"]), sigmoid(a["o"])', 'sigmoid(a["g"]), sigmoid(a["o"])'),
    Mutant("lstm_cell_gradient", "the forget gate removed from the cell update", "        c = f * c + i * g\n", "        c = c + i * g\n"),
    Mutant("lstm_cell_gradient", "the forget gate held at 1 (no forget gate)", 'sigmoid(a["f"]), np.tanh', 'np.ones(n_hidden), np.tanh'),
    Mutant("lstm_cell_gradient", "the vanilla RNN Jacobian missing the tanh' factor", "J = (1 - h**2)[:, None] * (W_rnn @ J)", "J = W_rnn @ J"),
    Mutant("lstm_cell_gradient", "the carousel multiplies by sqrt(f) instead of f", "carousel.append(carousel[-1] * f)", "carousel.append(carousel[-1] * np.sqrt(f))"),
    Mutant("lstm_cell_gradient", "the forward-mode Jacobian drops the input-gate path", " + g[:, None] * di + i[:, None] * dg", " + i[:, None] * dg"),
    Mutant("lstm_cell_gradient", "the candidate's pre-activation scaled by 0.1 (a weak candidate)", '{k: W_x[k] @ x[t] + W_h[k] @ h + (forget_bias if k == "f" else 0.0) for k in "ifgo"}', '{k: (W_x[k] @ x[t] + W_h[k] @ h) * (0.1 if k == "g" else 1.0) + (forget_bias if k == "f" else 0.0) for k in "ifgo"}'),

    # lstm_signed_candidate
    Mutant("lstm_signed_candidate", "the tanh arm's candidate made a sigmoid", '"tanh candidate": run(np.tanh)', '"tanh candidate": run(sigmoid)'),
    Mutant("lstm_signed_candidate", "the sigmoid control arm secretly uses tanh", '"sigmoid candidate": run(sigmoid)', '"sigmoid candidate": run(np.tanh)'),
    Mutant("lstm_signed_candidate", "the forget gate not held open (f = 0.9)", "c = 1.0 * c + i * g", "c = 0.9 * c + i * g"),
    Mutant("lstm_signed_candidate", "the input gate made a tanh", 'i, o, g = sigmoid(pre["i"])', 'i, o, g = np.tanh(pre["i"])'),

    # rnn_bounded_state
    Mutant("rnn_bounded_state", "the tanh arm runs the sigmoid", "tanh_states.append(run(W, np.tanh))", "tanh_states.append(run(W, lambda a: 1 / (1 + np.exp(-a))))"),
    Mutant("rnn_bounded_state", "the non-normal W is normal", "nonnormal_radius, nonnormal_coupling = 1.5, 4.0", "nonnormal_radius, nonnormal_coupling = 1.5, 0.0"),
    Mutant("rnn_bounded_state", "non-normal run uses norm * orthogonal", "linear_nonnormal_states = run(W_nonnormal, lambda a: a)", "linear_nonnormal_states = run(np.linalg.norm(W_nonnormal, 2) * q, lambda a: a)"),
    Mutant("rnn_bounded_state", "W not scaled orthogonal", "    W = scale * q\n", "    W = scale * q + 0.5 * np.triu(q, 1)\n"),
    Mutant("rnn_bounded_state", "inputs 30x larger: pre-activations past the float threshold", "U = rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input)", "U = 30 * rng.standard_normal((n_hidden, n_input)) / np.sqrt(n_input)"),
    Mutant("rnn_bounded_state", "growth measured from step 0", "states[half - 1]", "states[0]"),

    # rnn_clipping
    Mutant("rnn_clipping", "clipping by value instead of by norm", "g = g * clip / norm  # same direction, length clip", "g = np.clip(g, -clip, clip)"),
    Mutant("rnn_clipping", "the clip never engages", "if clip is not None and norm > clip:", "if clip is not None and norm > 1e9 * clip:"),
    Mutant("rnn_clipping", "BPTT missing the recurrent weight", "dh = da * w  # on to h_{t-1}", "dh = da  # on to h_{t-1}"),
    Mutant("rnn_clipping", "BPTT takes the weight gradient at h_t instead of h_{t-1}", "grad += da * np.array([hs[t - 1], 1.0])", "grad += da * np.array([hs[t], 1.0])"),
    Mutant("rnn_clipping", "the truncated control gradient is the full one", "loss_and_grad(w, b, truncate=1)[1]", "loss_and_grad(w, b, truncate=None)[1]"),
    Mutant("rnn_clipping", "clipping to twice the stated threshold", "g = g * clip / norm", "g = g * 2 * clip / norm"),

    # rnn_eigen_vs_singular
    Mutant("rnn_eigen_vs_singular", "D_saturated is the identity (control is the treatment)", "D_saturated = np.diag([1.0, saturated_slope])", "D_saturated = np.diag([1.0, 1.0])"),
    Mutant("rnn_eigen_vs_singular", "W normal (a scaled rotation): singular value = spectral radius", "W = np.array([[5.0, 19.0], [-25.81 / 19.0, -5.0]])", "W = np.array([[0.0, 0.9], [-0.9, 0.0]])"),
    Mutant("rnn_eigen_vs_singular", "a 'saturated' slope above 1, which tanh' never takes", "saturated_slope = 0.01", "saturated_slope = 3.0"),
    Mutant("rnn_eigen_vs_singular", "growth per step read from W instead of D W", "np.abs(np.linalg.eigvals(D_saturated @ W)).max())", "np.abs(np.linalg.eigvals(W)).max())"),
    Mutant("rnn_eigen_vs_singular", "the saturated product uses D = I", "P_sat = D_saturated @ W @ P_sat", "P_sat = D_linear @ W @ P_sat"),

    # rnn_jacobian_norm
    Mutant("rnn_jacobian_norm", "the Jacobian missing the tanh' factor", "J = df(h)[:, None] * (W @ J)", "J = W @ J"),
    Mutant("rnn_jacobian_norm", "gamma of the sigmoid is 1 (its derivative written as tanh's)", "lambda y: y * (1.0 - y))}", "lambda y: 1.0 - y**2)}"),
    Mutant("rnn_jacobian_norm", "the sigmoid's derivative four times too large (gamma 1)", "lambda y: y * (1.0 - y))}", "lambda y: 4 * y * (1.0 - y))}"),
    Mutant("rnn_jacobian_norm", "the tanh arm runs a sigmoid (with the sigmoid's derivative)", 'acts = {"tanh": (np.tanh, lambda y: 1.0 - y**2),', 'acts = {"tanh": (lambda a: 1.0 / (1.0 + np.exp(-a)), lambda y: y * (1.0 - y)),'),
    Mutant("rnn_jacobian_norm", "W not orthogonal: ||W||_2 is not the quoted scale", "q, _ = np.linalg.qr(rng.standard_normal((n_hidden, n_hidden)))", "q = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)"),
    Mutant("rnn_jacobian_norm", "the wrong-formula control arm uses the right formula", "_, J_wrong, _, _ = jacobian_norms(f, np.ones_like, W,", "_, J_wrong, _, _ = jacobian_norms(f, df, W,"),
    Mutant("rnn_jacobian_norm", "the state range read from the initial state only", "        h_range = [min(h_range[0], float(h.min())), max(h_range[1], float(h.max()))]", "        h_range = [min(h_range[0], float(h0.min())), max(h_range[1], float(h0.max()))]"),

    # rnn_memory_task
    Mutant("rnn_memory_task", "rewrite recurrent weights x1 instead of x4", '"W": 4 * W', '"W": 1 * W'),
    Mutant("rnn_memory_task", "rewrite recurrent weights x2 instead of x4", '"W": 4 * W', '"W": 2 * W'),
    Mutant("rnn_memory_task", "rewrite bias shift -2W1 dropped", '"b": 2 * p["b"] - 2 * W.sum(-1)', '"b": 2 * p["b"]'),
    Mutant("rnn_memory_task", "rewrite read-out shift -v.1 dropped", '"c": p["c"] - v.sum(-1)', '"c": p["c"]'),
    Mutant("rnn_memory_task", "rewrite starts from state 0 instead of 1/2", '"h0": p["h0"] + 0.5', '"h0": p["h0"]'),
    Mutant("rnn_memory_task", "centred arm secretly the plain sigmoid", '"centred": "centred"}', '"centred": "sigmoid"}'),
    # (written as tanh's, the sigmoid's derivative makes Adam overflow float32: a crash, not a test failure)
    Mutant("rnn_memory_task", "sigmoid derivative halved (the 1/2 of sigma(a) = (1 + tanh(a/2))/2 applied twice)", '(sig, lambda h: h * (1 - h))', '(sig, lambda h: h * (1 - h) / 2)'),
    Mutant("rnn_memory_task", "plain sigmoid arm secretly started at the rewrite", 'if arm == "rewrite":', 'if arm in ("rewrite", "sigmoid"):'),

    # shape_coordinate_descent
    Mutant("shape_coordinate_descent", "hidden weights x2 in to_sigmoid", "4 * W2, 2 * b2 - 2 * W2 @ one", "2 * W2, 2 * b2 - 2 * W2 @ one"),
    Mutant("shape_coordinate_descent", "wrong sigmoid derivative", "lambda z: z * (1 - z)", "lambda z: 1 - z**2"),
    Mutant("shape_coordinate_descent", "naive chain rule without the bias term", "(gW2 + np.outer(gb2, one)) / 4, gb2 / 2", "gW2 / 4, gb2 / 2"),
    Mutant("shape_coordinate_descent", "backprop through W2 instead of W2.T", "d1 = (W2.T @ d2) * df(z1)", "d1 = (W2 @ d2) * df(z1)"),
    Mutant("shape_coordinate_descent", "sigmoid step is secretly the tanh step", "phi_step_back = to_tanh(*[p - learning_rate * g for p, g in zip(phi, g_s)])", "phi_step_back = theta_step"),
    Mutant("shape_coordinate_descent", "sigmoid run starts at the tanh weights", 'runs = {"tanh": theta, "sigmoid": phi}', 'runs = {"tanh": theta, "sigmoid": list(theta)}'),

    # shape_coordinate_rewrite
    Mutant("shape_coordinate_rewrite", "recurrent weights x2 instead of x4", "s = rnn(sigmoid, 4 * W, 2 * U", "s = rnn(sigmoid, 2 * W, 2 * U"),
    Mutant("shape_coordinate_rewrite", "bias shift forgotten", "s = rnn(sigmoid, 4 * W, 2 * U, 2 * b - 2 * W @ np.ones(n_hidden)", "s = rnn(sigmoid, 4 * W, 2 * U, 2 * b"),
    Mutant("shape_coordinate_rewrite", "wrong read-out bias", "4 * W2, 2 * b2 - 2 * W2 @ ones, 2 * V, c - V @ ones)", "4 * W2, 2 * b2 - 2 * W2 @ ones, 2 * V, c)"),
    Mutant("shape_coordinate_rewrite", "reverse rewrite halves hidden weights", "A2 / 4, a2 / 2 + A2 @ ones / 4", "A2 / 2, a2 / 2 + A2 @ ones / 4"),
    Mutant("shape_coordinate_rewrite", "doubled control secretly the exact rewrite", "s_doubled = rnn(sigmoid, 2 * W, 2 * U, 2 * b - W @ np.ones(n_hidden)", "s_doubled = rnn(sigmoid, 4 * W, 2 * U, 2 * b - 2 * W @ np.ones(n_hidden)"),
    Mutant("shape_coordinate_rewrite", "sigmoid Jacobian with 2W", "((s_t * (1 - s_t))[:, None] * 4 * W)", "((s_t * (1 - s_t))[:, None] * 2 * W)"),

    # shape_curves
    Mutant("shape_curves", "sigmoid derivative off by 1e-4", "d_sigmoid = sigmoid * (1.0 - sigmoid)", "d_sigmoid = 0.25 * (1.0 - (2 * sigmoid - 1) ** 2) * 1.0001"),
    Mutant("shape_curves", "bisection bracket misses the crossover", "lo, hi = 1.0, 3.0", "lo, hi = 1.0, 1.5"),
    Mutant("shape_curves", "tanh not odd", "tanh = np.tanh(x)", "tanh = 2.0 / (1.0 + np.exp(-2.0 * x)) - 1.0 + 1e-12"),

    # shape_identities
    Mutant("shape_identities", "saturation onset at the wrong level", "x[np.abs(tanh) > saturation_level]", "x[np.abs(tanh) > saturation_level**2]"),
    Mutant("shape_identities", "wrong slope at saturation", "slope_at_saturation = float(1.0 - np.tanh(saturation_x) ** 2)", "slope_at_saturation = float(1.0 - np.tanh(saturation_x))"),

    # sign_bce_gradient
    Mutant("sign_bce_gradient", "the log-loss gradient's sign flipped", "    return sigmoid(z) - label", "    return label - sigmoid(z)"),
    Mutant("sign_bce_gradient", "the squared-error gradient without the chain rule through sigma'", "return 2.0 * (sigmoid(z) - label) * sigmoid(z) * (1.0 - sigmoid(z))", "return 2.0 * (sigmoid(z) - label)"),
    Mutant("sign_bce_gradient", "the sigmoid loses its factor 1/2 inside tanh", "0.5 * (1.0 + np.tanh(0.5 * z))", "0.5 * (1.0 + np.tanh(z))"),
    Mutant("sign_bce_gradient", "the log-loss computed with the wrong label sign", "return np.logaddexp(0.0, z) - label * z", "return np.logaddexp(0.0, z) + label * z"),
    Mutant("sign_bce_gradient", "the naive control computed stably", "naive_loss_at_extreme = float(-np.log(1.0 / (1.0 + np.exp(-extreme_logit))))", "naive_loss_at_extreme = float(np.logaddexp(0.0, -extreme_logit))"),

    # sign_flip_symmetry
    Mutant("sign_flip_symmetry", "the flip leaves the outgoing weights alone", "hidden_flipped, out_flipped = network(np.tanh, W1 * flip, b1 * flip, W2 * flip[:, None], b2)", "hidden_flipped, out_flipped = network(np.tanh, W1 * flip, b1 * flip, W2, b2)"),
    Mutant("sign_flip_symmetry", "the flip leaves the unit's bias alone", "hidden_flipped, out_flipped = network(np.tanh, W1 * flip, b1 * flip,", "hidden_flipped, out_flipped = network(np.tanh, W1 * flip, b1,"),
    Mutant("sign_flip_symmetry", "the flip flips nothing (control is the treatment)", "flip[unit] = -1.0", "flip[unit] = 1.0"),
    Mutant("sign_flip_symmetry", "network() ignores its activation and always uses the sigmoid", "    hidden = act(X @ W1 + b1)", "    hidden = sigmoid(X @ W1 + b1)"),
    Mutant("sign_flip_symmetry", "the no-bias-fix control arm secretly shifts the bias", "_, out_sig_no_fix = network(sigmoid, W1 * flip, b1 * flip, W2 * flip[:, None], b2)", "_, out_sig_no_fix = network(sigmoid, W1 * flip, b1 * flip, W2 * flip[:, None], b2 + W2[unit])"),
    Mutant("sign_flip_symmetry", "the tanh rewrite of the sigmoid net forgets the output-bias shift", "b2 + W2.sum(axis=0) / 2)", "b2)"),
]
# fmt: on


def check_table(mutants: list[Mutant]) -> list[str]:
    """One line per stale mutant: its example is missing or its old text does not occur exactly once."""
    problems = []
    for m in mutants:
        path = ROOT / "examples" / f"{m.stem}.py"
        if not path.exists():
            problems.append(f"mutant {m.stem!r} ({m.why}): examples/{m.stem}.py does not exist")
            continue
        count = path.read_text(encoding="utf-8").count(m.old)
        if count != 1 or m.old == m.new:
            problems.append(f"mutant {m.stem!r} ({m.why}): its old text occurs {count} times in examples/{m.stem}.py"
                            + (" (or equals its new text)" if count == 1 else "") + "; the table is stale")
    return problems


def selected_tests(stem: str) -> list[str]:
    """Node ids of the tests that name `stem` in quotes, and the example's plain-script run."""
    ids = [f"tests/test_examples.py::test_runs_as_plain_script[{stem}]"]
    quoted = (f'"{stem}"', f"'{stem}'")
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        scopes = [(tree, "")] + [(c, c.name + "::") for c in tree.body if isinstance(c, ast.ClassDef)]
        for scope, prefix in scopes:
            for node in scope.body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    source = "\n".join(text.splitlines()[first - 1: node.end_lineno])
                    if any(q in source for q in quoted):
                        ids.append(f"tests/{path.name}::{prefix}{node.name}")
    return ids


def claims_of_tests() -> tuple[list[str], dict[str, list[str]]]:
    """claims.yml: the claim ids, and test node id -> the ids of the claims that list it."""
    import yaml

    ledger = yaml.safe_load((ROOT / "claims.yml").read_text(encoding="utf-8"))["claims"]
    out: dict[str, list[str]] = {}
    for claim in ledger:
        for test in claim["tests"]:
            out.setdefault(test, []).append(str(claim["id"]))
    return [str(c["id"]) for c in ledger], out


IGNORED = shutil.ignore_patterns(".git", ".cache", "site", ".venv", ".ci-venv", "screenshots", "__pycache__",
                                 ".pytest_cache", "*.pyc")


def make_copy(base: Path) -> Path:
    """A copy of the repository without its caches, generated output and git history."""
    copy = Path(tempfile.mkdtemp(prefix="copy-", dir=base))
    for item in ROOT.iterdir():
        if IGNORED(str(ROOT), [item.name]):
            continue
        (shutil.copytree(item, copy / item.name, ignore=IGNORED) if item.is_dir() else shutil.copy2(item, copy / item.name))
    return copy


TEST_LIMIT = 120  # seconds a selected test may run in a mutant's run (the slowest takes a few)


class TimedOut(Exception):
    """A selected test ran over TEST_LIMIT: ``test`` is its node id, ``stacks`` what pytest-timeout printed."""

    def __init__(self, test: str, stacks: str):
        super().__init__(f"{test} ran over {TEST_LIMIT} s")
        self.test, self.stacks = test, stacks


def run_tests(copy: Path, ids: list[str], base: Path) -> tuple[dict[str, bool], str]:
    """Run `ids` in `copy`; returns {node id: passed} and pytest's output.

    Raises TimedOut if a test runs over TEST_LIMIT (the thread method of pytest-timeout
    ends pytest there, so no report is lost to a failure while formatting the timeout) and
    RuntimeError if pytest broke down otherwise.
    """
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=base))
    report = scratch / "report.xml"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8",
           "PYTHONUNBUFFERED": "1"}  # what a timed-out run printed is not lost in a buffer
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-v", "-p", "no:cacheprovider", "--basetemp", str(scratch / "tmp"),
         f"--timeout={TEST_LIMIT}", "--timeout-method=thread", f"--junitxml={report}", *ids],
        cwd=copy, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900,
    )
    outcomes: dict[str, bool] = {}
    if report.exists():
        for case in ET.parse(report).iter("testcase"):
            module = case.get("classname", "").split(".")
            path = "/".join(module[:2]) + ".py"  # tests.test_x[.Class]
            node = "::".join([path, *module[2:], case.get("name", "")])
            outcomes[node] = not any(child.tag in ("failure", "error") for child in case)
    shutil.rmtree(scratch, ignore_errors=True)
    if not outcomes and "+ Timeout +" in proc.stdout:  # pytest-timeout's banner around the stacks it prints
        started = [line.split(" ", 1)[0] for line in proc.stdout.splitlines() if line.startswith("tests/")]
        raise TimedOut(started[-1] if started else "a test", proc.stdout)
    if proc.returncode not in (0, 1) or not outcomes:
        raise RuntimeError(f"pytest ended with exit code {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return outcomes, proc.stdout


def plain(node: str) -> str:
    """A node id without its parameters."""
    return node.split("[", 1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stems", nargs="*", help="only the mutants of these examples")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once (default: cores)")
    parser.add_argument("--no-coverage", action="store_true",
                        help="report examples and claims without a caught mutant, but do not fail for them")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    stale = check_table(MUTANTS)
    if stale:
        print("\n".join(stale))
        return 2
    stems = [p.stem for p in project.find_examples(ROOT / "examples")]
    unknown = sorted(set(args.stems) - set(stems))
    if unknown:
        parser.error(f"no example named {', '.join(unknown)}")
    chosen = [m for m in MUTANTS if not args.stems or m.stem in args.stems]
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"{len(chosen)} mutants, {args.jobs} at a time{load}", flush=True)

    base = Path(tempfile.mkdtemp(prefix="tanh-mutants-"))
    copies: queue.Queue = queue.Queue()
    selection = {stem: selected_tests(stem) for stem in {m.stem for m in chosen}}

    def run(m: Mutant) -> tuple[str, list[str]]:
        try:
            copy = copies.get_nowait()
        except queue.Empty:
            copy = make_copy(base)
        target = copy / "examples" / f"{m.stem}.py"
        original = target.read_text(encoding="utf-8")
        try:
            target.write_text(original.replace(m.old, m.new), encoding="utf-8")
            try:
                try:
                    outcomes, _ = run_tests(copy, selection[m.stem], base)
                except RuntimeError as exc:  # pytest itself broke down (not a test failure): say so, try once more
                    print(f"    {m.stem}: {m.why}: pytest ended abnormally; running it again\n{str(exc)[-1500:]}", flush=True)
                    outcomes, _ = run_tests(copy, selection[m.stem], base)
            except TimedOut as exc:  # a failed test, which the suite would report too
                print(f"    {m.stem}: {m.why}: {exc}; where it was:\n{exc.stacks[-3000:]}", flush=True)
                return "CAUGHT", [exc.test]
        finally:
            target.write_text(original, encoding="utf-8")
            copies.put(copy)
        failed = sorted(node for node, ok in outcomes.items() if not ok)
        script_run = f"tests/test_examples.py::test_runs_as_plain_script[{m.stem}]"
        if script_run not in outcomes:
            raise RuntimeError(f"{script_run} did not run: has the test been renamed?")
        if script_run in failed:
            return "TRIVIAL", failed
        return ("CAUGHT" if failed else "MISSED"), failed

    results: dict[Mutant, tuple[str, list[str]]] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {m: pool.submit(run, m) for m in chosen}
            for i, m in enumerate(chosen, 1):
                verdict, failed = results[m] = futures[m].result()
                caught_by = ", ".join(n.removeprefix("tests/") for n in failed) if verdict == "CAUGHT" else ""
                print(f"{i:3d} {verdict:7s} {m.stem}: {m.why}" + (f"  <- {caught_by}" if caught_by else ""), flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    caught = [m for m in chosen if results[m][0] == "CAUGHT"]
    print(f"\nscore: {len(caught)}/{len(chosen)} caught ({100 * len(caught) / max(1, len(chosen)):.0f} %), "
          f"{sum(results[m][0] == 'TRIVIAL' for m in chosen)} trivial (crashes), "
          f"{sum(results[m][0] == 'MISSED' for m in chosen)} missed")
    per_stem = {s: sum(m.stem == s for m in caught) for s in (args.stems or stems)}
    print("caught mutants per example: " + ", ".join(f"{s} {n}" for s, n in per_stem.items()))
    bare = [s for s, n in per_stem.items() if n == 0]
    every_claim, claims = claims_of_tests()
    covered = {c for m in caught for node in results[m][1] for c in claims.get(plain(node), [])}
    uncovered = [c for c in every_claim if c not in covered]
    if bare:
        print(f"examples without a caught mutant: {', '.join(bare)}")
    print(f"claims no caught mutant covers: {', '.join(uncovered) or 'none'}")
    cpu = ""
    if hasattr(os, "times"):  # the CPU time of the pytest runs and the examples they ran (0 where not reported)
        spent = os.times().children_user + os.times().children_system
        cpu = f", {spent:.0f} s of CPU in the test runs ({spent / (os.cpu_count() or 1):.0f} s on {os.cpu_count()} idle cores)"
    print(f"time: {time.perf_counter() - start:.0f} s{cpu}")
    ok = len(caught) == len(chosen)
    if not args.stems and not args.no_coverage:
        ok = ok and not bare and not uncovered
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
