"""MkDocs hook: run the examples that changed, and add their outputs to the build.

Nothing is written into ``docs/``: every output is a generated file backed by the
cache folder (``figures/<stem>-<n>.svg``, ``values/<stem>.json``,
``downloads/<stem>.py``, ``downloads/<stem>.ipynb`` and, for examples with
``audio_<name>`` arrays, ``audio/<stem>-<name>.wav``). Settings live in
``mkdocs.yml`` under ``extra: examples:`` (``dir``, ``cache_dir``, ``timeout``, ``workers``).

The examples that changed run in the background (``sitebuild.background``) while MkDocs
builds the pages that do not need them; those pages are built first. A page that names a
running example (its Markdown mentions the example's name, once the claims are filled in),
or that is backed by a file the example writes (its gallery notebook), waits for it, and
the example's outputs join the build then. Before the site is written (``on_env``) every
example has finished, the build has stopped if one failed, and the pages are back in the
order they had before this hook moved any, so the site does not depend on which examples ran.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, set_exclusions
from sitebuild import background, runner

log = logging.getLogger("mkdocs.hooks.run_examples")

_build: dict = {}  # this build's run, the examples still pending, the page order to restore


def example_failed(exc: runner.ExampleFailed) -> PluginError:
    """The build error for failed examples: their message (the first line names the
    example and its line) and nothing else. MkDocs logs "Error reading page '<page>':"
    before an error raised while it reads a page, which blames the page that happened to
    wait for the example; :func:`_not_the_page` drops that line for this error."""
    error = PluginError(str(exc))
    error.blames_example = True
    return error


def _not_the_page(record: logging.LogRecord) -> bool:
    """Logging filter: False for MkDocs' "Error reading page 'x':" line when the error in
    flight (the one MkDocs is handling as it logs) is an example's failure."""
    if not str(record.msg).startswith(("Error reading page", "Error building page")):
        return True
    return not getattr(sys.exc_info()[1], "blames_example", False)


_not_the_page.from_run_examples = True
_build_log = logging.getLogger("mkdocs.commands.build")
for _old in [f for f in _build_log.filters if getattr(f, "from_run_examples", False)]:  # this hook, loaded again
    _build_log.removeFilter(_old)
_build_log.addFilter(_not_the_page)


def settings(config) -> dict:
    """The example settings from ``extra.examples``, with paths made absolute."""
    return runner.settings(config.extra.get("examples"), Path(config.config_file_path).resolve().parent)


def on_pre_build(config):
    # Start now, while MkDocs cleans the site folder and collects the pages: the run starts
    # the worker processes' imports if anything needs to run.
    s = settings(config)
    run = background.BackgroundRun(
        runner.find_examples(s["dir"]), s["cache_dir"], workers=s["workers"], timeout=s["timeout"], progress=log.info
    )
    _build.clear()
    _build.update(run=run, pending=dict(run.pending))


def on_serve(server, config, builder):
    # An author who serves the site edits examples: have the worker process ready (and
    # warmed up, while the server waits for the first edit).
    runner.start_workers(warm=True)
    return server


def add_outputs(files, config, entry: runner.Entry) -> None:
    """Add one example's outputs to ``files`` as generated files (its script download,
    which needs no run, is added by on_files)."""
    stem = entry.stem
    generated = {f"figures/{stem}-{i}.svg": fig for i, fig in enumerate(entry.figures, start=1)}
    generated[f"values/{stem}.json"] = entry.folder / "values.json"
    generated.update({f"audio/{stem}-{wav.stem}.wav": wav for wav in entry.audio})
    new = [File.generated(config, uri, abs_src_path=str(path)) for uri, path in generated.items()]
    # The notebook download is given by content, not by path: mkdocs-jupyter decides
    # what becomes a page by source path, and the gallery page examples/<stem>.ipynb
    # (hooks/gallery.py) is backed by this same file.
    new.append(File.generated(config, f"downloads/{stem}.ipynb", content=entry.notebook.read_bytes()))
    set_exclusions(new, config)  # as MkDocs does for the files it found (after on_files)
    for file in new:
        files.append(file)


def _wait(stems, files, config) -> None:
    """Wait for the pending examples ``stems`` and add their outputs to ``files``."""
    try:
        entries = _build["run"].wait(stems)
    except runner.ExampleFailed as exc:
        raise example_failed(exc) from None
    for stem, entry in sorted(entries.items()):
        add_outputs(files, config, entry)
        del _build["pending"][stem]


# Runs before the plugins' on_files (mkdocs-jupyter, at 0) and the gallery hook (50).
@event_priority(100)
def on_files(files, config):
    run = _build["run"]
    for script in run.scripts:
        files.append(File.generated(config, f"downloads/{script.stem}.py", abs_src_path=str(script)))
    try:
        entries = run.wait(run.stems - set(run.pending))
    except runner.ExampleFailed as exc:  # a cached entry was damaged and its new run failed
        raise example_failed(exc) from None
    for stem, entry in sorted(entries.items()):
        add_outputs(files, config, entry)
    return files


@event_priority(-100)  # after the gallery's on_nav, which fixes mkdocs-jupyter's page paths
def on_nav(nav, config, files):
    # Every page is in `files` now (the gallery's too): the pages that need a running
    # example go last, so that the others are built while it runs.
    _build["order"] = [f.src_uri for f in files]
    pending = _build.get("pending")
    if pending:
        named, backed = [], []  # pages that name a running example; its notebook pages
        for file in files.documentation_pages():
            if background.waits_for(pending, source=file.abs_src_path):
                backed.append(file)
            elif file.src_uri.endswith(".md") and background.waits_for(pending, file.content_string):
                named.append(file)
        # The notebook pages last of all: their HTML is being converted in another process.
        for file in named + backed:
            files.remove(file)
            files.append(file)
    return nav


@event_priority(100)  # before mkdocs-jupyter and the gallery read a notebook page's file
def on_pre_page(page, config, files):
    waiting = background.waits_for(_build.get("pending", {}), source=page.file.abs_src_path)
    if waiting:
        _wait(waiting, files, config)
    return page


# After claims_page (10) has filled in the claims, before page_markers (0) quotes values.
@event_priority(5)
def on_page_markdown(markdown, page, config, files):
    waiting = background.waits_for(_build.get("pending", {}), markdown)
    if waiting:
        _wait(waiting, files, config)
    return markdown


@event_priority(100)  # before check_links and the gallery look at every file
def on_env(env, config, files):
    if "run" not in _build:
        return env
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
    return env


def on_build_error(error):
    # Let the examples that still run finish (their results are cached for the next
    # build, which would otherwise run them again); a killed build does not wait.
    run = _build.pop("run", None)
    if run is not None:
        run.join()
