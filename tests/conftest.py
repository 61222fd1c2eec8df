"""Shared fixtures: each example runs once per test session, as a plain script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
HOOKS = ROOT / "hooks"

# Runs an example the way `python examples/x.py` does (as __main__, in a fresh
# interpreter), with the Agg backend, then writes the number of figures it showed and
# its module-level plain values (the same selection the build records) as JSON.
BOOTSTRAP = r"""
import json, runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
shown = []
def show(*args, **kwargs):
    shown.extend(plt.get_fignums())
    plt.close("all")
plt.show = show
namespace = runpy.run_path(sys.argv[1], run_name="__main__")
shown.extend(plt.get_fignums())
sys.path.insert(0, sys.argv[3])
from sitebuild.child import plain_values
with open(sys.argv[2], "w") as out:
    json.dump({"figures": len(shown), "values": plain_values(namespace)}, out)
"""


def example_stems() -> list[str]:
    return sorted(p.stem for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def run_as_script(script: Path, workdir: Path) -> dict:
    """Run ``script`` in ``workdir`` with warnings as errors; return figures and values.

    Fails the calling test with the example's stderr if it exits non-zero.
    """
    result_file = workdir.parent / f"{script.stem}-result.json"
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", BOOTSTRAP, str(script), str(result_file), str(HOOKS)],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=120,
    )
    if proc.returncode != 0:
        pytest.fail(f"{script.name} failed as a plain script:\n{proc.stderr}", pytrace=False)
    result = json.loads(result_file.read_text())
    result["stdout"] = proc.stdout
    result["files_left"] = sorted(p.name for p in workdir.iterdir())
    return result


@pytest.fixture(scope="session")
def example_runs(tmp_path_factory):
    """``example_runs(stem)`` -> {"figures", "values", "stdout", "files_left"}, run once per session."""
    done: dict[str, dict] = {}

    def get(stem: str) -> dict:
        if stem not in done:
            workdir = tmp_path_factory.mktemp(stem) / "cwd"
            workdir.mkdir()
            done[stem] = run_as_script(EXAMPLES / f"{stem}.py", workdir)
        return done[stem]

    return get


@pytest.fixture(scope="session")
def values(example_runs):
    """``values(stem)`` -> the example's module-level plain values."""
    return lambda stem: example_runs(stem)["values"]


SOURCE_DATE_EPOCH = "1700000000"  # fixed, so that builds are comparable byte for byte


def mkdocs_build(config: Path, site_dir: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``, with a fixed SOURCE_DATE_EPOCH.

    ``prefix`` wraps the command (e.g. ``("unshare", "-rn")`` to cut the network off).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the real site twice; return the site folder and both build logs."""
    site = tmp_path_factory.mktemp("site")
    docs_before = docs_listing()
    first = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert first.returncode == 0, f"mkdocs build --strict failed:\n{first.stderr}"
    second = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert second.returncode == 0, second.stderr
    assert docs_listing() == docs_before, "the build wrote into docs/"
    return site, first.stderr, second.stderr


def docs_listing() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in (ROOT / "docs").rglob("*")}


SMALL_PROJECT_HOOKS = ("run_examples.py", "page_markers.py", "render_math.py", "check_links.py")


def small_project(tmp_path: Path, page: str, example: str) -> Path:
    """A throw-away MkDocs project using this repository's hooks."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page)
    (tmp_path / "examples" / "tiny_demo.py").write_text(example)
    hooks = "\n".join(f"  - {HOOKS / name}" for name in SMALL_PROJECT_HOOKS)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\nhooks:\n{hooks}\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
        f"extra:\n  examples:\n    cache_dir: cache\n    timeout: 30\n"
    )
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


