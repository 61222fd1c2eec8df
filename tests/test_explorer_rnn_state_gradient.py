"""The "bounded state, unbounded gradient" explorer on the RNN page computes what
examples/rnn_jacobian_norm.py computes: set to the example's explorer points, it reads
out the example's values."""

from __future__ import annotations

import math

import pytest
from browser_support import Visit, explorer_readouts, open_explorer, set_explorer

STEM = "rnn_jacobian_norm"
PAGE = "rnn-squashing/"
KIND = "rnn-state-gradient"
READOUTS = {  # readout on the page: the example's list of values, one per explorer point
    "weight-norm": "explorer_weight_norm",
    "radius": "explorer_radius",
    "max-abs-state": "explorer_max_abs_state",
    "final-state-norm": "explorer_final_state_norm",
    "grad-norm-early": "explorer_grad_norm_early",
    "grad-norm-final": "explorer_grad_norm_final",
    "bound-final": "explorer_bound_final",
}


def test_rnn_explorer_reads_out_what_the_example_computes(browser, site_url, values):
    v = values(STEM)
    points = list(zip(v["explorer_point_activation"].split(","), v["explorer_point_matrix"].split(","),
                      v["explorer_point_norm"]))
    assert len(points) >= 5
    assert {p[0] for p in points} == {"tanh", "sigmoid", "rewrite", "identity"}
    assert {p[1] for p in points} == {"orthogonal", "nonnormal"}
    with Visit(browser, site_url, "light") as visit:
        root = open_explorer(visit, PAGE, KIND)
        for i, (activation, matrix, norm) in enumerate(points):
            set_explorer(root, activation=activation, matrix=matrix, norm=f"{math.log10(norm):.12f}")  # the page rounds ||W|| to 3 digits
            shown = explorer_readouts(root)
            for readout, name in READOUTS.items():
                # float64 on both sides, the same operations up to the order of a few sums; the tanh
                # network at ||W||_2 = 3 amplifies that rounding (its Jacobian reaches 1e6): hence 1e-6
                assert shown[readout] == pytest.approx(v[name][i], rel=1e-6), (activation, matrix, norm, readout)


def test_rnn_explorer_is_labelled_keyboard_operable_and_resets(browser, site_url):
    with Visit(browser, site_url, "dark") as visit:
        root = open_explorer(visit, PAGE, KIND)
        page = root.page
        before = explorer_readouts(root)
        slider = root.locator("[data-control=norm]")
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert slider.evaluate("e => e === document.activeElement && getComputedStyle(e).outlineStyle") == "solid"
        after = explorer_readouts(root)
        assert after["weight-norm"] > before["weight-norm"], "the arrow key did not raise ||W||"
        assert after["grad-norm-final"] != before["grad-norm-final"]
        for name in ("activation", "matrix", "norm"):
            label = root.locator("label", has=page.locator(f"[data-control={name}]"))
            assert label.inner_text().strip(), f"control {name} has no label"
        assert root.locator(".explorer-readouts").get_attribute("aria-live") == "polite"
        for plot in ("state", "gradient"):
            svg = root.locator(f"[data-plot={plot}] svg")
            assert svg.locator(".explorer-axis-title").count() == 2, f"the {plot} plot lacks axis titles"
            assert svg.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"
            assert svg.locator("title").text_content()
        set_explorer(root, activation="identity", matrix="nonnormal")
        root.locator("[data-explorer=reset]").click()
        assert explorer_readouts(root) == before, "reset did not bring back the first view"
        assert root.locator("[data-control=activation]").input_value() == "tanh"
        assert root.locator("path[data-curve=gradient]").get_attribute("d")
        assert page.locator("img[src$='rnn_jacobian_norm-1.svg']").count() == 1, "the static figure is gone"
