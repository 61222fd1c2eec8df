"""MkDocs hook: run the examples, put their outputs in the site and their values in the prose.

1. ``on_files``: the examples without a cache entry start running in the background
   (``sitebuild.background``); each example's figures, clips and downloads join the site
   as generated files once it is done (nothing is written into ``docs/``). ``claims.yml``
   is read here, so that a mistake in it stops the build before any page, and the source
   of the tests it lists becomes a page per test file (``sitebuild.claims.test_pages``).
2. ``on_nav``: while examples run, MkDocs renders first the pages that need none of them,
   then the running examples' gallery pages, then the pages that quote them.
3. ``on_pre_page``, ``on_page_markdown``: wait for the examples a page needs; fill in the
   claims table (``sitebuild.claims``) and the markers (``sitebuild.markers``).
4. ``on_page_content``: formulas become MathML (``sitebuild.mathml``).
5. ``on_env``: the pages go back in their order and their links are checked (``sitebuild.links``).

Anything that cannot be resolved stops the build with one line naming the file and line.
"""

from __future__ import annotations

import logging
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel, set_exclusions
from sitebuild import background, claims, gallery_index, links, markers, mathml, project, runner

log = logging.getLogger("mkdocs.hooks.examples")

CLAIMS_PAGE = "claims.md"

_build: dict = {}  # this build: its settings, the run, the examples' values and figures, the claims


def example_failed(exc: runner.ExampleFailed) -> PluginError:
    """The build error for failed examples, marked so that :func:`_not_the_page` drops the
    "Error reading page '<page>':" line MkDocs logs before it, which blames the page that
    happened to wait for the example."""
    error = PluginError(str(exc))
    error.blames_example = True
    return error


def _not_the_page(record: logging.LogRecord) -> bool:
    """Logging filter: False for MkDocs' "Error reading page 'x':" line when the error it is
    handling is an example's failure."""
    if not str(record.msg).startswith(("Error reading page", "Error building page")):
        return True
    return not getattr(sys.exc_info()[1], "blames_example", False)


_not_the_page.from_examples_hook = True
_build_log = logging.getLogger("mkdocs.commands.build")
for _old in [f for f in _build_log.filters if getattr(f, "from_examples_hook", False)]:  # this hook, loaded again
    _build_log.removeFilter(_old)
_build_log.addFilter(_not_the_page)


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    try:
        settings = project.settings(config.extra.get("examples"), _root(config))
    except project.SettingsError as exc:
        raise PluginError(str(exc)) from None
    _build.clear()
    _build["settings"] = settings
    return config


def on_serve(server, config, builder):
    # An author who serves the site edits examples: have the forkserver ready for the first edit.
    runner.process_context(_build["settings"]["start_method"])
    return server


def add_outputs(files, config, entry: runner.Entry) -> None:
    """Add one example's figures, clips and downloads to ``files``, and its values and
    figures to this build's."""
    stem = entry.stem
    generated = {project.figure_uri(stem, n): fig for n, fig in enumerate(entry.figures, start=1)}
    generated.update({project.audio_uri(stem, wav.stem): wav for wav in entry.audio})
    if entry.explorer is not None:
        generated[project.explorer_uri(stem)] = entry.explorer
    generated[project.download_uri(stem, ".py")] = entry.script
    new = [File.generated(config, uri, abs_src_path=str(path)) for uri, path in generated.items()]
    # By content, not by path: mkdocs-jupyter takes files as pages by their source path,
    # and the gallery page of the example (hooks/gallery_pages.py) is backed by this file.
    new.append(File.generated(config, project.download_uri(stem, ".ipynb"), content=entry.notebook.read_bytes()))
    set_exclusions(new, config)  # as MkDocs does for the files it found (before on_files)
    for file in new:
        files.append(file)
    _build["values"][stem] = entry.values()
    _build["figures"] |= {posixpath.basename(project.figure_uri(stem, n)) for n in range(1, len(entry.figures) + 1)}


def _wait(stems, files, config) -> None:
    """Wait for the running examples ``stems`` and add their outputs to ``files``."""
    try:
        entries = _build["run"].wait(stems)
    except runner.ExampleFailed as exc:
        raise example_failed(exc) from None
    for stem, entry in sorted(entries.items()):
        add_outputs(files, config, entry)
        _build["pending"].pop(stem, None)


@event_priority(project.FILES_EXAMPLES)
def on_files(files, config):
    root, s = _root(config), _build["settings"]
    if files.get_file_from_path(CLAIMS_PAGE) is not None:
        try:
            ledger = claims.load(root / "claims.yml")
        except claims.ClaimsError as exc:
            raise PluginError(str(exc)) from None
        unknown = [p for p in claims.problems(ledger, root) if "does not exist" in p]
        if unknown:
            raise PluginError("claims.yml: " + "; ".join(unknown))
        _build["claims"] = ledger
        for uri, text in claims.test_pages(ledger, root).items():
            page = File.generated(config, uri, content=text)
            page.inclusion = InclusionLevel.NOT_IN_NAV  # reached from the claims page
            files.append(page)
    run = background.BackgroundRun(
        project.find_examples(s["dir"]), s["cache_dir"], workers=s["workers"], timeout=s["timeout"],
        start_method=s["start_method"], progress=log.info,
    )
    if run.pending and s["start_method"] == "spawn":
        log.info("examples: each runs in a new Python (spawn), slower than the forkserver used on Linux")
    _build.update(run=run, pending=dict(run.pending), values={}, figures=set())
    _wait(run.stems - set(run.pending), files, config)
    return files


@event_priority(project.NAV_EXAMPLES)
def on_nav(nav, config, files):
    _build["order"] = [f.src_uri for f in files]
    pending = _build["pending"]
    started = {script.stem: i for i, script in enumerate(runner.job_order(_build["run"].scripts))}
    backed, named = [], []
    for file in files.documentation_pages():
        if background.waits_for(pending, source=file.abs_src_path):
            backed.append(file)
        elif file.src_uri == CLAIMS_PAGE or background.waits_for(pending, file.content_string):
            named.append(file)  # the claims page quotes nearly every example
    backed.sort(key=lambda f: min(started[stem] for stem in background.waits_for(pending, source=f.abs_src_path)))
    for file in backed + named:
        files.remove(file)
        files.append(file)
    return nav


@event_priority(project.PRE_PAGE_EXAMPLES)  # before mkdocs-jupyter reads a gallery page's notebook
def on_pre_page(page, config, files):
    waiting = background.waits_for(_build["pending"], source=page.file.abs_src_path)
    if waiting:
        _wait(waiting, files, config)
    return page


def _first_line(page, markdown: str) -> int:
    """The file line at which ``markdown`` starts (after any front matter)."""
    raw = page.file.content_string
    return raw[: len(raw) - len(markdown)].count("\n") + 1 if raw.endswith(markdown) else 1


def on_page_markdown(markdown, page, config, files):
    uri = page.file.src_uri
    if not uri.endswith(".md"):  # a gallery notebook: its JSON is not Markdown
        return markdown
    if uri == CLAIMS_PAGE and "claims" in _build:
        if claims.PLACEHOLDER not in markdown:
            raise PluginError(f"docs/{CLAIMS_PAGE}: the line {claims.PLACEHOLDER!r} is missing; the claims go there")
        markdown = markdown.replace(claims.PLACEHOLDER, claims.render(_build["claims"], _root(config) / "docs"))
    waiting = background.waits_for(_build["pending"], markdown)
    if waiting:
        _wait(waiting, files, config)
    name, first = f"docs/{uri}", _first_line(page, markdown)
    to_root = posixpath.relpath(".", posixpath.dirname(uri) or ".")
    try:
        markers.check_figures(markdown, _build["figures"], name, first)
        return markers.link_figures(markers.substitute(markdown, _build["values"], name, first, to_root=to_root))
    except markers.MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return html
    try:
        return mathml.render(html)
    except mathml.MathError as exc:
        raise PluginError(f"docs/{page.file.src_uri}: {exc}") from None


def on_env(env, config, files):
    try:
        _build["run"].finish()
    except runner.ExampleFailed as exc:
        raise example_failed(exc) from None
    if _build["pending"]:
        _wait(list(_build["pending"]), files, config)
    # Back to the order before on_nav moved pages: the search index and sitemap follow it.
    rank = {uri: i for i, uri in enumerate(_build["order"])}
    for file in sorted(files, key=lambda f: rank.get(f.src_uri, len(rank))):
        files.remove(file)
        files.append(file)
    pages = [f for f in files.documentation_pages() if f.page is not None]
    page_ids = {f.src_uri: links.ids(f.page.content or "") for f in pages}
    all_files = {f.src_uri for f in files}
    problems = []
    for f in pages:
        if f.src_uri.endswith(".md"):
            problems += links.check(f.src_uri, f.content_string, page_ids, all_files)
    # A gallery page's links come from its example's Markdown cells, written as from the page.
    for script in project.find_examples(_build["settings"]["dir"]):
        uri = project.gallery_page_uri(script.stem)
        if uri in page_ids:
            cells = gallery_index.markdown_cells(script.read_text(encoding="utf-8"))
            problems += links.check(uri, cells, page_ids, all_files, shown=runner.shown(script))
    if problems:
        raise PluginError("broken links:\n" + "\n".join(problems))
    return env


def on_build_error(error):
    # Let the examples that still run finish: their results are cached for the next build.
    run = _build.pop("run", None)
    if run is not None:
        run.join()
