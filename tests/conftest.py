"""Shared fixtures: each example runs once per test session, as a plain script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
