"""Run the changed examples while the build goes on with the pages that do not need them.

:class:`BackgroundRun` hands out each example's cache entry as soon as it is usable;
:func:`waits_for` says which running examples a page needs. Not part of the cache key
(``runner.RUNNER_SOURCES``): it decides when outputs are used, not what they are.
"""

from __future__ import annotations

import re
import threading
import traceback
from pathlib import Path

from sitebuild import runner


class BackgroundRun:
    """:func:`runner.run_examples` of ``scripts`` (their names: ``stems``) in a background thread.

    The calling thread starts the forkserver, since that changes the process environment
    for a moment. ``pending``: {stem: the entry folder its run will fill} for the examples
    that will run (a damaged entry found later is waited for all the same).
    """

    def __init__(self, scripts: list[Path], cache_dir: Path, *, workers: int | None, timeout: float,
                 start_method: str, progress=None):
        self.scripts = [Path(s) for s in scripts]
        self.stems = {s.stem for s in self.scripts}
        folders = runner.pending(scripts, cache_dir)
        self.pending = {folder.name.rsplit("-", 1)[0]: folder for folder in folders}
        self._entries: dict[str, runner.Entry] = {}
        self._error: runner.ExampleFailed | None = None
        self._done = False
        self._changed = threading.Condition()
        context = runner.process_context(start_method) if folders else None
        options = dict(workers=workers, timeout=timeout, start_method=start_method, context=context,
                       progress=progress, on_entry=self._add)
        self._thread = threading.Thread(target=self._main, args=(scripts, cache_dir, options), name="examples")
        self._thread.daemon = True  # a killed or interrupted build does not wait for it
        self._thread.start()

    def _main(self, scripts, cache_dir, options) -> None:
        error = None
        try:
            runner.run_examples(scripts, cache_dir, **options)
        except runner.ExampleFailed as exc:
            error = exc
        except BaseException:  # a fault of the runner itself: show where it happened
            error = runner.ExampleFailed(f"running the examples failed:\n{traceback.format_exc()}")
        finally:
            with self._changed:
                self._error, self._done = error, True
                self._changed.notify_all()

    def _add(self, entry: runner.Entry) -> None:
        with self._changed:
            self._entries[entry.stem] = entry
            self._changed.notify_all()

    def wait(self, stems) -> dict[str, runner.Entry]:
        """``{stem: entry}`` for the examples ``stems``, once each is usable. Raises
        runner.ExampleFailed if one failed (once the run ended, listing every failure),
        ValueError for a name that is not an example."""
        stems = set(stems)
        unknown = stems - self.stems
        if unknown:
            raise ValueError(f"not examples of this run: {sorted(unknown)}")
        with self._changed:
            self._changed.wait_for(lambda: self._done or stems <= self._entries.keys())
            missing = sorted(stems - self._entries.keys())
            if missing:
                raise self._error or runner.ExampleFailed(f"no result for {', '.join(missing)}")
            return {stem: self._entries[stem] for stem in stems}

    def finish(self) -> dict[str, runner.Entry]:
        """Every entry, once the run has ended; raises runner.ExampleFailed if any failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return dict(self._entries)

    def join(self) -> None:
        """Wait until the run has ended, whatever its outcome (its results stay cached)."""
        self._thread.join()


def waits_for(pending: dict[str, Path], markdown: str = "", source: str | None = None) -> set[str]:
    """The running examples (``pending``: stem -> entry folder) a page needs: those its
    Markdown names as a whole word, and the one whose folder holds its ``source`` (a gallery notebook)."""
    found = {stem for stem in pending if re.search(rf"\b{re.escape(stem)}\b", markdown)}
    if source:
        found |= {stem for stem, folder in pending.items() if Path(folder) in Path(source).parents}
    return found
