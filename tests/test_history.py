"""Claims of "History, and where tanh lives today" (claims ledger A5, X6), asserted on the
values of examples/history_timeline.py and examples/history_gelu_tanh.py."""

from __future__ import annotations

import math
import re

import mpmath
import numpy as np
import pytest
from conftest import ROOT

# A reference's heading on the References page: "### Authors (year) { #anchor }", then its entry.
REFERENCE = re.compile(r"^### (?P<authors>.+?) \((?P<year>\d{4})\) \{ #(?P<anchor>[a-z0-9-]+) \}\n(?P<entry>.*?)(?=^#|\Z)", re.M | re.S)
# Labels that name a work by its acronym, and the words of its title that the acronym stands for.
ACRONYMS = {"LSTM": "Long Short-Term Memory", "IRNN": "rectified linear units"}


def references() -> dict[str, dict]:
    text = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    return {m["anchor"]: m.groupdict() for m in REFERENCE.finditer(text)}


def events(v) -> list[tuple[int, str, str, str]]:
    """(year, label, reference anchor, kind) of every event on the timeline."""
    refs, labels, kinds = v["event_refs"].split(","), v["event_labels"].split(";"), v["event_kinds"].split(",")
    assert len(refs) == len(labels) == len(kinds) == len(v["event_years"]) == v["n_events"]
    return list(zip(v["event_years"], labels, refs, kinds))


def test_timeline_events_are_cited_and_dated(values):
    """Every event cites a reference that exists, in the year that reference gives, and
    the label names that reference (its first author, its title or the acronym of it)."""
    known = references()
    timeline = events(values("history_timeline"))
    for year, label, ref, _ in timeline:
        assert ref in known, f"timeline event {label!r} cites {ref!r}, which is not on the References page"
        assert int(known[ref]["year"]) == year, f"timeline puts {label!r} in {year}, its reference in {known[ref]['year']}"
        name = re.split(r"[:(]| et al| &", label)[0].strip()
        words = ACRONYMS.get(name, name)
        assert words.lower() in (known[ref]["authors"] + " " + known[ref]["entry"]).lower(), f"{label!r} is not {ref!r}"
    years = [year for year, *_ in timeline]
    assert years == sorted(years), "the events are drawn in order"


def test_timeline_spans_the_squashing_and_rectifier_eras(values):
    timeline = events(values("history_timeline"))
    year = {ref: y for y, _, ref, _ in timeline}
    assert year["nair-2010"] < year["krizhevsky-2012"], "ReLU came before its ImageNet showing"
    assert year["hochreiter-1997"] < year["cho-2014"], "LSTM before GRU"
    squashing = [y for y, _, _, kind in timeline if kind == "squashing"]
    rectifier = [y for y, _, _, kind in timeline if kind == "rectifier"]
    assert squashing and rectifier
    assert max(squashing) <= 2010 <= min(rectifier), "squashing activations up to 2010, rectifiers from then on"
    assert min(squashing) < 1995, "the squashing era starts before the mid-1990s"


def gelu_exact(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def test_gelu_tanh_approximation_error(values):
    """The published tanh form (Hendrycks & Gimpel 2016) stays within MLX's documented
    0.0005 of the exact GELU on [-6, 6], and the example measures exactly that form."""
    v = values("history_gelu_tanh")
    x = np.linspace(-6.0, 6.0, 12001)
    tanh_form = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    sigmoid_form = x / (1 + np.exp(-1.702 * x))
    assert v["gelu_tanh_max_abs_error"] == pytest.approx(np.max(np.abs(tanh_form - gelu_exact(x))), rel=1e-9)
    assert v["gelu_sigmoid_max_abs_error"] == pytest.approx(np.max(np.abs(sigmoid_form - gelu_exact(x))), rel=1e-9)
    assert 1e-4 < v["gelu_tanh_max_abs_error"] < 5e-4, "an approximation, inside the documented bound"
    assert v["documented_bound"] == 5e-4, "the page quotes MLX's bound"
    assert v["gelu_sigmoid_max_abs_error"] > 10 * v["gelu_tanh_max_abs_error"]
    # The error at the reported worst point, with 30-digit arithmetic.
    mpmath.mp.dps = 30
    t = mpmath.mpf(v["gelu_tanh_worst_x"])
    approx = t / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (t + mpmath.mpf("0.044715") * t**3)))
    assert float(abs(approx - t * mpmath.ncdf(t))) == pytest.approx(v["gelu_tanh_max_abs_error"], rel=1e-6)
