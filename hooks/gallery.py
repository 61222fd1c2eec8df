"""MkDocs hook: the examples gallery, rendered by mkdocs-jupyter from the examples' own run.

- ``examples/<stem>.ipynb``: one page per example, a generated file backed by the
  executed notebook in the example's cache entry (the same run that drew the figures;
  also published as ``downloads/<stem>.ipynb``). mkdocs-jupyter renders it with
  ``execute: false`` and keeps the HTML in its own cache, so an unchanged notebook is
  converted once, not on every ``mkdocs serve`` reload. The pages are not in the nav
  (``not_in_nav: /examples/*.ipynb``); the index links each of them.
- ``examples/index.md``: the gallery index, a card per example (generated Markdown, so
  ``--strict`` checks every link in it). List it in ``nav`` (``- Examples: ...``).
- Each notebook page is made light and offline by ``sitebuild.gallery.clean_notebook_html``
  and gets download links and a link to the page that explains the example.

Checks that stop the build: mkdocs-jupyter missing or configured to execute; a gallery
notebook mkdocs-jupyter did not take as a page, or any other file it did take (its
``include`` patterns must match the gallery notebooks only); a notebook whose images
are not the run's figures; an example without docstring.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from sitebuild import gallery, mathml

log = logging.getLogger("mkdocs.hooks.gallery")

GALLERY = "examples"  # URL folder of the gallery pages
JUPYTER = "mkdocs-jupyter"
DOWNLOAD_ICON = (
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg></span>'
)

_state: dict = {}


class JupyterLog(logging.Filter):
    """Counts mkdocs-jupyter's per-notebook log lines ("Converting notebook (execute=...)",
    "Cache hit") and keeps them out of the build log; the hook prints one summary line."""

    def __init__(self):
        super().__init__()
        self.converted: list[str] = []
        self.cached: list[str] = []

    def filter(self, record) -> bool:
        message = record.getMessage()
        if message.startswith("Converting notebook"):
            self.converted.append(message)
        elif message.startswith("Cache hit"):
            self.cached.append(message)
        elif not message.startswith("Cache miss, writing"):
            return True
        return False


JUPYTER_LOGGERS = ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter")


def _watch_jupyter_log() -> JupyterLog:
    watcher = JupyterLog()
    for name in JUPYTER_LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if type(f).__name__ == "JupyterLog"]:  # from a previous serve build
            logger.removeFilter(old)
        logger.addFilter(watcher)
    return watcher


def on_config(config):
    plugin = config.plugins.get(JUPYTER)
    if plugin is None:
        raise PluginError(f"hooks/gallery.py: the examples gallery needs the {JUPYTER} plugin in mkdocs.yml")
    if plugin.config["execute"]:
        raise PluginError(
            f"hooks/gallery.py: {JUPYTER} must not execute notebooks (set `execute: false`): "
            "the gallery shows the outputs of the build's own run of each example"
        )
    # mkdocs-jupyter resolves its cache folder against the working directory and keys it
    # by notebook bytes and options only: anchor it next to mkdocs.yml, and give each
    # nbconvert/mkdocs-jupyter version its own folder so an upgrade cannot serve stale HTML.
    cache_dir = Path(plugin.config["cache_dir"])
    if not cache_dir.is_absolute():
        versions = "-".join(f"{name}-{metadata.version(name)}" for name in ("nbconvert", JUPYTER))
        root = Path(config.config_file_path).resolve().parent
        plugin.config["cache_dir"] = str(root / cache_dir / versions)
    _state.clear()
    _state["log"] = _watch_jupyter_log()
    return config


def _nav_pages(nav) -> list[str]:
    """The Markdown paths listed in the ``nav`` config, in order."""
    found = []
    for item in nav or []:
        value = list(item.values())[0] if isinstance(item, dict) else item
        if isinstance(value, list):
            found += _nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            found.append(value)
    return found


@event_priority(50)  # after run_examples (100) made the downloads, before mkdocs-jupyter (0)
def on_files(files, config):
    downloads = {}
    for file in files:
        match = re.fullmatch(r"downloads/([A-Za-z0-9_]+)\.ipynb", file.src_uri)
        if match:
            downloads[match[1]] = file
    figures: dict[str, list[File]] = {}
    for file in files:
        match = re.fullmatch(r"figures/([A-Za-z0-9_]+)-([0-9]+)\.svg", file.src_uri)
        if match:
            figures.setdefault(match[1], []).append(file)
    for stem in figures:
        figures[stem].sort(key=lambda f: int(f.src_uri.rsplit("-", 1)[1][:-4]))

    written = [f for f in files.documentation_pages() if f.src_uri.endswith(".md") and f.generated_by is None]
    nav_order = _nav_pages(config.nav)
    written.sort(key=lambda f: (nav_order.index(f.src_uri) if f.src_uri in nav_order else len(nav_order), f.src_uri))
    pages = gallery.scan_pages({f.src_uri: f.content_string for f in written})

    cards = []
    for stem, notebook in sorted(downloads.items()):
        script = files.get_file_from_path(f"downloads/{stem}.py")
        try:
            title, summary = gallery.docstring_parts(Path(script.abs_src_path))
        except gallery.GalleryError as exc:
            raise PluginError(str(exc)) from None
        uri = f"{GALLERY}/{stem}.ipynb"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists; the gallery generates that page, remove the file")
        # The run's cache entry holds values.json and notebook.ipynb side by side; the page
        # is backed by that file (by path: mkdocs-jupyter picks its pages by path).
        source = Path(files.get_file_from_path(f"values/{stem}.json").abs_src_path).with_name("notebook.ipynb")
        if source.read_bytes() != notebook.content_bytes:
            raise PluginError(f"{stem}: the notebook download and the run's notebook differ")
        # Not in the nav (the index links it): `not_in_nav` in mkdocs.yml says so, since
        # mkdocs-jupyter's wrapper does not pass a generated file's inclusion level on.
        files.append(File.generated(config, uri, abs_src_path=str(source)))
        alt = pages.alts.get(f"{stem}-1.svg") or f"The first figure drawn by {stem}.py: {title}"
        cards.append(gallery.Card(stem, title, summary, pages.uses.get(stem, []), alt))
    index_uri = f"{GALLERY}/index.md"
    if files.get_file_from_path(index_uri) is not None:
        raise PluginError(f"docs/{index_uri} exists; the gallery generates that page, remove the file")
    cards = gallery.order_cards(cards, pages.order)
    files.append(File.generated(config, index_uri, content=gallery.index_markdown(cards, pages.titles, GALLERY)))
    _state.update(cards={c.stem: c for c in cards}, pages=pages, figures=figures)
    return files


def on_nav(nav, config, files):
    from mkdocs_jupyter.plugin import NotebookFile

    expected = {f"{GALLERY}/{stem}.ipynb" for stem in _state.get("cards", {})}
    taken = set()
    for file in files:
        if isinstance(file, NotebookFile):
            taken.add(file.src_uri)
            # mkdocs-jupyter 0.26's wrapper delegates unknown attributes to the wrapped
            # file, but File's cached `abs_src_path` is computed from `src_dir`, which a
            # generated file does not have: hand the wrapper the real path.
            file.abs_src_path = file.file.abs_src_path
    if taken != expected:
        missing, extra = sorted(expected - taken), sorted(taken - expected)
        raise PluginError(
            f"hooks/gallery.py: {JUPYTER}'s `include` patterns must match the gallery notebooks and "
            f"nothing else; not taken as pages: {missing or 'none'}; taken by accident: {extra or 'none'}"
        )
    return nav


def _stem(page) -> str | None:
    uri = page.file.src_uri
    if uri.startswith(f"{GALLERY}/") and uri.endswith(".ipynb") and uri.count("/") == 1:
        return posixpath.basename(uri)[: -len(".ipynb")]
    return None


@event_priority(100)  # before page_markers: a notebook's JSON is not Markdown with markers
def on_page_markdown(markdown, page, config, files):
    return "" if _stem(page) in _state.get("cards", {}) else markdown


def _header(stem: str, page, files) -> str:
    """Downloads and the links to the explaining pages, shown under the notebook's title."""
    card = _state["cards"][stem]
    pages = _state["pages"]

    def url(uri: str) -> str:
        return html.escape(files.get_file_from_path(uri).url_relative_to(page.file), quote=True)

    buttons = " ".join(
        f'<a class="md-button" href="{url(f"downloads/{stem}{ext}")}" download="{stem}{ext}">'
        f"{DOWNLOAD_ICON} {stem}{ext}</a>"
        for ext in (".py", ".ipynb")
    )
    explained = ", ".join(
        f'<a href="{url(src)}">{html.escape(pages.titles.get(src, src))}</a>' for src in card.pages
    ) or "no page yet"
    return (
        f'\n<p class="gallery-downloads">{buttons}</p>\n'
        f"<p>Explained in {explained}. The notebook holds the outputs of the same run that drew "
        f"the site's figures; the script runs on its own with <code>python {stem}.py</code> "
        "(numpy and matplotlib only).</p>\n"
    )


def on_page_content(page_html, page, config, files):
    stem = _stem(page)
    if stem not in _state.get("cards", {}):
        return page_html
    # A reader searching a topic wants the explanation first; the notebook page repeats
    # its words in its title and comments, so Material's search ranks it lower.
    page.meta["search"] = {"boost": 0.25}
    figures = _state["figures"].get(stem, [])
    title = _state["cards"][stem].title
    alts = [
        _state["pages"].alts.get(posixpath.basename(f.src_uri)) or f"Figure {n} drawn by {stem}.py: {title}"
        for n, f in enumerate(figures, start=1)
    ]
    try:
        cleaned = gallery.clean_notebook_html(
            page_html,
            stem,
            [Path(f.abs_src_path) for f in figures],
            [f.url_relative_to(page.file) for f in figures],
            alts,
            header_html=_header(stem, page, files),
        )
    except (gallery.GalleryError, mathml.MathError) as exc:
        raise PluginError(f"{GALLERY}/{stem}.ipynb: {exc}") from None
    for item in _walk(page.toc):
        item.title = gallery.strip_toc_math(item.title)
    return cleaned


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)


def on_post_build(config):
    watcher = _state.get("log")
    if watcher is None:
        return
    executed = [m for m in watcher.converted if "execute=False" not in m]
    if executed:
        raise PluginError(f"{JUPYTER} executed a notebook, which it must never do: {executed[0]}")
    log.info(
        f"gallery: {len(_state.get('cards', {}))} notebook page(s); {JUPYTER} converted "
        f"{len(watcher.converted)} (execute=False), {len(watcher.cached)} from its cache"
    )
