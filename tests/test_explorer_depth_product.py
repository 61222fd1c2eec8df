"""The depth-product explorer on the gradient-flow page (issue 20): the gradient's norm
through L layers of one small network at weight scale c, computed in the browser, equals
what examples/gradient_depth_product.py computes with its own gradient_pass."""

from __future__ import annotations

import pytest
from browser_support import Visit, explorer_readouts, open_explorer, set_explorer

STEM = "gradient_depth_product"
PAGE = "gradient-flow/"
KIND = "depth-product"
READOUTS = {  # the explorer's readout -> the example's list, one value per point
    "tanh": "explorer_tanh", "sigmoid": "explorer_sigmoid", "rewrite": "explorer_rewrite",
    "centred": "explorer_centred", "bound_tanh": "explorer_bound_tanh", "bound_sigmoid": "explorer_bound_sigmoid",
}


@pytest.fixture(scope="module")
def visit(browser, site_url):
    with Visit(browser, site_url, "light") as v:
        yield v


@pytest.fixture
def root(visit):
    root = open_explorer(visit, PAGE, KIND)
    root.locator("[data-explorer=reset]").click()
    return root


def test_readouts_match_the_example_at_every_point(root, values):
    v = values(STEM)
    points = list(zip(v["explorer_points_depth"], v["explorer_points_scale"]))
    assert len(points) >= 5
    for i, (depth, scale) in enumerate(points):
        set_explorer(root, depth=depth, scale=scale)
        shown = explorer_readouts(root)
        for readout, name in READOUTS.items():
            assert shown[readout] == pytest.approx(v[name][i], rel=1e-6), f"{readout} at L = {depth}, c = {scale}"
    # what the page says: the rewrite stays on tanh, the sigmoid falls below its bound
    assert all(r == pytest.approx(t, rel=1e-9) for r, t in zip(v["explorer_rewrite"], v["explorer_tanh"]))
    assert all(s <= b for s, b in zip(v["explorer_sigmoid"], v["explorer_bound_sigmoid"]))
    assert max(v["explorer_tanh"]) > 1 > min(v["explorer_tanh"])


def test_reset_restores_the_defaults_and_redraws(root):
    curve = root.locator("path[data-curve=tanh]")
    before, readouts = curve.get_attribute("d"), explorer_readouts(root)
    set_explorer(root, depth=12, scale=1.7)
    assert curve.get_attribute("d") != before
    root.locator("[data-explorer=reset]").click()
    assert root.locator("[data-control=depth]").input_value() == "40"
    assert root.locator("[data-control=scale]").input_value() == "1"
    assert curve.get_attribute("d") == before and explorer_readouts(root) == readouts


def test_keyboard_moves_a_slider_and_the_readout(root, visit):
    scale = root.locator("[data-control=scale]")
    before = explorer_readouts(root)["tanh"]
    scale.focus()
    visit.page.keyboard.press("ArrowRight")
    assert scale.input_value() == "1.01"
    assert explorer_readouts(root)["tanh"] != before
    assert scale.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle") == "solid", "no visible focus ring"


def test_controls_are_labelled_and_the_readouts_announced(root):
    for name, text in (("depth", "Depth L"), ("scale", "Weight scale c")):
        control = root.locator(f"[data-control={name}]")
        assert control.get_attribute("type") == "range"
        assert control.evaluate("e => e.closest('label').textContent.trim()").startswith(text)
    assert root.locator(".explorer-readouts").get_attribute("aria-live") == "polite"
    assert root.locator("[data-control=scale]").get_attribute("step") == "0.01"


def test_plot_has_axis_titles_curves_and_scrolls_on_touch(root):
    plot = root.locator("svg.explorer-plot")
    assert plot.locator("text.explorer-axis-title", has_text="layers passed").count() == 1
    assert plot.locator("text.explorer-axis-title", has_text="|gradient|").count() == 1
    for curve in ("tanh", "sigmoid", "centred", "bound-tanh", "bound-sigmoid"):
        assert plot.locator(f"path[data-curve={curve}]").get_attribute("d").startswith("M"), curve
    assert plot.locator("circle[data-dot=rewrite]").count() >= 5
    assert plot.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"


def test_the_figure_and_the_text_stay_without_javascript(root, visit):
    page = visit.page
    assert page.locator("img[src*='gradient_depth_product-1.svg']").count() == 1
    assert "the figure above shows the same experiment" in root.locator("noscript").inner_html()
    assert root.locator("[data-explorer=status]").inner_text() == ""
