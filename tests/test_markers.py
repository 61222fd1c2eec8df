"""Page markers and build-time math."""

from __future__ import annotations

import re

import pytest
from sitebuild import markers, mathml

VALUES = {"demo": {"tiny": 3.3e-16, "x": 1.234567, "n": 20001, "frac": 0.25, "name": "tanh", "xs": [1.0, 2.5],
                   "big": float("inf"), "bad": float("nan"), "some": [1.0, float("-inf")]}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ demo.x:.3f }}", "1.235"),
        ("{{demo.x}}", "1.235"),
        ("{{ demo.n:,d }}", "20,001"),
        ("{{ demo.frac:.0% }}", "25%"),
        ("{{ demo.x:.2e }}", "1.23"),
        ("{{ demo.tiny:.1e }}", "3.3 × 10<sup>−16</sup>"),
        ("\\( {{ demo.tiny:.1e }} \\)", "\\( 3.3 \\times 10^{-16} \\)"),
        ("{{ demo.name }}", "tanh"),
        ("{{ demo.xs }}", "1, 2.5"),
        ("{{ demo.xs:.2f }}", "1.00, 2.50"),
        ("{{ demo.big expect-nonfinite }}", "<code>inf</code>"),
        ("{{ demo.some:.1f expect-nonfinite }}", "1.0, <code>-inf</code>"),
        ("\\( {{ demo.big expect-nonfinite }} \\)", "\\( \\infty \\)"),
        ("\\( {{ demo.bad:.2f expect-nonfinite }} \\)", "\\( \\mathrm{NaN} \\)"),
    ],
)
def test_values_are_formatted(text, expected):
    assert markers.substitute(f"a {text} b", VALUES, "p.md") == f"a {expected} b"



def test_values_in_alt_text_are_plain_text():
    """An alt attribute is read as text, so a power of ten there has no markup (issue 17)."""
    page = "{{ demo.tiny:.1e }} ![errors below {{ demo.tiny:.1e }}, {{ demo.xs:.0e }}](figures/demo-1.svg)"
    assert markers.substitute(page, VALUES, "p.md") == (
        "3.3 × 10<sup>−16</sup> ![errors below 3.3 × 10⁻¹⁶, 1, 2](figures/demo-1.svg)"
    )
    assert markers.substitute("below {{ demo.tiny:.1e }}", VALUES, "p.md", alt=True) == "below 3.3 × 10⁻¹⁶"

@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ nope.x }}", "p.md:3: no example named 'nope'"),
        ("{{ demo.nope }}", "p.md:3: example 'demo' has no value 'nope'"),
        ("{{ demo x }}", "p.md:3: unknown marker"),
        ("{{ demo.name:.3f }}", "p.md:3: format '.3f' does not fit demo.name"),
        ("{{ example: nope }}", "p.md:3: no example named 'nope'"),
        ("{{ demo.bad }}", "p.md:3: demo.bad is nan, not a finite number; fix the example, or"),
        ("{{ demo.big:.3f }}", "p.md:3: demo.big is inf, not a finite number"),
        ("{{ demo.some }}", "p.md:3: demo.some is [1.0, -inf], not a finite number"),
    ],
)
def test_bad_markers_name_page_and_line(text, message):
    with pytest.raises(markers.MarkerError, match=re.escape(message)):
        markers.substitute(f"line one\nline two\nsee {text}\n", VALUES, "p.md")


def test_example_block_includes_the_file_and_downloads():
    out = markers.substitute("{{ example: demo }}", VALUES, "sub/p.md", to_root="..")
    assert '--8<-- "examples/demo.py"' in out
    assert "(../downloads/demo.py)" in out and "(../downloads/demo.ipynb)" in out


def test_figures_are_checked():
    figures = {"demo-1.svg"}
    text = "![A line](figures/demo-1.svg)\n\n![ ](figures/demo-1.svg)\n![x](figures/demo-2.svg)"
    with pytest.raises(markers.MarkerError, match=r"p\.md:3: figure 'demo-1\.svg' has no alt text"):
        markers.check_figures(text, figures, "p.md")
    with pytest.raises(markers.MarkerError, match=r"p\.md:1: figure 'demo-2\.svg' does not exist \(demo made: demo-1\.svg\)"):
        markers.check_figures("![x](../figures/demo-2.svg)", figures, "p.md")
    assert markers.check_figures("![A line](figures/demo-1.svg)", figures, "p.md") == ["demo-1.svg"]


def test_aligned_math_becomes_a_table_and_operator_names_stay_whole():
    """The two defects latex2mathml had: a literal & and a line break browsers ignore in
    aligned equations, and \\operatorname{expm1} set as five italic letters."""
    out = mathml.to_mathml("\\begin{aligned} c_t &= \\operatorname{expm1}(x) \\\\ h_t &= \\tanh(c_t) \\end{aligned}", True)
    assert out.count("<mtr>") == 2 and out.count("<mtd") == 4, "one table row per line, one cell per side of &"
    assert "<mi>&amp;</mi>" not in out and "linebreak" not in out
    assert "<mi>expm1</mi>" in out and "<mi>tanh</mi>" in out
    cases = mathml.to_mathml("f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", False)
    assert cases.count("<mtr>") == 2 and "<mtext>otherwise</mtext>" in cases


def test_math_becomes_mathml():
    html = '<p><span class="arithmatex">\\(x &lt; \\tanh(x)\\)</span></p><div class="arithmatex">\\[\\frac{1}{2}\\]</div>'
    out = mathml.render(html)
    assert "arithmatex" not in out and "\\(" not in out
    assert out.count("<math") == 2 and 'display="block"' in out
    assert 'alttext="x &lt; \\tanh(x)"' in out
    assert "<mi>tanh</mi>" in out


@pytest.mark.parametrize("tex", ["\\left( x", "\\foo x", "x^"])
def test_bad_math_is_reported(tex):
    with pytest.raises(mathml.MathError, match="cannot render formula"):
        mathml.render(f'<span class="arithmatex">\\({tex}\\)</span>')
