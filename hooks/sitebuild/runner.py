"""Run the examples that changed, in parallel child processes, and cache what they made.

An example's cache entry is ``<cache_dir>/<stem>-<key>/`` (``key``: :func:`cache_key`).
It is only created by renaming a finished temporary folder into place, and only read if
its ``manifest.json`` (written last) matches the files, so a killed build or a truncated
file is never mistaken for a result. Each example runs in a process of its own
(``child.execute``), started as the ``start_method`` setting says; forkserver and spawn
give the same bytes. This module imports neither MkDocs nor numpy.
"""

from __future__ import annotations

import faulthandler
import functools
import hashlib
import importlib
import json
import multiprocessing
import multiprocessing.forkserver
import os
import re
import shutil
import signal
import sys
import time
import uuid
from dataclasses import dataclass
from importlib import metadata
from multiprocessing.connection import wait
from pathlib import Path

from sitebuild import project

HERE = Path(__file__).resolve().parent
STYLE = HERE / "site.mplstyle"
#: Files whose bytes are part of every cache key: the code that executes examples.
RUNNER_SOURCES = (HERE / "child.py", HERE / "audio.py", HERE / "runner.py", STYLE)
DEFAULT_TIMEOUT = project.DEFAULTS["timeout"]
#: Seconds before the timeout at which a child writes its stack (:func:`_child_main`), and
#: the most the build then waits past the timeout for it (a child starts a little late).
STACK_MARGIN = 0.5
STACK_GRACE = 2.0


class ExampleFailed(Exception):
    """One or more examples failed; the message names each and shows why."""


class ScriptError(Exception):
    """An example cannot be split into notebook cells; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """A finished, verified cache entry for one example (``folder``: the layout in
    ``child``); ``ran`` is True if this build executed the example."""

    stem: str
    script: Path
    folder: Path
    ran: bool

    @property
    def figures(self) -> list[Path]:
        """The figure files, in the order the example showed them."""
        return sorted(self.folder.glob("figures/*.svg"), key=lambda p: int(p.stem))

    @property
    def audio(self) -> list[Path]:
        """The WAV clips, ``audio/<name>.wav``."""
        return sorted(self.folder.glob("audio/*.wav"))

    @property
    def explorer(self) -> Path | None:
        """The inputs of the page's explorer (``explorer.json``), or None."""
        path = self.folder / "explorer.json"
        return path if path.exists() else None

    @property
    def notebook(self) -> Path:
        return self.folder / "notebook.ipynb"

    def values(self) -> dict:
        """The example's module-level plain values (see ``child.plain_values``)."""
        return json.loads((self.folder / "values.json").read_text(encoding="utf-8"))


@functools.cache
def environment_fingerprint() -> str:
    """Python, numpy, matplotlib, jupytext and nbformat versions, read without importing them;
    once per process, since the forkserver and the imported modules keep the versions they started with."""
    versions = [sys.version] + [metadata.version(name) for name in ("numpy", "matplotlib", "jupytext", "nbformat")]
    return "\n".join(versions)


def cache_key(script: Path, fingerprint: str | None = None) -> str:
    """20 hex digits of a sha256 of all that can change an example's outputs: the script's
    bytes, :data:`RUNNER_SOURCES` and ``fingerprint`` (default: :func:`environment_fingerprint`)."""
    digest = hashlib.sha256()
    for data in [path.read_bytes() for path in RUNNER_SOURCES] + [(fingerprint or environment_fingerprint()).encode()]:
        digest.update(data + b"\0")
    digest.update(Path(script).read_bytes())
    return digest.hexdigest()[:20]


def entry_folders(scripts: list[Path], cache_dir: Path) -> dict[Path, Path]:
    """``{script (resolved): its cache entry folder}`` for the scripts' current bytes (may not exist yet)."""
    resolved = [Path(script).resolve() for script in scripts]
    return {script: Path(cache_dir) / f"{script.stem}-{cache_key(script)}" for script in resolved}


def pending(scripts: list[Path], cache_dir: Path) -> list[Path]:
    """The entry folders of the ``scripts`` that have no finished cache entry (a quick look
    for the manifest: :func:`run_examples` verifies every file before it trusts one)."""
    return [folder for folder in entry_folders(scripts, cache_dir).values() if not (folder / "manifest.json").exists()]


def verified(folder: Path) -> bool:
    """True if ``folder`` has a manifest and every file it lists has the listed sha256."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return bool(manifest) and all(
            hashlib.sha256((folder / rel).read_bytes()).hexdigest() == sha for rel, sha in manifest.items()
        )
    except (OSError, ValueError):
        return False


def read_source(script: Path) -> str:
    """The text of an example, checked to be UTF-8 Python that compiles. Raises ScriptError
    naming the file (and, for a syntax error, the line and its text)."""
    try:
        text = Path(script).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScriptError(f"{script}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        compile(text, str(script), "exec")
    except SyntaxError as exc:
        raise ScriptError(f"{script}:{exc.lineno}: syntax error: {exc.msg}\n    {(exc.text or '').rstrip()}") from None
    return text


def split_cells(script: Path) -> tuple[str, list[tuple[int, int]]]:
    """Split an example into notebook cells with jupytext (percent format), in this process,
    so that the forkserver need not import jupytext. Returns ``(notebook, cells)``: the
    notebook without outputs as JSON text, and ``(index, first_line)`` for each non-empty
    code cell (``first_line`` is 1-based, so tracebacks point at the file). Raises
    ScriptError naming the file if it is not UTF-8, has a syntax error (with its line) or
    jupytext cannot read it.
    """
    script = Path(script).resolve()
    text = read_source(script)
    import jupytext  # here, not at the top: only a build that runs an example needs it

    try:
        notebook = jupytext.reads(text, fmt="py:percent")
    except Exception as exc:  # noqa: BLE001 - whatever jupytext raises, name the file
        raise ScriptError(f"{script}: jupytext could not read it ({type(exc).__name__}: {exc})") from None
    cells, pos = [], 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        start = text.find(cell.source, pos)
        if start < 0:  # jupytext changed the text (it should not for code cells)
            raise ScriptError(f"{script}: could not locate a code cell in the file")
        cells.append((index, text.count("\n", 0, start) + 1))
        pos = start + len(cell.source)
    return json.dumps(notebook), cells


def shown(script: Path) -> str:
    """How messages name an example: its folder and file name, ``examples/<stem>.py``."""
    return f"{Path(script).parent.name}/{Path(script).name}"


def stack_file(error_file) -> Path:
    """Where a child writes its stack shortly before the timeout (next to its error file)."""
    return Path(f"{error_file}").with_suffix(".stack")


_FRAME = re.compile(r'^\s*File "(?P<file>.+)", line (?P<line>\d+) in (?P<name>.+)$')


def timeout_message(script: Path, timeout: float, stack: str) -> str:
    """The error of an example stopped at the timeout: ``examples/<stem>.py:<line>: still
    running ...`` (the line: its innermost frame in the faulthandler dump ``stack``), then its frames."""
    frames = [m for m in map(_FRAME.match, stack.splitlines()) if m and m["file"] == str(script)]
    where = f"{shown(script)}:{frames[0]['line']}" if frames else shown(script)
    text = (
        f"{where}: still running after the {timeout:g} s timeout (extra: examples: timeout in mkdocs.yml), "
        "so it was stopped with all its processes"
    )
    if frames:
        lines = [f"line {m['line']} in {m['name']}: {_source_line(script, int(m['line']))}" for m in reversed(frames)]
        text += "\n    it was at (innermost last):\n" + "\n".join(f"      {line}" for line in lines)
    elif not stack.strip():
        text += " (it did not report where it was)"
    return text


def _source_line(script: Path, number: int) -> str:
    try:
        return Path(script).read_text(encoding="utf-8").splitlines()[number - 1].strip()
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


_stack = None  # a child's open stack file (see _child_main)


def _child_main(script: str, out_dir: str, error_file: str, timeout: float, pythonpath: str | None,
                notebook: str, cells: list[tuple[int, int]]) -> None:
    """Entry point of one child process: run one example (``notebook`` and ``cells`` from
    :func:`split_cells`), write its outputs or its error."""
    if hasattr(os, "setpgid"):  # POSIX: own process group, so a timeout ends all it started
        os.setpgid(0, 0)
    if hasattr(signal, "alarm"):  # POSIX backstop: ends the child even if the build was killed
        signal.alarm(int(timeout) + 10)
    # Just before the build stops a hanging example, write where it is: the message then
    # names its line (see timeout_message). Portable: faulthandler's timer is a thread.
    global _stack  # faulthandler needs the file open until it writes
    _stack = open(stack_file(error_file), "w", encoding="utf-8")  # noqa: SIM115
    faulthandler.dump_traceback_later(max(timeout - STACK_MARGIN, timeout / 2), exit=False, file=_stack)
    _set_pythonpath(pythonpath)  # the build's, not the one the forkserver was started with
    from sitebuild import audio, child  # a forkserver has imported them already

    if child.outdated():  # edited since a forkserver started (mkdocs serve): run the new code
        importlib.reload(audio)
        child = importlib.reload(child)
    child.block_network()
    try:
        child.execute(Path(script), Path(out_dir), notebook, cells)
    except child.ExampleError as exc:
        Path(error_file).write_text(str(exc), encoding="utf-8")
        os._exit(1)


def _set_pythonpath(value: str | None) -> None:
    if value is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = value


def process_context(start_method: str):
    """The multiprocessing context for ``start_method`` (``forkserver`` or ``spawn``).

    A forkserver, started if none is running, imports ``sitebuild.child`` (numpy,
    matplotlib, nbformat) once while the caller goes on. Python 3.11's forkserver ignores
    the ``sys.path`` it is handed for its preload modules (and silently skips one it cannot
    import), so the folder that holds ``sitebuild`` goes on its PYTHONPATH while it starts.
    """
    parent = str(HERE.parent)
    if parent not in sys.path:  # the children's preparation copies sys.path
        sys.path.insert(0, parent)
    ctx = multiprocessing.get_context(start_method)
    if start_method != "forkserver":
        return ctx
    ctx.set_forkserver_preload(["sitebuild.child"])
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (parent, before) if p)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        _set_pythonpath(before)
    return ctx


def _kill_tree(process) -> None:
    """End an example's process and, on POSIX, every process it started (its group)."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.kill()
    process.join()


def execute_all(jobs: list[tuple[Path, Path]], *, workers: int, timeout: float, context,
                on_done=None) -> dict:
    """Run each ``(script, out_dir)`` job in its own child process, ``workers`` at a time.

    An example that cannot be split into cells fails without a child. A child still running
    after ``timeout`` seconds is killed with its process group once it has written where it
    was (at most ``STACK_GRACE`` s later). ``on_done(script, error)`` is called as each job
    ends. ``context``: from :func:`process_context`. Returns ``{script: error message}``
    for the jobs that failed.
    """
    queue, running, errors = list(jobs), {}, {}  # running: sentinel -> (process, script, error_file, deadline)

    def finish(script: Path, error: str | None, error_file: Path | None = None) -> None:
        if error_file is not None:
            error_file.unlink(missing_ok=True)
            stack_file(error_file).unlink(missing_ok=True)
        if error is not None:
            errors[script] = error
        if on_done:
            on_done(script, error)

    try:
        while queue or running:
            while queue and len(running) < max(1, workers):
                script, out_dir = queue.pop(0)
                try:
                    notebook, cells = split_cells(script)
                except ScriptError as exc:
                    finish(script, str(exc))
                    continue
                error_file = Path(f"{out_dir}.error")
                args = (str(script), str(out_dir), str(error_file), timeout, os.environ.get("PYTHONPATH"), notebook, cells)
                process = context.Process(target=_child_main, args=args, daemon=True)  # ended if the build is interrupted
                process.start()
                running[process.sentinel] = (process, script, error_file, time.monotonic() + timeout)
            if not running:  # every job left failed to split
                continue
            now = time.monotonic()
            # Past its deadline, a child gets up to STACK_GRACE s to write where it is: look again soon.
            next_deadline = min(deadline if deadline > now else now + 0.05 for *_, deadline in running.values())
            for sentinel in wait(list(running), timeout=max(0.0, next_deadline - now)):
                process, script, error_file, _ = running.pop(sentinel)
                process.join()
                error = None
                if process.exitcode != 0 and error_file.exists():
                    error = error_file.read_text(encoding="utf-8")
                elif process.exitcode != 0:
                    error = (f"{shown(script)}: its process ended with exit code {process.exitcode} before it could "
                             f"report an error; run `python {shown(script)}` to see what happened")
                finish(script, error, error_file)
            now = time.monotonic()
            for sentinel, (process, script, error_file, deadline) in list(running.items()):
                stack = stack_file(error_file)
                reported = stack.exists() and stack.stat().st_size > 0
                if now >= deadline and (reported or now >= deadline + STACK_GRACE):
                    _kill_tree(process)
                    del running[sentinel]
                    where = stack.read_text(encoding="utf-8") if reported else ""
                    finish(script, timeout_message(script, timeout, where), error_file)
    finally:
        for process, *_ in running.values():
            _kill_tree(process)
    return errors


def clean_stale(cache_dir: Path, timeout: float) -> None:
    """Remove temporary folders (``.tmp-<entry>-<random>``) of killed builds: one older than
    ``timeout`` plus a minute belongs to no running build."""
    limit = time.time() - (timeout + 60.0)
    for tmp in cache_dir.glob(".tmp-*"):
        try:
            old = tmp.stat().st_mtime < limit
        except OSError:
            continue
        if old:
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)


def prune(cache_dir: Path, keep: Path, max_age_s: float = 3600.0) -> None:
    """Remove other entries of ``keep``'s example older than ``max_age_s`` (a concurrent
    build may still be reading a recent one)."""
    stem = keep.name.rsplit("-", 1)[0]
    now = time.time()
    for old in cache_dir.glob(f"{stem}-*"):
        if old == keep or old.name.rsplit("-", 1)[0] != stem:
            continue
        try:
            stale = now - old.stat().st_mtime > max_age_s
        except OSError:  # another build removed it first
            continue
        if stale:
            shutil.rmtree(old, ignore_errors=True)


def failure_text(errors: dict) -> str:
    """The message of :class:`ExampleFailed` for ``{script: error}``: the errors in file
    order, after a line that counts them if there are several."""
    messages = [msg.rstrip() for _, msg in sorted(errors.items())]
    head = [f"{len(messages)} examples failed:"] if len(messages) > 1 else []
    return "\n".join(head + messages)


def job_order(scripts: list[Path]) -> list[Path]:
    """The order in which examples start: biggest file (the hint of a long run) first, so
    that no worker is left alone with a long example at the end."""
    return sorted(scripts, key=lambda script: (-Path(script).stat().st_size, Path(script).name))


def run_examples(
    scripts: list[Path], cache_dir: Path, *, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
    start_method: str | None = None, context=None, progress=None, on_entry=None,
) -> dict[str, Entry]:
    """Bring every example's cache entry up to date and return them by stem.

    Examples whose entry verifies are not run; the others run in parallel (``workers``:
    default the number of cores), each into a temporary folder renamed into place as soon
    as it succeeded. ``progress(text)`` gets a line such as ``examples: 3/12 run, 9 from
    cache`` per finished example; ``on_entry(entry)`` gets each entry once usable (cached
    ones first). ``context``: from :func:`process_context`, got by a caller that runs this
    in another thread (it changes the environment for a moment); else got here for
    ``start_method`` (default :func:`project.default_start_method`). Raises ExampleFailed
    naming every example that could not be split, raised, timed out or made no figure, with
    its traceback; nothing of a failed run is cached.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    clean_stale(cache_dir, timeout)
    entries: dict[str, Entry] = {}
    jobs = []
    for script, folder in entry_folders(scripts, cache_dir).items():
        if verified(folder):
            entries[script.stem] = Entry(script.stem, script, folder, ran=False)
            continue
        if folder.exists():  # present but damaged: remove it and run again
            shutil.rmtree(folder, ignore_errors=True)
        tmp = cache_dir / f".tmp-{folder.name}-{uuid.uuid4().hex[:8]}"
        jobs.append((script, tmp, folder))

    if on_entry:
        for entry in entries.values():
            on_entry(entry)

    targets = {script: (tmp, folder) for script, tmp, folder in jobs}
    done, errors_after = 0, {}  # errors_after: failures found when publishing

    def publish(script: Path, error: str | None) -> None:
        nonlocal done
        tmp, folder = targets[script]
        if error is None and not verified(tmp):
            error = errors_after[script] = f"{shown(script)}: its outputs are incomplete (no valid manifest)"
        if error is None:
            try:
                os.rename(tmp, folder)
            except OSError:  # another build finished the same entry first: keep theirs
                if not verified(folder):
                    raise
            entries[script.stem] = Entry(script.stem, script, folder, ran=True)
            prune(cache_dir, folder)
            if on_entry:
                on_entry(entries[script.stem])
        done += 1
        if progress:
            status = "failed" if error else "ok"
            progress(f"examples: {done}/{len(jobs)} run, {len(scripts) - len(jobs)} from cache ({script.name} {status})")

    if progress and not jobs:
        progress(f"examples: 0/{len(scripts)} run, {len(entries)} from cache")
    try:
        errors = execute_all(
            [(script, targets[script][0]) for script in job_order(list(targets))],
            workers=workers or os.cpu_count() or 1, timeout=timeout, on_done=publish,
            context=context or process_context(start_method or project.default_start_method()),
        ) if jobs else {}
        errors.update(errors_after)
    finally:
        for _, tmp, _ in jobs:
            shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        raise ExampleFailed(failure_text(errors))
    return entries
