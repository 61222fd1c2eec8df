"""Shared fixtures: each example runs once per test session, as a plain script."""

from __future__ import annotations

import ast
import filecmp
import inspect
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from filelock import FileLock
from sitebuild import project

# The browser fixtures (site_url, browser, crawl) live in their own module.
pytest_plugins = ["browser_support"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HOOKS = ROOT / "hooks"

# Runs examples the way `python examples/x.py` does: as __main__, with warnings as errors
# and the Agg backend, each in a fresh process of its own, in an empty folder. Each process
# is forked from this one once numpy and matplotlib.pyplot are imported (pyplot was
# imported before the example in a fresh interpreter too, to count the figures it shows),
# which spares every example the 0.7 s of interpreter start-up and imports (the build's
# forkserver does the same, issue 8). The build's own code is importable only after the
# example ran. argv[1]: the hooks folder; argv[2]: seconds an example may run.
# stdin: one job per line, JSON [script, result file, stdout file, stderr file]; the script
# is run from its own folder. stdout: one line per job, the child's exit code (a negative
# code is the signal that ended it: SIGALRM for the time limit).
# The result file gets the number of figures shown and the module-level plain values
# (the same selection the build records).
FORK_RUNNER = r"""
import json, os, runpy, signal, sys, traceback
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat, numpy  # what sitebuild.child needs, so that the children import it quickly
HOOKS, TIMEOUT = sys.argv[1], int(sys.argv[2])

def run(script, result_file, stdout_file, stderr_file):
    for fd, name in ((1, stdout_file), (2, stderr_file)):
        os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), fd)
    os.chdir(os.path.dirname(script))
    sys.argv = [os.path.basename(script)]
    shown = []
    def show(*args, **kwargs):
        shown.extend(plt.get_fignums())
        plt.close("all")
    plt.show = show
    namespace = runpy.run_path(os.path.basename(script), run_name="__main__")
    shown.extend(plt.get_fignums())
    sys.path.insert(0, HOOKS)  # only now: the example itself cannot import the build's code
    from sitebuild.child import plain_values
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump({"figures": len(shown), "values": plain_values(namespace)}, out)

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.alarm(TIMEOUT)
            run(*json.loads(line))
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""
SCRIPT_TIMEOUT = 120  # seconds an example may run as a plain script


def example_stems() -> list[str]:
    return [p.stem for p in project.find_examples(EXAMPLES)]


class ForkRunner:
    """A process running FORK_RUNNER: it runs one example at a time, each in a child of its own."""

    def __init__(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1", PYTHONHASHSEED="0")
        self.proc = subprocess.Popen(
            [sys.executable, "-W", "error", "-c", FORK_RUNNER, str(HOOKS), str(SCRIPT_TIMEOUT)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8",
        )

    def run(self, script: Path, result_file: Path, stdout_file: Path, stderr_file: Path) -> int:
        """Run ``script`` from its folder; returns the child's exit code."""
        self.proc.stdin.write(json.dumps([str(script), str(result_file), str(stdout_file), str(stderr_file)]) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the example runner ended (exit code {self.proc.wait()}) while running {script.name}")
        return int(line)

    def close(self) -> None:
        self.proc.stdin.close()  # the runner's loop ends
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def run_as_script(runner: ForkRunner, script: Path, workdir: Path) -> dict:
    """Copy ``script`` alone into the empty ``workdir`` and run it there as ``__main__``
    with warnings as errors (in a process forked by ``runner``): what a reader does with a
    downloaded example. Returns the figures it showed, its plain values, its stdout and
    the files left beside it.

    Fails the calling test with the example's stderr if it fails or runs over
    SCRIPT_TIMEOUT seconds.
    """
    shutil.copy(script, workdir / script.name)
    result_file, stdout_file, stderr_file = (workdir.parent / f"{workdir.name}.{ext}" for ext in ("json", "out", "err"))
    code = runner.run(workdir / script.name, result_file, stdout_file, stderr_file)
    if code != 0:
        why = f"was stopped after {SCRIPT_TIMEOUT} s" if code == -signal.SIGALRM else f"failed (exit code {code})"
        pytest.fail(f"{script.name} {why} as a plain script:\n{stderr_file.read_text(encoding='utf-8')}", pytrace=False)
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["stdout"] = stdout_file.read_text(encoding="utf-8")
    result["files_left"] = sorted(p.name for p in workdir.iterdir() if p.name != script.name)
    return result


def shared_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this session shares (the plain temp folder
    when xdist is off): results that cost a build or an example run are made once."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def named_examples(items) -> set[str]:
    """The stems the selected tests name: the ``stem`` parameter of a test that uses
    ``example_runs`` (test_runs_as_plain_script[x] names x alone), and every stem written in
    quotes in a test function's own source or in the source of a fixture it uses that its
    module defines. A test that finds its stem otherwise still gets it, run on demand."""
    stems, named = set(example_stems()), set()
    modules: dict[Path, dict[str, str]] = {}
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "example_runs" in getattr(item, "fixturenames", ()) and params.get("stem") in stems:
            named.add(params["stem"])
        if item.path not in modules:  # the module's functions (fixtures among them), by name
            text = item.path.read_text(encoding="utf-8") if item.path.suffix == ".py" else ""
            modules[item.path] = {node.name: ast.get_source_segment(text, node) or "" for node in ast.walk(ast.parse(text))
                                  if isinstance(node, ast.FunctionDef)}
        try:
            source = inspect.getsource(item.function)
        except (AttributeError, OSError, TypeError):  # not a test function, or its source is not on disk
            source = ""
        source += "".join(modules[item.path].get(name, "") for name in getattr(item, "fixturenames", ()))
        named |= {s for s in stems if f'"{s}"' in source}
    return named


@pytest.fixture(scope="session")
def example_runs(tmp_path_factory, request):
    """``example_runs(stem)`` -> {"figures", "values", "stdout", "files_left"}.

    On first use, the examples that the selected tests name (named_examples) start
    running, as many at once as there are cores.
    Each runs once per session, whichever tests and workers ask for it: the first to
    ask runs it under a file lock and leaves the result for the others.
    """
    shared = shared_folder(tmp_path_factory) / "example-runs"
    shared.mkdir(exist_ok=True)
    wanted = [s for s in example_stems() if s in named_examples(request.session.items)]
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0")[-1] in "13579":
        wanted.reverse()  # workers start from opposite ends instead of waiting on each other

    runners: queue.Queue = queue.Queue()  # idle ForkRunners; a thread that finds none starts one
    started: list[ForkRunner] = []

    def run(stem: str) -> dict:
        result = shared / f"{stem}.json"
        with FileLock(shared / f"{stem}.lock"):
            if not result.exists():
                workdir = Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=shared))
                try:
                    runner = runners.get_nowait()
                except queue.Empty:
                    runner = ForkRunner()
                    started.append(runner)
                try:
                    result.write_text(json.dumps(run_as_script(runner, EXAMPLES / f"{stem}.py", workdir)), encoding="utf-8")
                finally:
                    runners.put(runner)
        return json.loads(result.read_text(encoding="utf-8"))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {stem: pool.submit(run, stem) for stem in wanted}
        done: dict[str, dict] = {}

        def get(stem: str) -> dict:
            if stem not in done:
                done[stem] = (futures.get(stem) or pool.submit(run, stem)).result()
            return done[stem]

        yield get
    for runner in started:
        runner.close()


@pytest.fixture(scope="session")
def values(example_runs):
    """``values(stem)`` -> the example's module-level plain values."""
    return lambda stem: example_runs(stem)["values"]


SOURCE_DATE_EPOCH = "1700000000"  # fixed, so that builds are comparable byte for byte


def mkdocs_build(config: Path, site_dir: Path, prefix: tuple[str, ...] = (), env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``, with a fixed SOURCE_DATE_EPOCH.

    ``prefix`` wraps the command (e.g. ``("unshare", "-rn")`` to cut the network off);
    ``env`` adds environment variables (e.g. ``SITE_URL``).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built twice into one folder, once per session whatever the number
    of xdist workers; returns the site folder and both build logs."""
    shared = shared_folder(tmp_path_factory)
    site, logs = shared / "site", shared / "site-logs.json"
    with FileLock(shared / "site.lock"):
        if not logs.exists():
            docs_before = docs_listing()
            first = mkdocs_build(ROOT / "mkdocs.yml", site)
            assert first.returncode == 0, f"mkdocs build --strict failed:\n{first.stderr}"
            second = mkdocs_build(ROOT / "mkdocs.yml", site)
            assert second.returncode == 0, second.stderr
            assert docs_listing() == docs_before, "the build wrote into docs/"
            logs.write_text(json.dumps([first.stderr, second.stderr]), encoding="utf-8")
    first_log, second_log = json.loads(logs.read_text(encoding="utf-8"))
    return site, first_log, second_log


def differences(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two trees (missing on either side included)."""
    left = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diff = sorted(str(p) for p in left ^ right)
    diff += sorted(str(p) for p in left & right if not filecmp.cmp(a / p, b / p, shallow=False))
    return diff


def docs_listing() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in (ROOT / "docs").rglob("*")}


SMALL_PROJECT_HOOKS = ("examples.py",)


def small_project(tmp_path: Path, page: str, example: str) -> Path:
    """A throw-away MkDocs project using this repository's hooks."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "examples" / "tiny_demo.py").write_text(example, encoding="utf-8")
    hooks = "\n".join(f"  - {HOOKS / name}" for name in SMALL_PROJECT_HOOKS)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\nhooks:\n{hooks}\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
        f"extra:\n  examples:\n    cache_dir: cache\n    timeout: 30\n", encoding="utf-8")
    return config


TINY = textwrap.dedent(
    '''\
    """Tiny"""
    import matplotlib.pyplot as plt
    value = 0.5
    plt.plot([0, 1])
    plt.show()
    '''
)


