"""The gallery's index page, a card per example (plain logic behind ``hooks/gallery_pages.py``):
each card's title and summary come from the example's docstring (:func:`docstring_parts`),
its pages and alt text from the hand-written pages (:func:`scan_pages`)."""

from __future__ import annotations

import ast
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import markers, project, runner


class GalleryError(Exception):
    """The gallery cannot be built as promised; the message names the example and why."""


# --- reading the examples and the pages -------------------------------------------------


def docstring_parts(script: Path) -> tuple[str, str]:
    """``(title, summary)`` from an example's module docstring: the first line, and the
    first paragraph after it joined into one line (empty if there is none).

    The title also heads the notebook and names the gallery page in the navigation, the
    browser tab and search, so it must read the same everywhere. Raises GalleryError with
    the file and line if the file is not UTF-8 or does not parse, has no docstring, has a
    cell before it, has a docstring with a backslash that is not a raw string (Python and
    the notebook would read it differently), a title that starts with ``#`` or holds math,
    or a ``$`` in a Markdown cell (:func:`markdown_cell_problem`)."""
    try:
        text = runner.read_source(script)
    except runner.ScriptError as exc:
        raise GalleryError(str(exc)) from None
    where = runner.shown(script)
    tree = ast.parse(text)
    doc = ast.get_docstring(tree)
    if not doc or not doc.strip():
        raise GalleryError(f"{where}:1: no module docstring; add one (its first line is the example's title)")
    node = tree.body[0].value
    for n, line in enumerate(text.splitlines()[: node.lineno - 1], start=1):
        if line.strip() and line.strip() != "# %% [markdown]":
            raise GalleryError(f"{where}:{n}: a cell or line before the docstring; start the file with "
                               "`# %% [markdown]` and the docstring, whose first line is the example's title")
    literal = ast.get_source_segment(text, node)
    if "\\" in literal and not literal.lower().startswith("r"):
        raise GalleryError(f"{where}:{node.lineno}: the docstring holds a backslash, which Python reads as an "
                           'escape and the notebook does not; make it a raw string, r"""..."""')
    problem = markdown_cell_problem(text)
    if problem:
        raise GalleryError(f"{where}:{problem}")
    lines = doc.strip().splitlines()
    title = lines[0].strip()
    if title.startswith("#") or re.search(r"\\[(\[]|\$", title):
        raise GalleryError(f"{where}:{node.lineno}: the title (the docstring's first line) {title!r} must be plain "
                           "text, without a leading '#' or math: it names the page in the navigation, the browser "
                           "tab and search; put formulas in the paragraph after it")
    paragraphs = "\n".join(lines[1:]).strip().split("\n\n")
    summary = " ".join(line.strip() for line in paragraphs[0].splitlines()) if paragraphs[0] else ""
    return title, summary


def markdown_cells(text: str) -> str:
    """An example's text (percent format) with every line blanked that is not in a Markdown
    cell (the lines after ``# %% [markdown]`` up to the next ``# %%``): line numbers are kept."""
    out, in_markdown = [], False
    for line in text.splitlines():
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
            line = ""
        out.append(line if in_markdown else "")
    return "\n".join(out)


def markdown_cell_problem(text: str) -> str:
    """``"<line>: <what to do>"`` for the first ``$`` in a Markdown cell of an example, or
    ``""``. Jupyter and nbconvert read any pair of dollars as math; the site writes math as
    ``\\( \\)``."""
    for n, line in enumerate(markdown_cells(text).splitlines(), start=1):
        if "$" in line:
            return (f"{n}: a '$' in a Markdown cell, which the notebook reads as math; write math as \\( ... \\) "
                    "and amounts without the sign")
    return ""


@dataclass
class PageIndex:
    """What the hand-written pages say about the examples.

    ``uses``: stem -> pages (src paths, in the order given) with ``{{ example: stem }}``;
    ``alts``: figure file name (``stem-1.svg``) -> ``(page, line, alt)``: the first alt text
    a page gives it, with its markers (``{{ stem.name }}``) as written;
    ``titles``: page src path -> its first ``# `` heading (or the file name);
    ``order``: example stems in the order they first appear (pages in the order given).
    """

    uses: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    alts: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def scan_pages(pages: dict[str, str]) -> PageIndex:
    """Scan ``{src_path: markdown}`` (in nav order) for example markers and figure alt text."""
    found = PageIndex()
    for src, text in pages.items():
        title = TITLE.search(text)
        found.titles[src] = title[1] if title else Path(src).stem.replace("-", " ").capitalize()
        for match in markers.MARKER.finditer(text):
            block = markers.EXAMPLE.match(match[1])
            if block and src not in found.uses.setdefault(block["stem"], []):
                found.uses[block["stem"]].append(src)
                if block["stem"] not in found.order:
                    found.order.append(block["stem"])
        for image in markers.IMAGE.finditer(text):
            if image["alt"].strip():
                line = text.count("\n", 0, image.start()) + 1
                found.alts.setdefault(image["name"], (src, line, " ".join(image["alt"].split())))
    return found


# --- the index page ---------------------------------------------------------------------


@dataclass
class Card:
    """One example in the gallery index."""

    stem: str
    title: str
    summary: str
    pages: list[str]  # explanation pages (src paths), first one first
    thumbnail_alt: str


def order_cards(cards: list[Card], order: list[str]) -> list[Card]:
    """Cards in the order their examples first appear in the pages (``order``, from
    :attr:`PageIndex.order`); examples no page shows come last, by name."""
    rank = {stem: i for i, stem in enumerate(order)}
    return sorted(cards, key=lambda card: (rank.get(card.stem, len(rank)), card.stem))


INDEX_INTRO = """\
# Examples

Every figure on this site is drawn by one of these scripts when the site is built.
Each one is a plain Python file that needs only numpy and matplotlib: download it and
run `python <name>.py`, or download the notebook, which holds the outputs of the very
run that drew the site's figures. Each card opens the example as a notebook page, with
its code, what it printed and its figures, and links to the page that explains it.
"""


def _brackets(text: str) -> str:
    """``text`` made safe inside ``[...]`` of a Markdown link or image."""
    return text.replace("[", "\\[").replace("]", "\\]")


def section_title(card: Card, titles: dict[str, str]) -> str:
    """The section a card is listed in, on the index and in the nav: the title of the first
    page that explains its example."""
    return titles.get(card.pages[0], card.pages[0]) if card.pages else "Not yet explained on a page"


def index_markdown(cards: list[Card], titles: dict[str, str], page_dir: str = project.GALLERY) -> str:
    """The gallery index page (``<page_dir>/index.md``): an introduction, then one section per
    explanation page with a grid of cards. Relative links, so ``mkdocs build --strict`` checks them."""
    up = "/".join(".." for _ in Path(page_dir).parts)
    out = [INDEX_INTRO]
    section = None
    for card in cards:
        heading = section_title(card, titles)
        if heading != section:
            if section is not None:
                out.append("</div>\n")
            out.append(f"## {heading}\n")
            out.append('<div class="grid cards gallery" markdown>\n')
            section = heading
        explained = ", ".join(f"[{_brackets(titles.get(p, p))}]({up}/{p})" for p in card.pages) or "no page yet"
        downloads = [
            f'[{card.stem}{ext}]({up}/{project.download_uri(card.stem, ext)}){{ download="{card.stem}{ext}" }}'
            for ext in (".py", ".ipynb")
        ]
        page = posixpath.basename(project.gallery_page_uri(card.stem))
        # The thumbnail opens the page too; hidden from keyboards and screen readers, which
        # get the same link from the title just below.
        card_lines = [
            f"-   [![{_brackets(card.thumbnail_alt)}]({up}/{project.figure_uri(card.stem, 1)}){{ loading=lazy }}]"
            f'({page}){{ tabindex="-1" aria-hidden="true" }}',
            f"    **[{_brackets(card.title)}]({page})**",
            f"    {card.summary}" if card.summary else "",
            f"    Explained in {explained}.",
            "    :material-download: " + " · ".join(downloads),
        ]
        out.append("\n\n".join(card_lines) + "\n")
    if section is not None:
        out.append("</div>\n")
    return "\n".join(out)
