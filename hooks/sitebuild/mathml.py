"""Render the formulas of a page to MathML at build time.

``pymdownx.arithmatex`` (generic mode) wraps the math as ``<span class="arithmatex">\\(...\\)</span>``
or ``<div class="arithmatex">\\[...\\]</div>``. Temml (``temml/temml.min.js``, run in QuickJS)
turns each into MathML Core, which browsers render natively: no script on the page, nothing
fetched from another origin, nothing to re-run on instant navigation. Temml covers what the
site writes (``aligned``, ``cases``, ``\\operatorname``, ``\\text``, stretchy delimiters);
its layout rules and the math font are served from ``docs/assets/math/``.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import quickjs

TEMML = Path(__file__).parent / "temml" / "temml.min.js"
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL,
)


class MathError(Exception):
    """A formula that Temml could not render; the message quotes it and Temml's reason."""


@functools.cache
def _temml() -> quickjs.Function:
    """Temml's ``renderToString`` in a QuickJS context of its own (made once per process;
    ``quickjs.Function`` serialises calls from several threads)."""
    call = "function render(tex, display) { return temml.renderToString(tex, {displayMode: display, throwOnError: true}); }"
    return quickjs.Function("render", TEMML.read_text(encoding="utf-8") + "\n" + call)


def to_mathml(tex: str, display: bool) -> str:
    """One LaTeX formula (without delimiters) as a ``<math>`` element; MathError if it cannot be."""
    try:
        mathml = _temml()(tex, display)
    except quickjs.JSException as exc:  # Temml's ParseError, with the position in the formula
        reason = str(exc).splitlines()[0].replace("ParseError: ", "").strip().rstrip(":")
        raise MathError(f"cannot render formula {tex!r}: {reason}") from None
    label = html.escape(" ".join(tex.split()), quote=True)
    # A wide display formula scrolls sideways; tabindex lets keyboard users scroll it too.
    focus = ' tabindex="0"' if display else ""
    return mathml.replace("<math", f'<math alttext="{label}"{focus}', 1)


def render(page_html: str) -> str:
    """Replace every arithmatex span or div in ``page_html`` by MathML (MathError for a bad formula)."""

    def replace(match: re.Match) -> str:
        display = match["block"] is not None
        tex = html.unescape(match["block"] if display else match["inline"])
        return to_mathml(tex, display)

    return ARITHMATEX.sub(replace, page_html)
