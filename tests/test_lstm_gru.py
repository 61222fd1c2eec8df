"""Claims of "Inside LSTM and GRU" (claims ledger X1), asserted on the values of
examples/lstm_signed_candidate.py and examples/lstm_cell_gradient.py."""

from __future__ import annotations


def test_tanh_candidate_moves_the_cell_both_ways(values):
    v = values("lstm_signed_candidate")
    assert 0.2 < v["fraction_down_tanh"] < 0.8
    assert v["min_cell_tanh"] < 0 < v["max_cell_tanh"]
    assert v["final_abs_cell_tanh"] > 3, "with f = 1 even the tanh cell drifts far outside (-1, 1)"


def test_sigmoid_candidate_only_climbs(values):
    v = values("lstm_signed_candidate")
    assert v["fraction_down_sigmoid"] == 0.0, "with f = 1 every update i g is positive"
    assert v["min_cell_sigmoid"] > 0
    assert v["final_cell_sigmoid_min"] > 0.1 * v["n_steps"], "the cell drifts upward step after step"
    assert v["final_cell_sigmoid_min"] > v["final_abs_cell_tanh"]


def test_lstm_jacobian_matches_finite_differences(values):
    v = values("lstm_cell_gradient")
    assert v["jacobian_fd_rel_error"] < 1e-6
    assert v["rnn_jacobian_fd_rel_error"] < 1e-6, "the vanilla RNN's Jacobian product, checked the same way"
    assert v["carousel_only_rel_error"] > 1e-1, "the paths through the gates are part of the Jacobian"


def test_additive_cell_path_outlives_the_rnn_jacobian(values):
    v = values("lstm_cell_gradient")
    weak, strong = v["lstm_final_norms"]  # forget-gate bias 1, then 3
    assert strong > 1e-2, "with the forget gate near 1, c_0 still matters after 100 steps"
    assert strong > 1e6 * weak > 1e6 * v["rnn_final_norm"]
    assert v["rnn_final_norm"] < 1e-12
    assert v["carousel_final_strong"] > 1e6 * v["carousel_final_weak"], "the carousel path alone: f_t ... f_1"


def test_carousel_only_curves_lie_below_the_full_jacobian(values):
    """The figure's dotted carousel-only curves lie below their full LSTM curves at every
    step after the first (at t = 1 they coincide: with h_0 = 0 no path runs through the gates)."""
    v = values("lstm_cell_gradient")
    assert v["carousel_over_lstm_max"] < 1
    assert v["carousel_final_strong"] < v["lstm_final_norm_strong"]
    assert v["carousel_final_weak"] < v["lstm_final_norm_weak"]


def test_lstm_candidate_is_signed(values):
    """The candidate g = tanh(...) of the LSTM whose Jacobian is measured takes both signs,
    close to both ends of (-1, 1), and never leaves it."""
    low, high = values("lstm_cell_gradient")["candidate_range"]
    assert -1 < low < -0.9 and 0.9 < high < 1
