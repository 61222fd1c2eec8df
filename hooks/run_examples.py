"""MkDocs hook: run the examples that changed, then add their outputs to the build.

Nothing is written into ``docs/``: every output is a generated file backed by the
cache folder (``figures/<stem>-<n>.svg``, ``values/<stem>.json``,
``downloads/<stem>.py``, ``downloads/<stem>.ipynb`` and, for examples with
``audio_<name>`` arrays, ``audio/<stem>-<name>.wav``). Settings live in
``mkdocs.yml`` under ``extra: examples:`` (``dir``, ``cache_dir``, ``timeout``, ``workers``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from sitebuild import runner

log = logging.getLogger("mkdocs.hooks.run_examples")


def settings(config) -> dict:
    """The example settings from ``extra.examples``, with paths made absolute."""
    return runner.settings(config.extra.get("examples"), Path(config.config_file_path).resolve().parent)


def on_pre_build(config):
    # Something will run: start the worker processes' imports while MkDocs cleans the site
    # folder and collects the pages.
    s = settings(config)
    pending = runner.pending(runner.find_examples(s["dir"]), s["cache_dir"])
    if pending:
        runner.start_workers(warm=runner.worth_warming(len(pending), s["workers"]))


def on_serve(server, config, builder):
    # An author who serves the site edits examples: have the worker process ready (and
    # warmed up, while the server waits for the first edit).
    runner.start_workers(warm=True)
    return server


# Runs before the plugins' on_files (mkdocs-jupyter, at 0) and the gallery hook (50), so
# that they see the generated figures, downloads and notebooks.
@event_priority(100)
def on_files(files, config):
    s = settings(config)
    scripts = runner.find_examples(s["dir"])
    try:
        entries = runner.run_examples(
            scripts, s["cache_dir"], workers=s["workers"], timeout=s["timeout"], progress=log.info
        )
    except runner.ExampleFailed as exc:
        raise PluginError(str(exc)) from None
    for stem, entry in sorted(entries.items()):
        generated = {f"figures/{stem}-{i}.svg": fig for i, fig in enumerate(entry.figures, start=1)}
        generated[f"values/{stem}.json"] = entry.folder / "values.json"
        generated[f"downloads/{stem}.py"] = entry.script
        generated.update({f"audio/{stem}-{wav.stem}.wav": wav for wav in entry.audio})
        for uri, path in generated.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        # The notebook download is given by content, not by path: mkdocs-jupyter decides
        # what becomes a page by source path, and the gallery page examples/<stem>.ipynb
        # (hooks/gallery.py) is backed by this same file.
        files.append(File.generated(config, f"downloads/{stem}.ipynb", content=entry.notebook.read_bytes()))
    return files
