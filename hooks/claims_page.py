"""MkDocs hook: fill the "claims, checked" page from ``claims.yml`` (see ``sitebuild.claims``).

It runs before ``run_examples.py`` and ``page_markers.py`` (event priority), so the
``{{ stem.value }}`` markers in the statements are resolved like any other page's. The
build stops if ``claims.yml`` is malformed, if the page lost its placeholder, or if a
claim names a test that does not exist; a claim with no test yet is shown as such
(``tests/test_claims.py`` fails on it).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from sitebuild import claims

PAGE = "claims.md"

_ledger: dict = {}  # this build's claims, read in on_files


def on_files(files, config):
    # Read claims.yml here, before any page: a mistake in it then stops the build with
    # its one-line message alone (raised while a page is read, MkDocs would first blame
    # the page: "Error reading page 'claims.md'").
    _ledger.clear()
    page = files.get_file_from_path(PAGE)
    if page is None:
        return files
    root = Path(config.config_file_path).resolve().parent
    try:
        _ledger["claims"] = claims.load(root / "claims.yml")
    except claims.ClaimsError as exc:
        raise PluginError(str(exc)) from None
    unknown = [p for p in claims.problems(_ledger["claims"], root) if "does not exist" in p]
    if unknown:
        raise PluginError("claims.yml: " + "; ".join(unknown))
    # The page quotes values of nearly every example: it is built after the others in
    # every build, so that they are built while changed examples still run
    # (hooks/run_examples.py).
    files.remove(page)
    files.append(page)
    return files


# Before run_examples (5), which waits for the examples a page names, and page_markers (0).
@event_priority(10)
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    root = Path(config.config_file_path).resolve().parent
    if claims.PLACEHOLDER not in markdown:
        raise PluginError(f"docs/{PAGE}: the line {claims.PLACEHOLDER!r} is missing; the claims go there")
    ledger = _ledger["claims"]
    return markdown.replace(claims.PLACEHOLDER, claims.render(ledger, root / "docs"))
