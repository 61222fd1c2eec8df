"""The claims ledger (claims.yml) and the page generated from it: every claim of the source
notes is listed, has a test that exists, and links to a section that exists."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT, TINY, mkdocs_build, small_project
from sitebuild import claims

# The claims of the source notes (shared/reference/source-notes.md), by the ledger's ids:
# A1-A6 are the six numbered intuitions, A+ the closing remark that tanh "regularises"
# RNNs, B1-B5 the five reasons for tanh over the sigmoid, B6 the closing remark on
# binary-classification outputs.
NOTES_CLAIMS = ["A1", "A2", "A3", "A4", "A5", "A6", "A+", "B1", "B2", "B3", "B4", "B5", "B6"]
# X1-X6: the topics the ledger adds (LSTM/GRU, numerics, LeCun's scaled tanh, Glorot's gain,
# the audio waveshaper, GELU and the rectifiers); the site makes these claims too.
LEDGER_TOPICS = ["X1", "X2", "X3", "X4", "X5", "X6"]
MARKER = re.compile(r"\{\{.*?\}\}")


@pytest.fixture(scope="module")
def ledger():
    return claims.load(ROOT / "claims.yml")


def test_every_claim_of_the_notes_is_listed(ledger):
    assert [c["id"] for c in ledger] == NOTES_CLAIMS + LEDGER_TOPICS


def claim_tests(root) -> set[str]:
    """Node ids of the tests that assert a claim on an example's values: every test
    function under ``root/tests`` that takes the ``values`` fixture."""
    found = set()
    for path in sorted((root / "tests").glob("test_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                if "values" in [a.arg for a in node.args.args]:
                    found.add(f"{path.relative_to(root).as_posix()}::{node.name}")
    return found


# Tests that take ``values`` to check the build's handling of an example's output (its
# audio files), not a claim the pages make; and an explorer's tests, which check that the
# page's JavaScript reads out what its example computed.
BUILD_TESTS = {
    "tests/test_audio.py::test_soft_clipper_clips_are_small_and_match_the_example",
    "tests/test_audio.py::test_limiter_clips_exist",
}
EXPLORER_TESTS = "tests/test_explorer_"


def test_every_claim_test_is_listed_under_a_claim(ledger):
    listed = {test.split("[", 1)[0] for claim in ledger for test in claim["tests"]}
    unlinked = sorted(t for t in claim_tests(ROOT) - listed - BUILD_TESTS if not t.startswith(EXPLORER_TESTS))
    assert not unlinked, "tests that assert a claim but are listed under none in claims.yml:\n" + "\n".join(unlinked)


def test_every_claim_lists_a_test(ledger):
    missing = [c["id"] for c in ledger if not c["tests"]]
    assert not missing, f"claims with no test: {missing}"


def test_every_listed_test_exists(ledger):
    problems = [p for p in claims.problems(ledger, ROOT) if "test '" in p]
    assert not problems, "\n".join(problems)


def test_every_claim_links_to_an_existing_section(ledger):
    problems = [p for p in claims.problems(ledger, ROOT) if "page" in p]
    assert not problems, "\n".join(problems)


def test_statements_type_no_measured_numbers(ledger):
    for claim in ledger:
        text = MARKER.sub("", claim["statement"])
        typed = re.findall(r"\d+\.\d{2,}|\d+e-?\d+", text)
        assert not typed, f"{claim['id']}: quote measured numbers with {{{{ stem.value }}}} markers, not {typed}"


def test_verdicts_and_fields_are_checked(tmp_path):
    bad = tmp_path / "claims.yml"
    bad.write_text("claims:\n  - id: A1\n    notes: n\n    verdict: sort of\n    statement: s\n    page: ''\n    tests: []\n", encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="verdict 'sort of'"):
        claims.load(bad)
    bad.write_text("claims:\n  - id: A1\n    notes: n\n", encoding="utf-8")
    with pytest.raises(claims.ClaimsError, match="missing fields 'verdict', 'statement', 'page', 'tests'"):
        claims.load(bad)


GOOD_CLAIM = "  - id: A1\n    notes: n\n    verdict: holds\n    statement: s\n    page: ''\n    tests: []\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # an unclosed quote: the scanner only notices at the end of the file
        (
            "claims:\n" + GOOD_CLAIM.replace("notes: n", 'notes: "n'),
            "claims.yml:8:1: YAML syntax error: found unexpected end of stream "
            "(while scanning a quoted scalar that starts at line 3); check the quotes and the indentation there",
        ),
        # a field indented one space short
        (
            "claims:\n" + GOOD_CLAIM.replace("    verdict", "   verdict"),
            "claims.yml:4:4: YAML syntax error: ",
        ),
        (
            "claims:\n" + GOOD_CLAIM.replace("verdict:", "verdikt:"),
            "claims.yml: claim A1: unknown field 'verdikt' (did you mean 'verdict'?); missing field 'verdict' "
            "(each claim has exactly: id, notes, verdict, statement, page, tests)",
        ),
        (
            "claims:\n" + GOOD_CLAIM.replace("    tests: []\n", ""),
            "claims.yml: claim A1: missing field 'tests' (each claim",
        ),
        (
            "claims:\n" + GOOD_CLAIM + "    source: x\n",
            "claims.yml: claim A1: unknown field 'source' (each claim",
        ),
    ],
    ids=["unclosed-quote", "bad-indent", "misspelt-field", "missing-field", "extra-field"],
)
def test_malformed_ledger_is_one_line_naming_the_place(tmp_path, text, message):
    """Issue 19: a YAML syntax error names the file, line and column; a wrong field names
    that field (not the whole list of fields), in one line."""
    bad = tmp_path / "claims.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(claims.ClaimsError) as info:
        claims.load(bad)
    assert str(info.value).startswith(message), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("claims:\n" + GOOD_CLAIM.replace("notes: n", 'notes: "n'), "ERROR   -  claims.yml:8:1: YAML syntax error: "),
        (
            "claims:\n" + GOOD_CLAIM.replace("verdict:", "verdikt:"),
            "ERROR   -  claims.yml: claim A1: unknown field 'verdikt' (did you mean 'verdict'?)",
        ),
    ],
    ids=["yaml", "field"],
)
def test_malformed_ledger_stops_the_build_with_one_line(tmp_path, text, message):
    """The build shows the message alone: no traceback, no "Error reading page 'claims.md'"."""
    config = small_project(tmp_path, "# T\n", TINY)
    (tmp_path / "docs" / "claims.md").write_text(f"# Claims\n\n{claims.PLACEHOLDER}\n", encoding="utf-8")
    (tmp_path / "claims.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and errors[0].startswith(message), result.stderr
    assert "Traceback" not in result.stderr and "Error reading page" not in result.stderr, result.stderr


def test_problems_names_missing_tests_and_sections(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_real():\n    pass\n\nclass TestX:\n    def test_m(self):\n        pass\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text("# Page\n\n## The experiment\n\n```\n## not a heading\n```\n", encoding="utf-8")
    ledger = [
        {"id": "A1", "tests": ["tests/test_a.py::test_real", "tests/test_a.py::TestX::test_m[1]"], "page": "p.md#the-experiment"},
        {"id": "A2", "tests": ["tests/test_a.py::test_gone"], "page": "p.md#not-a-heading"},
        {"id": "A3", "tests": [], "page": ""},
    ]
    assert claims.problems(ledger, tmp_path) == [
        "A2: test 'tests/test_a.py::test_gone' does not exist",
        "A2: page section 'p.md#not-a-heading' does not exist",
        "A3: lists no test",
        "A3: links to no page section",
    ]


def test_page_lists_every_claim_with_its_tests(ledger):
    page = (ROOT / "docs" / "claims.md").read_text(encoding="utf-8")
    assert claims.PLACEHOLDER in page, "docs/claims.md must keep the placeholder the hook fills"
    body = claims.render(ledger, ROOT / "docs")
    for claim in ledger:
        assert f"{{ #{claims.anchor_of(claim['id'])} }}" in body
        for test in claim["tests"]:
            assert f"`{test}`" in body
        if claim["page"]:
            assert f"]({claim['page']})" in body
    assert claims.anchor_of("A+") == "claim-a-plus"
