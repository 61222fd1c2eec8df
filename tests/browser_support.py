"""Fixtures and helpers for the browser tests (a pytest plugin named in conftest.py).

The built site is served on 127.0.0.1 and loaded in Debian's headless Chromium
(`apt-get install chromium`, /usr/bin/chromium); Playwright drives it and never
downloads a browser. Without Chromium the browser tests are skipped, saying how to get
it. Each palette's crawl visits every page once and takes a screenshot of it into
screenshots/ (git-ignored) for a developer to look at: of the window by default, of the
whole page with ``TANH_FULL_SCREENSHOTS=1`` (it costs about 0.6 s of CPU a page).
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "screenshots"
FULL_SCREENSHOTS = os.environ.get("TANH_FULL_SCREENSHOTS") == "1"
# The crawls serve a search worker that does nothing: Material's real one builds the
# search index on every page load (0.3 s of CPU a page), and search has its own tests
# (test_search_lands_on_the_right_page), which use the real worker.
SEARCH_WORKER = "**/assets/javascripts/workers/search.*.min.js"
IDLE_WORKER = "// the crawl leaves search to its own tests\n"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    site, _, _ = built_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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

    ``idle_search``: serve the do-nothing search worker (see SEARCH_WORKER) instead of
    Material's; a page left before that worker started may cancel it, which is no fault.
    """

    def __init__(self, browser, base: str, palette: str, idle_search: bool = False):
        self.base = base
        self.idle_search = idle_search
        self.context = browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.failed, self.foreign = [], [], []
        origin = urlparse(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))

        def route(route):
            if urlparse(route.request.url).netloc != origin and not route.request.url.startswith(("data:", "blob:")):
                self.foreign.append(route.request.url)
                return route.abort()
            return route.continue_()

        self.context.route("**/*", route)
        if idle_search:  # routes registered later are tried first
            self.context.route(
                SEARCH_WORKER, lambda r: r.fulfill(status=200, content_type="text/javascript", body=IDLE_WORKER)
            )

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
# axe-core: every rule in the light palette; in the dark one, the rules a palette changes.
AXE_OPTIONS = {
    "light": {"resultTypes": ["violations"]},
    "dark": {"resultTypes": ["violations"], "runOnly": ["color-contrast", "link-in-text-block"]},
}
# Code blocks are left out of the per-page run: their colours come from one stylesheet,
# and checking their thousands of spans on every page took 2 s a page.
# code_block_violations checks them, with an example's code opened, in each palette.
AXE_CONTEXT = {"exclude": [["pre"]]}


@pytest.fixture(scope="session")
def all_pages(built_site):
    site, _, _ = built_site
    return page_paths(site)


def figure_contrast(img) -> tuple[float, float]:
    """(background luminance, WCAG contrast ratio) of a figure as shown: the background is
    sampled in the card's padding at the image's edge, the ink is the darkest 0.5 %."""
    import matplotlib.image as mpimg
    import numpy as np

    img.scroll_into_view_if_needed()
    img.evaluate("i => { i.loading = 'eager'; return i.decode(); }")
    rgb = mpimg.imread(io.BytesIO(img.screenshot()), format="png")[..., :3]
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    lum = linear @ np.array([0.2126, 0.7152, 0.0722])  # WCAG relative luminance
    frame = np.concatenate([lum[2, :], lum[-3, :], lum[:, 2], lum[:, -3]])
    background, ink = float(np.median(frame)), float(np.percentile(lum, 0.5))
    return background, (background + 0.05) / (ink + 0.05)


@pytest.fixture(scope="session")
def crawl(browser, site_url, all_pages):
    """``crawl(palette)``: visit every page once in that palette (once per session) and
    return ``{"pages": {path: report}, "errors", "failed", "foreign"}``.

    A report has broken images, images without real alt text, unrendered math, formulas
    without alttext, heading levels, serious axe violations and, in the dark palette,
    each full-size figure's (background, contrast).
    """
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(exist_ok=True)
    axe, result = Axe(), {}

    def visit_all(palette: str) -> dict:
        if palette in result:
            return result[palette]
        pages = {}
        with Visit(browser, site_url, palette, idle_search=True) as visit:
            for path in all_pages:
                page = visit.open(path)
                name = (path.strip("/").replace("/", "_") or "home") + f"-{palette}.png"
                page.screenshot(path=str(SHOTS / name), full_page=FULL_SCREENSHOTS)
                violations = axe.run(page, AXE_CONTEXT, AXE_OPTIONS[palette]).response["violations"]
                pages[path] = {
                    "scheme": page.evaluate("() => document.body.getAttribute('data-md-color-scheme')"),
                    "broken images": page.evaluate(BROKEN_IMAGES),
                    "images without real alt text": page.evaluate(BAD_ALT),
                    "unrendered math": page.evaluate(RAW_MATH),
                    "formulas without alttext": page.locator("math:not([alttext])").count(),
                    "headings": page.evaluate(HEADINGS),
                    "axe": [
                        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                        for v in violations if v["impact"] in ("serious", "critical")
                    ],
                    "figures": [figure_contrast(img) for img in page.locator(FIGURES).all()]
                    if palette == "dark" else [],
                }
        result[palette] = {"pages": pages, "errors": visit.errors, "failed": visit.failed, "foreign": visit.foreign}
        return result[palette]

    return visit_all


def loads_cleanly(crawl, all_pages, palette: str) -> None:
    """Every page of ``palette``'s crawl: no console error, failed or foreign request,
    broken image, image without real alt text or unrendered formula."""
    visited = crawl(palette)
    assert len(visited["pages"]) == len(all_pages) >= 3
    problems = [
        f"/{path}: {kind}: {report[kind]}"
        for path, report in visited["pages"].items()
        for kind in ("broken images", "images without real alt text", "unrendered math", "formulas without alttext")
        if report[kind]
    ]
    problems += [f"console error: {e}" for e in visited["errors"]]
    problems += [f"failed request: {f}" for f in visited["failed"]]
    assert problems == []
    assert visited["foreign"] == [], "requests to another origin"
    expected = "slate" if palette == "dark" else "default"
    assert {r["scheme"] for r in visited["pages"].values()} == {expected}


def serious_violations(crawl, palette: str) -> list[str]:
    """The serious or critical axe violations of every page in ``palette``."""
    return [f"/{path} [{palette}] {v}" for path, r in crawl(palette)["pages"].items() for v in r["axe"]]


def code_block_violations(browser, site_url, palette: str) -> list[str]:
    """Colour-contrast violations in code blocks, on a notebook page and on an explanation
    page with its example's code opened: the per-page crawl leaves code blocks out."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    with Visit(browser, site_url, palette) as visit:
        for path in ("examples/rnn_memory_task/", "rnn-squashing/"):
            page = visit.open(path)
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            options = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}
            for v in Axe().run(page, {"include": [["pre"]]}, options).response["violations"]:
                found.append(f"/{path}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}")
    return found
