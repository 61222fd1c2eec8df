"""What a Matplotlib SVG figure shows, read back from the file the site serves.

Matplotlib writes each text as a group ``text_N`` preceded by a comment holding the text,
its glyphs as paths (``svg.fonttype: path``) scaled by the font size / 100; mathtext scales
sub- and superscripts again. A legend is a group ``legend_N`` in which each entry's handle
(a line, patch or marker group) comes before its text.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

SVG = "{http://www.w3.org/2000/svg}"

# One colour per function, across the site: the site's plotting style (site.mplstyle)
# cycles through these in this order, and examples name them as "C0".."C5".
FUNCTION_COLOURS = {
    "tanh": "#0072b2",  # C0
    "sigmoid": "#d55e00",  # C1
    "sigmoid at the rewritten tanh weights": "#009e73",  # C2
    "centred sigmoid": "#cc79a7",  # C3
    "linear": "#e69f00",  # C4
    "ReLU": "#56b4e9",  # C5
}


def _texts(raw: str) -> dict[str, str]:
    return dict(re.findall(r'<g id="(text_\d+)">\s*<!-- (.*?) -->', raw, flags=re.DOTALL))


def smallest_text(svg: Path) -> tuple[float, str, float]:
    """(the size in points of the smallest text in the figure, that text, the figure's
    width in points)."""
    raw = svg.read_text(encoding="utf-8")
    texts = _texts(raw)
    root = ElementTree.fromstring(raw)
    width = float(root.get("width").removesuffix("pt"))
    found = []

    def walk(node, scale: float, label: str) -> None:
        m = re.search(r"scale\(([\d.]+)(?:[ ,]+-?[\d.]+)?\)", node.get("transform", ""))
        if m and float(m[1]) != 0.015625:  # 1/64: glyph outlines in font units
            scale *= float(m[1])
            if node.tag.endswith("use") or any(c.tag.endswith("use") for c in node):
                found.append((scale * 100, label))
        for child in node:
            walk(child, scale, label)

    for group in root.iter(SVG + "g"):
        if group.get("id", "").startswith("text_"):
            walk(group, 1.0, texts.get(group.get("id"), group.get("id")))
    size, label = min(found) if found else (float("inf"), "")
    return size, label, width


def legends(svg: Path) -> list[list[tuple[str | None, str]]]:
    """Each legend of the figure, as its entries in order: (the handle's colour as
    ``#rrggbb``, or None if it has none; the entry's text)."""
    raw = svg.read_text(encoding="utf-8")
    texts = _texts(raw)
    found = []
    for group in ElementTree.fromstring(raw).iter(SVG + "g"):
        if not group.get("id", "").startswith("legend_"):
            continue
        entries, colour = [], None
        for child in group:
            name = child.get("id", "")
            if name.startswith("text_"):
                entries.append((colour, texts.get(name, "")))
                colour = None
            elif not name.startswith("patch_") or colour is None:
                for node in child.iter():
                    m = re.search(r"(?:stroke|fill): (#[0-9a-f]{6})", node.get("style", ""))
                    if m:
                        colour = m[1]
                        break
        found.append(entries)
    return found


def function_of(label: str) -> str | None:
    """The function a legend entry stands for, when its text starts by naming one plainly
    ("tanh(x)", "sigmoid, rate 0.1", "E tanh(z + mu)", "sigma - 1/2"); None for anything
    else, such as a scaled or shifted variant ("tanh(2x)", "tanh, shifted by 0.5")."""
    text = label.removeprefix("E ").strip()
    if re.search(r"shift", text) or re.search(r"[+·×*]|form|\d\s*[σs]", text.split(",")[0]):
        return None
    if re.match(r"rewrite|(sigmoid|σ)\b.*rewrit", text):
        return "sigmoid at the rewritten tanh weights"
    if re.match(r"centred|(sigmoid|σ)(\(\w\))? [-−] 1/2", text):
        return "centred sigmoid"
    if re.match(r"tanh(\b|')", text):
        return "tanh"
    if re.match(r"(sigmoid|σ)(\b|')", text):
        return "sigmoid"
    if re.match(r"linear\b", text):
        return "linear"
    if re.match(r"relu\b", text, flags=re.IGNORECASE):
        return "ReLU"
    return None
