"""The zigzag explorer on "Zero-centred outputs" (issue 20): gradient descent on the
2-weight least-squares problems of examples/centring_zigzag.py, run in the browser, must
give the example's own step counts, outcomes, condition numbers, steps, distances and
losses at its parameter points; and it must be usable (labels, keyboard, reset, focus)."""

from __future__ import annotations

import pytest
from browser_support import Visit, explorer_readouts, open_explorer, set_explorer
from conftest import ROOT

STEM, PAGE, KIND = "centring_zigzag", "zero-centred/", "zigzag"
KINDS = ("sigmoid", "centred", "tanh")  # the example's explorer_points_kind indexes these
READOUTS = {"steps": "explorer_steps", "outcome": "explorer_outcome", "kappa": "explorer_kappa",
            "step": "explorer_step", "distance": "explorer_distance", "loss": "explorer_loss"}


def test_zigzag_explorer_matches_the_example_at_its_points(browser, site_url, values):
    v = values(STEM)
    points = list(zip(v["explorer_points_kind"], v["explorer_points_multiple"]))
    assert len(points) >= 5 and {o for o in v["explorer_outcome"]} == {1, 0, -1}, "the points miss a state"
    with Visit(browser, site_url, "light") as visit:
        root = open_explorer(visit, PAGE, KIND)
        for i, (kind, multiple) in enumerate(points):
            set_explorer(root, features=KINDS[kind], multiple=f"{multiple:g}")
            got = explorer_readouts(root)
            where = f"{KINDS[kind]} features at {multiple:g} x the best step"
            for readout, name in READOUTS.items():
                expected = v[name][i]
                if readout in ("steps", "outcome"):
                    assert got[readout] == expected, f"{where}: {readout} {got[readout]} != the example's {expected}"
                else:
                    assert got[readout] == pytest.approx(expected, rel=1e-6), f"{where}: {readout}"
            words = root.locator("[data-readout=outcome]").inner_text()
            assert {1: "converges", 0: "does not converge", -1: "diverges"}[v["explorer_outcome"][i]] in words
        assert visit.errors == []


def test_zigzag_explorer_is_labelled_resets_and_works_by_keyboard(browser, site_url, values):
    v = values(STEM)
    with Visit(browser, site_url, "light") as visit:
        root = open_explorer(visit, PAGE, KIND)
        page = visit.page
        # The default is the figure's sigmoid run at the best step.
        assert explorer_readouts(root)["steps"] == v["iters_sigmoid_2d"]
        assert explorer_readouts(root)["kappa"] == pytest.approx(v["kappa_sigmoid_2d"], rel=1e-6)
        for name, text in (("features", "Features"), ("multiple", "Step")):
            assert root.locator("label", has=page.locator(f"[data-control={name}]")).inner_text().startswith(text)
        assert root.locator(".explorer-readouts").get_attribute("aria-live") == "polite"
        for plot in root.locator("svg.explorer-plot").all():
            titles = plot.locator(".explorer-axis-title").all_text_contents()
            assert len(titles) == 2 and all(t.strip() for t in titles), titles
            assert plot.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"
        contours = root.locator("[data-plot=contours] svg")
        assert contours.locator("path[data-curve=contour]").count() == 12
        assert contours.locator("circle[data-curve=best]").count() == 1
        # Keyboard: the slider moves one notch and the readouts follow.
        slider = root.locator("[data-control=multiple]")
        path_before = contours.locator("path[data-curve=path]").get_attribute("d")
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert slider.input_value() == "1.05"
        assert explorer_readouts(root)["step"] == pytest.approx(1.05 * v["explorer_step"][0], rel=1e-12)
        assert contours.locator("path[data-curve=path]").get_attribute("d") != path_before
        assert slider.evaluate("e => e === document.activeElement && getComputedStyle(e).outlineStyle") == "solid", \
            "no visible focus ring"
        # Reset restores the defaults and redraws.
        set_explorer(root, features="tanh", multiple="2")
        assert explorer_readouts(root)["outcome"] == -1
        root.locator("[data-explorer=reset]").click()
        assert (root.locator("[data-control=features]").input_value(), slider.input_value()) == ("sigmoid", "1")
        assert explorer_readouts(root)["steps"] == v["iters_sigmoid_2d"]
        assert contours.locator("path[data-curve=path]").get_attribute("d") == path_before
        assert visit.errors == []


def test_zigzag_page_reads_without_the_explorer(browser, site_url):
    """The static figure, its table and a noscript line stay; the explorer's code is small."""
    with Visit(browser, site_url, "light") as visit:
        page = visit.open(PAGE)
        assert page.locator("img[src$='centring_zigzag-1.svg']").count() == 1
        root = page.locator("[data-explorer-kind=zigzag]")
        assert "figure" in root.locator("noscript").inner_html()
        assert root.get_attribute("data-src") == "../explorers/centring_zigzag.json"
    size = sum((ROOT / "docs/assets/explorers" / name).stat().st_size for name in ("kit.js", "zigzag.js"))
    assert size < 30_000, f"kit.js + zigzag.js are {size} bytes"
