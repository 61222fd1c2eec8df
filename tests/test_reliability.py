"""A build you can trust: reproducible, offline, and loud about every fault (issue 9).

Runner-level faults (raising, hanging, damaged cache entries, bad examples, warnings)
are tested in test_runner.py; this file tests whole builds.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOURCE_DATE_EPOCH, TINY, differences, mkdocs_build, small_project
from sitebuild import project, runner


def tracked_copy(dest: Path) -> Path:
    """Copy the files git tracks or would track (not the ignored ones: caches, site/)
    into ``dest``: what a fresh clone has once the work is committed."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    for name in names.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


# Run by the forkserver only (test time): the rest of the site is built by spawn.
HEAVY = ("init_glorot_controls", "rnn_memory_task", "centring_mlp_training", "init_glorot_saturation")


def test_two_builds_in_different_folders_and_start_methods_are_byte_identical(built_site, tmp_path):
    """Property 1, and the portable path (issue 18). The built_site fixture is one build
    (from the repository, by the forkserver where POSIX has one); this is a build of a copy
    in another folder, with no network and a fresh Python per example (`start_method:
    spawn`, what Windows gets). Its cache starts with the entries of the HEAVY examples
    only (copied from the repository's, which are path-independent), so every other
    example runs by spawn."""
    site_a, _, _ = built_site
    copy = tracked_copy(tmp_path / "elsewhere")
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
    config, n = re.subn(r"\n  examples:[^\n]*\n", "\\g<0>    start_method: spawn\n", config)
    assert n == 1, "mkdocs.yml has no `extra: examples:`"
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    heavy = [ROOT / "examples" / f"{stem}.py" for stem in HEAVY]
    for folder in runner.entry_folders(heavy, ROOT / project.DEFAULTS["cache_dir"]).values():
        shutil.copytree(folder, copy / project.DEFAULTS["cache_dir"] / folder.name)
    result = mkdocs_build(copy / "mkdocs.yml", tmp_path / "site", prefix=offline_prefix())
    assert result.returncode == 0, result.stderr
    assert "examples: each runs in a new Python (spawn)" in result.stderr
    n = len(project.find_examples(copy / "examples"))
    assert f"examples: {n - len(HEAVY)}/{n - len(HEAVY)} run, {len(HEAVY)} from cache" in result.stderr
    assert differences(site_a, tmp_path / "site") == []


def offline_prefix() -> tuple[str, ...]:
    """A command prefix that runs a process with no network: a new, empty network namespace."""
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail(f"`unshare -rn` is needed to cut the network off: {probe.stderr.decode().strip()}")
    return ("unshare", "-rn")


def test_built_html_references_no_other_origin(built_site):
    """Property 2: scripts, styles, fonts, images and media all come from the site itself.
    (The canonical link names the page's public address, site_url; it loads nothing.)"""
    site, _, _ = built_site
    loads = re.compile(
        r"<(?:script|img|audio|video|source|iframe|embed)\b[^>]*\ssrc=\"([^\"]+)\"|"
        r"<link\b(?![^>]*rel=\"canonical\")[^>]*\shref=\"([^\"]+)\"|url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)"
    )
    offenders = []
    for path in list(site.rglob("*.html")) + list(site.rglob("*.css")) + list(site.rglob("*.svg")):
        for match in loads.finditer(path.read_text(errors="replace", encoding="utf-8")):
            target = next(g for g in match.groups() if g)
            if re.match(r"^(https?:)?//", target):
                offenders.append(f"{path.relative_to(site)}: {target}")
    assert offenders == []


def test_failing_example_never_leaves_an_older_figure(tmp_path):
    """Property 3: after a good build, breaking the example stops the next build, and
    neither the site nor the cache offers the old figure for the new code."""
    config = small_project(tmp_path, "# T\n\n![a line](figures/tiny_demo-1.svg)\n", TINY)
    assert mkdocs_build(config, tmp_path / "site").returncode == 0
    entries_before = sorted(p.name for p in (tmp_path / "cache").iterdir())
    (tmp_path / "examples" / "tiny_demo.py").write_text(TINY.replace("value = 0.5", "value = 1 / 0"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    # Issue 19: one line blames the example (not the page that waited for it), once.
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR   -  examples/tiny_demo.py:3: ZeroDivisionError: division by zero"], result.stderr
    assert not (tmp_path / "site" / "figures" / "tiny_demo-1.svg").exists()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == entries_before


def test_hanging_example_stops_the_build_naming_it_and_the_limit(tmp_path):
    """Property 4, through mkdocs.yml's timeout setting (the process tree is checked in test_runner)."""
    config = small_project(tmp_path, "# T\n", TINY.replace("value = 0.5", "import time\ntime.sleep(60)"))
    config.write_text(config.read_text(encoding="utf-8").replace("timeout: 30", "timeout: 3"), encoding="utf-8")
    start = time.monotonic()
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    # Issue 19: the line it was at, and the setting to change.
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  examples/tiny_demo.py:4: still running after the 3 s timeout "
        "(extra: examples: timeout in mkdocs.yml), so it was stopped with all its processes"
    ], result.stderr
    assert time.monotonic() - start < 30


SLOW = TINY.replace("value = 0.5", "import time\ntime.sleep(3)\nvalue = 0.5")


def test_killed_build_leaves_nothing_half_written(tmp_path):
    """Property 5: SIGKILL the build while an example runs; the next build is complete."""
    config = small_project(tmp_path, "# T\n\n![a line](figures/tiny_demo-1.svg)\n", SLOW)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    cache = tmp_path / "cache"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(cache.glob(".tmp-*")):
        time.sleep(0.05)
    assert list(cache.glob(".tmp-*")), "the example never started"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert [p for p in cache.iterdir() if not p.name.startswith(".tmp-")] == [], "a half-run entry was published"
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "figures" / "tiny_demo-1.svg").stat().st_size > 1000
    # Its temporary folder is never read; a later build removes it once it is older than
    # the timeout (test_runner.py::test_stale_temporary_folders_of_killed_builds_are_removed).


def test_two_builds_at_once_on_one_cache(tmp_path):
    """Property 7: two builds share the cache at the same time and both are correct."""
    config = small_project(tmp_path, "# T\n\nvalue {{ tiny_demo.value }}\n\n![a line](figures/tiny_demo-1.svg)\n", SLOW)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / f"site{i}")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        for i in (1, 2)
    ]
    for build in builds:
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    assert differences(tmp_path / "site1", tmp_path / "site2") == []
    assert "value 0.5" in (tmp_path / "site1" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("# T\n\nSee [the other page](missing.md).\n", "docs/index.md:3: link to 'missing.md': there is no page missing.md"),
        ("# T\n\n## Real\n\nSee [here](#nowhere).\n", "docs/index.md:5: link to '#nowhere': index.md has no anchor #nowhere"),
        ("# T\n\n\n![](figures/tiny_demo-1.svg)\n", "docs/index.md:4: figure 'tiny_demo-1.svg' has no alt text"),
        ("# T\n\nGet [it](downloads/nope.py).\n", "docs/index.md:3: link to 'downloads/nope.py': there is no file"),
    ],
    ids=["missing-page", "missing-anchor", "no-alt-text", "missing-file"],
)
def test_bad_links_and_figures_stop_the_build_with_page_and_line(tmp_path, page, message):
    """Property 8 (markers and formulas are covered in test_site.py)."""
    result = mkdocs_build(small_project(tmp_path, page, TINY), tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_the_test_process_cannot_reach_other_hosts():
    """Property 2 for the test suite: pytest-socket (pytest.ini) allows loopback only.

    The address is multicast, so even without the guard no packet would leave: the
    kernel refuses a TCP connection to it locally.
    """
    import socket
    import warnings

    from pytest_socket import SocketConnectBlockedError

    with warnings.catch_warnings(), pytest.raises(SocketConnectBlockedError):
        warnings.simplefilter("ignore")  # pytest-socket also warns; the error is what matters
        socket.create_connection(("224.0.0.1", 80), timeout=1)
