"""The build-speed benchmark (issue 8) runs end to end and prints every row of its table.

Only a tiny case (two examples, one repeat, no mkdocs-jupyter peer) and no timing
assertion: the numbers depend on the machine and its load, the rows and their wiring
do not. Run the real benchmark by hand: ``python benchmarks/bench_build.py``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from conftest import ROOT

BENCH = ROOT / "benchmarks" / "bench_build.py"


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_build", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_build"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_tiny_benchmark_prints_every_row():
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--tiny"], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    # 0: every target met, 1: some target missed (timings vary); 2 would be an error.
    assert proc.returncode in (0, 1), proc.stderr[-4000:]
    lines = proc.stdout.splitlines()
    for row in bench_module().ROWS:
        assert any(line.startswith(row + " ") for line in lines), f"row {row!r} missing:\n{proc.stdout}"
    verdicts = [line for line in lines if line.rstrip().endswith(("PASS", "FAIL"))]
    assert len(verdicts) == 5, proc.stdout  # cold, no-change, prose edit, one example, heaviest page
    assert "2 examples" in proc.stdout and "load before:" in proc.stdout
    assert "peer cold" in proc.stdout and "skipped" in proc.stdout


def test_floor_config_drops_plugins_hooks_and_watch():
    text = (ROOT / "mkdocs.yml").read_text()
    floor = bench_module().without_keys(text, {"plugins", "hooks", "watch"})
    assert "\nhooks:" not in floor and "\nplugins:" not in floor and "\nwatch:" not in floor
    assert "\nnav:" in floor and "\nmarkdown_extensions:" in floor and "\ntheme:" in floor
