"""Every example runs as a plain script and keeps the example contract (DESIGN.md)."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import EXAMPLES, example_stems

STEMS = example_stems()


def test_there_are_examples():
    assert len(STEMS) >= 2, "examples/ should hold the site's examples"


@pytest.mark.parametrize("stem", STEMS)
def test_runs_as_plain_script(stem, example_runs):
    """A copy of the example, alone in an empty folder, runs as ``__main__`` with warnings
    as errors, shows figures, has values, and writes nothing beside itself."""
    run = example_runs(stem)
    assert run["figures"] >= 1, f"{stem}.py made no figure"
    assert run["files_left"] == [], f"{stem}.py wrote files into its working directory: {run['files_left']}"
    assert run["values"], f"{stem}.py has no module-level plain values to quote or test"


@pytest.mark.parametrize("stem", STEMS)
def test_run_alone_prints_what_it_found(stem, example_runs):
    """A reader who runs a copy sees results in the terminal, not only figures; an example
    with clips (module-level ``audio_<name>`` arrays) also says how to hear them."""
    stdout = example_runs(stem)["stdout"]
    assert stdout.strip(), f"{stem}.py printed nothing when run alone; print a few results"
    text = (EXAMPLES / f"{stem}.py").read_text(encoding="utf-8")
    if re.search(r"^audio_(?!rate\b)\w+ = ", text, re.MULTILINE):
        assert f"python {stem}.py --write-wav DIR" in stdout, f"{stem}.py has clips but does not say how to hear them"


@pytest.mark.parametrize("stem", STEMS)
def test_follows_the_example_contract(stem):
    path = EXAMPLES / f"{stem}.py"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert 20 <= len(lines) <= 120, f"{stem}.py has {len(lines)} lines; examples stay within 20-120"
    assert re.fullmatch(r"[a-z]+_[a-z0-9_]+", stem), "name examples <topic>_<what>.py"
    assert lines[0] == "# %% [markdown]", "the first line is '# %% [markdown]' so the docstring becomes the title cell"
    tree = ast.parse(text)
    doc = ast.get_docstring(tree)
    assert doc and doc.splitlines()[0].strip(), "the module docstring's first line is the title"
    cells = [i for i, line in enumerate(lines) if line.startswith("# %%")]
    assert len(cells) >= 3, "examples are split into '# %%' cells: parameters, compute, plot"
    for i in cells[1:]:
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if lines[i] == "# %%":
            assert nxt.startswith("# "), f"{stem}.py:{i + 2}: each code cell opens with a one-line comment"
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"numpy", "matplotlib", "math", "dataclasses", "itertools", "functools", "warnings", "wave", "io",
                        "sys"}, (
        f"{stem}.py imports {sorted(imported)}; examples use numpy, matplotlib and the standard library only"
    )
    if "random" in text:
        assert re.search(r"default_rng\(\s*\d+\s*\)", text), f"{stem}.py uses randomness without a fixed seed"
    assert text.count("plt.show()") >= 1, "each figure ends with plt.show()"
