"""A gallery notebook page made light and offline (plain logic behind ``hooks/gallery_pages.py``).

:func:`clean_notebook_html` leaves no inlined CSS, no scripts and no base64 images (each
figure links the very SVG file the explanation pages show), puts code in Material's own
highlight markup, and renders the math of markdown cells to MathML like every other page.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from sitebuild import mathml


class GalleryError(Exception):
    """A notebook page cannot be built as promised; the message names the example and why."""


# mkdocs-jupyter's inlined CSS (about 600 KB per page) and clipboard, MathJax and mermaid (CDN) scripts.
STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b[^>]*>.*?</\1>\s*", re.DOTALL | re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
# mkdocs-jupyter's own copy button (needs its script) and the hidden copy of each cell's
# source it copies from (would put every cell twice into the search index).
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.DOTALL)
CLIPBOARD_TEXT = re.compile(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', re.DOTALL)
CODE = re.compile(r'<div class="highlight-ipynb hl-(?P<lang>[\w+-]+)[^"]*"><pre><span></span>(?P<code>.*?)</pre></div>', re.DOTALL)
DATA_AUDIO = re.compile(r'<source src="data:audio/wav;base64,(?P<data>[^"]*)"(?P<rest>[^>]*)>')
DATA_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="data:(?P<mime>[^;,"]+);base64,(?P<data>[^"]*)"[^>]*>', re.DOTALL)
MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
TAG_OR_CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>|<[^>]+>)", re.DOTALL)
DISPLAY_DOLLARS = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_DOLLARS = re.compile(r"(?<![\\$])\$(?!\s)([^$]+?)(?<!\s)\$")
# nbconvert's cell ids ("cell-id=cell-2") are not valid in a CSS selector, and Material
# names each code block after the closest id for its copy button's target.
PRINTED = re.compile(r'(<div class="jp-RenderedText\b[^>]*>\s*)<pre>')
CELL_ID = re.compile(r'id="cell-id=([^"]*)"')
# JupyterLab makes every cell a tab stop; only scrollable printed output needs to be one.
TAB_STOP = re.compile(r'(<div class="jp-(?!RenderedText)[^"]*"[^>]*?) tabindex="0"')
H1 = re.compile(r"(<h1\b[^>]*>.*?</h1>)", re.DOTALL)
OTHER_ORIGIN = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.IGNORECASE)


def render_markdown_math(cell_html: str) -> str:
    """Replace ``$$...$$`` and ``$...$`` in rendered markdown-cell HTML by MathML
    (outside ``<code>`` and ``<pre>``). Raises mathml.MathError for a bad formula."""

    def text(segment: str) -> str:
        segment = DISPLAY_DOLLARS.sub(lambda m: mathml.to_mathml(html.unescape(m[1]).strip(), True), segment)
        return INLINE_DOLLARS.sub(lambda m: mathml.to_mathml(html.unescape(m[1]).strip(), False), segment)

    parts = TAG_OR_CODE.split(cell_html)
    return "".join(part if i % 2 else text(part) for i, part in enumerate(parts))


def strip_toc_math(title: str) -> str:
    """A heading's text for the table of contents: ``$x^2$`` shown as ``x^2``."""
    return DISPLAY_DOLLARS.sub(lambda m: m[1], INLINE_DOLLARS.sub(lambda m: m[1], title))


def clean_notebook_html(page_html: str, stem: str, figures: list[Path], figure_urls: list[str], alts: list[str],
                        clips: list[tuple[Path, str]] = (), header_html: str = "") -> str:
    """Make mkdocs-jupyter's HTML for the notebook of example ``stem`` light and offline.

    The k-th embedded image must be byte-identical to ``figures[k]`` (the run's figure
    files, in order), and is replaced by a link to ``figure_urls[k]`` with ``alts[k]``;
    each embedded audio clip must be one of ``clips`` (``(WAV file, its URL)``) and links
    that URL. ``header_html`` goes after the page's ``<h1>`` (or at the top). Raises
    GalleryError if an image is not the run's figure, if the numbers differ, or if anything
    would be fetched from another origin; mathml.MathError for a bad formula.
    """
    out = STYLE_OR_SCRIPT.sub("", page_html)
    out = HTML_COMMENT.sub("", out)
    out = CLIPBOARD.sub("", out)
    out = CLIPBOARD_TEXT.sub("", out)
    # Kept out of the search index, which has the code from the explanation page.
    out = CODE.sub(
        lambda m: f'<div class="language-{m["lang"]} highlight" data-search-exclude><pre><span></span>'
        f'<code>{m["code"]}</code></pre></div>',
        out,
    )
    # Printed text too: every reader who searches downloads the index. On the <pre>, not on
    # the output's <div>: Material's search ends an exclusion at the first nested tag of
    # the same name (its elements compare by tag), and a <pre> holds no <pre>.
    out = PRINTED.sub(r"\1<pre data-search-exclude>", out)
    count = 0

    def image(match: re.Match) -> str:
        nonlocal count
        count += 1
        if count > len(figures):
            raise GalleryError(f"{stem}: the notebook shows more images than the {len(figures)} figure(s) its run made")
        k = count - 1
        data = base64.b64decode(match["data"])
        if match["mime"] != "image/svg+xml" or data != figures[k].read_bytes():
            raise GalleryError(
                f"{stem}: image {count} of the notebook is not the run's figure {figures[k].name}; "
                "the notebook and the figures must come from the same run"
            )
        return f'<img src="{figure_urls[k]}" alt="{html.escape(alts[k], quote=True)}" loading="lazy">'

    out = DATA_IMAGE.sub(image, out)
    if count != len(figures):
        raise GalleryError(f"{stem}: the notebook shows {count} figure(s) but its run made {len(figures)}")
    # Clips (child.listen_cells): the download keeps its data URIs, the page links the files.
    urls = {Path(path).read_bytes(): url for path, url in clips}

    def clip(match: re.Match) -> str:
        url = urls.get(base64.b64decode(match["data"]))
        if url is None:
            raise GalleryError(f"{stem}: an audio output of the notebook is not one of the run's clips")
        return f'<source src="{url}"{match["rest"]}>'

    out = DATA_AUDIO.sub(clip, out)
    out = MARKDOWN_CELL.sub(lambda m: m[1] + render_markdown_math(m[2]) + m[3], out)
    out = out.replace('class="anchor-link"', 'class="headerlink"')
    out = TAB_STOP.sub(r"\1", out)
    out = CELL_ID.sub(lambda m: 'id="nb-' + re.sub(r"[^A-Za-z0-9_-]", "-", m[1]) + '"', out)
    if header_html:
        out, n = H1.subn(lambda m: m[1] + header_html, out, count=1)
        if not n:
            out = header_html + out
    remote = OTHER_ORIGIN.search(out)
    if remote:
        raise GalleryError(f"{stem}: the notebook page would load from another origin: {remote[0]!r}")
    return out
