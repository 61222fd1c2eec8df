"""Render the formulas of a page to MathML at build time.

``pymdownx.arithmatex`` (generic mode) wraps the math as ``<span class="arithmatex">\\(...\\)</span>``
or ``<div class="arithmatex">\\[...\\]</div>``; ``latex2mathml`` turns each into MathML, which
browsers render natively: no script, no font download, nothing to re-run on instant navigation.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL,
)
UNKNOWN_COMMAND = re.compile(r">(\\[A-Za-z]+)<")


class MathError(Exception):
    """A formula that latex2mathml could not convert; the message quotes it."""


def to_mathml(tex: str, display: bool) -> str:
    """One LaTeX formula (without delimiters) as a ``<math>`` element; MathError if it cannot be."""
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many types for bad input
        raise MathError(f"cannot render formula {tex!r}: {type(exc).__name__} {exc}".rstrip()) from None
    unknown = UNKNOWN_COMMAND.search(mathml)
    if unknown:  # latex2mathml passes unknown commands through as text
        raise MathError(f"cannot render formula {tex!r}: unknown command {unknown.group(1)}")
    mathml = _fence_bars(mathml)
    label = html.escape(" ".join(tex.split()), quote=True)
    # A wide display formula scrolls sideways; tabindex lets keyboard users scroll it too.
    focus = ' tabindex="0"' if display else ""
    return mathml.replace("<math ", f'<math alttext="{label}"{focus} ', 1)


BAR = re.compile(r'<mo(?: stretchy="false")?>(&#x0007C;|&#x02016;)</mo>')


def _fence_bars(mathml: str) -> str:
    """Mark pairs of ``|`` (and ``‖``) as opening and closing fences: as plain operators
    (latex2mathml's) browsers would show ``|x| < 1`` as ``|x | < 1``."""
    count = {"&#x0007C;": 0, "&#x02016;": 0}

    def form(match: re.Match) -> str:
        bar = match.group(1)
        count[bar] += 1
        side = "prefix" if count[bar] % 2 else "postfix"
        return f'<mo fence="true" form="{side}" stretchy="false">{bar}</mo>'

    return BAR.sub(form, mathml)


def render(page_html: str) -> str:
    """Replace every arithmatex span or div in ``page_html`` by MathML (MathError for a bad formula)."""

    def replace(match: re.Match) -> str:
        display = match["block"] is not None
        tex = html.unescape(match["block"] if display else match["inline"])
        return to_mathml(tex, display)

    return ARITHMATEX.sub(replace, page_html)
