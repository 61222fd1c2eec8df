"""The supported Python range: checked at the start of a build, stated where readers and pip see it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.utils import yaml_load

import python_version
from conftest import ROOT

STATED = "Python {}.{}.{} or newer".format(*python_version.MINIMUM)


@pytest.mark.parametrize("found", [(3, 11, 2), (3, 10, 12), (2, 7, 18)])
def test_too_old_a_python_stops_with_one_line_naming_it(found):
    with pytest.raises(PluginError) as caught:
        python_version.check(found, "/usr/bin/python3")
    message = str(caught.value)
    assert "\n" not in message
    assert "Python {}.{}.{}".format(*found) in message and "/usr/bin/python3" in message
    assert ">= 3.11.5" in message, message


@pytest.mark.parametrize("found", [(3, 11, 5), (3, 11, 7), (3, 12, 0), (3, 13, 1), (4, 0, 0)])
def test_a_supported_python_passes(found):
    python_version.check(found)


def test_the_check_runs_first_in_the_site_build():
    # MkDocs' own loader, which knows its !ENV tag.
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
        hooks = yaml_load(config)["hooks"]
    assert hooks[0] == "hooks/python_version.py"


def test_a_build_on_an_old_python_prints_one_error_line(tmp_path):
    # mkdocs as the reader runs it, with the Python it reports faked to 3.11.2 (Debian 12's).
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nhooks:\n  - {ROOT / 'hooks' / 'python_version.py'}\n", encoding="utf-8")
    script = textwrap.dedent(
        """\
        import sys
        class Old(tuple):
            major, minor, micro, releaselevel, serial = 3, 11, 2, "final", 0
        sys.version_info = Old((3, 11, 2, "final", 0))
        from mkdocs.__main__ import cli
        cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "mkdocs.yml"), str(tmp_path / "site")],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: Python 3.11.2 ({sys.executable}) is too old: this site needs Python >= 3.11.5 (README.md, Installing)"
    ], result.stderr
    assert not (tmp_path / "site").exists()


def test_the_range_is_stated_in_the_readme_and_every_requirements_file():
    assert STATED in (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("examples", "site", "test"):
        head = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines()[:3]
        assert any(STATED in line for line in head), f"requirements/{name}.txt does not state {STATED!r}"
