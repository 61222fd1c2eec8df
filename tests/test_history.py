"""Claims of "History, and where tanh lives today" (claims ledger A5, X6), asserted on the
values of examples/history_timeline.py and examples/history_gelu_tanh.py."""

from __future__ import annotations

import re

import mpmath
import pytest
from conftest import ROOT


def reference_anchors() -> set[str]:
    text = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    return set(re.findall(r"\{\s*#([a-z0-9-]+)\s*\}", text))


def test_timeline_events_are_cited_and_dated(values):
    v = values("history_timeline")
    refs = v["event_refs"].split(",")
    years = v["event_years"]
    assert len(refs) == len(years) == v["n_events"]
    assert v["years_sorted"]
    anchors = reference_anchors()
    for ref, year in zip(refs, years):
        assert ref in anchors, f"timeline event {ref!r} has no entry on the References page"
        assert ref.endswith(f"-{year}"), f"timeline puts {ref!r} in {year}"


def test_timeline_spans_the_squashing_and_rectifier_eras(values):
    v = values("history_timeline")
    refs = dict(zip(v["event_refs"].split(","), v["event_years"]))
    assert refs["nair-2010"] < refs["krizhevsky-2012"], "ReLU came before its ImageNet showing"
    assert refs["hochreiter-1997"] < refs["cho-2014"], "LSTM before GRU"
    assert v["first_year"] < 1995 < 2010 < v["last_year"]


def test_gelu_tanh_approximation_error(values):
    v = values("history_gelu_tanh")
    assert v["gelu_tanh_max_abs_error"] < v["documented_bound"] == 5e-4
    assert v["gelu_tanh_max_abs_error"] > 1e-4, "it is an approximation, not the function"
    assert v["gelu_sigmoid_max_abs_error"] > 10 * v["gelu_tanh_max_abs_error"]
    # Recompute the error at the reported worst point with 30-digit arithmetic.
    mpmath.mp.dps = 30
    x = mpmath.mpf(v["gelu_tanh_worst_x"])
    exact = x * mpmath.ncdf(x)
    approx = x / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (x + mpmath.mpf(v["cubic"]) * x**3)))
    assert float(abs(approx - exact)) == pytest.approx(v["gelu_tanh_max_abs_error"], rel=1e-6)
