"""The claims ledger: read ``claims.yml``, check it against the site, render its page.

``claims.yml`` (repository root) holds one entry per claim of the source notes::

    - id: A1
      notes: "what the notes said, in our words"
      verdict: holds | holds with a caveat | misleading | wrong
      statement: "the precise statement (may quote values with {{ stem.value }} markers)"
      page: "zero-centred.md#the-experiment"   # the section that shows it
      tests: ["tests/test_x.py::test_name"]     # pytest node ids that assert it

``hooks/examples.py`` replaces the line :data:`PLACEHOLDER` of ``docs/claims.md`` with
:func:`render`; ``tests/test_claims.py`` fails on any of :func:`problems`.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

PLACEHOLDER = "<!-- claims-table: generated from claims.yml by hooks/examples.py -->"
TESTS_DIR = "claim-tests"  # generated: a page per test file, the source of the tests the claims list
VERDICTS = ("holds", "holds with a caveat", "misleading", "wrong")
FIELDS = ("id", "notes", "verdict", "statement", "page", "tests")
HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*(?:\{\s*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


class ClaimsError(ValueError):
    """claims.yml is malformed; the message names the claim and the field."""


def load(path: Path) -> list[dict]:
    """The claims in ``path``, in file order, each with every field of :data:`FIELDS`.

    Raises ClaimsError, in one line naming the file and the claim (or line and column),
    for a YAML syntax error, a missing or unknown field, a duplicate id, a verdict not in
    :data:`VERDICTS`, or ``tests`` that is not a list of strings.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ClaimsError(yaml_message(path.name, exc)) from None
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, list):
        raise ClaimsError(f"{path.name}: expected a top-level 'claims:' list")
    seen = set()
    for n, claim in enumerate(claims, start=1):
        where = f"{path.name}: claim {claim.get('id', f'#{n}') if isinstance(claim, dict) else f'#{n}'}"
        if not isinstance(claim, dict):
            raise ClaimsError(f"{where}: is a {type(claim).__name__}, not a mapping with the fields {', '.join(FIELDS)}")
        if set(claim) != set(FIELDS):
            raise ClaimsError(f"{where}: {field_problems(claim)}")
        if claim["id"] in seen:
            raise ClaimsError(f"{where}: duplicate id")
        seen.add(claim["id"])
        if claim["verdict"] not in VERDICTS:
            raise ClaimsError(f"{where}: verdict {claim['verdict']!r} is not one of {', '.join(VERDICTS)}")
        if not isinstance(claim["tests"], list) or not all(isinstance(t, str) for t in claim["tests"]):
            raise ClaimsError(f"{where}: 'tests' must be a list of node ids")
        claim["page"] = claim["page"] or ""
    return claims


def yaml_message(name: str, exc: yaml.YAMLError) -> str:
    """One line for a YAML syntax error: ``name:line:column: problem (context); what to do``
    (1-based, as editors count)."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else name
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark is not None and (mark is None or context_mark.line != mark.line):
        problem += f" ({context} that starts at line {context_mark.line + 1})"
    elif context:
        problem += f" ({context})"
    return f"{where}: YAML syntax error: {problem}; check the quotes and the indentation there"


def field_problems(claim: dict) -> str:
    """What is wrong with a claim's set of fields: the unknown ones (with the field they
    may have meant) and the missing ones."""
    parts = []
    unknown = [key for key in claim if key not in FIELDS]
    missing = [field for field in FIELDS if field not in claim]
    for key in unknown:
        guess = difflib.get_close_matches(str(key), missing or FIELDS, n=1)
        parts.append(f"unknown field {key!r}" + (f" (did you mean {guess[0]!r}?)" if guess else ""))
    if missing:
        parts.append(f"missing field{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}")
    return "; ".join(parts) + f" (each claim has exactly: {', '.join(FIELDS)})"


def _test_functions(source: str) -> dict:
    """The test functions of a test file's ``source`` by their name in a node id
    (``test_name``, ``TestClass::test_name``): ``{name: ast.FunctionDef}``."""
    module, found = ast.parse(source), {}
    for node in [module, *(n for n in module.body if isinstance(n, ast.ClassDef) and n.name.startswith("Test"))]:
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                found[item.name if node is module else f"{node.name}::{item.name}"] = item
    return found


def test_names(root: Path) -> set[str]:
    """Every test function under ``root/tests`` as a node id without parameters:
    ``tests/test_x.py::test_name`` and ``tests/test_x.py::TestClass::test_name``."""
    names = set()
    for path in sorted((Path(root) / "tests").glob("test_*.py")):
        rel = path.relative_to(root).as_posix()
        names |= {f"{rel}::{name}" for name in _test_functions(path.read_text(encoding="utf-8"))}
    return names


def _source_place(node_id: str) -> tuple[str, str]:
    """``tests/test_x.py::Class::test_y[a]`` -> ``("claim-tests/test_x.md", "Class-test_y")``:
    the generated page that shows the test's source, and its anchor there."""
    file, _, name = node_id.split("[", 1)[0].partition("::")
    return f"{TESTS_DIR}/{Path(file).stem}.md", name.replace("::", "-")


def test_page(node_id: str) -> str:
    """The link to a claim test's source: ``claim-tests/test_x.md#test_y``."""
    return "#".join(_source_place(node_id))


def test_pages(claims: list[dict], root: Path) -> dict[str, str]:
    """``{docs path: Markdown}``: for each test file a claim lists, a page with the source
    of each listed test (decorators included), as it stands in ``root/tests``."""
    asserts: dict[str, dict[str, list[str]]] = {}  # file -> {test name: claim ids}
    for claim in claims:
        for test in claim["tests"]:
            file, _, name = test.split("[", 1)[0].partition("::")
            asserts.setdefault(file, {}).setdefault(name, []).append(claim["id"])
    pages = {}
    for file, tests in sorted(asserts.items()):
        text = (Path(root) / file).read_text(encoding="utf-8")
        lines, functions = text.splitlines(), _test_functions(text)
        out = ["---", "search:", "  exclude: true", "---", "", f"# The claim tests in `{file}`", "",
               f"The tests that [the claims](../claims.md) list from `{file}`, as they stand in the repository "
               f"this site was built from. Run them with `python -m pytest {file}`.", ""]
        for name, ids in tests.items():
            item = functions[name]
            start = min([item.lineno] + [d.lineno for d in item.decorator_list])
            source = textwrap.dedent("\n".join(lines[start - 1 : item.end_lineno]))
            asserted = ", ".join(f"[{cid}](../claims.md#{anchor_of(cid)})" for cid in ids)
            out += [f"## `{name}` {{ #{_source_place(f'{file}::{name}')[1]} }}", "",
                    f"Asserts {asserted}.", "", "```python", source, "```", ""]
        pages[_source_place(file)[0]] = "\n".join(out)
    return pages


def headings(markdown: str) -> dict[str, str]:
    """``{anchor: heading text}`` for every heading of a page outside code fences; anchors
    as MkDocs makes them (``{ #id }``, else the toc slug, with ``_1``, ``_2``, ... for repeats)."""
    found, in_fence = {}, False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if not match:
            continue
        text = match["text"].strip()
        anchor = match["id"] or slugify(text, "-")
        base, n = anchor, 0
        while anchor in found:
            n += 1
            anchor = f"{base}_{n}"
        found[anchor] = text
    return found


def section(docs_dir: Path, page: str) -> tuple[str, str] | None:
    """``(page title, section heading)`` that ``page`` (``file.md#anchor``) points at,
    or None if the file or the anchor does not exist."""
    file, _, anchor = page.partition("#")
    path = Path(docs_dir) / file
    if not file or not path.is_file():
        return None
    found = headings(path.read_text(encoding="utf-8"))
    title = next(iter(found.values()), file)
    if anchor and anchor not in found:
        return None
    return title, found[anchor] if anchor else ""


def problems(claims: list[dict], root: Path) -> list[str]:
    """One message per problem that keeps a claim from being checked: no test, a test that
    does not exist, no page, or a page or section that does not exist."""
    known = test_names(root)
    out = []
    for claim in claims:
        cid = claim["id"]
        if not claim["tests"]:
            out.append(f"{cid}: lists no test")
        for test in claim["tests"]:
            if test.split("[", 1)[0] not in known:
                out.append(f"{cid}: test {test!r} does not exist")
        if not claim["page"]:
            out.append(f"{cid}: links to no page section")
        elif section(Path(root) / "docs", claim["page"]) is None:
            out.append(f"{cid}: page section {claim['page']!r} does not exist")
    return out


def anchor_of(claim_id: str) -> str:
    """The anchor of a claim's section on the claims page: ``A1`` -> ``claim-a1``, ``A+`` -> ``claim-a-plus``."""
    return "claim-" + claim_id.lower().replace("+", "-plus")


def badge(verdict: str) -> str:
    """A verdict as a badge (coloured by site.css, class ``verdict-<words joined by ->``)."""
    return f'<span class="verdict verdict-{verdict.replace(" ", "-")}">{verdict}</span>'


def render(claims: list[dict], docs_dir: Path) -> str:
    """The Markdown of the claims page body: a summary table, then one section per claim."""
    lines = ["## At a glance", "", "| Claim | The notes said | Verdict | Shown in |", "|---|---|---|---|"]
    for claim in claims:
        cid, link = claim["id"], _link(claim, docs_dir)
        lines.append(f"| [{cid}](#{anchor_of(cid)}) | {claim['notes']} | {badge(claim['verdict'])} | {link} |")
    lines += ["", "## Claim by claim"]
    for claim in claims:
        tests = ", ".join(f"[`{t}`]({test_page(t)})" for t in claim["tests"]) or "**none yet**"
        lines += [
            "", f"### {claim['id']}: {claim['verdict']} {{ #{anchor_of(claim['id'])} }}",
            "", f"{badge(claim['verdict'])} *The notes:* {claim['notes']}",
            "", f"*What is true:* {claim['statement']}",
            "", f"*Shown in:* {_link(claim, docs_dir)}. *Tested by:* {tests}.",
        ]
    return "\n".join(lines) + "\n"


def _link(claim: dict, docs_dir: Path) -> str:
    found = section(docs_dir, claim["page"]) if claim["page"] else None
    if found is None:
        return "not on a page yet"
    title, heading = found
    text = f"{title}: {heading}" if heading else title
    return f"[{text}]({claim['page']})"
