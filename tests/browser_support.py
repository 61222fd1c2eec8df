"""Fixtures and helpers for the browser tests (a pytest plugin named in conftest.py).

The built site is served on 127.0.0.1 and loaded in Debian's headless Chromium
(`apt-get install chromium`, /usr/bin/chromium); Playwright drives it and never
downloads a browser. Without Chromium the browser tests are skipped, saying how to get
it. The crawl (:func:`crawl`) loads every page once and checks it in both palettes,
switching with the palette toggle. With ``TANH_SCREENSHOTS=1`` it also saves each page in
each palette into screenshots/ (git-ignored) for a developer to look at: of the window,
or of the whole page with ``TANH_SCREENSHOTS=full`` (about 0.6 s of CPU a page).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, mkdocs_build
from svg_figures import smallest_text

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
SCREENSHOTS = os.environ.get("TANH_SCREENSHOTS", "0")  # "0" or "" (none), "full" (whole pages), else the window
# The crawl's server sends a search worker that does nothing: Material's real one builds
# the search index on every page load (0.3 s of CPU a page), and search has its own tests
# (test_search_lands_on_the_right_page), which use the real worker (site_url).
SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]+\.min\.js$")
IDLE_WORKER = "// the crawl leaves search to its own tests\n"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    # No host name or address but 127.0.0.1 resolves: a request for another host fails at
    # once and never leaves the machine (another port of 127.0.0.1 is reached). Visit
    # records every request to another origin either way. Playwright's request routing
    # would block them too, but it sends every request through this process and turns
    # Chromium's HTTP cache off, so each page load fetched every stylesheet and script again.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class IdleSearchHandler(QuietHandler):
    """Serves the site, with IDLE_WORKER in place of Material's search worker."""

    def send_head(self):
        if not SEARCH_WORKER.search(self.path.split("?", 1)[0]):
            return super().send_head()
        body = IDLE_WORKER.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class PagesHandler(QuietHandler):
    """Serves the site the way GitHub Pages serves a project site: a missing address under
    ``/tanh/`` gets the site's own 404.html, with status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "tanh" / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(folder: Path, handler=QuietHandler):
    """Serve ``folder`` on 127.0.0.1 (a free port) with ``handler``; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site, served as it is."""
    with serving(built_site[0]) as url:
        yield url


@pytest.fixture(scope="session")
def subpath_url(built_site, tmp_path_factory):
    """The site as published under a sub-path (as on GitHub project pages): built with
    SITE_URL set to the very address it is then served at, ``http://127.0.0.1:<port>/tanh/``.
    (After built_site, so that the examples come from its cache.)"""
    root = tmp_path_factory.mktemp("published")
    with serving(root, PagesHandler) as base:
        url = base + "tanh/"
        build = mkdocs_build(ROOT / "mkdocs.yml", root / "tanh", env={"SITE_URL": url})
        assert build.returncode == 0, build.stderr
        yield url


@pytest.fixture(scope="session")
def crawl_url(built_site):
    """The built site, served with a search worker that does nothing (IdleSearchHandler)."""
    with serving(built_site[0], IdleSearchHandler) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (which never downloads a browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium is not installed: run `apt-get install chromium chromium-driver` "
            "(Debian) to run the browser tests; .ci/run installs it"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def page_paths(site: Path) -> list[str]:
    """Every page of the built site as a URL path ('' for the home page)."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel == "." or not rel.startswith(("assets", "search")):
            paths.append("" if rel == "." else rel + "/")
    return paths


class Visit:
    """One page load with every console error, failed request and foreign request recorded.

    ``idle_search``: ``base`` serves the do-nothing search worker (``crawl_url``); a page
    left before that worker started may cancel it, which is no fault.
    ``reduced_motion``: the reader asks for reduced motion, so Material switches palettes
    without its 0.25 s colour transitions.
    """

    def __init__(self, browser, base: str, palette: str, idle_search: bool = False, reduced_motion: bool = False):
        self.base = base
        self.idle_search = idle_search
        self.context = browser.new_context(
            color_scheme=palette, viewport={"width": 1280, "height": 900},
            reduced_motion="reduce" if reduced_motion else "no-preference",
        )
        self.page = self.context.new_page()
        self.errors, self.failed, self.foreign = [], [], []
        self.origin = urlparse(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))
        # The context's requests include its workers'. Chromium fails those for another host
        # itself (LAUNCH_ARGS); this records every one to another origin.
        self.context.on("request", self._request)

    def _request(self, request) -> None:
        if urlparse(request.url).netloc != self.origin and not request.url.startswith(("data:", "blob:")):
            self.foreign.append(request.url)

    def _failed(self, request) -> None:
        # Leaving a page cancels its audio's metadata preload; that is not a fault (the
        # clips themselves are played by test_audio_clips_play_in_chromium).
        if request.failure == "net::ERR_ABORTED" and (
            request.resource_type == "media" or (self.idle_search and "/workers/search." in request.url)
        ):
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def close(self):
        self.context.close()

    def __enter__(self) -> "Visit":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


BROKEN_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach(i => { i.loading = "eager"; });  // lazy images below the fold load too
    await Promise.all(images.map(i => i.decode().catch(() => null)));
    return images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
}"""
BAD_ALT = r"""() => [...document.querySelectorAll('article img')]
    .filter(i => !i.alt || !i.alt.trim() || /^[\w.-]+\.(svg|png|jpe?g|gif)$/i.test(i.alt.trim()))
    .map(i => i.src)"""
RAW_MATH = r"""() => {
    const article = document.querySelector('article').cloneNode(true);
    article.querySelectorAll('pre, code, math, script, style').forEach(n => n.remove());
    return (article.textContent.match(/\\[()[\]]|\\[a-zA-Z]{2,}|\$\$/g) || []);
}"""


HEADINGS = "() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')].map(h => +h.tagName[1])"
# Full-size figures; the gallery's thumbnails are previews, shown scaled down.
FIGURES = "article img[src*='figures/']:not(.gallery img)"
# Each full-size figure's file name and the width it is drawn at, in CSS pixels.
FIGURE_WIDTHS = f"""() => [...document.querySelectorAll("{FIGURES}")]
    .map(i => [decodeURIComponent(i.src.split('/').pop()), i.getBoundingClientRect().width])"""
# axe-core: every rule in the light palette; in the dark one, the rules a palette changes.
AXE_OPTIONS = {
    "light": {"resultTypes": ["violations"]},
    "dark": {"resultTypes": ["violations"], "runOnly": ["color-contrast", "link-in-text-block"]},
}
# Code blocks are left out of the per-page run: their colours come from one stylesheet,
# and checking their thousands of spans on every page took 2 s a page.
# code_block_violations checks them on two pages, with the examples' code opened.
AXE_CONTEXT = {"exclude": [["pre"]]}
# axe still walks every token span of those code blocks to build its tree: on a page that
# shows its examples' code, a third of its time. So before the first axe run on a page, the
# crawl empties the blocks that are collapsed (in a closed <details>). They show nothing,
# so nothing on screen moves: the page's height is returned before and after, for the crawl
# to check.
EMPTY_COLLAPSED_CODE = """() => {
    const before = document.documentElement.scrollHeight;
    document.querySelectorAll('details:not([open]) pre').forEach(p => p.replaceChildren());
    return [before, document.documentElement.scrollHeight];
}"""


def open_explorer(visit: "Visit", path: str, kind: str):
    """The explorer ``kind`` on the page ``path``, once it has loaded its inputs and drawn."""
    page = visit.open(path)
    root = page.locator(f"[data-explorer-kind={kind}]")
    page.wait_for_function(f"document.querySelector('[data-explorer-kind={kind}]').dataset.ready === '1'", timeout=20_000)
    return root


def set_explorer(root, **settings) -> None:
    """Set each control ``data-control=NAME`` of an explorer to its value and fire the event a
    reader's change fires (``input`` for sliders, ``change`` for menus)."""
    for name, value in settings.items():
        control = root.locator(f"[data-control={name}]")
        assert control.count() == 1, f"the explorer has no control {name!r}"
        set_to = ("(e, v) => { e.value = v; if (e.value !== v && Number(e.value) !== Number(v)) { throw new Error('cannot set ' + v + ', it became ' + e.value); }"
                  " e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true})); }")
        control.evaluate(set_to, str(value))


def explorer_readouts(root) -> dict[str, float]:
    """``{name: full value}`` of every ``data-readout`` of an explorer (its data-value)."""
    return root.locator("[data-readout]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.readout, Number(e.dataset.value)]))")


@functools.cache
def axe_source() -> str:
    """axe-core's script, as the axe-playwright-python package ships it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_violations(page, context: dict, options: dict) -> list[dict]:
    """axe-core's violations on ``page`` for ``context`` and ``options`` (axe-core's API:
    ``axe.run(context, options)``); axe is injected once per page load."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate("([context, options]) => axe.run(context, options).then(r => r.violations)", [context, options])


@pytest.fixture(scope="session")
def all_pages(built_site):
    site, _, _ = built_site
    return page_paths(site)


@pytest.fixture(scope="session")
def crawl_parts(built_site, all_pages):
    """The pages in two parts of about equal cost, one per crawl file (and xdist worker).

    The cost of checking a page grows with its HTML (axe visits every element), so the
    pages go, largest first, to the part with less HTML so far; each part keeps the
    site's page order.
    """
    site, _, _ = built_site
    size = {path: (site / path / "index.html").stat().st_size for path in all_pages}
    parts: list[list[str]] = [[], []]
    for path in sorted(all_pages, key=lambda p: (-size[p], p)):
        min(parts, key=lambda part: sum(size[p] for p in part)).append(path)
    return [sorted(part, key=all_pages.index) for part in parts]


def figure_contrast(img) -> tuple[float, float]:
    """(background luminance, WCAG contrast ratio) of a figure as shown: the background is
    sampled along the image's edge, the ink is the 0.5 % of pixels farthest from it."""
    import matplotlib.image as mpimg
    import numpy as np

    img.evaluate("i => { i.loading = 'eager'; return i.decode(); }")  # the screenshot scrolls to it
    rgb = mpimg.imread(io.BytesIO(img.screenshot()), format="png")[..., :3]
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    lum = linear @ np.array([0.2126, 0.7152, 0.0722])  # WCAG relative luminance
    frame = np.concatenate([lum[2, :], lum[-3, :], lum[:, 2], lum[:, -3]])
    background = float(np.median(frame))
    ink = float(np.percentile(lum, 99.5 if background < 0.5 else 0.5))
    return background, (max(background, ink) + 0.05) / (min(background, ink) + 0.05)


PALETTES = {"default": "light", "slate": "dark"}  # Material's scheme -> our name
SCHEMES = {name: scheme for scheme, name in PALETTES.items()}
TOGGLE = "form[data-md-component=palette] label:not([hidden])"
# The toggle's colour change is a CSS transition: check the colours once it has ended.
TRANSITIONS_DONE = "() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))"


def check_page(page, palette: str) -> dict:
    """One page as it stands in ``palette``: see :func:`crawl` for the report's keys."""
    violations = axe_violations(page, AXE_CONTEXT, AXE_OPTIONS[palette])
    return {
        "broken images": page.evaluate(BROKEN_IMAGES),
        "images without real alt text": page.evaluate(BAD_ALT),
        "unrendered math": page.evaluate(RAW_MATH),
        "formulas without alttext": page.locator("math:not([alttext])").count(),
        "headings": page.evaluate(HEADINGS),
        "axe": [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations if v["impact"] in ("serious", "critical")
        ],
        "figures": [figure_contrast(img) for img in page.locator(FIGURES).all()] if palette == "dark" else [],
        "figure widths": page.evaluate(FIGURE_WIDTHS) if palette == "light" else [],
    }


def toggle_palette(page) -> str:
    """Click Material's palette toggle, as a reader does, and wait until the new colours
    are in place; returns the new palette ("light" or "dark")."""
    before = palette_of(page)
    page.locator(TOGGLE).dispatch_event("click")  # no wait for the header to be "stable"
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {SCHEMES[before]!r}")
    page.mouse.move(0, 0)  # no hover or focus styles left on the toggle
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.evaluate(TRANSITIONS_DONE)
    return palette_of(page)


def palette_of(page) -> str:
    """The palette the page shows: "light" or "dark" (KeyError for any other scheme)."""
    return PALETTES[page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")]


@pytest.fixture(scope="session")
def crawl(browser, crawl_url, crawl_parts):
    """``crawl(part)``: visit the pages of ``crawl_parts[part]`` (0 or 1; the two parts are
    tested in two files, which pytest-xdist runs on two workers), each loaded once and checked in
    both palettes: in the palette it opens in, then again after a click on the palette
    toggle. The first page opens in the light palette (the browser asks for light); Material
    keeps the reader's choice, so the next page opens in the dark one, and so on.

    Returns ``{"light": {path: report}, "dark": {path: report}, "opened": the palette each
    page opened in, "moved": pages that emptying their collapsed code (EMPTY_COLLAPSED_CODE)
    changed the height of, "errors", "failed", "foreign"}``. A report has the body's colour scheme, broken images, images without
    real alt text, unrendered math, formulas without alttext, heading levels, serious
    axe violations and, in the dark palette, each full-size figure's (background, contrast).
    With ``TANH_SCREENSHOTS`` set, each page is also saved in each palette into screenshots/.
    """
    result = {}

    def visit_part(part: int) -> dict:
        if part in result:
            return result[part]
        reports: dict = {"light": {}, "dark": {}}
        opened, moved = [], []
        with Visit(browser, crawl_url, "light", idle_search=True, reduced_motion=True) as visit:
            for path in crawl_parts[part]:
                page = visit.open(path)
                first = palette_of(page)
                opened.append(first)
                before, after = page.evaluate(EMPTY_COLLAPSED_CODE)
                if before != after:
                    moved.append(f"/{path}: {before} px -> {after} px")
                reports[first][path] = check_page(page, first)
                screenshot(page, path, first)
                second = toggle_palette(page)
                reports[second][path] = check_page(page, second)
                screenshot(page, path, second)
        result[part] = {
            **reports, "opened": opened, "moved": moved,
            "errors": visit.errors, "failed": visit.failed, "foreign": visit.foreign,
        }
        return result[part]

    return visit_part


def screenshot(page, path: str, palette: str) -> None:
    """With ``TANH_SCREENSHOTS`` set, save the page into screenshots/ (the window, or the whole
    page with ``TANH_SCREENSHOTS=full``) for a developer to look at."""
    if SCREENSHOTS not in ("", "0"):
        SHOTS.mkdir(exist_ok=True)
        name = (path.strip("/").replace("/", "_") or "home") + f"-{palette}.png"
        page.screenshot(path=str(SHOTS / name), full_page=SCREENSHOTS == "full")


def loads_cleanly(crawl, all_pages, crawl_parts, part: int) -> None:
    """Every page of the crawl's ``part``, in both palettes: no console error, failed or
    foreign request, broken image, image without real alt text or unrendered formula; the
    palette each page opened in is the one the system and the reader's last choice ask for;
    and emptying the collapsed code blocks (EMPTY_COLLAPSED_CODE) moved nothing."""
    visited = crawl(part)
    assert sorted(crawl_parts[0] + crawl_parts[1]) == sorted(all_pages), "each page is in one part"
    expected = crawl_parts[part]
    assert len(all_pages) >= 3 and sorted(visited["light"]) == sorted(visited["dark"]) == sorted(expected)
    problems = [
        f"/{path} [{palette}]: {kind}: {report[kind]}"
        for palette in ("light", "dark")
        for path, report in visited[palette].items()
        for kind in ("broken images", "images without real alt text", "unrendered math", "formulas without alttext")
        if report[kind]
    ]
    problems += [f"console error: {e}" for e in visited["errors"]]
    problems += [f"failed request: {f}" for f in visited["failed"]]
    assert problems == []
    assert visited["foreign"] == [], "requests to another origin"
    assert visited["moved"] == [], "emptying the collapsed code blocks moved what is shown"
    # The first page follows the system's (light) preference; each toggle switches the
    # palette, and Material keeps the reader's choice for the next page.
    assert visited["opened"] == [["light", "dark"][i % 2] for i in range(len(expected))]


def serious_violations(crawl, part: int) -> list[str]:
    """The serious or critical axe violations of every page of ``part``, in both palettes."""
    visited = crawl(part)
    return [f"/{path} [{palette}] {v}" for palette in ("light", "dark") for path, r in visited[palette].items() for v in r["axe"]]


def headings_out_of_order(crawl, part: int) -> list[str]:
    """Pages of ``part`` that do not start with their one h1 or that skip a heading level."""
    found = []
    for path, report in crawl(part)["light"].items():
        levels = report["headings"]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            found.append(f"/{path}: does not start with one h1: {levels}")
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if jumps:
            found.append(f"/{path}: skips heading levels: {jumps}")
    return found


def small_figure_text(crawl, part: int, site: Path, least_px: float = 9.0) -> tuple[int, list[str]]:
    """(number of figures measured, the problems): at the width each full-size figure is
    drawn at on a 1280 px wide window, its smallest text must be at least ``least_px`` tall."""
    problems, count = [], 0
    for path, report in crawl(part)["light"].items():
        for name, drawn in report["figure widths"]:
            count += 1
            size, label, width = smallest_text(site / "figures" / name)
            px = size * drawn / width
            if px < least_px:
                problems.append(f"/{path} {name}: {label!r} is {px:.1f} px ({size:.1f} pt in a {width:.0f} pt wide figure drawn {drawn:.0f} px wide)")
    return count, problems


def illegible_figures(crawl, part: int) -> tuple[int, list[str]]:
    """(number of full-size figures, the problems): in the dark palette every figure of
    ``part`` must blend with the page (a dark background at the image's edge, no white
    slab) with a WCAG contrast of at least 4.5 between background and ink."""
    figures = [(path, f) for path, r in crawl(part)["dark"].items() for f in r["figures"]]
    problems = [f"/{path}: background {bg:.2f}, a light slab on a dark page" for path, (bg, _) in figures if bg > 0.05]
    problems += [f"/{path}: contrast {ratio:.1f}" for path, (_, ratio) in figures if ratio < 4.5]
    return len(figures), problems


def code_block_violations(browser, site_url) -> list[str]:
    """Colour-contrast violations in code blocks, in both palettes, on a notebook page and
    on an explanation page with its examples' code opened (the crawl leaves them out)."""
    options = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}

    def violations(page, path: str, palette: str) -> list[str]:
        return [
            f"/{path} [{palette}]: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_violations(page, {"include": [["pre"]]}, options)
        ]

    found = []
    with Visit(browser, site_url, "light", reduced_motion=True) as visit:
        for path in ("examples/shape_curves/", "shape-of-tanh/"):
            page = visit.open(path)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            assert page.locator("article pre").count() >= 1, f"/{path} shows no code"
            found += violations(page, path, palette_of(page))
            found += violations(page, path, toggle_palette(page))
    return found
