"""Quote an example's values in a page, and check a page's figure references.

A page writes ``{{ shape_curves.crossover:.4f }}``: example stem, dot, value name, and
optionally a colon and a Python format spec (``.3f``, ``.2e``, ``.1%``, ``,d``); it is
replaced by the value from the example's latest run. A value that is nan or infinite stops
the build, unless the marker ends with ``expect-nonfinite``
(``{{ stem.name expect-nonfinite }}``): then it shows as ``inf`` or ``nan`` in code font
(``\\infty``, ``\\mathrm{NaN}`` in math). Figures are ordinary Markdown images
pointing at ``figures/<stem>-<n>.svg`` (relative to the page).
"""

from __future__ import annotations

import math
import re

from sitebuild import project

MARKER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
EXAMPLE = re.compile(r"^\s*example:\s*(?P<stem>[A-Za-z0-9_]+)\s*$")
VALUE = re.compile(
    r"^\s*(?P<stem>[A-Za-z0-9_]+)\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<spec>[^\s{}]+))?"
    r"(?P<nonfinite>\s+expect-nonfinite)?\s*$"
)
IMAGE = re.compile(rf"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*{project.FIGURES}/(?P<name>[^)\s/]+\.svg))(?:\s+\"[^\"]*\")?\)")
FIGURE_NAME = re.compile(rf"^{project.FIGURE_NAME}$")


class MarkerError(Exception):
    """A marker or figure reference that cannot be resolved; the message has page:line."""


def _line(text: str, index: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, index)


MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.DOTALL)
SCIENTIFIC = re.compile(r"^(?P<mantissa>-?[0-9.]+)[eE](?P<exp>[+-][0-9]+)$")


SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def scientific(text: str, in_math: bool, plain: bool = False) -> str:
    """``"3.30e-16"`` as ``3.30 × 10<sup>−16</sup>`` in prose, ``3.30 \\times 10^{-16}`` in math,
    ``3.30 × 10⁻¹⁶`` in plain text (``plain``: an alt text, where markup is not read);
    ``"1.5e+00"`` as ``1.5``."""
    match = SCIENTIFIC.match(text)
    if not match:
        return text
    mantissa, exp = match["mantissa"], int(match["exp"])
    if exp == 0:
        return mantissa
    if in_math:
        return f"{mantissa} \\times 10^{{{exp}}}"
    if plain:
        return f"{mantissa} × 10{str(exp).translate(SUPERSCRIPT)}"
    return f"{mantissa} × 10<sup>{str(exp).replace('-', '−')}</sup>"


def nonfinite(value) -> bool:
    """True if ``value`` is a nan or infinite float, or a list holding one."""
    if isinstance(value, list):
        return any(nonfinite(v) for v in value)
    return isinstance(value, float) and not math.isfinite(value)


def format_value(value, spec: str | None, in_math: bool = False, plain: bool = False) -> str:
    """Format one value for a page: without a spec, floats get 4 significant digits; lists are
    joined by ", " (a spec applies to each item); ``.2e`` is written as a power of ten
    (:func:`scientific`; ``plain``: as plain text); nan and infinity as ``inf``, ``-inf``,
    ``nan`` in code font (``\\infty``, ``-\\infty``, ``\\mathrm{NaN}`` in math, plain in
    ``plain``). Raises ValueError/TypeError if ``spec`` does not fit."""
    if isinstance(value, list):
        return ", ".join(format_value(v, spec, in_math, plain) for v in value)
    if nonfinite(value):
        text = repr(value)
        if in_math:
            return r"\mathrm{NaN}" if text == "nan" else text.replace("inf", r"\infty")
        return text if plain else f"<code>{text}</code>"
    if spec:
        text = format(value, spec)
        return scientific(text, in_math, plain) if spec[-1] in "eE" else text
    if isinstance(value, float):
        return format(value, ".4g")
    return str(value)


def example_block(stem: str, to_root: str, indent: str = "") -> str:
    """Markdown for ``{{ example: stem }}``: a collapsible block with the code (included by
    pymdownx.snippets) and its downloads; ``to_root``: the path from the page to the site root."""
    py, ipynb = (f"{to_root}/{project.download_uri(stem, ext)}" for ext in (".py", ".ipynb"))
    lines = [
        f'??? example "The code: `examples/{stem}.py`"',
        f'    :material-download: [{stem}.py]({py}){{ download="{stem}.py" }} ·',
        f'    [{stem}.ipynb]({ipynb}){{ download="{stem}.ipynb" }} (with outputs)',
        "",
        "    ```python",
        f'    --8<-- "examples/{stem}.py"',
        "    ```",
    ]
    return f"\n{indent}".join(lines)


def substitute(markdown: str, values: dict[str, dict], page: str, first_line: int = 1, to_root: str = ".",
               alt: bool = False) -> str:
    """Replace every marker in ``markdown``: ``{{ stem.name:spec }}`` by the formatted value
    from ``values`` (stem -> values), ``{{ example: stem }}`` by :func:`example_block`. In an
    image's alt text (all of ``markdown`` if ``alt``) a value is plain text: no markup.
    Raises MarkerError naming ``page:line`` (``first_line``: the file line where ``markdown``
    starts) for a marker that does not parse, an unknown example or value, or a bad spec."""
    math_spans = [m.span() for m in MATH.finditer(markdown)]
    alt_spans = [(0, len(markdown))] if alt else [m.span("alt") for m in IMAGE.finditer(markdown)]

    def replace(match: re.Match) -> str:
        where = f"{page}:{_line(markdown, match.start(), first_line)}"
        in_math = any(a < match.start() < b for a, b in math_spans)
        block = EXAMPLE.match(match.group(1))
        parsed = block or VALUE.match(match.group(1))
        if not parsed:
            raise MarkerError(
                f"{where}: unknown marker {match.group(0)!r}; write {{{{ example.value }}}}, "
                "{{ example.value:.3f }} or {{ example: name }}"
            )
        stem = parsed["stem"]
        if stem not in values:
            raise MarkerError(f"{where}: no example named {stem!r} (examples: {', '.join(sorted(values))})")
        if block:
            line_start = markdown.rfind("\n", 0, match.start()) + 1
            indent = markdown[line_start : match.start()]
            if indent.strip():
                raise MarkerError(f"{where}: {{{{ example: ... }}}} must stand alone on its line")
            return example_block(stem, to_root, indent)
        name, spec = parsed["name"], parsed["spec"]
        if name not in values[stem]:
            known = ", ".join(sorted(values[stem])) or "none"
            raise MarkerError(f"{where}: example {stem!r} has no value {name!r} (it has: {known})")
        if nonfinite(values[stem][name]) and not parsed["nonfinite"]:
            raise MarkerError(
                f"{where}: {stem}.{name} is {values[stem][name]!r}, not a finite number; fix the example, "
                f"or, if the page means to show it, write {{{{ {stem}.{name} expect-nonfinite }}}}"
            )
        in_alt = any(a <= match.start() < b for a, b in alt_spans)
        try:
            return format_value(values[stem][name], spec, in_math, plain=in_alt)
        except (ValueError, TypeError) as exc:
            raise MarkerError(f"{where}: format {spec!r} does not fit {stem}.{name} = {values[stem][name]!r}: {exc}")

    return MARKER.sub(replace, markdown)


FULL_SIZE = "Open the figure full size"  # the title of a figure's link to its own file


def link_figures(markdown: str) -> str:
    """Make every figure a link to its own file, so that a tap on a phone opens it full size
    (a figure that is already a link, such as a gallery thumbnail, stays as it is)."""
    def link(m: re.Match) -> str:
        return m[0] if markdown[m.start() - 1 : m.start()] == "[" else f'[{m[0]}]({m["src"]} "{FULL_SIZE}")'

    return IMAGE.sub(link, markdown)


def check_figures(markdown: str, figures: set[str], page: str, first_line: int = 1) -> list[str]:
    """Check every image that points into ``figures/`` against ``figures`` (the file names the
    examples made, ``shape_curves-1.svg``, ...); return the names used. Raises MarkerError
    naming ``page:line`` for a figure no example made, or an image without alt text.
    """
    used = []
    for match in IMAGE.finditer(markdown):
        where = f"{page}:{_line(markdown, match.start(), first_line)}"
        name = match["name"]
        if name not in figures:
            parsed = FIGURE_NAME.match(name)
            stem = parsed["stem"] if parsed else name
            made = sorted(f for f in figures if f.startswith(f"{stem}-"))
            hint = f"{stem} made: {', '.join(made)}" if made else f"no example named {stem!r} made figures"
            raise MarkerError(f"{where}: figure {name!r} does not exist ({hint})")
        if not match["alt"].strip():
            raise MarkerError(f"{where}: figure {name!r} has no alt text; say what it shows in ![...]")
        used.append(name)
    return used
