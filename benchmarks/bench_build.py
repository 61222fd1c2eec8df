#!/usr/bin/env python
"""Build-speed benchmark (issue 8): our build against its floor and a peer, as ratios, in one run.

Run by hand from anywhere (it finds the repository from its own path)::

    python benchmarks/bench_build.py               # the real site, medians of 3 repeats
    python benchmarks/bench_build.py --repeats 5
    python benchmarks/bench_build.py --no-peer     # leave out the slow mkdocs-jupyter peer
    python benchmarks/bench_build.py --tiny        # a 2-example site, 1 repeat, no peer

Everything happens in a temporary folder (removed at the end): a copy of the repository
(without its ``.cache``), so the real cache and ``site/`` are never touched. Every
subprocess has a timeout; the one server it starts (``mkdocs serve``) listens on
127.0.0.1 only, is polled on 127.0.0.1 only, and is stopped by its own process group.

What it measures (wall-clock seconds, median of ``--repeats`` runs, all in the same run
so that the ratios share the machine's load; the load is printed before and after):

S    The examples run one after another, each as ``python examples/x.py`` in a fresh
     interpreter and an empty folder, with ``MPLBACKEND=Agg``: what the examples cost
     on their own. (Also gives each example's own time, for target 4.)
F    The floor: MkDocs and Material (with the search plugin, nothing else: no hooks,
     no mkdocs-jupyter, no example execution) building the *same* pages, everything
     already computed. The floor project is made from a build of the real site: each
     Markdown page as it reads after our hooks resolved its markers (values quoted,
     code blocks, the claims table), each notebook page as its final HTML body, and
     every figure, audio clip and download as a static file in ``docs/``. Same theme,
     Markdown extensions and nav; math is left to arithmatex (our build renders it to
     MathML, which is part of the cost we measure). The floor builds the same set of
     pages as ours (checked), so F is what MkDocs costs for this site at the least.
cold build           ``mkdocs build --strict`` with an empty ``.cache`` (every example
                     runs; mkdocs-jupyter's HTML cache is empty too). Target: <= 0.5 x S + F.
no-change rebuild    the same build again, nothing changed. Target: <= F + 1.0 s (importing
                     mkdocs-jupyter, the gallery's renderer, once per command is accepted).
prose edit (serve)   under ``mkdocs serve``, a sentence is appended to one page; the time
                     from the file being written until the server returns the page with the
                     new sentence. Target: <= F + 0.3 s, and no example runs (checked in the
                     server's log).
one example edited   a comment appended to one example, then ``mkdocs build --strict``:
                     only that example may run (checked in the log). No target: each
                     `mkdocs build` starts its processes anew; the target is under serve.
example edit (serve) the same edit under ``mkdocs serve`` (after the prose edits): the time
                     from the file being written until the example's gallery page shows the
                     new comment; only that example may run (checked). Same target.
peer cold / cached   mkdocs-jupyter with ``execute: true`` on the same examples converted to
                     notebooks with jupytext (a page each, plus an index): a cold build with
                     an empty cache (ratio to S) and a no-change rebuild with its cache
                     (ratio to F). No target: where the peer stands.
heaviest page        the largest page weight: a page's HTML plus every file it loads
                     (``src=`` of images, audio, scripts; stylesheets) that no other page
                     loads, uncompressed. Target: <= 300 KB. Also the total site size.

Prints one table. Exit status: 0 if every target passed, 1 if one failed, 2 on an error.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
#: Never copied into the benchmark's project: generated output, environments, VCS.
SKIP = (".git", ".cache", "site", ".venv", "__pycache__", ".pytest_cache", "screenshots", ".ci-venv", "benchmarks")
TINY_EXAMPLES = ("shape_curves", "shape_identities")
PROSE_PAGE = ("shape-of-tanh.md", "shape-of-tanh/")  # the page edited under `mkdocs serve`
EDIT_EXAMPLE = "shape_curves"
BUILD_TIMEOUT = 900  # seconds, per build
SCRIPT_TIMEOUT = 300  # seconds, per example run as a plain script
SERVE_TIMEOUT = 120  # seconds, for one edit to show up
MAX_PAGE_WEIGHT = 300_000  # bytes (issue 8, target 5)
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1700000000",
}
ROWS = (  # the table's rows, in order (the test checks every one is printed)
    "S",
    "F",
    "cold build",
    "no-change rebuild",
    "prose edit (serve)",
    "one example edited",
    "example edit (serve)",
    "peer cold",
    "peer cached rebuild",
    "heaviest page",
    "total site size",
)


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and shows its output."""


# --- running things -----------------------------------------------------------------------


def run(cmd: list, *, cwd: Path, timeout: float, env: dict | None = None) -> tuple[float, str]:
    """Run ``cmd`` in its own process group; return (wall seconds, stderr + stdout).

    On a timeout the whole group is killed. Raises BenchError if it fails.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(c) for c in cmd], cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8", start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise BenchError(f"{' '.join(map(str, cmd))}: still running after {timeout} s; stopped") from None
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(map(str, cmd))} (in {cwd}) failed with {proc.returncode}:\n{err[-4000:]}")
    return elapsed, err + out


def _kill_group(proc: subprocess.Popen, first=signal.SIGKILL) -> None:
    """End ``proc`` and everything in its process group (it was started in a new session)."""
    for sig in (first, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        try:
            proc.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


def mkdocs_build(project: Path, config: str = "mkdocs.yml", strict: bool = True, env: dict | None = None):
    """``mkdocs build`` of ``project/config`` into ``project/site``; returns (seconds, log)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", project / config, "-d", project / "site"]
    return run(cmd + (["--strict"] if strict else []), cwd=project, timeout=BUILD_TIMEOUT, env=env)


def load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, encoding="utf-8", timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# --- the projects --------------------------------------------------------------------------


def without_keys(config_text: str, keys: set[str]) -> str:
    """``mkdocs.yml`` text without the top-level blocks named in ``keys``."""
    out, skipping = [], False
    for line in config_text.splitlines(keepends=True):
        key = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if key:
            skipping = key[1] in keys
        if not skipping:
            out.append(line)
    return "".join(out)


def copy_project(dest: Path, tiny: bool) -> list[str]:
    """Copy the repository into ``dest`` (no cache, no site); return the example stems.

    ``tiny``: keep two examples and replace the pages by one page that shows them.
    """
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*SKIP))
    stems = sorted(p.stem for p in (dest / "examples").glob("*.py") if not p.name.startswith("_"))
    if not tiny:
        return stems
    keep = [s for s in TINY_EXAMPLES if s in stems] or stems[:2]
    for stem in set(stems) - set(keep):
        (dest / "examples" / f"{stem}.py").unlink()
    for page in (dest / "docs").rglob("*.md"):
        page.unlink()
    body = "".join(
        f"## {stem}\n\n![The first figure drawn by {stem}.py](figures/{stem}-1.svg)\n\n{{{{ example: {stem} }}}}\n\n"
        for stem in keep
    )
    (dest / "docs" / "index.md").write_text(f"# Benchmark site\n\nA small site for the benchmark's own test.\n\n{body}", encoding="utf-8")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:", 1)[0] + "\nnav:\n  - Home: index.md\n  - Examples: examples/index.md\n"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return keep


CAPTURE_HOOK = '''\
"""Benchmark hook: write each page as it reads after the project's hooks (for the floor F)."""
import json
import os
from pathlib import Path

from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_CAPTURE_DIR"])


def _write(rel, data):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


@event_priority(-1000)  # after every other hook: the Markdown as MkDocs renders it
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".md"):
        _write("pages/" + page.file.src_uri + ".json", {"meta": page.meta, "markdown": markdown})
    return markdown


@event_priority(-1000)  # after every other hook: the notebook page's final HTML
def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        _write("notebooks/" + page.file.src_uri + ".json", {"meta": page.meta, "title": page.title, "html": html})
    return html
'''

MD_LINK = re.compile(r"\]\(([^)\s]+?)\.ipynb(#[^)\s]*)?\)")


def make_floor(project: Path, capture: Path, dest: Path) -> None:
    """The floor project (see F in the module docstring), from a capture build of ``project``."""
    docs = dest / "docs"
    for path in (project / "docs").rglob("*"):  # hand-written static files (css, js, images)
        if path.is_file() and path.suffix != ".md":
            (docs / path.relative_to(project / "docs")).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / path.relative_to(project / "docs"))
    for folder in ("figures", "audio", "downloads"):  # what the build generated
        if (project / "site" / folder).is_dir():
            shutil.copytree(project / "site" / folder, docs / folder)
    shutil.copytree(project / "examples", dest / "examples")  # pymdownx.snippets includes the code
    notebooks = {
        str(p.relative_to(capture / "notebooks"))[: -len(".json")]: json.loads(p.read_text(encoding="utf-8"))
        for p in (capture / "notebooks").rglob("*.json")
    }

    def front(meta: dict) -> str:
        return f"---\n{json.dumps(meta)}\n---\n\n" if meta else ""

    def as_md(page_src: str):
        def link(m: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), m[1] + ".ipynb"))
            return f"]({m[1]}.md{m[2] or ''})" if target in notebooks else m[0]

        return link

    for path in (capture / "pages").rglob("*.json"):
        src = str(path.relative_to(capture / "pages"))[: -len(".json")]
        page = json.loads(path.read_text(encoding="utf-8"))
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(front(page["meta"]) + MD_LINK.sub(as_md(src), page["markdown"]), encoding="utf-8")
    for src, page in notebooks.items():
        md = docs / (src[: -len(Path(src).suffix)] + ".md")
        md.parent.mkdir(parents=True, exist_ok=True)
        md.write_text(front({"title": page["title"], **page["meta"]}) + page["html"] + "\n", encoding="utf-8")
    config = without_keys((project / "mkdocs.yml").read_text(encoding="utf-8"), {"plugins", "hooks", "watch"})
    config = config.replace(".ipynb", ".md")
    # The gallery pages are plain pages here; the project's hook puts them in the nav.
    (dest / "mkdocs.yml").write_text(config + "\nplugins:\n  - search\nnot_in_nav: |\n  /examples/*.md\n", encoding="utf-8")


def make_peer(project: Path, stems: list[str], dest: Path) -> None:
    """The peer: each example as a notebook page, executed by mkdocs-jupyter (``execute: true``)."""
    import jupytext

    docs = dest / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Examples\n\nEach example as a notebook, executed by mkdocs-jupyter.\n", encoding="utf-8")
    for stem in stems:
        jupytext.write(jupytext.read(project / "examples" / f"{stem}.py"), docs / f"{stem}.ipynb")
    nav = "".join(f"  - {stem}: {stem}.ipynb\n" for stem in stems)
    (dest / "mkdocs.yml").write_text(
        "site_name: peer\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - mkdocs-jupyter:\n      include: ['*.ipynb']\n      execute: true\n"
        f"      cache: true\n      cache_dir: {dest / 'jupyter-cache'}\n"
        f"nav:\n  - Home: index.md\n{nav}", encoding="utf-8")


def pages_built(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


# --- measurements --------------------------------------------------------------------------


def run_scripts(project: Path, stems: list[str], workdir: Path) -> dict[str, float]:
    """Each example as ``python x.py`` (MPLBACKEND=Agg) in an empty folder: {stem: seconds}."""
    env = {**ENV, "MPLBACKEND": "Agg"}
    times = {}
    for stem in stems:
        cwd = workdir / f"{stem}-{uuid.uuid4().hex[:6]}"
        cwd.mkdir(parents=True)
        times[stem], _ = run([sys.executable, project / "examples" / f"{stem}.py"], cwd=cwd, timeout=SCRIPT_TIMEOUT, env=env)
        shutil.rmtree(cwd, ignore_errors=True)
    return times


def expect_in_log(log: str, text: str, what: str) -> None:
    if text not in log:
        raise BenchError(f"{what}: expected {text!r} in the build log:\n{log[-3000:]}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    assert urlsplit(url).hostname == "127.0.0.1"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


class Server:
    """``mkdocs serve`` of ``project`` on 127.0.0.1 (a free port), its log in ``log_path``.

    :meth:`edit` writes a file and times how long until a page served on 127.0.0.1 holds
    the new text; it returns once the rebuild is complete, with the rebuild's log.
    """

    def __init__(self, project: Path, log_path: Path, settle: float = 1.0):
        self.port = free_port()
        self.log_path = log_path
        self.rng = random.Random(0)
        self.settle = settle  # seconds to let the file watcher settle after an edit (a little more at start)
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", project / "mkdocs.yml", "-a", f"127.0.0.1:{self.port}"]
        with open(log_path, "w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                [str(c) for c in cmd], cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def wait_until_up(self, path: str) -> None:
        deadline = time.monotonic() + BUILD_TIMEOUT
        while fetch(self.url(path)) is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"mkdocs serve did not come up:\n{self.log()[-3000:]}")
            time.sleep(0.2)
        time.sleep(1.5 * self.settle)  # let the file watcher settle and the background imports (on_serve) finish

    def edit(self, file: Path, text: str, page: str, token: str) -> tuple[float, str]:
        """Write ``text`` into ``file``; return (seconds until ``page`` shows ``token``, rebuild log)."""
        before = self.log()
        reloads = before.count("Reloading browsers")
        file.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        deadline = time.monotonic() + SERVE_TIMEOUT
        while True:
            body = fetch(self.url(page))
            if body is not None and token in body:
                latency = time.perf_counter() - start
                break
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"{file.name}: the edit was not served within {SERVE_TIMEOUT} s:\n{self.log()[-3000:]}")
            time.sleep(0.01)
        while self.log().count("Reloading browsers") <= reloads:  # the rebuild is complete
            if time.monotonic() > deadline:
                raise BenchError("mkdocs serve did not finish its rebuild")
            time.sleep(0.05)
        # Let the file watcher settle, for a random while: MkDocs polls for changes every
        # 0.5 s, and edits made in step with its polling would all see the same delay.
        time.sleep(self.settle * (1.0 + 0.5 * self.rng.random()))
        return latency, self.log()[len(before):]

    def stop(self) -> None:
        _kill_group(self.proc, first=signal.SIGINT)


def serve_latencies(
    project: Path, page: tuple[str, str], example: str, repeats: int, n_examples: int, log_path: Path,
    settle: float = 1.0,
) -> tuple[list[float], list[float]]:
    """Under ``mkdocs serve``: ``repeats`` times append a sentence to ``page``, then ``repeats``
    times append a comment to ``example``; return the seconds from each write until the new
    text is served (the page itself; the example's gallery page), for each kind of edit.

    Raises BenchError if a prose edit ran any example, or an example edit ran another one.
    """
    src, url_path = page
    prose_file, script = project / "docs" / src, project / "examples" / f"{example}.py"
    prose, code = prose_file.read_text(encoding="utf-8"), script.read_text(encoding="utf-8")
    server = Server(project, log_path, settle)
    prose_times, example_times = [], []
    try:
        server.wait_until_up(url_path)
        for _ in range(repeats):
            token = f"bench-edit-{uuid.uuid4().hex[:10]}"
            latency, log = server.edit(prose_file, prose + f"\nA sentence the benchmark added: {token}.\n", url_path, token)
            if f"examples: 0/{n_examples} run" not in log:
                raise BenchError(f"a prose edit ran an example (or was not rebuilt):\n{log[-3000:]}")
            prose_times.append(latency)
        prose_file.write_text(prose, encoding="utf-8")
        for _ in range(repeats):
            token = f"bench_edit_{uuid.uuid4().hex[:10]}"
            latency, log = server.edit(script, code + f"\n# {token}\n", f"examples/{example}/", token)
            if f"examples: 1/1 run, {n_examples - 1} from cache" not in log:
                raise BenchError(f"an example edit did not run exactly that example:\n{log[-3000:]}")
            example_times.append(latency)
    finally:
        server.stop()
        prose_file.write_text(prose, encoding="utf-8")
        script.write_text(code, encoding="utf-8")
    return prose_times, example_times


def page_weights(site: Path) -> dict[str, tuple[int, int]]:
    """{page: (HTML bytes, bytes of the files it alone loads)} for every HTML page of ``site``."""
    loads: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        text = page.read_text(errors="replace", encoding="utf-8")
        refs = re.findall(r"""\bsrc=["']([^"']+)["']""", text)
        refs += re.findall(r"""<link\b[^>]*\brel=["']?stylesheet["']?[^>]*\bhref=["']([^"']+)["']""", text)
        found = set()
        for ref in refs:
            if ref.startswith(("data:", "http:", "https:", "//", "mailto:")):
                continue
            target = urlsplit(urljoin("http://site/" + rel, ref)).path.lstrip("/")
            if target.endswith("/") or target == "":
                target += "index.html"
            if (site / target).is_file():
                found.add(target)
        loads[rel] = found
    users: dict[str, int] = {}
    for found in loads.values():
        for target in found:
            users[target] = users.get(target, 0) + 1
    return {
        rel: ((site / rel).stat().st_size, sum((site / t).stat().st_size for t in found if users[t] == 1))
        for rel, found in loads.items()
    }


def heaviest_page(site: Path) -> tuple[str, int, int]:
    """(page, HTML bytes, bytes of the files it alone loads) of ``site``'s heaviest page."""
    weights = page_weights(site)
    name = max(weights, key=lambda k: sum(weights[k]))
    return (name, *weights[name])


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


# --- the report ---------------------------------------------------------------------------


@dataclass
class Results:
    stems: list[str]
    repeats: int
    s: list[float] = field(default_factory=list)
    own: dict[str, list[float]] = field(default_factory=dict)
    f: list[float] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    serve: list[float] = field(default_factory=list)
    serve_edit: list[float] = field(default_factory=list)
    peer_cold: list[float] = field(default_factory=list)
    peer_warm: list[float] = field(default_factory=list)
    heaviest: tuple[str, int, int] = ("", 0, 0)
    total: int = 0
    peer_heaviest: tuple[str, int, int] | None = None
    peer_total: int | None = None
    pages: int = 0
    edit_example: str = EDIT_EXAMPLE


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(r: Results, load_before: str, load_after: str) -> tuple[str, bool]:
    """The printed report and whether every target passed."""
    S, F = med(r.s), med(r.f)
    own = med(r.own.get(r.edit_example, []))
    rows, ok = [], True

    def row(name, seconds, ratio, target="", passed=None):
        nonlocal ok
        if passed is not None:
            ok = ok and passed
        verdict = "" if passed is None else ("PASS" if passed else "FAIL")
        value = seconds if isinstance(seconds, str) else f"{seconds:8.2f} s"
        rows.append(f"{name:<22} {value:>11}  {ratio:<22} {target:<34} {verdict}")

    cold, warm, edit, serve = med(r.cold), med(r.warm), med(r.edit), med(r.serve)
    row("S", S, "1.00 x S", f"({len(r.stems)} scripts, one after another)")
    row("F", F, "1.00 x F", f"(plain MkDocs, same {r.pages} pages)")
    row("cold build", cold, f"{cold / S:.2f} x S = {(cold - F) / S:.2f} x S + F",
        f"<= 0.5 x S + F = {0.5 * S + F:.2f} s", cold <= 0.5 * S + F)
    row("no-change rebuild", warm, f"F {warm - F:+.2f} s", f"<= F + 1.0 s = {F + 1.0:.2f} s", warm <= F + 1.0)
    row("prose edit (serve)", serve, f"F {serve - F:+.2f} s", f"<= F + 0.3 s = {F + 0.3:.2f} s; 0 examples run",
        serve <= F + 0.3)
    row("one example edited", edit, f"F + {(edit - F) / own:.2f} x own",
        f"(no target; {r.edit_example} alone: {own:.2f} s)")
    serve_edit = med(r.serve_edit)
    row("example edit (serve)", serve_edit, f"F + {(serve_edit - F) / own:.2f} x own",
        f"<= F + 1.2 x own = {F + 1.2 * own:.2f} s; only it runs", serve_edit <= F + 1.2 * own)
    if r.peer_cold:
        pc, pw = med(r.peer_cold), med(r.peer_warm)
        row("peer cold", pc, f"{pc / S:.2f} x S", "(mkdocs-jupyter, execute: true)")
        row("peer cached rebuild", pw, f"{pw / F:.2f} x F", "(its cache warm)")
    else:
        row("peer cold", "skipped", "", "(--tiny or --no-peer)")
        row("peer cached rebuild", "skipped", "", "(--tiny or --no-peer)")
    name, html_bytes, own_bytes = r.heaviest
    weight = html_bytes + own_bytes
    peer = ""
    if r.peer_heaviest:
        peer = f"; peer {r.peer_heaviest[0]}: {(r.peer_heaviest[1] + r.peer_heaviest[2]) / 1e3:.0f} KB"
    row("heaviest page", f"{weight / 1e3:8.1f} KB", name,
        f"<= {MAX_PAGE_WEIGHT / 1e3:.0f} KB (HTML {html_bytes / 1e3:.0f} KB + own files {own_bytes / 1e3:.0f} KB){peer}",
        weight <= MAX_PAGE_WEIGHT)
    peer_total = f"(peer: {r.peer_total / 1e6:.1f} MB)" if r.peer_total else ""
    row("total site size", f"{r.total / 1e6:8.2f} MB", "", peer_total)
    head = (
        f"Build-speed benchmark (issue 8): {len(r.stems)} examples, {r.pages} pages, "
        f"median of {r.repeats} repeat(s), {os.cpu_count()} cores\n"
        f"load before: {load_before}\nload after:  {load_after}\n\n"
        f"{'measure':<22} {'value':>11}  {'ratio':<22} {'target':<34} result\n" + "-" * 100
    )
    return head + "\n" + "\n".join(rows) + f"\n\nall targets {'PASS' if ok else 'not met: see FAIL rows'}", ok


# --- the run -------------------------------------------------------------------------------


def benchmark(work: Path, repeats: int, tiny: bool, peer: bool, edit_example: str | None) -> Results:
    project = work / "project"
    stems = copy_project(project, tiny)
    edit_stem = edit_example or (EDIT_EXAMPLE if EDIT_EXAMPLE in stems else stems[0])
    if edit_stem not in stems:
        raise BenchError(f"--edit-example {edit_stem}: no such example")
    prose = ("index.md", "") if tiny else PROSE_PAGE
    r = Results(stems=stems, repeats=repeats, edit_example=edit_stem)
    floor = work / "floor"
    peer_dir = work / "peer"
    if peer:
        make_peer(project, stems, peer_dir)
    peer_env = {k: v for k, v in ENV.items() if k != "MPLBACKEND"}  # the kernel's inline backend draws
    script = project / "examples" / f"{edit_stem}.py"
    original = script.read_bytes()
    for rep in range(repeats):
        say(f"repeat {rep + 1}/{repeats}: S (the examples as scripts)")
        times = run_scripts(project, stems, work / "scripts")
        r.s.append(sum(times.values()))
        for stem, t in times.items():
            r.own.setdefault(stem, []).append(t)
        say("  cold build")
        shutil.rmtree(project / ".cache", ignore_errors=True)
        t, log = mkdocs_build(project)
        expect_in_log(log, f"examples: {len(stems)}/{len(stems)} run", "cold build")
        r.cold.append(t)
        say("  no-change rebuild")
        t, log = mkdocs_build(project)
        expect_in_log(log, f"examples: 0/{len(stems)} run, {len(stems)} from cache", "no-change rebuild")
        r.warm.append(t)
        if rep == 0:
            r.heaviest = heaviest_page(project / "site")
            r.total = site_size(project / "site")
            r.pages = len(pages_built(project / "site"))
            say("  capture build for the floor")
            capture = work / "capture"
            hook = work / "capture_hook.py"
            hook.write_text(CAPTURE_HOOK, encoding="utf-8")
            config = (project / "mkdocs.yml").read_text(encoding="utf-8")
            if "\nhooks:\n" not in config:
                raise BenchError("mkdocs.yml has no `hooks:` list")
            (project / "mkdocs-capture.yml").write_text(config.replace("\nhooks:\n", f"\nhooks:\n  - {hook}\n", 1), encoding="utf-8")
            mkdocs_build(project, "mkdocs-capture.yml", env={**ENV, "BENCH_CAPTURE_DIR": str(capture)})
            (project / "mkdocs-capture.yml").unlink()
            make_floor(project, capture, floor)
        say("  F (the floor)")
        t, _ = mkdocs_build(floor)
        r.f.append(t)
        if rep == 0 and pages_built(floor / "site") != pages_built(project / "site"):
            missing = pages_built(project / "site") ^ pages_built(floor / "site")
            raise BenchError(f"the floor does not build the same pages as the site: {sorted(missing)}")
        say(f"  one example edited ({edit_stem})")
        script.write_bytes(original + f"\n# edited by the benchmark: {uuid.uuid4().hex}\n".encode())
        try:
            t, log = mkdocs_build(project)
        finally:
            script.write_bytes(original)
        expect_in_log(log, f"examples: 1/1 run, {len(stems) - 1} from cache", "one-example rebuild")
        r.edit.append(t)
        if peer:
            say("  peer: mkdocs-jupyter execute: true, cold")
            shutil.rmtree(peer_dir / "jupyter-cache", ignore_errors=True)
            t, _ = mkdocs_build(peer_dir, strict=False, env=peer_env)
            r.peer_cold.append(t)
            say("  peer: cached rebuild")
            t, _ = mkdocs_build(peer_dir, strict=False, env=peer_env)
            r.peer_warm.append(t)
            if rep == 0:
                r.peer_heaviest = heaviest_page(peer_dir / "site")
                r.peer_total = site_size(peer_dir / "site")
    say("prose and example edits under mkdocs serve")
    # --tiny only checks that the benchmark runs: short pauses between edits will do.
    settle = 0.2 if tiny else 1.0
    r.serve, r.serve_edit = serve_latencies(project, prose, edit_stem, repeats, len(stems), work / "serve.log", settle)
    return r


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=None, help="repeats per measurement (default 3; 1 with --tiny)")
    parser.add_argument("--tiny", action="store_true", help="a 2-example site and no peer: checks the benchmark runs")
    parser.add_argument("--no-peer", action="store_true", help="leave out the mkdocs-jupyter execute: true peer")
    parser.add_argument("--edit-example", default=None, help=f"the example edited for target 4 (default {EDIT_EXAMPLE})")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw timings to this file")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.tiny else 3)
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    load_before = load()
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        results = benchmark(work, repeats, args.tiny, not (args.tiny or args.no_peer), args.edit_example)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text, ok = table(results, load_before, load())
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results.__dict__, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
