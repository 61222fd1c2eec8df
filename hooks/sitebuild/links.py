"""Check the links a page's author wrote: target pages, files and anchors, with lines.

MkDocs' own validation (``validation:`` in mkdocs.yml) names the page but not the
line; this check runs on the raw Markdown so its messages say ``docs/page.md:12``.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\((?P<target><[^>]+>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")
ID = re.compile(r'\sid="([^"]+)"')
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def links(markdown: str) -> list[tuple[int, str]]:
    """Every inline link or image target outside code as ``(line, target)``, 1-based lines."""
    found, in_fence = [], False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            found.append((number, match["target"].strip("<>")))
    return found


def ids(html: str) -> set[str]:
    """Every ``id`` attribute in a rendered page."""
    return set(ID.findall(html))


def resolve(page: str, path: str) -> str:
    """A link's path as written in ``page`` (docs-relative) -> the docs-relative path it names."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))


def check(page: str, markdown: str, page_ids: dict[str, set[str]], files: set[str], shown: str = "") -> list[str]:
    """Messages ``<shown>:<line>: ...`` for the broken links in ``markdown``, the source of
    ``page`` (``shown``: the file the lines are in, ``docs/<page>`` by default; an example's
    Markdown cells for its gallery page). ``page_ids``: page -> the ids in its HTML, for every
    page (Markdown and notebook); ``files``: every file of the site (paths docs-relative).
    Links with a scheme (``https:``, ``mailto:``) are not checked.
    """
    problems = []
    for line, target in links(markdown):
        if EXTERNAL.match(target) or target.startswith("/"):
            continue
        path, _, anchor = target.partition("#")
        resolved = resolve(page, path) if path else page
        where = f"{shown or 'docs/' + page}:{line}"
        if resolved in page_ids:
            if anchor and anchor not in page_ids[resolved]:
                problems.append(f"{where}: link to {target!r}: {resolved} has no anchor #{anchor}")
        elif resolved.endswith(".md"):
            problems.append(f"{where}: link to {target!r}: there is no page {resolved}")
        elif path and resolved not in files:
            problems.append(f"{where}: link to {target!r}: there is no file {resolved} in the site")
    return problems
