"""The examples gallery: an index of cards, and notebook pages made light and offline.

Plain logic behind ``hooks/gallery.py`` (no MkDocs import, tested directly):

- :func:`docstring_parts` reads an example's title and summary from its docstring;
- :func:`scan_pages` finds, in the hand-written pages, which page shows which example
  (its ``{{ example: stem }}`` markers) and the alt text each figure is given there;
- :func:`index_markdown` writes the gallery index: one card per example;
- :func:`clean_notebook_html` turns the HTML that mkdocs-jupyter made from the runner's
  executed notebook into a light page that requests nothing from another origin: no
  inlined CSS, no scripts, no base64 images (each figure becomes a link to the very
  SVG file the explanation pages show, after checking the bytes are the same), code in
  Material's own highlight markup (palette colours and copy button; left out of the
  search index, which has it from the explanation page), and the math of markdown cells
  rendered to MathML like every other page;
- :func:`jupyter_cache_key` and :func:`read_jupyter_cache` find a notebook's HTML in
  mkdocs-jupyter's own cache without importing mkdocs-jupyter (nbconvert and jupytext cost
  about 0.7 s of imports per build process), so the hook loads it only to convert.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import json
import os
import re
import select
import sys
import time
import types
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sitebuild import markers, mathml, runner


class GalleryError(Exception):
    """The gallery cannot be built as promised; the message names the example and why."""


# --- reading the examples and the pages -------------------------------------------------


def docstring_parts(script: Path) -> tuple[str, str]:
    """``(title, summary)`` from an example's module docstring: the first line, and the
    first paragraph after it joined into one line (empty if there is none).

    Raises GalleryError, naming the file (and line), if it is not UTF-8 text, does not
    parse, or has no docstring (the example contract requires one).
    """
    try:
        text = runner.read_source(script)
    except runner.ScriptError as exc:
        raise GalleryError(str(exc)) from None
    doc = ast.get_docstring(ast.parse(text))
    if not doc or not doc.strip():
        raise GalleryError(f"{Path(script).name}: no module docstring (its first line is the example's title)")
    lines = doc.strip().splitlines()
    paragraphs = "\n".join(lines[1:]).strip().split("\n\n")
    summary = " ".join(line.strip() for line in paragraphs[0].splitlines()) if paragraphs[0] else ""
    return lines[0].strip(), summary


@dataclass
class PageIndex:
    """What the hand-written pages say about the examples.

    ``uses``: stem -> pages (src paths, in the order given) with ``{{ example: stem }}``;
    ``alts``: figure file name (``stem-1.svg``) -> the first alt text a page gives it;
    ``titles``: page src path -> its first ``# `` heading (or the file name);
    ``order``: example stems in the order they first appear (pages in the order given).
    """

    uses: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    alts: dict[str, str] = field(default_factory=dict)
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
                found.alts.setdefault(image["name"], " ".join(image["alt"].split()))
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


def index_markdown(cards: list[Card], titles: dict[str, str], page_dir: str = "examples") -> str:
    """The gallery index page (Markdown, at ``<page_dir>/index.md``): an introduction,
    then one section per explanation page with a grid of cards, one per example.

    Links are relative Markdown links, so ``mkdocs build --strict`` checks every one.
    """
    up = "/".join(".." for _ in Path(page_dir).parts)
    out = [INDEX_INTRO]
    section = None
    for card in cards:
        heading = titles.get(card.pages[0], card.pages[0]) if card.pages else "Not yet explained on a page"
        if heading != section:
            if section is not None:
                out.append("</div>\n")
            out.append(f"## {heading}\n")
            out.append('<div class="grid cards gallery" markdown>\n')
            section = heading
        explained = ", ".join(f"[{_brackets(titles.get(p, p))}]({up}/{p})" for p in card.pages) or "no page yet"
        out.append(
            "\n".join(
                [
                    f"-   ![{_brackets(card.thumbnail_alt)}]({up}/figures/{card.stem}-1.svg){{ loading=lazy }}",
                    "",
                    f"    **[{_brackets(card.title)}]({card.stem}.ipynb)**",
                    "",
                    f"    {card.summary}" if card.summary else "",
                    "",
                    f"    Explained in {explained}.",
                    "",
                    f"    :material-download: [{card.stem}.py]({up}/downloads/{card.stem}.py){{ download=\"{card.stem}.py\" }}"
                    f" · [{card.stem}.ipynb]({up}/downloads/{card.stem}.ipynb){{ download=\"{card.stem}.ipynb\" }}",
                    "",
                ]
            )
        )
    if section is not None:
        out.append("</div>\n")
    return "\n".join(out)


# --- mkdocs-jupyter's cache, read without importing it -----------------------------------

#: mkdocs-jupyter versions whose cache key and cache file :func:`jupyter_cache_key` and
#: :func:`read_jupyter_cache` reproduce (``plugin._compute_cache_key`` and the cache branch of
#: the page's ``render`` in mkdocs_jupyter/plugin.py). With any other version the hook loads
#: the plugin for every notebook page, which is slower but equally correct.
JUPYTER_CACHE_VERSIONS = ("0.26.3",)
#: The options mkdocs-jupyter hashes into a cache key, in its order, with its defaults.
JUPYTER_KEY_OPTIONS = {
    "kernel_name": "",
    "theme": "",
    "allow_errors": True,
    "show_input": True,
    "no_input": False,
    "no_prompt": False,
    "remove_tag_config": {},
    "highlight_extra_classes": "",
    "include_requirejs": False,
    "custom_mathjax_url": "",
    "toc_depth": 6,
}


def jupyter_cache_key(notebook: bytes, options: dict) -> str:
    """The key under which mkdocs-jupyter caches the HTML of ``notebook`` (its bytes) when
    converted without executing, with the plugin ``options`` (defaults filled in from
    :data:`JUPYTER_KEY_OPTIONS`): 64 hex digits of a sha256. The cache file is
    ``<cache_dir>/<key>.json``."""
    digest = hashlib.sha256(notebook)
    digest.update(b"execute=False")
    for name, default in JUPYTER_KEY_OPTIONS.items():
        digest.update(f"{name}={options.get(name, default)!r}".encode())
    return digest.hexdigest()


def read_jupyter_cache(path: Path) -> tuple[str, list, str | None]:
    """``(content, toc_tokens, title)`` from one of mkdocs-jupyter's cache files.

    Raises OSError if the file cannot be read (missing: not converted yet) and ValueError
    if it is not a complete cache file.
    """
    cached = json.loads(Path(path).read_text(encoding="utf-8"))
    if (
        not isinstance(cached, dict)
        or not isinstance(cached.get("content"), str)
        or not isinstance(cached.get("toc_tokens"), list)
    ):
        raise ValueError(f"{path}: not an mkdocs-jupyter cache file")
    return cached["content"], cached["toc_tokens"], cached.get("title")


#: Priority of the converter process: below the examples (they come first), but high
#: enough that it converts most notebooks while they run (on 2 cores, about 1/3 of one).
CONVERTER_NICE = 3
#: The command that starts the converter (with the folder holding sitebuild on PYTHONPATH).
CONVERTER_COMMAND = "from sitebuild import gallery; gallery.converter_main()"


def share_compiled_templates() -> bool:
    """Let every nbconvert exporter of this process reuse the Jinja templates that an
    earlier one compiled, instead of compiling them again (mkdocs-jupyter makes a new
    exporter for each notebook; compiling was about half of each conversion).

    Uses Jinja's own mechanism, a ``jinja2.BytecodeCache`` (kept in memory), set on each
    environment nbconvert's ``TemplateExporter._create_environment`` makes. The HTML is
    unchanged: only the compiled code is reused, keyed by template name and source.
    Returns False, and changes nothing, if that method is gone (a newer nbconvert).
    """
    import jinja2
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = getattr(TemplateExporter, "_create_environment", None)
    if create is None:
        return False
    if getattr(create, "shares_templates", False):  # done already
        return True

    class InMemory(jinja2.BytecodeCache):
        def __init__(self):
            self.compiled: dict[str, bytes] = {}
            self.compilations = 0  # templates compiled (not found here)

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self.compilations += 1
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    cache = InMemory()

    def create_sharing(self):
        environment = create(self)
        environment.bytecode_cache = cache
        return environment

    create_sharing.shares_templates = True
    TemplateExporter._create_environment = create_sharing
    return True


def converter_main() -> None:
    """The converter process (started by hooks/gallery.py before the examples run).

    Reads one JSON line on stdin: ``{"options": mkdocs-jupyter options (with the absolute
    cache_dir), "config_file": path, "entries": [example cache entry folders]}``. Converts the
    notebook of each entry into mkdocs-jupyter's cache as soon as the runner publishes the
    entry, through the plugin's own page code (so the cache files are exactly the plugin's),
    and writes one JSON line per entry on stdout: ``[entry, true]`` converted, ``[entry,
    false]`` already cached, ``[entry, null]`` failed (the build converts it again and
    reports why); ``["", null]`` at the end. A line ``done`` on stdin means the examples are
    done: what is published by then is converted, the rest never will be. It runs at low
    priority and ends with the build.
    """
    runner.end_with_parent()
    os.nice(CONVERTER_NICE)
    job = json.loads(sys.stdin.readline())
    options, entries, done = job["options"], [Path(e) for e in job["entries"]], False

    def report(entry: str, status) -> None:
        print(json.dumps([entry, status]), flush=True)

    try:
        from mkdocs_jupyter.plugin import Plugin

        share_compiled_templates()
        plugin = Plugin()
        errors, _ = plugin.load_config({**options, "include": ["*.ipynb"]}, job["config_file"])
        if errors:
            raise ValueError(errors)
        plugin.on_pre_build(config=None)
    except Exception:  # noqa: BLE001 - the build loads the plugin itself and reports the error
        report("", None)
        return
    cache_dir = Path(options["cache_dir"])
    while entries:
        done = done or bool(select.select([sys.stdin], [], [], 0)[0])
        ready = [entry for entry in entries if (entry / "manifest.json").exists()]
        for entry in ready:
            entries.remove(entry)
            notebook = entry / "notebook.ipynb"
            try:
                if (cache_dir / f"{jupyter_cache_key(notebook.read_bytes(), options)}.json").exists():
                    report(str(entry), False)
                    continue
                page = types.SimpleNamespace(
                    file=types.SimpleNamespace(abs_src_path=str(notebook), src_path=notebook.name), abs_url=None
                )
                plugin.on_pre_page(page, config=None, files=None)
                page.render(None, None)
                report(str(entry), True)
            except Exception:  # noqa: BLE001 - see the docstring
                report(str(entry), None)
        if done and not ready:
            break
        if not ready:
            time.sleep(0.05)
    report("", None)


# --- the notebook pages -----------------------------------------------------------------

# Blocks that mkdocs-jupyter's template puts around the notebook: inlined CSS (about
# 600 KB per page), the clipboard, MathJax (from a CDN) and mermaid (from a CDN) scripts.
STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b[^>]*>.*?</\1>\s*", re.DOTALL | re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
# mkdocs-jupyter's own copy button (needs its script) and the hidden copy of each cell's
# source it copies from (would put every cell twice into the search index).
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*', re.DOTALL)
CLIPBOARD_TEXT = re.compile(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', re.DOTALL)
# A code cell's highlighted source, as mkdocs-jupyter writes it.
CODE = re.compile(r'<div class="highlight-ipynb hl-(?P<lang>[\w+-]+)[^"]*"><pre><span></span>(?P<code>.*?)</pre></div>', re.DOTALL)
# Any image embedded as base64 (nbconvert embeds every figure that way).
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


class PageStore:
    """Cleaned notebook pages (:func:`clean_notebook_html`'s results) kept on disk between
    builds, one ``<key>.html`` file each in ``folder``, so that a build cleans only the
    pages whose notebook, figures or words changed.

    A key (:meth:`key`) covers the arguments and the code that cleans: this module,
    ``sitebuild.mathml``, ``sitebuild.markers`` and latex2mathml's version. Files are
    written whole or not at all (renamed into place), so a killed build leaves none half
    written. The build adds each key it uses to ``used``; :meth:`prune` removes the rest.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()
        code = hashlib.sha256()
        for path in (Path(__file__), Path(mathml.__file__), Path(markers.__file__)):
            code.update(path.read_bytes())
        code.update(metadata.version("latex2mathml").encode())
        self._code = code.digest()

    def key(self, *parts: str) -> str:
        """64 hex digits: sha256 of the parts (each length-prefixed) and the cleaning code."""
        digest = hashlib.sha256(self._code)
        for part in parts:
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def get(self, key: str) -> str | None:
        """The page stored under ``key``, or None."""
        try:
            return (self.folder / f"{key}.html").read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, page: str) -> None:
        """Store ``page`` under ``key`` (atomically; a failure to write is not an error)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".tmp-{key}-{os.getpid()}"
            tmp.write_text(page, encoding="utf-8")
            os.replace(tmp, self.folder / f"{key}.html")
        except OSError:
            pass

    def prune(self) -> None:
        """Remove every file this build did not use (older pages, a killed build's temporary files)."""
        for path in self.folder.glob("*") if self.folder.is_dir() else []:
            if path.suffix != ".html" or path.stem not in self.used:
                path.unlink(missing_ok=True)


def clean_notebook_html(
    page_html: str,
    stem: str,
    figures: list[Path],
    figure_urls: list[str],
    alts: list[str],
    header_html: str = "",
) -> str:
    """Make mkdocs-jupyter's HTML for the notebook of example ``stem`` light and offline.

    ``figures`` are the figure files of the run that wrote the notebook, in order;
    ``figure_urls`` their URLs relative to the page and ``alts`` their alt texts.
    The k-th embedded image must be byte-identical to ``figures[k]``: the page then
    links that file instead of carrying a base64 copy. ``header_html`` (downloads and
    links) is inserted after the page's ``<h1>`` (or at the top if it has none).

    Raises GalleryError if an image is not one of the run's figures, if the numbers
    differ, or if anything left would be fetched from another origin; and
    mathml.MathError for a formula that cannot be rendered.
    """
    out = STYLE_OR_SCRIPT.sub("", page_html)
    out = HTML_COMMENT.sub("", out)
    out = CLIPBOARD.sub("", out)
    out = CLIPBOARD_TEXT.sub("", out)
    # Material's code block markup; kept out of the search index, which already has the
    # code from the explanation page (and parsing every token span is slow).
    out = CODE.sub(
        lambda m: f'<div class="language-{m["lang"]} highlight" data-search-exclude><pre><span></span>'
        f'<code>{m["code"]}</code></pre></div>',
        out,
    )
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
    # Clips (child.listen_cells): the download keeps its data URIs, the page links the
    # run's WAV files, which the site serves as audio/<stem>-<name>.wav (run_examples).
    clips = {p.read_bytes(): p.stem for p in (figures[0].parent.parent / "audio").glob("*.wav")} if figures else {}

    def clip(match: re.Match) -> str:
        name = clips.get(base64.b64decode(match["data"]))
        if name is None:
            raise GalleryError(f"{stem}: an audio output of the notebook is not one of the run's clips")
        return f'<source src="{figure_urls[0].rsplit("figures/", 1)[0]}audio/{stem}-{name}.wav"{match["rest"]}>'

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
