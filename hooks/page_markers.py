"""MkDocs hook: resolve a page's markers against the examples' latest run.

- ``{{ stem.value:spec }}`` quotes a value (see ``sitebuild.markers``);
- ``{{ example: stem }}`` shows the example's code, included from the file, with
  its downloads;
- ``![alt](figures/<stem>-<n>.svg)`` images are checked to exist and to have alt text.

Any marker that cannot be resolved stops the build with the page and line.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from sitebuild import markers


def _first_line(page, markdown: str) -> int:
    """The file line at which ``markdown`` starts (after any front matter)."""
    raw = page.file.content_string
    return raw[: len(raw) - len(markdown)].count("\n") + 1 if raw.endswith(markdown) else 1


def on_page_markdown(markdown, page, config, files):
    values, figures = {}, set()
    for file in files:
        if file.src_uri.startswith("values/"):
            values[Path(file.src_uri).stem] = json.loads(Path(file.abs_src_path).read_text())
        elif file.src_uri.startswith("figures/"):
            figures.add(Path(file.src_uri).name)
    page_name = f"docs/{page.file.src_uri}"
    first = _first_line(page, markdown)
    to_root = posixpath.relpath(".", posixpath.dirname(page.file.src_uri) or ".")
    try:
        markers.check_figures(markdown, figures, page_name, first)
        return markers.substitute(markdown, values, page_name, first, to_root=to_root)
    except markers.MarkerError as exc:
        raise PluginError(str(exc)) from None
