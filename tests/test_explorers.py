"""What every explorer on the site shares (issue 20), checked in the built HTML: its script
is small and asks no other host, it is fed by its example's JSON, it has labelled controls,
a reset, polite readouts and a line for readers without JavaScript, and the page keeps the
example's static figure. Each explorer's agreement with its example is in its own
tests/test_explorer_<kind>.py."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser

from conftest import ROOT

EXPLORERS = ROOT / "docs" / "assets" / "explorers"
MAX_SCRIPT = 30_000  # bytes of JavaScript per explorer, its kit included, before compression
KINDS = {"rnn-state-gradient": "rnn-squashing", "zigzag": "zero-centred", "depth-product": "gradient-flow",
         "soft-clipper": "soft-clipper"}


class Explorer(HTMLParser):
    """The parts of every ``data-explorer-kind`` block on one page."""

    def __init__(self):
        super().__init__()
        self.found, self.depth, self.current = [], 0, None
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-explorer-kind" in a:
            self.current = {"kind": a["data-explorer-kind"], "src": a.get("data-src"), "controls": [],
                            "labelled": [], "readouts": [], "reset": False, "noscript": False, "polite": False}
            self.found.append(self.current)
            self.depth = 0
        if self.current is None or tag in ("input", "br", "img"):
            self._control(tag, a)
            return
        self.depth += 1
        self.stack.append(tag)
        self._control(tag, a)
        if tag == "noscript":
            self.current["noscript"] = True
        if a.get("aria-live") == "polite" and "data-readout" not in a:
            self.current["polite"] = True
        if "data-readout" in a:
            self.current["readouts"].append(a["data-readout"])
        if a.get("data-explorer") == "reset":
            self.current["reset"] = True

    def _control(self, tag, a):
        if self.current is not None and "data-control" in a:
            self.current["controls"].append(a["data-control"])
            if "label" in self.stack or a.get("aria-label"):
                self.current["labelled"].append(a["data-control"])

    def handle_endtag(self, tag):
        if self.current is None or tag in ("input", "br", "img"):
            return
        self.depth -= 1
        if self.stack:
            self.stack.pop()
        if self.depth < 0:
            self.current = None


def explorers_on(page) -> list[dict]:
    parser = Explorer()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_every_explorer_is_small_fed_by_its_example_and_readable_without_script(built_site):
    site, _, _ = built_site
    kit = (EXPLORERS / "kit.js").stat().st_size
    found = {}
    for page in sorted(site.rglob("*.html")):
        for explorer in explorers_on(page):
            found[explorer["kind"]] = (page, explorer)
    assert set(found) == set(KINDS), f"explorers on the site: {sorted(found)}"
    for kind, (page, e) in found.items():
        where = page.relative_to(site).parent.as_posix()
        assert where == KINDS[kind], f"{kind} is on {where}"
        script = EXPLORERS / f"{kind}.js"
        code = script.read_text(encoding="utf-8")
        assert kit + script.stat().st_size < MAX_SCRIPT, f"{kind}: {kit + script.stat().st_size:,} bytes of script"
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", code + (EXPLORERS / "kit.js").read_text(encoding="utf-8")), \
            f"{kind}.js names another host"
        if e["src"] is not None:
            data = site / posixpath.normpath(posixpath.join(where, e["src"]))
            assert data.is_file(), f"{kind}: its data {e['src']} is not in the site"
            assert isinstance(json.loads(data.read_text(encoding="utf-8")), dict)
        assert e["controls"] and sorted(e["controls"]) == sorted(e["labelled"]), f"{kind}: unlabelled controls"
        assert e["reset"], f"{kind} has no reset button"
        assert e["readouts"] and e["polite"], f"{kind}: readouts missing or not announced politely"
        assert e["noscript"], f"{kind} says nothing to readers without JavaScript"
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<img[^>]+src="[^"]*figures/[^"]+\.svg"', html), f"{where} has no static figure"
