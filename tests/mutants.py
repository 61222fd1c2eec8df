"""The mutation check: can the claim tests fail?

Each mutant below is one plausible bug, planted as an exact text replacement in one
example. For each, in a temporary copy of the repository, the mutated example replaces
the real one and the tests that name that example run (test_runs_as_plain_script for it,
plus every test function in tests/test_*.py whose source names it in quotes, "stem").

    CAUGHT   a claim test failed while the example still ran: the tests noticed the bug
    MISSED   every selected test passed: the tests cannot see this bug
    TRIVIAL  the example itself crashed (does not count as caught: a crash proves nothing
             about the claim tests)

Usage:  python tests/mutants.py [--jobs N] [--no-coverage] [stem ...]

The exit status is 0 only if every mutant is CAUGHT and, when no stems are given (and
without --no-coverage), every example has a mutant and every claim of claims.yml is
covered (some caught mutant fails one of the claim's tests). A mutant whose `old` text
does not occur exactly once in its example stops the check at once: the table is stale.
Not a pytest test (it runs pytest itself); tests/test_mutants.py checks the table.
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    stem: str  # examples/<stem>.py
    why: str  # the bug, in a few words
    old: str  # exact text, occurring once in the example
    new: str  # what it becomes


# fmt: off
MUTANTS = [
    # audio_limiter_vs_clipper: a limiter is a time-varying gain, tanh a memoryless waveshaper
    Mutant("audio_limiter_vs_clipper", "soft clipper replaced by a hard clip",
           "soft = np.tanh(x)", "soft = np.clip(x, -1, 1)"),
    Mutant("audio_limiter_vs_clipper", "limiter without release: gain follows each sample (no memory)",
           "peak = max(sample, peak * release)", "peak = sample"),
    Mutant("audio_limiter_vs_clipper", "limiter replaced by tanh (the control arm is the treatment)",
           "limited = gain * x", "limited = np.tanh(x)"),
    Mutant("audio_limiter_vs_clipper", "soft clipper with a memory (a two-tap average of its input)",
           "soft = np.tanh(x)", "soft = np.tanh(np.convolve(x, [0.5, 0.5])[: len(x)])"),
    Mutant("audio_limiter_vs_clipper", "release time in ms read as microseconds (a limiter that forgets at once)",
           "release = np.exp(-1.0 / (release_ms * 1e-3 * audio_rate))", "release = np.exp(-1.0 / (release_ms * 1e-6 * audio_rate))"),
    # audio_soft_clipper: tanh is an odd soft clipper; a bias brings even harmonics
    Mutant("audio_soft_clipper", "soft clipper replaced by np.clip in the distortion sweep",
           "thd_tanh = [thd(harmonics(np.tanh(g * sine))) for g in drives]",
           "thd_tanh = [thd(harmonics(np.clip(g * sine, -1, 1))) for g in drives]"),
    Mutant("audio_soft_clipper", "soft clipper replaced by np.clip in the spectrum",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))", "tanh_db = level_db(np.clip(spectrum_drive * sine, -1, 1))"),
    Mutant("audio_soft_clipper", "the symmetric arm secretly biased (an asymmetric waveshaper)",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))", "tanh_db = level_db(np.tanh(spectrum_drive * sine + bias))"),
    Mutant("audio_soft_clipper", "a sigmoid instead of tanh in the spectrum",
           "tanh_db = level_db(np.tanh(spectrum_drive * sine))",
           "tanh_db = level_db(1 / (1 + np.exp(-spectrum_drive * sine)))"),
    Mutant("audio_soft_clipper", "third and fifth harmonic swapped",
           "h3_db_tanh, h5_db_tanh = float(tanh_db[3]), float(tanh_db[5])", "h3_db_tanh, h5_db_tanh = float(tanh_db[5]), float(tanh_db[3])"),
    Mutant("audio_soft_clipper", "the bias dropped from the biased arm",
           "biased_db = level_db(np.tanh(spectrum_drive * sine + bias))",
           "biased_db = level_db(np.tanh(spectrum_drive * sine))"),
    Mutant("audio_soft_clipper", "a scaled tanh (2 tanh(x/2)) in the small-signal measurement",
           "small_h3 = harmonics(np.tanh(small_drive * sine))", "small_h3 = harmonics(2 * np.tanh(small_drive * sine / 2))"),
    Mutant("audio_soft_clipper", "the hard clipper clips at 0.5 instead of 1",
           "hard_db = level_db(np.clip(spectrum_drive * sine, -1, 1))",
           "hard_db = level_db(np.clip(spectrum_drive * sine, -0.5, 0.5))"),
    Mutant("audio_soft_clipper", "the drive-10 clip is the hard clipper",
           "audio_tanh_drive10 = clip(np.tanh(high_drive * tone))", "audio_tanh_drive10 = clip(np.clip(high_drive * tone, -1, 1))"),
    # nonlinear_collapse: stacked linear layers are one layer, tanh layers are not
    Mutant("nonlinear_collapse", "the tanh stack made ReLU",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: np.maximum(z, 0), tanh_layers))"),
    Mutant("nonlinear_collapse", "the tanh stack made the identity",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: z, tanh_layers))"),
    Mutant("nonlinear_collapse", "the drawn 2-D tanh stack made the identity",
           "mapped_tanh = [deep(c, weights_2d, biases_2d, np.tanh) for c in lines]",
           "mapped_tanh = [deep(c, weights_2d, biases_2d, lambda z: z) for c in lines]"),
    Mutant("nonlinear_collapse", "the 'linear' stack secretly has tanh between its layers",
           "collapse_max_diff = float(np.max(np.abs(deep(x, weights, biases) - (x @ W_one.T + b_one))))",
           "collapse_max_diff = float(np.max(np.abs(deep(x, weights, biases, np.tanh) - (x @ W_one.T + b_one))))"),
    Mutant("nonlinear_collapse", "collapsed product multiplied in the wrong order",
           "W_one, b_one = W @ W_one, W @ b_one + b", "W_one, b_one = W_one @ W, W @ b_one + b"),
    Mutant("nonlinear_collapse", "LeCun's scaled tanh 1.7159 tanh(2x/3) in the stack",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, np.tanh, tanh_layers))",
           "tanh_affine_fit_residual = affine_fit_residual(x, deep(x, weights, biases, lambda z: 1.7159 * np.tanh(2 * z / 3), tanh_layers))"),
    # nonlinear_two_moons: no line splits XOR or the moons; a small tanh network does
    Mutant("nonlinear_two_moons", "hidden units made LeCun's scaled tanh 1.7159 tanh(2x/3)",
           "h = np.tanh(X @ W1 + b1)  # hidden activations", "h = 1.7159 * np.tanh(2 * (X @ W1 + b1) / 3)  # hidden activations"),
    Mutant("nonlinear_two_moons", "hidden units made sigmoid",
           "h = np.tanh(X @ W1 + b1)  # hidden activations", "h = 0.5 + 0.5 * np.tanh((X @ W1 + b1) / 2)  # hidden activations"),
    Mutant("nonlinear_two_moons", "wrong derivative: 1 - tanh instead of 1 - tanh^2",
           "    return 1 - h**2", "    return 1 - h"),
    Mutant("nonlinear_two_moons", "consistent but wrong: tanh' halved, (1 - h^2)/2 (training still converges)",
           "    return 1 - h**2", "    return (1 - h**2) / 2"),
    Mutant("nonlinear_two_moons", "the gradient check's planted wrong derivative is the right one",
           "d_tanh=lambda h: 1 - h)", "d_tanh=lambda h: 1 - h**2)"),
    Mutant("nonlinear_two_moons", "XOR labels made AND",
           "np.array([0.0, 1.0, 1.0, 0.0])", "np.array([0.0, 0.0, 0.0, 1.0])"),
    Mutant("nonlinear_two_moons", "swapped keys: XOR's best line reported for the moons and back",
           'line["XOR"][0], line["two moons"][0]', 'line["two moons"][0], line["XOR"][0]'),
    Mutant("nonlinear_two_moons", "swapped labels of the moons",
           "y_moons = np.repeat([0.0, 1.0], n_per_class)", "y_moons = np.tile([0.0, 1.0], n_per_class)"),
    Mutant("nonlinear_two_moons", "the output gradient of a sigmoid with the wrong sign",
           "g_z = (0.5 + 0.5 * np.tanh(z / 2) - y) / len(y)", "g_z = (y - 0.5 - 0.5 * np.tanh(z / 2)) / len(y)"),
    Mutant("nonlinear_two_moons", "the network's predictions use ReLU instead of tanh",
           "predict = {name: (lambda P, p=p: (np.tanh(P @ p[0] + p[1]) @ p[2] + p[3] > 0).astype(float))",
           "predict = {name: (lambda P, p=p: (np.maximum(P @ p[0] + p[1], 0) @ p[2] + p[3] > 0).astype(float))"),
    # numerics_float_saturation: where tanh rounds to 1.0 and its gradient is exactly 0
    Mutant("numerics_float_saturation", "float32 derivative computed in float64",
           "y32 = np.tanh(x.astype(np.float32))", "y32 = np.tanh(x)"),
    Mutant("numerics_float_saturation", "derivative as the stable sech^2 (never exactly 0)",
           "gradient64 = 1 - np.tanh(x) ** 2", "gradient64 = 1 / np.cosh(x) ** 2"),
    Mutant("numerics_float_saturation", "threshold without the +2: ln(2^p)/2",
           "threshold_float64 = (53 + 2) / 2 * math.log(2)", "threshold_float64 = 53 / 2 * math.log(2)"),
    Mutant("numerics_float_saturation", "float32 threshold with one significand bit too many (25)",
           "threshold_float32 = (24 + 2) / 2 * math.log(2)", "threshold_float32 = (25 + 2) / 2 * math.log(2)"),
    Mutant("numerics_float_saturation", "NumPy's float64 threshold searched on a float32 grid",
           "numpy_ones_from_float64 = float(grid64[np.argmax(np.tanh(grid64) == 1)])",
           "numpy_ones_from_float64 = float(grid64[np.argmax(np.tanh(grid64.astype(np.float32)) == 1)])"),
    Mutant("numerics_float_saturation", "exact derivative with a wrong factor (2 instead of 4)",
           "exact_gradient = 4 * np.exp(-2 * x)", "exact_gradient = 2 * np.exp(-2 * x)"),
    # numerics_overflow_accuracy: four ways to compute tanh and their accuracy
    Mutant("numerics_overflow_accuracy", "float32 forms computed in float64",
           "errors32[name] = np.abs(form(x32).astype(np.float64) - reference32) / reference32",
           "errors32[name] = np.abs(form(x32.astype(np.float64)) - reference32) / reference32"),
    Mutant("numerics_overflow_accuracy", "naive formula swapped for the stable one",
           "    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))", "    return np.tanh(x)"),
    Mutant("numerics_overflow_accuracy", "expm1 replaced by exp - 1",
           "e = np.expm1(-2 * np.abs(x))", "e = np.exp(-2 * np.abs(x)) - 1"),
    Mutant("numerics_overflow_accuracy", "sigmoid form with the wrong scale (sigma(x) instead of sigma(2x))",
           "return 2 / (1 + np.exp(-2 * x)) - 1", "return 2 / (1 + np.exp(-x)) - 1"),
    Mutant("numerics_overflow_accuracy", "expm1 form with a sign error",
           "return -np.sign(x) * e / (2 + e)", "return np.sign(x) * e / (2 + e)"),
    Mutant("numerics_overflow_accuracy", "float64 reference is the sigmoid form",
           "reference64 = via_expm1(x64)", "reference64 = via_sigmoid(x64)"),
]
# fmt: on


def check_table(mutants: list[Mutant]) -> list[str]:
    """One line per stale mutant: its example is missing or its old text does not occur exactly once."""
    problems = []
    for m in mutants:
        path = ROOT / "examples" / f"{m.stem}.py"
        if not path.exists():
            problems.append(f"mutant {m.stem!r} ({m.why}): examples/{m.stem}.py does not exist")
            continue
        count = path.read_text(encoding="utf-8").count(m.old)
        if count != 1 or m.old == m.new:
            problems.append(f"mutant {m.stem!r} ({m.why}): its old text occurs {count} times in examples/{m.stem}.py"
                            + (" (or equals its new text)" if count == 1 else "") + "; the table is stale")
    return problems


def selected_tests(stem: str) -> list[str]:
    """Node ids of the tests that name `stem` in quotes, and the example's plain-script run."""
    ids = [f"tests/test_examples.py::test_runs_as_plain_script[{stem}]"]
    quoted = (f'"{stem}"', f"'{stem}'")
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        scopes = [(tree, "")] + [(c, c.name + "::") for c in tree.body if isinstance(c, ast.ClassDef)]
        for scope, prefix in scopes:
            for node in scope.body:
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                    source = "\n".join(text.splitlines()[first - 1: node.end_lineno])
                    if any(q in source for q in quoted):
                        ids.append(f"tests/{path.name}::{prefix}{node.name}")
    return ids


def claims_of_tests() -> tuple[list[str], dict[str, list[str]]]:
    """claims.yml: the claim ids, and test node id -> the ids of the claims that list it."""
    import yaml

    ledger = yaml.safe_load((ROOT / "claims.yml").read_text(encoding="utf-8"))["claims"]
    out: dict[str, list[str]] = {}
    for claim in ledger:
        for test in claim["tests"]:
            out.setdefault(test, []).append(str(claim["id"]))
    return [str(c["id"]) for c in ledger], out


IGNORED = shutil.ignore_patterns(".git", ".cache", "site", ".venv", ".ci-venv", "screenshots", "__pycache__",
                                 ".pytest_cache", "*.pyc")


def make_copy(base: Path) -> Path:
    """A copy of the repository without its caches, generated output and git history."""
    copy = Path(tempfile.mkdtemp(prefix="copy-", dir=base))
    for item in ROOT.iterdir():
        if IGNORED(str(ROOT), [item.name]):
            continue
        (shutil.copytree(item, copy / item.name, ignore=IGNORED) if item.is_dir() else shutil.copy2(item, copy / item.name))
    return copy


def run_tests(copy: Path, ids: list[str], base: Path) -> tuple[dict[str, bool], str]:
    """Run `ids` in `copy`; returns {node id: passed} and pytest's output."""
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=base))
    report = scratch / "report.xml"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider", "--basetemp", str(scratch / "tmp"),
         f"--junitxml={report}", *ids],
        cwd=copy, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=900,
    )
    outcomes: dict[str, bool] = {}
    if report.exists():
        for case in ET.parse(report).iter("testcase"):
            module = case.get("classname", "").split(".")
            path = "/".join(module[:2]) + ".py"  # tests.test_x[.Class]
            node = "::".join([path, *module[2:], case.get("name", "")])
            outcomes[node] = not any(child.tag in ("failure", "error") for child in case)
    shutil.rmtree(scratch, ignore_errors=True)
    if proc.returncode not in (0, 1) or not outcomes:
        raise RuntimeError(f"pytest ended with exit code {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return outcomes, proc.stdout


def plain(node: str) -> str:
    """A node id without its parameters."""
    return node.split("[", 1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stems", nargs="*", help="only the mutants of these examples")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once (default: cores)")
    parser.add_argument("--no-coverage", action="store_true",
                        help="report examples and claims without a caught mutant, but do not fail for them")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    stale = check_table(MUTANTS)
    if stale:
        print("\n".join(stale))
        return 2
    stems = sorted(p.stem for p in (ROOT / "examples").glob("*.py") if not p.name.startswith("_"))
    unknown = sorted(set(args.stems) - set(stems))
    if unknown:
        parser.error(f"no example named {', '.join(unknown)}")
    chosen = [m for m in MUTANTS if not args.stems or m.stem in args.stems]
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"{len(chosen)} mutants, {args.jobs} at a time{load}", flush=True)

    base = Path(tempfile.mkdtemp(prefix="tanh-mutants-"))
    copies: queue.Queue = queue.Queue()
    selection = {stem: selected_tests(stem) for stem in {m.stem for m in chosen}}

    def run(m: Mutant) -> tuple[str, list[str]]:
        try:
            copy = copies.get_nowait()
        except queue.Empty:
            copy = make_copy(base)
        target = copy / "examples" / f"{m.stem}.py"
        original = target.read_text(encoding="utf-8")
        try:
            target.write_text(original.replace(m.old, m.new), encoding="utf-8")
            outcomes, _ = run_tests(copy, selection[m.stem], base)
        finally:
            target.write_text(original, encoding="utf-8")
            copies.put(copy)
        failed = sorted(node for node, ok in outcomes.items() if not ok)
        script_run = f"tests/test_examples.py::test_runs_as_plain_script[{m.stem}]"
        if script_run not in outcomes:
            raise RuntimeError(f"{script_run} did not run: has the test been renamed?")
        if script_run in failed:
            return "TRIVIAL", failed
        return ("CAUGHT" if failed else "MISSED"), failed

    results: dict[Mutant, tuple[str, list[str]]] = {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {m: pool.submit(run, m) for m in chosen}
            for i, m in enumerate(chosen, 1):
                verdict, failed = results[m] = futures[m].result()
                caught_by = ", ".join(n.removeprefix("tests/") for n in failed) if verdict == "CAUGHT" else ""
                print(f"{i:3d} {verdict:7s} {m.stem}: {m.why}" + (f"  <- {caught_by}" if caught_by else ""), flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    caught = [m for m in chosen if results[m][0] == "CAUGHT"]
    print(f"\nscore: {len(caught)}/{len(chosen)} caught ({100 * len(caught) / max(1, len(chosen)):.0f} %), "
          f"{sum(results[m][0] == 'TRIVIAL' for m in chosen)} trivial (crashes), "
          f"{sum(results[m][0] == 'MISSED' for m in chosen)} missed")
    per_stem = {s: sum(m.stem == s for m in caught) for s in (args.stems or stems)}
    print("caught mutants per example: " + ", ".join(f"{s} {n}" for s, n in per_stem.items()))
    bare = [s for s, n in per_stem.items() if n == 0]
    every_claim, claims = claims_of_tests()
    covered = {c for m in caught for node in results[m][1] for c in claims.get(plain(node), [])}
    uncovered = [c for c in every_claim if c not in covered]
    if bare:
        print(f"examples without a caught mutant: {', '.join(bare)}")
    print(f"claims no caught mutant covers: {', '.join(uncovered) or 'none'}")
    cpu = ""
    if hasattr(os, "times"):  # the CPU time of the pytest runs and the examples they ran (0 where not reported)
        spent = os.times().children_user + os.times().children_system
        cpu = f", {spent:.0f} s of CPU in the test runs ({spent / (os.cpu_count() or 1):.0f} s on {os.cpu_count()} idle cores)"
    print(f"time: {time.perf_counter() - start:.0f} s{cpu}")
    ok = len(caught) == len(chosen)
    if not args.stems and not args.no_coverage:
        ok = ok and not bare and not uncovered
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
