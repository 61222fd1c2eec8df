"""The site builds with --strict, everything is wired, and the README's commands are real."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from mkdocs.utils import yaml_load

from conftest import EXAMPLES, ROOT, TINY, example_stems, mkdocs_build, small_project
from svg_figures import FUNCTION_COLOURS, function_of, legends


def test_second_build_runs_no_example(built_site):
    _, _, second = built_site
    n = len(example_stems())
    assert f"examples: 0/{n} run, {n} from cache" in second


def pages() -> dict[str, str]:
    return {str(p.relative_to(ROOT / "docs")): p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")}


def test_every_example_is_shown_and_every_figure_used(built_site):
    site, _, _ = built_site
    text = "\n".join(pages().values())
    made = {p.name for p in (site / "figures").glob("*.svg")}
    used = set(re.findall(r"figures/([A-Za-z0-9_]+-[0-9]+\.svg)", text))
    assert made - used == set(), f"figures no page shows: {sorted(made - used)}"
    for stem in example_stems():
        assert f"{stem}-1.svg" in used, f"no page shows a figure of {stem}.py"
        assert re.search(r"\{\{\s*example:\s*" + stem + r"\s*\}\}", text), f"no page shows the code of {stem}.py"


def test_every_page_is_in_the_nav_and_built(built_site):
    site, _, _ = built_site
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    for page in pages():
        assert page in nav, f"docs/{page} is not in the nav"
        html = site / (page[:-3] + "/index.html" if page != "index.md" else "index.html")
        body = html.read_text(encoding="utf-8")
        assert "{{" not in body, f"{html}: an unresolved marker reached the page"
        prose = re.sub(r"<pre\b.*?</pre>|<code\b.*?</code>", "", body, flags=re.DOTALL)  # code shows its source as is
        assert "arithmatex" not in prose and "\\(" not in prose and "\\[" not in prose, f"{html}: math left unrendered"


MATH = re.compile(r"<math\b(?P<attrs>[^>]*)>(?P<body>.*?)</math>", re.DOTALL)


def test_every_formula_renders_completely(built_site):
    """Every formula of the built site (pages, gallery pages, claims page) is MathML with
    no error node, no literal & or backslash left as text, each multi-line environment a
    table, and each operator name whole (not e x p m 1 in italics)."""
    site, _, _ = built_site
    seen = 0
    for html in site.rglob("*.html"):
        for m in MATH.finditer(html.read_text(encoding="utf-8")):
            seen += 1
            tex = re.search(r'alttext="([^"]*)"', m["attrs"])[1].replace("&amp;", "&")
            where = f"{html.relative_to(site)}: {tex}"
            assert "<merror" not in m["body"], f"{where}: an error node"
            assert not re.search(r"(?<!\\)%", tex), f"{where}: % starts a TeX comment, the rest is lost (write \\%)"
            text = re.sub(r"<[^>]+>", "", m["body"])
            assert not re.search(r"&(?!#?\w+;)|&amp;|\\", text), f"{where}: a literal & or backslash"
            if "\\begin{" in tex:
                rows = len(re.findall(r"\\\\", tex)) + 1
                assert m["body"].count("<mtr>") >= rows, f"{where}: a multi-line environment did not become a table"
            for name in re.findall(r"\\operatorname\{(\w+)\}|\\(tanh|exp|log|sin|cos|max|min)\b", tex):
                name = "".join(name)
                assert f"<mi>{name}</mi>" in m["body"], f"{where}: the operator name {name} is split into letters"
    assert seen > 50, "the site's formulas were found"


def test_only_backslash_delimiters_make_math():
    """The pages write math as \\( \\) and \\[ \\] only: a pair of dollar signs stays prose."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
        extensions = yaml_load(config)["markdown_extensions"]
    arithmatex = next(e["pymdownx.arithmatex"] for e in extensions if isinstance(e, dict) and "pymdownx.arithmatex" in e)
    out = markdown.markdown("It costs $5 and 10$ later, or $$20$$.\n\nThe slope \\(x^2\\) and\n\n\\[y\\]\n",
                            extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": arithmatex})
    assert "$5 and 10$" in out and "$$20$$" in out
    assert out.count('class="arithmatex"') == 2


def test_each_function_has_one_colour_in_every_figure(built_site):
    """Wherever a legend compares functions (tanh against the sigmoid, say), each one is drawn
    in its site-wide colour. Legends whose handles all share one colour encode line styles
    instead, and are left alone."""
    site, _, _ = built_site
    compared, wrong = 0, []
    for svg in sorted((site / "figures").glob("*.svg")):
        for entries in legends(svg):
            named = [(colour, label, function_of(label)) for colour, label in entries if function_of(label)]
            if len({f for _, _, f in named}) < 2 or len({c for c, _ in entries}) < 2:
                continue
            compared += 1
            wrong += [f"{svg.name}: {label!r} is {colour}, {f} is {FUNCTION_COLOURS[f]}"
                      for colour, label, f in named if colour != FUNCTION_COLOURS[f]]
    assert compared >= 10, "fewer legends compare functions than the site has"
    assert wrong == []


def test_every_figure_opens_full_size_on_a_tap(built_site):
    """On a phone a figure is drawn a third of its size; each one links to its own file."""
    site, _, _ = built_site
    figures = 0
    for page in [site / "index.html", *site.glob("*/index.html")]:
        if page.parent.name == "examples":  # the gallery: thumbnails link to their example's page
            continue
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        for match in re.finditer(r'<img\b[^>]*\bsrc="([^"]*figures/[^"]+\.svg)"', article):
            figures += 1
            before = article[: match.start()].rsplit("<", 1)[1]
            assert before.startswith("a ") and f'href="{match[1]}"' in before, f"{page}: {match[1]} is not a link to itself"
    assert figures >= 30


def test_claims_show_verdict_badges_and_link_each_test_to_its_source(built_site):
    site, _, _ = built_site
    claims_page = (site / "claims" / "index.html").read_text(encoding="utf-8")
    badges = re.findall(r'<span class="verdict verdict-([a-z-]+)">([a-z ]+)</span>', claims_page)
    ledger = (ROOT / "claims.yml").read_text(encoding="utf-8")
    n = ledger.count("\n  - id:")
    assert len(badges) == 2 * n and all(cls == word.replace(" ", "-") for cls, word in badges)  # table and section
    links = re.findall(r'<a href="\.\./claim-tests/(\w+)/#([\w-]+)"><code>tests/(\w+)\.py::(\w+)', claims_page)
    assert len(links) == ledger.count("\n      - tests/")
    for page, anchor, file, name in links:
        assert (page, anchor) == (file, name)
        tests_page = (site / "claim-tests" / page / "index.html").read_text(encoding="utf-8")
        section = tests_page.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]
        # The highlighted source of that very function (pygments wraps each token in a span).
        code = re.sub(r"<[^>]+>", "", section)
        assert f"def {name}(" in code, f"claim-tests/{page}/#{anchor}: not the source of {name}"
        assert html.unescape(code).count("\ndef ") == 1, f"claim-tests/{page}/#{anchor}: holds more than {name}"


def test_pages_quote_values_from_the_run(built_site):
    site, _, _ = built_site
    html = (site / "shape-of-tanh" / "index.html").read_text(encoding="utf-8")
    assert "1.6629" in html  # the crossover, quoted through {{ shape_curves.crossover:.4f }}
    assert "--8&lt;--" not in html, "a snippet include was left unresolved"
    assert "slope_gap" in html, "the example's code is included from the file"



def test_alt_texts_are_plain_text_with_values_filled_in(built_site):
    """Every figure's alt text, on the pages, the gallery index and the gallery pages, has its
    markers replaced by values and carries no markup (a screen reader reads it out as is)."""
    site, _, _ = built_site
    problems = []
    for page in site.rglob("*.html"):
        for alt in re.findall(r'<img [^>]*alt="([^"]*)"', page.read_text(encoding="utf-8")):
            if "{{" in alt or "}}" in alt or "&lt;" in alt:
                problems.append(f"{page.relative_to(site)}: {alt[:120]}")
    assert problems == []

def test_downloads_exist_for_every_example(built_site):
    site, _, _ = built_site
    for stem in example_stems():
        assert (site / "downloads" / f"{stem}.py").read_bytes() == (EXAMPLES / f"{stem}.py").read_bytes()
        assert b'"outputs"' in (site / "downloads" / f"{stem}.ipynb").read_bytes()


VENV = "python3 -m venv .venv && . .venv/bin/activate && "
SERVE = VENV + "python -m pip install -r requirements/site.txt -c requirements/lock.txt && NO_MKDOCS_2_WARNING=1 mkdocs serve"
TEST = VENV + "python -m pip install -r requirements/test.txt -c requirements/lock.txt && python -m pytest"


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SERVE in readme and TEST in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert TEST in ci, ".ci/run must run the README's test command as a line of its own"
    assert ci.index("python tests/mutants.py") > ci.index(TEST), "and the mutation check after it"
    assert SERVE in (ROOT / "docs" / "index.md").read_text(encoding="utf-8"), "the home page gives the README's serve command"


def test_requirement_sets_include_each_other_and_agree_with_the_lock():
    req = ROOT / "requirements"
    lock = {}
    for line in (req / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version and " " not in line, f"lock.txt: {line!r} is not name==version"
            lock[name.lower().replace("_", "-")] = version
    previous = None
    for name in ("examples", "site", "test"):
        lines = [ln.split("#")[0].strip() for ln in (req / f"{name}.txt").read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        if previous:
            assert lines[0] == f"-r {previous}.txt", f"requirements/{name}.txt must include {previous}.txt first"
            lines = lines[1:]
        for pin in lines:
            package, _, version = pin.partition("==")
            assert lock.get(package.lower().replace("_", "-")) == version, f"{name}.txt pins {pin}, the lock does not"
        previous = name


def test_failing_example_stops_the_build_with_its_name(tmp_path):
    config = small_project(tmp_path, "# T\n", TINY.replace("value = 0.5", "value = undefined_name"))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "ERROR   -  examples/tiny_demo.py:3: NameError: name 'undefined_name' is not defined" in result.stderr, (
        result.stderr
    )
    assert not (tmp_path / "site" / "figures").exists()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("# T\n\nvalue {{ tiny_demo.nope }}\n", "docs/index.md:3: example 'tiny_demo' has no value 'nope'"),
        ("# T\n\n{{ what is this }}\n", "docs/index.md:3: unknown marker"),
        ("# T\n\n![x](figures/tiny_demo-9.svg)\n", "docs/index.md:3: figure 'tiny_demo-9.svg' does not exist"),
        ("# T\n\n\\( \\left( x \\)\n", "docs/index.md: cannot render formula"),
    ],
)
def test_bad_page_stops_the_build_with_page_and_line(tmp_path, page, message):
    config = small_project(tmp_path, page, TINY)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_good_small_project_builds_and_quotes(tmp_path):
    config = small_project(tmp_path, "# T\n\nvalue {{ tiny_demo.value:.0% }}\n\n![a line](figures/tiny_demo-1.svg)\n", TINY)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "value 50%" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
