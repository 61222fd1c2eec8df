"""The examples gallery (issue 6): one notebook page per example, rendered by mkdocs-jupyter
from the build's own run, light and offline; downloads that work as copied; one execution."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLES, HOOKS, ROOT, differences, example_stems, mkdocs_build
from sitebuild import gallery_index, mathml, notebook_html

STEMS = example_stems()
MAX_PAGE_WEIGHT = 300_000  # bytes: a page's HTML plus the figures only it uses (issue 8)
MAX_SEARCH_TEXT = 20_000  # bytes of search-index text per notebook page


# --- the real site ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site):
    """The real site (built twice by the session's built_site); (site folder, second build's log)."""
    folder, _, second = built_site
    return folder, second


def page_weight(site: Path, page: Path) -> int:
    """The page's HTML plus every figure it shows that no other page shows."""
    users: dict[str, int] = {}
    for other in site.rglob("*.html"):
        for name in set(re.findall(r'src="[^"]*figures/([^"/]+\.svg)"', other.read_text(encoding="utf-8"))):
            users[name] = users.get(name, 0) + 1
    own = set(re.findall(r'src="[^"]*figures/([^"/]+\.svg)"', page.read_text(encoding="utf-8")))
    return page.stat().st_size + sum((site / "figures" / n).stat().st_size for n in own if users[n] == 1)


def test_every_example_has_exactly_one_gallery_page_and_the_index_lists_it(site):
    folder, _ = site
    pages = sorted(p.name for p in (folder / "examples").iterdir() if p.is_dir())
    assert pages == STEMS, "one gallery page per example, and nothing else under examples/"
    index = (folder / "examples" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
    for stem in STEMS:
        assert index.count(f'href="{stem}/"') == 2, f"the gallery index links {stem} from its title and thumbnail"
        assert f'src="../figures/{stem}-1.svg"' in index, f"the card of {stem} shows its first figure"
        title, _ = gallery_index.docstring_parts(EXAMPLES / f"{stem}.py")
        assert html.escape(title, quote=False) in index
    assert "Examples" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]


def test_gallery_pages_are_in_the_navigation_and_show_their_figure_first(site):
    folder, _ = site
    last = 0  # the site's last page has no next page
    for stem in STEMS:
        page = (folder / "examples" / stem / "index.html").read_text(encoding="utf-8")
        assert 'href="./" class="md-nav__link md-nav__link--active"' in page, f"{stem}: not highlighted in the nav"
        assert "md-footer__link--prev" in page, f"{stem}: no previous page"
        last += "md-footer__link--next" not in page
        article = page.split("<article", 1)[1]
        first_image, first_code = article.find(f'src="../../figures/{stem}-1.svg"'), article.find("<pre")
        assert 0 < first_image < first_code, f"{stem}: the figure does not come before the code"
        # One title everywhere: the docstring's first line heads the page, names it in the
        # browser tab and the nav, and heads its card on the index.
        title = gallery_index.docstring_parts(EXAMPLES / f"{stem}.py")[0]
        h1 = re.search(r"<h1\b[^>]*>(.*?)<a class=\"headerlink\"", article, re.DOTALL)[1]
        tab = re.search(r"<title>(.*) - [^<]*</title>", page)[1]
        nav = re.search(r'md-nav__link--active">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', page)[1]
        for where, text in (("heading", h1), ("browser tab", tab), ("nav item", nav)):
            assert html.unescape(text) == title, f"{stem}: its {where} {text!r} is not its title {title!r}"
    assert last == 1


def test_every_example_is_explained_on_a_page_that_the_gallery_links(site):
    folder, _ = site
    docs = {str(p.relative_to(ROOT / "docs")): p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")}
    uses = gallery_index.scan_pages(docs).uses
    for stem in STEMS:
        assert uses.get(stem), f"no page has {{{{ example: {stem} }}}}"
        page = (folder / "examples" / stem / "index.html").read_text(encoding="utf-8")
        for src in uses[stem]:
            assert f'href="../../{src[:-3]}/"' in page, f"the notebook page of {stem} links {src}"


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_page_shows_the_outputs_of_the_run(site, stem):
    folder, _ = site
    page = (folder / "examples" / stem / "index.html").read_text(encoding="utf-8")
    notebook = json.loads((folder / "downloads" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    for output in outputs:
        if output["output_type"] == "stream":
            assert html.escape("".join(output["text"]), quote=False) in page, "printed output missing"
    svgs = ["".join(o["data"]["image/svg+xml"]) for o in outputs if "image/svg+xml" in o.get("data", {})]
    outputs_html = re.sub(r'<p class="gallery-lead">.*?</p>', "", page, flags=re.DOTALL)  # the figure shown first
    shown = re.findall(rf'<img src="\.\./\.\./figures/({stem}-\d+\.svg)" alt="([^"]+)"', outputs_html)
    assert [name for name, _ in shown] == [f"{stem}-{n}.svg" for n in range(1, len(svgs) + 1)]
    for (name, alt), svg in zip(shown, svgs):
        assert (folder / "figures" / name).read_text(encoding="utf-8") == svg, "the page's figure is the notebook's"
        assert alt.strip() and not alt.endswith(".svg")
    assert '<pre><span></span><code>' in page, "code cells use Material's code blocks (copy button)"
    assert "cell-id=" not in page, "an id Material's copy button cannot select"
    for ext in (".py", ".ipynb"):
        assert f'href="../../downloads/{stem}{ext}" download="{stem}{ext}"' in page


def test_downloads_are_the_example_and_the_executed_notebook(site):
    folder, _ = site
    for stem in STEMS:
        assert (folder / "downloads" / f"{stem}.py").read_bytes() == (EXAMPLES / f"{stem}.py").read_bytes()
        notebook = json.loads((folder / "downloads" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        assert "".join(notebook["cells"][0]["source"]).startswith("# "), "the title cell is a heading"


def test_gallery_pages_are_light_and_request_nothing_from_another_origin(site):
    folder, _ = site
    weights = {}
    for page in [folder / "examples" / "index.html", *(folder / "examples" / s / "index.html" for s in STEMS)]:
        text = page.read_text(encoding="utf-8")
        assert "<style" not in text, f"{page}: CSS inlined into the page"
        assert "data:image" not in text and ";base64," not in text, f"{page}: an image embedded as base64"
        # The canonical link names the page's public address (site_url); it loads nothing.
        assert not re.search(r"""<(?:script|link(?![^>]*rel="canonical")|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", text), page
        assert "mathjax" not in text.lower() and "require.js" not in text.lower()
        weights[page.parent.name] = page_weight(folder, page)
    heavy = {name: w for name, w in weights.items() if w > MAX_PAGE_WEIGHT}
    assert not heavy, f"pages over {MAX_PAGE_WEIGHT} bytes: {heavy}"


def test_search_index_has_no_images_or_styles_from_the_notebooks(site):
    folder, _ = site
    docs = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for stem in STEMS:
        entries = [d for d in docs if d["location"].startswith(f"examples/{stem}/")]
        assert entries, f"{stem}'s notebook page is not in the search index"
        text = "".join(d["text"] for d in entries)
        assert "<svg" not in text and "base64" not in text and "jp-" not in text
        assert len(text.encode()) < MAX_SEARCH_TEXT, f"{stem}: {len(text.encode())} bytes in the search index"


def test_rebuild_runs_and_converts_nothing(site):
    _, second = site
    n = len(STEMS)
    assert f"examples: 0/{n} run, {n} from cache" in second
    assert "Converting notebook" not in second and second.count("Cache hit") == n, "mkdocs-jupyter used its cache"


# --- the downloads work on their own -----------------------------------------------------


# A copied examples/x.py running alone is tested in test_examples.py (test_runs_as_plain_script).


# Runs in its own interpreter (kernels and their sockets never live in the pytest process).
# argv: a JSON list of [stem, notebook path, empty work folder]; prints a JSON report per
# stem. All notebooks of one call share one kernel, wiped between notebooks.
EXECUTE_NOTEBOOKS = r"""
import json, os, sys
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

RESET = '%reset -f\nimport os as _os, matplotlib as _mpl, matplotlib.pyplot as _plt\n' \
        '_plt.close("all"); _mpl.rcdefaults(); _os.chdir({!r})'

out = {}
jobs = json.loads(sys.argv[1])
km = KernelManager(kernel_name="python3")
km.start_kernel(cwd=jobs[0][2])
try:
    for number, (stem, path, workdir) in enumerate(jobs):
        nb = nbformat.read(path, as_version=4)
        expected = sum("image/svg+xml" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        if number:  # the first notebook has the fresh kernel to itself
            nb.cells.insert(0, nbformat.v4.new_code_cell(RESET.format(workdir)))
        NotebookClient(nb, km=km, timeout=120).execute()
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        out[stem] = {
            "problems": [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"],
            "figures": sum(o.output_type == "display_data" and "image/png" in o.data for o in outputs),
            "expected": expected,
            "files_left": sorted(os.listdir(workdir)),
        }
finally:
    km.shutdown_kernel(now=True)
print(json.dumps(out))
"""


def test_downloaded_notebooks_execute_cleanly(site, tmp_path):
    """Each downloaded notebook runs top to bottom in a Jupyter kernel (nbclient) with no
    error and nothing on stderr (warnings included), in an empty temporary folder that it
    leaves empty, and shows as many figures as the build's run.

    A kernel costs about a second to start, so the notebooks are split into one group per
    core; each group runs in one kernel, its first notebook in the fresh kernel and the
    others after a wipe (``%reset -f``, figures closed, matplotlib defaults restored)."""
    folder, _ = site
    groups = [STEMS[i :: os.cpu_count() or 1] for i in range(min(len(STEMS), os.cpu_count() or 1))]
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    procs = []
    for group in groups:
        jobs = []
        for stem in group:
            (tmp_path / stem).mkdir()
            jobs.append([stem, str(folder / "downloads" / f"{stem}.ipynb"), str(tmp_path / stem)])
        procs.append(subprocess.Popen(
            [sys.executable, "-c", EXECUTE_NOTEBOOKS, json.dumps(jobs)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        ))
    results = {}
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"a notebook did not run to the end:\n{stderr[-3000:]}"
        results.update(json.loads(stdout.strip().splitlines()[-1]))
    for stem in STEMS:
        result = results[stem]
        assert not result["problems"], f"{stem}.ipynb: {result['problems'][0]}"
        assert result["figures"] == result["expected"], f"{stem}.ipynb: {result['figures']} figures shown"
        assert result["files_left"] == [], f"{stem}.ipynb wrote files: {result['files_left']}"


# --- a small project: one execution, no kernel, offline math, checks that stop the build ----

TINY = textwrap.dedent(
    '''\
    # %% [markdown]
    """A tiny gallery demo

    It prints a line, draws one figure and counts its own runs.
    """

    # %% [markdown]
    # ## A heading in a markdown cell
    #
    # Inline \\( \\tanh x \\le 1 \\) and display:
    #
    # \\[ \\sigma(x) = \\frac{1}{1 + e^{-x}} \\]

    # %%
    # Compute, and count this execution in the file the test names
    import os

    import matplotlib.pyplot as plt

    with open(os.environ["GALLERY_TEST_COUNT"], "a", encoding="utf-8") as out:
        out.write("ran\\n")
    value = 0.5
    print("printed by the run: 0.5 < 1")

    # %%
    # Plot
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, value])
    plt.show()
    '''
)

PAGE = "# Tiny page\n\n![A rising straight line](figures/tiny_demo-1.svg)\n\n{{ example: tiny_demo }}\n"


def small_project(tmp_path: Path, jupyter: str = "") -> Path:
    """A throw-away MkDocs project with this repository's hooks and the gallery."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "helper.py").write_text("print('not a page')\n", encoding="utf-8")
    (tmp_path / "examples" / "tiny_demo.py").write_text(TINY, encoding="utf-8")
    hooks = "\n".join(
        f"  - {HOOKS / name}" for name in ("examples.py", "gallery_pages.py")
    )
    jupyter = jupyter or "      include: ['cache/*/notebook.ipynb']\n      execute: false\n"
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n  - mkdocs-jupyter:\n{jupyter}      cache_dir: jupyter-cache\n"
        f"hooks:\n{hooks}\n"
        "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - toc:\n      permalink: true\n"
        "  - pymdownx.arithmatex:\n      generic: true\n  - pymdownx.details\n  - pymdownx.superfences\n"
        f"  - pymdownx.snippets:\n      base_path: ['{tmp_path}']\n      check_paths: true\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "extra:\n  examples:\n    cache_dir: cache\n    timeout: 60\n"
        "not_in_nav: |\n  /examples/*.ipynb\n"
        "nav:\n  - Home: index.md\n  - Examples: examples/index.md\n", encoding="utf-8")
    return config


def test_cold_build_and_rebuild_run_the_example_once_and_never_in_a_kernel(tmp_path, monkeypatch):
    count = tmp_path / "count.txt"
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(count))
    (tmp_path / "project").mkdir()
    config = small_project(tmp_path / "project")
    first = mkdocs_build(config, tmp_path / "site")
    assert first.returncode == 0, first.stderr
    second = mkdocs_build(config, tmp_path / "site")
    assert second.returncode == 0, second.stderr
    # Every execution, by the runner or by any kernel, appends one line to the file.
    assert count.read_text(encoding="utf-8") == "ran\n", "a cold build plus a rebuild must execute the example exactly once"
    assert "examples: 1/1 run" in first.stderr and "examples: 0/1 run, 1 from cache" in second.stderr
    # mkdocs-jupyter's own log: it converted the notebook once, without executing, then used its cache.
    assert first.stderr.count("Converting notebook (execute=False)") == 1, first.stderr
    assert "Converting notebook" not in second.stderr and "Cache hit" in second.stderr, second.stderr

    page = (tmp_path / "site" / "examples" / "tiny_demo" / "index.html").read_text(encoding="utf-8")
    assert "printed by the run: 0.5 &lt; 1" in page
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert article.count("<math") == 2, "the markdown cell's two formulas are MathML"
    assert "$" not in re.sub(r"<pre>.*?</pre>", "", article, flags=re.DOTALL), "math delimiters left on the page"
    heading = re.search(r'<h2 id="([^"]+)">A heading in a markdown cell', page)
    assert heading, "the markdown cell's heading is on the page"
    toc = page.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert f'href="#{heading[1]}"' in toc, "the heading is in the table of contents"
    assert not (tmp_path / "site" / "helper").exists(), "a .py under docs/ became a page"


def test_links_to_and_from_gallery_pages_are_checked_and_work(tmp_path, monkeypatch):
    """A page's link into a gallery page has its anchor checked; an example's Markdown cells
    link as a page in the gallery's folder would, are checked with the example's line, and
    reach their targets from the built gallery page."""
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(tmp_path / "count.txt"))
    (tmp_path / "project").mkdir()
    config = small_project(tmp_path / "project")
    example, page = config.parent / "examples" / "tiny_demo.py", config.parent / "docs" / "index.md"
    cell = "# ## A heading in a markdown cell\n"
    example.write_text(TINY.replace(cell, cell + "#\n# Read [the page](../index.md#tiny-page).\n"), encoding="utf-8")
    page.write_text(PAGE + "\nIts [heading](examples/tiny_demo.ipynb#a-heading-in-a-markdown-cell).\n", encoding="utf-8")
    good = mkdocs_build(config, tmp_path / "site")
    assert good.returncode == 0, good.stderr
    gallery_page = (tmp_path / "site" / "examples" / "tiny_demo" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../#tiny-page">the page</a>' in gallery_page
    line = TINY.splitlines().index(cell.strip()) + 3
    for where, mistake, message in [
        (page, ("#a-heading-in-a-markdown-cell", "#no-such-anchor"),
         "docs/index.md:7: link to 'examples/tiny_demo.ipynb#no-such-anchor': examples/tiny_demo.ipynb has no anchor #no-such-anchor"),
        (example, ("#tiny-page", "#no-such-heading"),
         f"examples/tiny_demo.py:{line}: link to '../index.md#no-such-heading': index.md has no anchor #no-such-heading"),
        (example, ("../index.md#tiny-page", "../nope.md"), f"examples/tiny_demo.py:{line}: link to '../nope.md': there is no page nope.md"),
    ]:
        text = where.read_text(encoding="utf-8")
        where.write_text(text.replace(*mistake), encoding="utf-8")
        bad = mkdocs_build(config, tmp_path / "site")
        assert bad.returncode != 0 and message in bad.stderr, bad.stderr
        where.write_text(text, encoding="utf-8")


def test_long_printed_output_is_cut_on_the_page_and_kept_out_of_search(tmp_path, monkeypatch):
    """An example that prints 2 MB: its page, its notebook download and the search index
    stay small; the page shows the first and the last lines and says what was left out."""
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(tmp_path / "count.txt"))
    (tmp_path / "project").mkdir()
    config = small_project(tmp_path / "project")
    lines = 'for i in range(20_000):\n        print(f"line {i}: " + "x" * 90)\n'
    example = config.parent / "examples" / "tiny_demo.py"
    example.write_text(TINY.replace('print("printed by the run: 0.5 < 1")\n', lines), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = (site / "examples" / "tiny_demo" / "index.html").read_text(encoding="utf-8")
    assert "line 0: " in page and "line 19999: " in page and "left out here" in page
    for path in (site / "examples" / "tiny_demo" / "index.html", site / "downloads" / "tiny_demo.ipynb",
                 site / "search" / "search_index.json"):
        assert path.stat().st_size < 60_000, f"{path.relative_to(site)} is {path.stat().st_size:,} bytes"
    assert "line 0: " not in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_site_is_the_same_whichever_examples_ran(tmp_path, monkeypatch):
    """The pages that need a running example are built last and then put back in order:
    a build in which one example ran writes the same site as a cold build."""
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(tmp_path / "count.txt"))
    (tmp_path / "project").mkdir()
    config = small_project(tmp_path / "project")
    # First in every listing, so that waiting moves its pages away from their place.
    (tmp_path / "project" / "examples" / "tiny_alpha.py").write_text(TINY.replace("A tiny gallery", "An alpha gallery"), encoding="utf-8")
    first = mkdocs_build(config, tmp_path / "site1")
    assert first.returncode == 0, first.stderr
    for entry in (tmp_path / "project" / "cache").glob("tiny_alpha-*"):
        shutil.rmtree(entry)
    second = mkdocs_build(config, tmp_path / "site2")
    assert second.returncode == 0, second.stderr
    assert "examples: 1/1 run, 1 from cache" in second.stderr
    assert differences(tmp_path / "site1", tmp_path / "site2") == []


def test_example_that_does_not_parse_stops_the_build_naming_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(tmp_path / "count.txt"))
    config = small_project(tmp_path)
    (tmp_path / "examples" / "tiny_demo.py").write_text(TINY.replace("value = 0.5", "value = (0.5"), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"tiny_demo\.py:\d+: syntax error", result.stderr), result.stderr


def test_executing_jupyter_config_stops_the_build(tmp_path):
    config = small_project(tmp_path, "      include: ['cache/*/notebook.ipynb']\n      execute: true\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs-jupyter must not execute notebooks" in result.stderr, result.stderr


def test_include_pattern_that_takes_other_files_stops_the_build(tmp_path, monkeypatch):
    monkeypatch.setenv("GALLERY_TEST_COUNT", str(tmp_path / "count.txt"))
    config = small_project(tmp_path, "      include: ['*.py', 'cache/*/notebook.ipynb']\n      execute: false\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"taken by accident: \[.*'helper\.py'\]", result.stderr), result.stderr


# --- the plain module ----------------------------------------------------------------------


@pytest.mark.parametrize("source, line, message", [
    ('# %% [markdown]\n# # Another title\n\n# %% [markdown]\n"""Title\n"""\n', 2, "a cell or line before the docstring"),
    ('"""Title\n\nThe slope is \\tanh\'.\n"""\n', 1, "make it a raw string"),
    ('"""Title\\twith a tab\n"""\n', 1, "make it a raw string"),
    ('"""# Title\n"""\n', 1, "must be plain text"),
    ('r"""Slope of \\(\\tanh\\)\n"""\n', 1, "must be plain text"),
    ('# %% [markdown]\n"""Title\n\nIt costs $5 and 10$ later.\n"""\n', 4, "a '\\$' in a Markdown cell"),
])
def test_docstring_mistakes_stop_with_file_and_line(tmp_path, source, line, message):
    script = tmp_path / "x.py"
    script.write_text(source, encoding="utf-8")
    with pytest.raises(gallery_index.GalleryError, match=rf"^[^/]+/x.py:{line}: .*{message}"):
        gallery_index.docstring_parts(script)


def test_docstring_math_is_written_as_the_pages_write_it(tmp_path):
    script = tmp_path / "x.py"
    script.write_text('# %% [markdown]\nr"""Title\n\nThe slope \\(1 - \\tanh^2 x\\).\n"""\n\n# %%\ncost = "$5"\n', encoding="utf-8")
    assert gallery_index.docstring_parts(script) == ("Title", "The slope \\(1 - \\tanh^2 x\\).")


def test_docstring_parts(tmp_path):
    script = tmp_path / "x.py"
    script.write_text('"""Title line\n\nFirst paragraph\nwraps here.\n\nSecond paragraph.\n"""\n', encoding="utf-8")
    assert gallery_index.docstring_parts(script) == ("Title line", "First paragraph wraps here.")
    script.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(gallery_index.GalleryError, match=r"^[^/]+/x.py:1: no module docstring"):
        gallery_index.docstring_parts(script)


def test_scan_pages_and_order():
    pages = {
        "a.md": "# Page A\n\n![alt of b1](figures/b_x-1.svg)\n\n{{ example: b_x }}\n\n{{ example: a_x }}\n",
        "b.md": "# Page B\n\n{{ example: a_x }}\n",
    }
    found = gallery_index.scan_pages(pages)
    assert found.uses == {"b_x": ["a.md"], "a_x": ["a.md", "b.md"]}
    assert found.order == ["b_x", "a_x"] and found.titles == {"a.md": "Page A", "b.md": "Page B"}
    assert found.alts == {"b_x-1.svg": ("a.md", 3, "alt of b1")}
    cards = [gallery_index.Card(s, s, "", found.uses.get(s, []), "alt") for s in ("a_x", "b_x", "c_x")]
    assert [c.stem for c in gallery_index.order_cards(cards, found.order)] == ["b_x", "a_x", "c_x"]


def fake_notebook_html(svg: bytes) -> str:
    data = base64.b64encode(svg).decode()
    return (
        "<style>.jp-Cell{}</style><script src='https://cdn.example/mathjax.js'></script>"
        '<div class="jupyter-wrapper"><div class="jp-Cell" id="cell-id=cell-1"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">'
        '<h1 id="t">T<a class="anchor-link" href="#t">¶</a></h1><p>Cost $x &lt; 1$ and <code>$not math$</code></p></div>'
        '<div class="highlight-ipynb hl-python"><pre><span></span>x = 1\n</pre></div>'
        '<div class="clipboard-copy-txt" id="cell-1">x = 1</div>'
        f'<div class="jp-RenderedSVG jp-OutputArea-output" tabindex="0"><img alt="No description" src="data:image/svg+xml;base64,{data}">\n</div></div>'
    )


def test_clean_notebook_html(tmp_path):
    figure = tmp_path / "1.svg"
    figure.write_bytes(b"<svg>one</svg>")
    out = notebook_html.clean_notebook_html(
        fake_notebook_html(b"<svg>one</svg>"), "demo", [figure], ["../../figures/demo-1.svg"], ["a line"], header_html="<p>HEADER</p>"
    )
    assert "<style" not in out and "<script" not in out and "clipboard" not in out and "base64" not in out
    assert '<img src="../../figures/demo-1.svg" alt="a line" loading="lazy">' in out
    assert '<div class="language-python highlight" data-search-exclude><pre><span></span><code>x = 1\n</code></pre></div>' in out
    assert '</h1><p>HEADER</p>' in out and 'class="headerlink"' in out and 'tabindex' not in out
    assert mathml.to_mathml("x < 1", False) in out and "<code>$not math$</code>" in out
    assert 'id="nb-cell-1"' in out, "cell ids must be valid in a CSS selector (Material's copy button)"


def test_clean_notebook_html_refuses_an_image_that_is_not_the_runs_figure(tmp_path):
    figure = tmp_path / "1.svg"
    figure.write_bytes(b"<svg>one</svg>")
    with pytest.raises(notebook_html.GalleryError, match="not the run's figure"):
        notebook_html.clean_notebook_html(fake_notebook_html(b"<svg>two</svg>"), "demo", [figure], ["u"], ["a"])
    with pytest.raises(notebook_html.GalleryError, match="shows 1 figure"):
        notebook_html.clean_notebook_html(fake_notebook_html(b"<svg>one</svg>"), "demo", [figure, figure], ["u", "u"], ["a", "a"])


def test_index_markdown_has_a_card_per_example_with_safe_link_text():
    cards = [
        gallery_index.Card("a_x", "tanh on [-1, 1]", "First.", ["p.md", "q.md"], "alt [x]"),
        gallery_index.Card("b_x", "B", "", [], "alt b"),
    ]
    text = gallery_index.index_markdown(cards, {"p.md": "Page P", "q.md": "Page Q"})
    assert "## Page P" in text and "## Not yet explained on a page" in text
    assert "[![alt \\[x\\]](../figures/a_x-1.svg){ loading=lazy }](a_x.ipynb)" in text  # the thumbnail opens the page
    assert "**[tanh on \\[-1, 1\\]](a_x.ipynb)**" in text
    assert "Explained in [Page P](../p.md), [Page Q](../q.md)." in text
    assert '[a_x.ipynb](../downloads/a_x.ipynb){ download="a_x.ipynb" }' in text
    assert text.count('<div class="grid cards gallery" markdown>') == 2 and text.count("</div>") == 2
