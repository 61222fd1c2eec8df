"""MkDocs hook: the examples gallery, rendered by mkdocs-jupyter from the examples' own run.

- ``examples/<stem>.ipynb``: one page per example, a generated file backed by the
  executed notebook in the example's cache entry (the same run that drew the figures;
  also published as ``downloads/<stem>.ipynb``). mkdocs-jupyter renders it with
  ``execute: false`` and keeps the HTML in its own cache, so an unchanged notebook is
  converted once, not on every ``mkdocs serve`` reload. The pages are not in the nav
  (``not_in_nav: /examples/*.ipynb``); the index links each of them.
- mkdocs-jupyter is configured in one of two ways. Listed under ``plugins:`` (with an
  ``include`` pattern that matches the gallery notebooks only), it is imported at start-up
  and renders the pages itself. Or its options go under ``extra: gallery: mkdocs-jupyter:``
  (this site's way): then this hook loads the plugin only when a notebook's HTML is not in
  the plugin's cache yet, and serves cached pages itself (``sitebuild.gallery.jupyter_cache_key``),
  which spares every build the ~0.7 s of importing nbconvert and jupytext. While examples
  run, a low-priority process (``sitebuild.gallery.converter_main``) converts each new
  notebook as soon as its example finished.
- ``examples/index.md``: the gallery index, a card per example (generated Markdown, so
  ``--strict`` checks every link in it). List it in ``nav`` (``- Examples: ...``).
- Each notebook page is made light and offline by ``sitebuild.gallery.clean_notebook_html``
  and gets download links and a link to the page that explains the example.

Checks that stop the build: mkdocs-jupyter missing or configured to execute; a gallery
notebook mkdocs-jupyter did not take as a page, or any other file it did take (its
``include`` patterns must match the gallery notebooks only); a notebook whose images
are not the run's figures; an example without docstring; a cache key of our own that
differs from the plugin's.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import threading
import types
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from sitebuild import gallery, mathml, runner

log = logging.getLogger("mkdocs.hooks.gallery")

GALLERY = "examples"  # URL folder of the gallery pages
JUPYTER = "mkdocs-jupyter"
DOWNLOAD_ICON = (
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg></span>'
)

_state: dict = {}
CONVERT_TIMEOUT = 600.0  # seconds a notebook page waits for the converter process
CONVERT_HERE_MAX = 4  # new notebooks converted in the build process if the plugin is loaded


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


#: mkdocs-jupyter options that ``extra: gallery: mkdocs-jupyter:`` may set (the hook, not an
#: ``include`` pattern, decides which files are notebook pages).
LAZY_OPTIONS = {"execute", "cache", "cache_dir", "ignore_h1_titles", *gallery.JUPYTER_KEY_OPTIONS}


def on_config(config):
    plugin = config.plugins.get(JUPYTER)
    lazy_options = (config.extra.get("gallery") or {}).get(JUPYTER)
    if plugin is None and lazy_options is None:
        raise PluginError(
            f"hooks/gallery.py: the examples gallery needs the {JUPYTER} plugin: list it under `plugins:` "
            f"in mkdocs.yml, or give its options under `extra: gallery: {JUPYTER}:`"
        )
    if plugin is not None and lazy_options is not None:
        raise PluginError(f"hooks/gallery.py: configure {JUPYTER} once: under `plugins:` or under `extra: gallery:`")
    options = plugin.config if plugin is not None else dict(lazy_options)
    unknown = sorted(set(options) - LAZY_OPTIONS) if plugin is None else []
    if unknown:
        raise PluginError(f"hooks/gallery.py: `extra: gallery: {JUPYTER}:` cannot set {', '.join(unknown)}")
    if options.get("execute"):
        raise PluginError(
            f"hooks/gallery.py: {JUPYTER} must not execute notebooks (set `execute: false`): "
            "the gallery shows the outputs of the build's own run of each example"
        )
    # mkdocs-jupyter resolves its cache folder against the working directory and keys it
    # by notebook bytes and options only: anchor it next to mkdocs.yml, and give each
    # nbconvert/mkdocs-jupyter version its own folder so an upgrade cannot serve stale HTML.
    cache_dir = Path(options.get("cache_dir", ".cache/mkdocs-jupyter"))
    if not cache_dir.is_absolute():
        versions = "-".join(f"{name}-{metadata.version(name)}" for name in ("nbconvert", JUPYTER))
        root = Path(config.config_file_path).resolve().parent
        cache_dir = root / cache_dir / versions
    _state.clear()
    _state["log"] = _watch_jupyter_log()
    _state["store"] = gallery.PageStore(cache_dir / "gallery-pages")
    if plugin is not None:
        plugin.config["cache_dir"] = str(cache_dir)
    else:
        _state["lazy"] = _lazy_jupyter({**options, "cache_dir": str(cache_dir)})
    return config


class LazyJupyter:
    """mkdocs-jupyter, loaded only when a gallery notebook's HTML is not in its cache.

    A page whose HTML is cached is rendered from the cache file exactly as the plugin's
    own cache branch does; any other page is handed to the plugin (imported on first
    use), which converts it and writes the cache. Kept across ``mkdocs serve`` rebuilds.
    """

    def __init__(self, options: dict):
        self.options = options
        self.cache_dir = Path(options["cache_dir"])
        self.fast = metadata.version(JUPYTER) in gallery.JUPYTER_CACHE_VERSIONS and options.get("cache", True)
        self.plugin = None
        self._lock = threading.Lock()
        self._converter: dict | None = None
        self._reports = threading.Condition()
        self._keys: dict = {}  # (notebook, mtime, size) -> cache key
        self._html: dict = {}  # (cache file, mtime, size) -> its content
        self.start_build()

    def start_build(self) -> None:
        self.stop_converter()
        self.used: set[Path] = set()
        self.reported: dict[str, bool | None] = {}  # entry folder -> converted by the converter?
        # Forget the files that are gone (evicted or pruned; see _key and _read).
        self._keys = {k: v for k, v in self._keys.items() if k[0].exists()}
        self._html = {k: v for k, v in self._html.items() if k[0].exists()}
        self.hits = 0
        if self.plugin is not None:
            self.plugin.on_pre_build(config=None)

    def load(self, config):
        """The plugin instance, configured with our options (imported and created on first use)."""
        with self._lock:
            if self.plugin is None:
                from mkdocs_jupyter.plugin import Plugin

                gallery.share_compiled_templates()  # each page's exporter compiles no template again
                plugin = Plugin()
                errors, _ = plugin.load_config({**self.options, "include": ["*.ipynb"]}, config.config_file_path)
                if errors:
                    raise PluginError(f"`extra: gallery: {JUPYTER}:`: " + "; ".join(f"{k}: {e}" for k, e in errors))
                plugin.on_pre_build(config=config)
                self.plugin = plugin
        return self.plugin

    # While examples run, a converter process (sitebuild.gallery.converter_main) converts
    # each finished example's notebook, at low priority: on what the examples leave of the
    # CPU, then on the core the page rendering leaves free. A notebook page waits for its
    # notebook only when it is built (the notebook pages are built last).

    def convert_while_examples_run(self, config, entries: list[Path]) -> None:
        """Start converting the notebooks of the cache entries ``entries`` (folders the
        runner is about to publish), each as soon as it appears.

        Not for a few notebooks when the plugin is loaded in this process already (under
        ``mkdocs serve``): their pages convert them here, ~0.1 s each, sooner than a new
        process would have imported the plugin (~1 s of CPU).
        """
        self.stop_converter()
        if not entries or not self.fast or (self.plugin is not None and len(entries) <= CONVERT_HERE_MAX):
            return
        hooks_dir = str(Path(gallery.__file__).resolve().parents[1])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (hooks_dir, os.environ.get("PYTHONPATH")) if p),
            # nbconvert's own switch: do not instantiate every installed exporter (PDF, LaTeX,
            # WebPDF, ...) at import to list them in a help text: 0.25 s of the converter's ~1 s.
            "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1",
        }
        process = subprocess.Popen(
            [sys.executable, "-c", gallery.CONVERTER_COMMAND],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
        )
        job = {"options": self.options, "config_file": config.config_file_path, "entries": [str(e) for e in entries]}
        process.stdin.write(json.dumps(job) + "\n")
        process.stdin.flush()
        converter = {"process": process, "expected": set(job["entries"]), "ended": False}
        converter["reader"] = threading.Thread(
            target=self._read_reports, args=(converter,), name="gallery-reports", daemon=True
        )
        self._converter = converter
        converter["reader"].start()

    def _read_reports(self, converter: dict) -> None:
        try:
            for line in converter["process"].stdout:
                entry, status = json.loads(line)
                with self._reports:
                    if entry:
                        self.reported[entry] = status
                    self._reports.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._reports:
                converter["ended"] = True
                self._reports.notify_all()

    def examples_done(self) -> None:
        """Tell the converter that every entry that will be published is published."""
        if self._converter is not None:
            try:
                self._converter["process"].stdin.write("done\n")
                self._converter["process"].stdin.flush()
            except OSError:
                pass

    def _await(self, entry: Path) -> None:
        """Wait until the converter has reported on ``entry``, or has ended."""
        converter = self._converter
        if converter is None or str(entry) not in converter["expected"]:
            return
        with self._reports:
            self._reports.wait_for(lambda: str(entry) in self.reported or converter["ended"], timeout=CONVERT_TIMEOUT)

    def stop_converter(self) -> None:
        """End the converter (normally it has ended by itself once the pages need it)."""
        converter, self._converter = self._converter, None
        if converter is not None:
            process = converter["process"]
            try:
                process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(timeout=5 if converter["ended"] else 0.1)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            converter["reader"].join(timeout=5)

    def load_in_background(self, config) -> None:
        """Import and create the plugin in a background thread (while ``mkdocs serve`` idles);
        :meth:`load` waits for it if it is needed before it is done."""
        if self.plugin is None:
            threading.Thread(target=self._load_quietly, args=(config,), name="gallery-load", daemon=True).start()

    def _load_quietly(self, config) -> None:
        try:
            self.load(config)
        except Exception:  # noqa: BLE001 - a build that needs the plugin reports the error
            log.debug("gallery: loading mkdocs-jupyter in the background failed", exc_info=True)

    def prepare(self, page, config, files) -> None:
        """Make ``page`` (a gallery notebook) render from the cache, or through the plugin."""
        source = Path(page.file.abs_src_path)
        self._await(source.parent)
        key = self._key(source) if self.fast else None
        if key is not None:
            path = self.cache_dir / f"{key}.json"
            self.used.add(path)
            try:
                content, toc_tokens, title = self._read(path)
            except OSError:
                pass  # not converted yet
            except ValueError:
                path.unlink(missing_ok=True)  # damaged (a killed build): the plugin converts it again
            else:
                self.hits += not self.reported.get(str(source.parent))
                use_title = title is not None and not self.options.get("ignore_h1_titles", False)

                def render(self_page, config, files):
                    self_page.content = content
                    self_page.toc = get_toc(toc_tokens)
                    if use_title:
                        self_page.title = title

                page.render = types.MethodType(render, page)
                # What the plugin sets for its own templates (Material does not use them).
                page.nb_url = urljoin(page.abs_url, source.name)
                page.data_files = None
                return
        plugin = self.load(config)
        if key is not None:
            from mkdocs_jupyter.plugin import _compute_cache_key

            theirs = _compute_cache_key(str(source), plugin.config, False)
            if theirs != key:
                raise PluginError(
                    f"hooks/gallery.py: sitebuild.gallery.jupyter_cache_key no longer matches {JUPYTER} "
                    f"{metadata.version(JUPYTER)}'s cache key; update it or JUPYTER_CACHE_VERSIONS"
                )
        plugin.on_pre_page(page, config=config, files=files)

    # Under `mkdocs serve` the same files are read on every rebuild: remember them by their
    # size and modification time.

    def _key(self, notebook: Path) -> str:
        stat = notebook.stat()
        seen = (notebook, stat.st_mtime_ns, stat.st_size)
        if seen not in self._keys:
            self._keys[seen] = gallery.jupyter_cache_key(notebook.read_bytes(), self.options)
        return self._keys[seen]

    def _read(self, path: Path) -> tuple[str, list, str | None]:
        stat = path.stat()
        seen = (path, stat.st_mtime_ns, stat.st_size)
        if seen not in self._html:
            self._html[seen] = gallery.read_jupyter_cache(path)
        return self._html[seen]

    @property
    def converted_elsewhere(self) -> int:
        """How many notebooks the converter process converted in this build."""
        return sum(status is True for status in self.reported.values())

    def finish_build(self, config) -> None:
        """Remove cache files no page of this build used (as the plugin does after a build)."""
        self.stop_converter()
        if not self.fast:
            if self.plugin is not None:
                self.plugin.on_post_build(config)
            return
        for stale in self.cache_dir.glob("*.json") if self.cache_dir.is_dir() else []:
            if stale not in self.used:
                stale.unlink(missing_ok=True)
                log.info(f"gallery: evicted stale notebook HTML {stale.name}")


_lazy: dict = {}


def _lazy_jupyter(options: dict) -> LazyJupyter:
    """One LazyJupyter per set of options, kept across ``mkdocs serve`` rebuilds."""
    key = repr(sorted(options.items()))
    if key not in _lazy:
        _lazy.clear()
        _lazy[key] = LazyJupyter(options)
    _lazy[key].start_build()
    return _lazy[key]


class NotebookPage(File):
    """A gallery notebook taken as a documentation page (when the hook drives mkdocs-jupyter)."""

    def is_documentation_page(self) -> bool:
        return True

    def is_modified(self) -> bool:
        # For `--dirty`: the notebook of an example that is still running does not exist yet.
        return not Path(self.abs_src_path).exists() or super().is_modified()


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


def _example_settings(config) -> dict:
    """The examples' settings (``extra: examples:``), as hooks/run_examples.py reads them."""
    return runner.settings(config.extra.get("examples"), Path(config.config_file_path).resolve().parent)


@event_priority(50)  # after run_examples (100), before mkdocs-jupyter (0)
def on_files(files, config):
    # Every example gets its page, including those still running (run_examples.py): the
    # page is backed by the notebook its run writes into its cache entry, and waits for it.
    given = _example_settings(config)
    written = [f for f in files.documentation_pages() if f.src_uri.endswith(".md") and f.generated_by is None]
    nav_order = _nav_pages(config.nav)
    written.sort(key=lambda f: (nav_order.index(f.src_uri) if f.src_uri in nav_order else len(nav_order), f.src_uri))
    pages = gallery.scan_pages({f.src_uri: f.content_string for f in written})

    cards = []
    for script, entry in runner.entry_folders(runner.find_examples(given["dir"]), given["cache_dir"]).items():
        stem = script.stem
        try:
            title, summary = gallery.docstring_parts(script)
        except gallery.GalleryError as exc:
            raise PluginError(str(exc)) from None
        uri = f"{GALLERY}/{stem}.ipynb"
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} exists; the gallery generates that page, remove the file")
        # The run's cache entry holds notebook.ipynb (by path: mkdocs-jupyter picks its
        # pages by path); on_page_content checks it is the notebook download's content.
        source = entry / "notebook.ipynb"
        # Not in the nav (the index links it): `not_in_nav` in mkdocs.yml says so, since
        # mkdocs-jupyter's wrapper does not pass a generated file's inclusion level on.
        page_file = NotebookPage if "lazy" in _state else File
        files.append(page_file.generated(config, uri, abs_src_path=str(source)))
        alt = pages.alts.get(f"{stem}-1.svg") or f"The first figure drawn by {stem}.py: {title}"
        cards.append(gallery.Card(stem, title, summary, pages.uses.get(stem, []), alt))
    index_uri = f"{GALLERY}/index.md"
    if files.get_file_from_path(index_uri) is not None:
        raise PluginError(f"docs/{index_uri} exists; the gallery generates that page, remove the file")
    cards = gallery.order_cards(cards, pages.order)
    files.append(File.generated(config, index_uri, content=gallery.index_markdown(cards, pages.titles, GALLERY)))
    _state.update(cards={c.stem: c for c in cards}, pages=pages)
    return files


def _figures(stem: str, files) -> list[File]:
    """The example's figure files in the build, in the order it drew them."""
    found = [f for f in files if re.fullmatch(rf"figures/{stem}-([0-9]+)\.svg", f.src_uri)]
    return sorted(found, key=lambda f: int(f.src_uri.rsplit("-", 1)[1][:-4]))


@event_priority(50)  # after run_examples (100): every example has finished
def on_env(env, config, files):
    if "lazy" in _state:
        _state["lazy"].examples_done()
    return env


def on_nav(nav, config, files):
    if "lazy" in _state:  # the hook itself made the gallery notebooks pages, and nothing else
        return nav
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


def on_pre_build(config):
    lazy = _state.get("lazy")
    if lazy is None:
        return
    # The examples that will run (no cache entry yet) make new notebooks: convert them
    # while the others still run (see LazyJupyter.convert_while_examples_run).
    given = _example_settings(config)
    lazy.convert_while_examples_run(config, runner.pending(runner.find_examples(given["dir"]), given["cache_dir"]))


def on_serve(server, config, builder):
    # An author who serves the site edits examples: load mkdocs-jupyter meanwhile.
    lazy = _state.get("lazy")
    if lazy is not None:
        lazy.load_in_background(config)
    return server


def on_build_error(error):
    lazy = _state.get("lazy")
    if lazy is not None:
        lazy.stop_converter()


def on_pre_page(page, config, files):
    if "lazy" in _state and _stem(page) in _state.get("cards", {}):
        _state["lazy"].prepare(page, config, files)
    return page


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
    download = files.get_file_from_path(f"downloads/{stem}.ipynb")
    if download is None:
        raise PluginError(f"{stem}: the build has no notebook download for the example")
    if Path(page.file.abs_src_path).read_bytes() != download.content_bytes:
        raise PluginError(f"{stem}: the notebook download and the run's notebook differ")
    figures = _figures(stem, files)
    title = _state["cards"][stem].title
    alts = [
        _state["pages"].alts.get(posixpath.basename(f.src_uri)) or f"Figure {n} drawn by {stem}.py: {title}"
        for n, f in enumerate(figures, start=1)
    ]
    arguments = (
        page_html,
        stem,
        tuple(Path(f.abs_src_path) for f in figures),  # content-addressed: a new run, a new path
        tuple(f.url_relative_to(page.file) for f in figures),
        tuple(alts),
        _header(stem, page, files),
    )
    # An unchanged notebook page is cleaned once, and kept between builds (PageStore).
    store = _state["store"]
    key = store.key(page_html, repr(arguments[1:]))
    store.used.add(key)
    cleaned = store.get(key)
    if cleaned is None:
        try:
            cleaned = gallery.clean_notebook_html(
                page_html, stem, list(arguments[2]), list(arguments[3]), list(arguments[4]), header_html=arguments[5]
            )
        except (gallery.GalleryError, mathml.MathError) as exc:
            raise PluginError(f"{GALLERY}/{stem}.ipynb: {exc}") from None
        store.put(key, cleaned)
    for item in _walk(page.toc):
        item.title = gallery.strip_toc_math(item.title)
    return cleaned


def _walk(toc):
    for item in toc:
        yield item
        yield from _walk(item.children)


def on_post_build(config):
    if "store" in _state:  # keep the cleaned pages of this build for the next, and only those
        _state["store"].prune()
    watcher = _state.get("log")
    if watcher is None:
        return
    executed = [m for m in watcher.converted if "execute=False" not in m]
    if executed:
        raise PluginError(f"{JUPYTER} executed a notebook, which it must never do: {executed[0]}")
    lazy = _state.get("lazy")
    if lazy is not None:
        lazy.finish_build(config)
    hits = len(watcher.cached) + (lazy.hits if lazy is not None else 0)
    converted = len(watcher.converted) + (lazy.converted_elsewhere if lazy is not None else 0)
    log.info(
        f"gallery: {len(_state.get('cards', {}))} notebook page(s); {JUPYTER} converted "
        f"{converted} (execute=False), {hits} from its cache"
    )
