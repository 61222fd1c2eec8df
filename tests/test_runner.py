"""The build's runner: cache hits, re-runs on change, and loud failures."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest
from sitebuild import runner

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
    path.write_text(text)
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
    script.write_text(GOOD.replace("42", "43"))  # a one-byte change
    third = runner.run_examples([script], cache, workers=1)
    assert third["tiny_good"].ran and third["tiny_good"].values() == {"answer": 43}


def test_outputs_are_byte_identical_between_runs(project, tmp_path):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    a = runner.run_examples([script], cache, workers=1)["tiny_good"]
    b = runner.run_examples([script], tmp_path / "other-cache", workers=1)["tiny_good"]
    for name in ("figures/1.svg", "values.json", "notebook.ipynb", "stdout.txt"):
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes(), name


def test_notebook_has_the_outputs_of_the_same_run(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    entry = runner.run_examples([script], cache, workers=1)["tiny_good"]
    nb = json.loads(entry.notebook.read_text())
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
    with pytest.raises(runner.ExampleFailed, match=r"tiny_slow.py: still running after the 1 s timeout"):
        runner.run_examples([slow], cache, workers=1, timeout=1)
    assert time.monotonic() - start < 20


def test_example_without_figure_or_calling_exit_fails(project):
    examples, cache = project
    nofig = write(examples, "tiny_nofig.py", '"""No figure"""\nanswer = 1\n')
    leaves = write(examples, "tiny_exit.py", GOOD.replace("answer = 42", "import sys\nsys.exit(3)"))
    with pytest.raises(runner.ExampleFailed) as info:
        runner.run_examples([nofig, leaves], cache, workers=2)
    assert "tiny_nofig.py made no figure" in str(info.value)
    assert "tiny_exit.py called sys.exit(3)" in str(info.value)


def test_damaged_cache_entry_is_run_again(project):
    examples, cache = project
    script = write(examples, "tiny_good.py", GOOD)
    entry = runner.run_examples([script], cache, workers=1)["tiny_good"]
    (entry.folder / "values.json").write_text('{"answer": 4')  # truncated
    again = runner.run_examples([script], cache, workers=1)["tiny_good"]
    assert again.ran and again.values() == {"answer": 42}


def test_cache_key_covers_script_and_environment(project):
    examples, _ = project
    script = write(examples, "tiny_good.py", GOOD)
    key = runner.cache_key(script, "env-a")
    assert runner.cache_key(script, "env-a") == key
    assert runner.cache_key(script, "env-b") != key
    script.write_text(GOOD + "\n")
    assert runner.cache_key(script, "env-a") != key
