"""MkDocs hook: turn the page's formulas into MathML at build time (see ``sitebuild.mathml``)."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from sitebuild import mathml


def on_page_content(html, page, config, files):
    try:
        return mathml.render(html)
    except mathml.MathError as exc:
        raise PluginError(f"docs/{page.file.src_uri}: {exc}") from None
