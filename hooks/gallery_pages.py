"""MkDocs hook: the examples gallery, a page per example rendered by mkdocs-jupyter.

- ``examples/<stem>.ipynb``: a generated file backed by the executed notebook in the
  example's cache entry (the run that drew the figures). mkdocs-jupyter (``execute:
  false``) takes it as a page by its ``include`` pattern; the pages go into the nav,
  after the index.
- ``examples/index.md``: the index, a card per example (``sitebuild.gallery_index``).
- Each notebook page is made light and offline (``sitebuild.notebook_html``) and gets
  download links and links to the pages that explain the example.

The build stops if mkdocs-jupyter is missing or set to execute, or if its ``include``
pattern takes any file other than the gallery notebooks, or misses one.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from sitebuild import gallery_index, links, markers, mathml, notebook_html, project, runner

JUPYTER = "mkdocs-jupyter"
DOWNLOAD_ICON = (
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg></span>'
)

_gallery: dict = {}  # this build: the cards by stem, what the pages say about the examples


def on_config(config):
    plugin = config.plugins.get(JUPYTER)
    if plugin is None:
        raise PluginError(f"hooks/gallery_pages.py: the examples gallery needs the {JUPYTER} plugin under `plugins:`")
    if plugin.config["execute"]:
        raise PluginError(
            f"hooks/gallery_pages.py: {JUPYTER} must not execute notebooks (set `execute: false`): "
            "the gallery shows the outputs of the build's own run of each example"
        )
    # Anchored next to mkdocs.yml, one folder per version (project.jupyter_cache_dir).
    root = Path(config.config_file_path).resolve().parent
    plugin.config["cache_dir"] = str(project.jupyter_cache_dir(plugin.config["cache_dir"], root))
    _gallery.clear()
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


@event_priority(project.FILES_GALLERY)
def on_files(files, config):
    settings = project.settings(config.extra.get("examples"), Path(config.config_file_path).resolve().parent)
    written = [f for f in files.documentation_pages() if f.src_uri.endswith(".md") and f.generated_by is None]
    nav_order = _nav_pages(config.nav)
    written.sort(key=lambda f: (nav_order.index(f.src_uri) if f.src_uri in nav_order else len(nav_order), f.src_uri))
    pages = gallery_index.scan_pages({f.src_uri: f.content_string for f in written})
    cards, notebooks = [], {}
    entries = runner.entry_folders(project.find_examples(settings["dir"]), settings["cache_dir"])
    for script, entry in entries.items():
        stem = script.stem
        try:
            title, summary = gallery_index.docstring_parts(script)
        except gallery_index.GalleryError as exc:
            raise PluginError(str(exc)) from None
        uri = project.gallery_page_uri(stem)
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists; the gallery generates that page, remove the file")
        # Backed by the notebook in the run's cache entry: mkdocs-jupyter takes it by that path.
        notebooks[uri] = str(runner.Entry(stem, script, entry, False).notebook)
        files.append(File.generated(config, uri, abs_src_path=notebooks[uri]))
        # Its markers are filled in with the index page's (hooks/examples.py, on_page_markdown).
        alt = pages.alts.get(posixpath.basename(project.figure_uri(stem, 1)), (None, 0, ""))[2]
        alt = alt or f"The first figure drawn by {stem}.py: {title}"
        cards.append(gallery_index.Card(stem, title, summary, pages.uses.get(stem, []), alt))
    if files.get_file_from_path(project.GALLERY_INDEX) is not None:
        raise PluginError(f"docs/{project.GALLERY_INDEX} exists; the gallery generates that page, remove the file")
    cards = gallery_index.order_cards(cards, pages.order)
    index = gallery_index.index_markdown(cards, pages.titles)
    files.append(File.generated(config, project.GALLERY_INDEX, content=index))
    _gallery.update(cards={c.stem: c for c in cards}, pages=pages, notebooks=notebooks)
    # In the nav, grouped under the page that explains each example (the index's headings).
    groups: dict[str, list] = {}
    for card in cards:
        groups.setdefault(gallery_index.section_title(card, pages.titles), []).append({card.title: project.gallery_page_uri(card.stem)})
    config.nav = _with_gallery_pages(config.nav, [{group: entries} for group, entries in groups.items()])
    return files


def _with_gallery_pages(nav, entries: list[dict], top: bool = True) -> list:
    """``nav`` with ``entries`` (a page per example) right after the gallery index, in its
    section (a top-level index becomes a section "Examples"): each page then has its place
    in the sidebar, previous and next links, and a way back to the index."""
    for i, item in enumerate(nav or []):
        title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if value == project.GALLERY_INDEX:
            inserted = [{title or "Examples": [{"All examples": value}, *entries]}] if top else [item, *entries]
            return [*nav[:i], *inserted, *nav[i + 1 :]]
        if isinstance(value, list):
            inner = _with_gallery_pages(value, entries, top=False)
            if inner != value:
                return [*nav[:i], {title: inner}, *nav[i + 1 :]]
    return list(nav or [])


def on_nav(nav, config, files):
    notebooks = _gallery["notebooks"]  # {page uri: the notebook in the run's cache entry}
    expected = set(notebooks)
    # Pages that are not Markdown are those mkdocs-jupyter took (.ipynb or .py).
    taken = {file.src_uri for file in files.documentation_pages() if not file.src_uri.endswith(".md")}
    for file in files.documentation_pages():
        if file.src_uri in notebooks:
            # mkdocs-jupyter's page file recomputes `abs_src_path` from `src_dir`, which a
            # generated file has not: give it the notebook's path again.
            file.abs_src_path = notebooks[file.src_uri]
    if taken != expected:
        missing, extra = sorted(expected - taken), sorted(taken - expected)
        raise PluginError(
            f"hooks/gallery_pages.py: {JUPYTER}'s `include` patterns must match the gallery notebooks and "
            f"nothing else; not taken as pages: {missing or 'none'}; taken by accident: {extra or 'none'}"
        )
    return nav


def _stem(page) -> str | None:
    """The example whose gallery page ``page`` is, or None."""
    for stem in _gallery.get("cards", {}):
        if page.file.src_uri == project.gallery_page_uri(stem):
            return stem
    return None


def _header(stem: str, page, files) -> str:
    """Downloads and the links to the explaining pages, shown under the notebook's title."""
    card, titles = _gallery["cards"][stem], _gallery["pages"].titles

    def url(uri: str) -> str:
        return html.escape(files.get_file_from_path(uri).url_relative_to(page.file), quote=True)

    buttons = " ".join(
        f'<a class="md-button" href="{url(project.download_uri(stem, ext))}" download="{stem}{ext}">'
        f"{DOWNLOAD_ICON} {stem}{ext}</a>"
        for ext in (".py", ".ipynb")
    )
    explained = ", ".join(f'<a href="{url(src)}">{html.escape(titles.get(src, src))}</a>' for src in card.pages)
    return (
        f'\n<p class="gallery-downloads">{buttons}</p>\n'
        f"<p>Explained in {explained or 'no page yet'}. The notebook holds the outputs of the same run that drew "
        f"the site's figures; the script runs on its own with <code>python {stem}.py</code> "
        "(numpy and matplotlib only).</p>\n"
    )


def _lead_figure(url: str, alt: str) -> str:
    """The example's first figure, shown before its code (the reader sees what it draws first)."""
    url, alt = html.escape(url, quote=True), html.escape(alt, quote=True)
    return f'<p class="gallery-lead"><a href="{url}" title="{markers.FULL_SIZE}"><img src="{url}" alt="{alt}"></a></p>\n'


def on_page_content(page_html, page, config, files):
    stem = _stem(page)
    if stem is None:
        return page_html
    # A reader searching a topic wants the explanation page first.
    page.meta["search"] = {"boost": 0.25}
    download = files.get_file_from_path(project.download_uri(stem, ".ipynb"))
    if Path(page.file.abs_src_path).read_bytes() != download.content_bytes:
        raise PluginError(f"{stem}: the notebook download and the run's notebook differ")
    entry = runner.Entry(stem, None, Path(page.file.abs_src_path).parent, False)
    title = _gallery["cards"][stem].title
    figures, alts, values = [], [], {stem: entry.values()}
    for n, path in enumerate(entry.figures, start=1):
        uri = project.figure_uri(stem, n)
        figures.append((path, files.get_file_from_path(uri).url_relative_to(page.file)))
        alts.append(_alt_text(posixpath.basename(uri), values) or f"Figure {n} drawn by {stem}.py: {title}")
    clips = [(wav, files.get_file_from_path(project.audio_uri(stem, wav.stem)).url_relative_to(page.file))
             for wav in entry.audio]
    try:
        cleaned = notebook_html.clean_notebook_html(
            page_html, stem, [path for path, _ in figures], [url for _, url in figures], alts, clips,
            header_html=_header(stem, page, files) + (_lead_figure(figures[0][1], alts[0]) if figures else ""),
        )
    except (notebook_html.GalleryError, mathml.MathError) as exc:
        raise PluginError(f"{project.gallery_page_uri(stem)}: {exc}") from None
    for item in _walk(page.toc):
        item.title = notebook_html.strip_toc_math(item.title)
    return _page_links(cleaned, page, files)


RELATIVE_LINK = re.compile(r'(?P<attr>href|src)="(?![a-zA-Z][\w+.-]*:|/|#)(?P<path>[^"#]+)(?P<anchor>#[^"]*)?"')


def _page_links(page_html: str, page, files) -> str:
    """The links of the example's Markdown cells, written as a page in the gallery's folder
    writes them (``../rnn-squashing.md#the-experiment``), made into the URLs MkDocs gives
    their targets. A link to nothing stays as written: ``on_env`` reports it with its line."""

    def url(match: re.Match) -> str:
        target = files.get_file_from_path(links.resolve(page.file.src_uri, html.unescape(match["path"])))
        if target is None:
            return match[0]
        return f'{match["attr"]}="{html.escape(target.url_relative_to(page.file), quote=True)}{match["anchor"] or ""}"'

    return notebook_html.MARKDOWN_CELL.sub(lambda m: m[1] + RELATIVE_LINK.sub(url, m[2]) + m[3], page_html)


def _alt_text(figure: str, values: dict[str, dict]) -> str:
    """The alt text a page gives ``figure`` (empty if none), quoting ``values`` (the run's of
    the figure's example: stem -> values)."""
    if figure not in _gallery["pages"].alts:
        return ""
    src, line, alt = _gallery["pages"].alts[figure]
    try:
        return markers.substitute(alt, values, f"docs/{src}", line, alt=True)
    except markers.MarkerError as exc:
        raise PluginError(f"{exc} (a figure's alt text quotes values of its own example only)") from None


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)
