"""The build's runner: cache hits, re-runs on change, and loud failures."""

from __future__ import annotations

import json
import math
import os
import textwrap
import time
from pathlib import Path

import pytest
from sitebuild import background, runner
from sitebuild.project import SettingsError, settings

GOOD = textwrap.dedent(
    '''\
    # %% [markdown]
    """A tiny example"""

    # %%
    # Compute and plot
    import matplotlib.pyplot as plt
    answer = 42
    print("hello")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    plt.show()
    '''
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path):
    examples = tmp_path / "examples"
    examples.mkdir()
    return examples, tmp_path / "cache"


def test_second_run_hits_the_cache_and_one_byte_reruns(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    first = runner.run_examples([script], cache, workers=1)
    assert first["tiny_good"].ran
    assert first["tiny_good"].values() == {"answer": 42}
    assert len(first["tiny_good"].figures) == 1
    second = runner.run_examples([script], cache, workers=1)
    assert not second["tiny_good"].ran, "an unchanged example must not run again"
    assert second["tiny_good"].folder == first["tiny_good"].folder
    script.write_text(GOOD.replace("42", "43"), encoding="utf-8")  # a one-byte change
    third = runner.run_examples([script], cache, workers=1)
    assert third["tiny_good"].ran and third["tiny_good"].values() == {"answer": 43}


def test_outputs_are_byte_identical_between_runs(project, tmp_path):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    a = runner.run_examples([script], cache, workers=1)["tiny_good"]
    b = runner.run_examples([script], tmp_path / "other-cache", workers=1)["tiny_good"]
    for name in ("figures/1.svg", "values.json", "notebook.ipynb", "stdout.txt"):
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes(), name


def test_explorer_inputs_reach_the_page_as_the_same_doubles(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD.replace("answer = 42", "import numpy as np\nanswer = 42\n"
                                                          "explorer_inputs = {'w': np.eye(2) / 3, 'n': 7}"))
    entry = runner.run_examples([script], cache, workers=1)["tiny_good"]
    assert json.loads(entry.explorer.read_text(encoding="utf-8")) == {"n": 7.0, "w": [[1 / 3, 0.0], [0.0, 1 / 3]]}
    plain = runner.run_examples([write(examples, "tiny_plain.py", GOOD)], cache, workers=1)["tiny_plain"]
    assert plain.explorer is None


def test_notebook_has_the_outputs_of_the_same_run(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    entry = runner.run_examples([script], cache, workers=1)["tiny_good"]
    nb = json.loads(entry.notebook.read_text(encoding="utf-8"))
    assert nb["cells"][0]["cell_type"] == "markdown"
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert any("".join(o.get("text", "")) == "hello\n" for o in outputs)
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)


def test_raising_example_stops_with_name_line_and_is_not_cached(project):
    examples, cache = project
    bad = write(examples, "tiny_bad.py", GOOD.replace("answer = 42", "answer = 1 / 0"))
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([bad], cache, workers=1)
    message = str(info.value)
    assert "tiny_bad.py" in message and "ZeroDivisionError" in message
    assert f'{bad}", line 7' in message, message
    assert not [p for p in cache.iterdir()], "nothing of a failed run is cached"


def test_warning_in_example_is_an_error(project):
    examples, cache = project
    bad = write(examples, "tiny_warn.py", GOOD.replace("answer = 42", "import numpy as np\nanswer = np.log(0.0)"))
    with pytest.raises(runner.ExampleFailed, match="RuntimeWarning"):
        runner.run_examples([bad], cache, workers=1)


def test_hanging_example_is_stopped_at_the_timeout(project):
    examples, cache = project
    slow = write(examples, "tiny_slow.py", GOOD.replace("answer = 42", "import time\ntime.sleep(60)"))
    start = time.monotonic()
    with pytest.raises(runner.ExampleFailed, match=r"examples/tiny_slow.py(:\d+)?: still running after the 1 s timeout"):
        runner.run_examples([slow], cache, workers=1, timeout=1)
    assert time.monotonic() - start < 20


def test_raising_example_is_one_line_naming_its_file_and_line(project):
    """Issue 19: the first line is examples/<stem>.py:<line>: <Type>: <message>, the line
    of the example where it raised (inside a function of the example: that line, not the
    call), then the example's part of the traceback."""
    examples, cache = project
    bad = write(examples, "tiny_bad.py", GOOD.replace(
        "answer = 42", "def ratio(a, b):\n    return a / b\n\nanswer = ratio(1, 0)"
    ))
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([bad], cache, workers=1)
    first, *rest = str(info.value).splitlines()
    assert first == "examples/tiny_bad.py:8: ZeroDivisionError: division by zero"
    assert f'File "{bad}", line 10, in <module>' in "\n".join(rest)


def test_hanging_example_names_the_line_it_was_at_and_the_setting(project):
    """Issue 19: an example stopped at the timeout is named with the line it was running
    (from its stack just before it was stopped), and the message names the setting."""
    examples, cache = project
    slow = write(examples, "tiny_slow.py", GOOD.replace(
        "answer = 42", "import time\n\ndef settle():\n    time.sleep(60)\n\nsettle()"
    ))
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([slow], cache, workers=1, timeout=4)
    lines = str(info.value).splitlines()
    assert lines[0] == (
        "examples/tiny_slow.py:10: still running after the 4 s timeout (extra: examples: timeout in mkdocs.yml), "
        "so it was stopped with all its processes"
    )
    assert lines[1:] == [
        "    it was at (innermost last):",
        "      line 12 in <module>: settle()",
        "      line 10 in settle: time.sleep(60)",
    ]
    assert not list(cache.glob("*.stack")) and not [p for p in cache.iterdir()]


def test_example_without_figure_or_calling_exit_fails(project):
    examples, cache = project
    nofig = write(examples, "tiny_nofig.py", '"""No figure"""\nanswer = 1\n')
    leaves = write(examples, "tiny_exit.py", GOOD.replace("answer = 42", "import sys\nsys.exit(3)"))
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([nofig, leaves], cache, workers=2)
    assert "tiny_nofig.py made no figure" in str(info.value)
    assert "examples/tiny_exit.py:8: called sys.exit(3)" in str(info.value)


def test_example_whose_process_dies_says_how_to_see_why(project):
    """A process that ends without reporting (here os._exit, as a crash in C would) is named,
    with its exit code and the command that shows its output."""
    examples, cache = project
    bad = write(examples, "tiny_crash.py", GOOD.replace("answer = 42", "import os\nos._exit(3)"))
    with pytest.raises(runner.ExampleFailed, match=r"^examples/tiny_crash.py: .*exit code 3 .*`python examples/tiny_crash.py`"):
        runner.run_examples([bad], cache, workers=1)
    assert not list(cache.glob("tiny_crash-*"))


def test_damaged_cache_entry_is_run_again(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    entry = runner.run_examples([script], cache, workers=1)["tiny_good"]
    (entry.folder / "values.json").write_text('{"answer": 4', encoding="utf-8")  # truncated
    again = runner.run_examples([script], cache, workers=1)["tiny_good"]
    assert again.ran and again.values() == {"answer": 42}


def test_cache_key_covers_script_and_environment(project):
    examples, _ = project
    script = write(examples, "tiny_good.py", GOOD)
    key = runner.cache_key(script, "env-a")
    assert runner.cache_key(script, "env-a") == key
    assert runner.cache_key(script, "env-b") != key
    script.write_text(GOOD + "\n", encoding="utf-8")
    assert runner.cache_key(script, "env-a") != key


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (GOOD.replace("answer = 42", "answer = (42"), r"tiny_bad\.py:7: syntax error"),
        (GOOD.replace("answer = 42", "open('out.txt', 'w').write('x')\nanswer = 42"),
         r"tiny_bad\.py wrote files into its working directory \(out\.txt\)"),
        (GOOD.replace("answer = 42", "import urllib.request\nurllib.request.urlopen('http://example.org')"),
         r"examples may not use the network"),
        (GOOD.replace("answer = 42", "import socket\nsocket.create_connection(('127.0.0.1', 9))"),
         r"examples may not use the network"),
        (GOOD.replace("answer = 42", "explorer_inputs = {'w': [1.0, float('nan')]}"),
         r"tiny_bad\.py: explorer_inputs\['w'\] holds nan or inf"),
        (GOOD.replace("answer = 42", "explorer_inputs = {'w': 'fast'}"),
         r"tiny_bad\.py: explorer_inputs\['w'\] is a str; explorer inputs are numbers"),
        (GOOD.replace("answer = 42", "explorer_inputs = [1.0]"),
         r"tiny_bad\.py: `explorer_inputs` must be a dict"),
    ],
    ids=["syntax-error", "writes-files", "network-url", "network-socket", "explorer-nan", "explorer-text",
         "explorer-not-a-dict"],
)
def test_bad_examples_give_clear_errors(project, source, message):
    examples, cache = project
    bad = write(examples, "tiny_bad.py", source)
    with pytest.raises(runner.ExampleFailed, match=message):
        runner.run_examples([bad], cache, workers=1)


def test_non_utf8_example_is_reported(project):
    examples, cache = project
    bad = examples / "tiny_latin1.py"
    bad.write_bytes(GOOD.replace("hello", "h\xe9llo").encode("latin-1"))
    with pytest.raises(runner.ExampleFailed, match=r"tiny_latin1\.py: not UTF-8 text"):
        runner.run_examples([bad], cache, workers=1)


def test_split_cells_gives_the_notebook_and_each_code_cells_first_line(project):
    examples, _ = project
    script = write(examples, "tiny_good.py", GOOD)
    notebook, cells = runner.split_cells(script)
    nb = json.loads(notebook)
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code"]
    assert nb["cells"][1]["source"].startswith("# Compute and plot")
    assert cells == [(1, 5)], "cell 1 starts on line 5 of the file"


def test_split_cells_names_the_file_when_jupytext_fails(project, monkeypatch):
    import jupytext

    def fail(text, fmt):
        raise ValueError("unexpected cell marker")

    monkeypatch.setattr(jupytext, "reads", fail)
    script = write(project[0], "tiny_good.py", GOOD)
    with pytest.raises(runner.ScriptError, match=r"tiny_good\.py: jupytext could not read it \(ValueError: unexpected"):
        runner.split_cells(script)


def test_examples_that_cannot_be_split_fail_and_the_others_still_run(project):
    """The build process splits each example into cells (runner.split_cells) before its
    process starts: a file it cannot split fails there, with the same message, and the
    other examples run and are cached."""
    examples, cache = project
    syntax = write(examples, "tiny_syntax.py", GOOD.replace("answer = 42", "answer = (42"))
    latin = examples / "tiny_latin1.py"
    latin.write_bytes(GOOD.replace("hello", "h\xe9llo").encode("latin-1"))
    good = write(examples, "tiny_good.py", GOOD)
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([syntax, latin, good], cache, workers=1)
    message = str(info.value)
    assert message.startswith("2 examples failed:\n"), message
    assert f"{syntax}:7: syntax error" in message and f"{latin}: not UTF-8 text" in message
    assert [p.name.rsplit("-", 1)[0] for p in cache.iterdir()] == ["tiny_good"]


DECLARED = GOOD.replace(
    "answer = 42",
    "import warnings\nimport numpy as np\n"
    "with warnings.catch_warnings():\n"
    "    warnings.filterwarnings('ignore', message='overflow encountered', category=RuntimeWarning)\n"
    "    answer = float(np.exp(np.float64(1000.0)))\n",
)


def test_declared_warning_is_allowed_and_only_that_one(project):
    examples, cache = project
    ok = write(examples, "tiny_declared.py", DECLARED)
    assert runner.run_examples([ok], cache, workers=1)["tiny_declared"].values()["answer"] == math.inf
    other = write(examples, "tiny_other.py", DECLARED.replace("np.exp(np.float64(1000.0))", "np.log(np.float64(0.0))"))
    with pytest.raises(runner.ExampleFailed, match="divide by zero"):
        runner.run_examples([other], cache, workers=1)


def test_timeout_ends_the_whole_process_tree(project, tmp_path):
    examples, cache = project
    pid_file = tmp_path / "grandchild.pid"
    source = GOOD.replace(
        "answer = 42",
        f"import subprocess, time\np = subprocess.Popen(['sleep', '60'])\n"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))\ntime.sleep(60)",
    )
    slow = write(examples, "tiny_tree.py", source)
    with pytest.raises(runner.ExampleFailed, match="timeout"):
        runner.run_examples([slow], cache, workers=1, timeout=2)
    pid = int(pid_file.read_text(encoding="utf-8"))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and process_running(pid):
        time.sleep(0.1)
    assert not process_running(pid), "the example's own child process survived the timeout"


def process_running(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.parametrize("damage", ["truncate-svg", "delete-values", "delete-manifest", "edit-notebook"])
def test_every_kind_of_damage_is_detected(project, damage):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    folder = runner.run_examples([script], cache, workers=1)["tiny_good"].folder
    if damage == "truncate-svg":
        svg = folder / "figures" / "1.svg"
        svg.write_bytes(svg.read_bytes()[:100])
    elif damage == "delete-values":
        (folder / "values.json").unlink()
    elif damage == "delete-manifest":
        (folder / "manifest.json").unlink()
    else:
        nb = folder / "notebook.ipynb"
        nb.write_text(nb.read_text(encoding="utf-8").replace("hello", "HELLO"), encoding="utf-8")
    assert not runner.verified(folder)
    again = runner.run_examples([script], cache, workers=1)["tiny_good"]
    assert again.ran and runner.verified(again.folder)


def test_stale_temporary_folders_of_killed_builds_are_removed(project):
    """A run's temporary folder older than the timeout (and a minute) belongs to no running
    build and is removed; a recent one may be another build's and is kept."""
    examples, cache = project
    cache.mkdir()
    dead = cache / ".tmp-tiny_good-abc-deadbeef"
    dead.mkdir()
    (dead / "values.json").write_text("{", encoding="utf-8")
    old = time.time() - 200
    os.utime(dead, (old, old))
    alive = cache / ".tmp-tiny_good-abc-cafef00d"  # a build that still runs
    alive.mkdir()
    runner.run_examples([write(examples, "tiny_good.py", GOOD)], cache, workers=1, timeout=30)
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize("start_method", ["forkserver", "spawn"])
def test_both_start_methods_give_the_same_bytes(project, tmp_path, start_method):
    """The portable path (a fresh Python per example) and the POSIX forkserver write the
    same entry, byte for byte, and report a failure the same way."""
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    ours = runner.run_examples([script], cache, workers=1, start_method=start_method)["tiny_good"]
    other = "spawn" if start_method == "forkserver" else "forkserver"
    theirs = runner.run_examples([script], tmp_path / "other", workers=1, start_method=other)["tiny_good"]
    assert ours.ran and theirs.ran
    assert {p.name: p.read_bytes() for p in ours.folder.rglob("*") if p.is_file()} == {
        p.name: p.read_bytes() for p in theirs.folder.rglob("*") if p.is_file()
    }
    broken = write(examples, "tiny_broken.py", GOOD.replace("answer = 42", "answer = 1 / 0"))
    with pytest.raises(runner.ExampleFailed, match="^examples/tiny_broken.py:7: ZeroDivisionError"):
        runner.run_examples([broken], cache, workers=1, start_method=start_method)


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_forkserver_is_refused_where_it_cannot_work_and_spawn_is_the_default(monkeypatch, tmp_path, platform):
    """Windows has no fork; on macOS a process that used Accelerate must not fork. There the
    build takes spawn by itself, and a forkserver setting stops it naming mkdocs.yml."""
    monkeypatch.setattr("sys.platform", platform)
    assert settings({}, tmp_path)["start_method"] == "spawn"
    with pytest.raises(SettingsError, match=r"^mkdocs.yml: .*start_method: forkserver.* does not work on"):
        settings({"start_method": "forkserver"}, tmp_path)
    monkeypatch.setattr("sys.platform", "linux")
    assert settings({}, tmp_path)["start_method"] == "forkserver"


def test_background_run_hands_out_each_entry_when_it_is_ready(project, tmp_path):
    """A cached entry is handed out while another example still runs (it waits on a gate
    file that the test creates only afterwards); a failed example raises when asked for."""
    examples, cache = project
    cached = write(examples, "tiny_cached.py", GOOD)
    runner.run_examples([cached], cache, workers=1)
    gate = tmp_path / "gate"
    gated = write(examples, "tiny_gated.py", GOOD.replace(
        "answer = 42", f"import pathlib, time\nwhile not pathlib.Path({str(gate)!r}).exists():\n    time.sleep(0.05)\nanswer = 42"
    ))
    broken = write(examples, "tiny_broken.py", GOOD.replace("answer = 42", "answer = 1 / 0"))
    run = background.BackgroundRun([cached, gated, broken], cache, workers=2, timeout=60, start_method="forkserver")
    assert set(run.pending) == {"tiny_gated", "tiny_broken"}
    assert not run.wait(iter(["tiny_cached"]))["tiny_cached"].ran  # while tiny_gated is blocked
    gate.touch()
    assert run.wait(["tiny_gated"])["tiny_gated"].values() == {"answer": 42}
    with pytest.raises(runner.ExampleFailed, match="^examples/tiny_broken.py:7: ZeroDivisionError: division by zero\n"):
        run.wait(["tiny_broken"])
    with pytest.raises(runner.ExampleFailed, match="^examples/tiny_broken.py:7: ZeroDivisionError"):
        run.finish()
    with pytest.raises(ValueError, match="nope"):
        run.wait(["nope"])


def test_waits_for_names_and_the_notebook_of_a_running_example(tmp_path):
    pending = {"shape_curves": tmp_path / "shape_curves-abc", "gradient_slopes": tmp_path / "gradient_slopes-def"}
    page = "See ![a](figures/shape_curves-1.svg) and {{ shape_curves.crossover:.2f }}; not shape_curvesX."
    assert background.waits_for(pending, page) == {"shape_curves"}
    assert background.waits_for(pending, "no example here") == set()
    notebook = str(tmp_path / "gradient_slopes-def" / "notebook.ipynb")
    assert background.waits_for(pending, "", notebook) == {"gradient_slopes"}
