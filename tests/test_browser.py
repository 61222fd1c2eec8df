"""The built site in headless Chromium, as a reader sees it (issue 7).

Chromium comes from Debian (`apt-get install chromium`, /usr/bin/chromium); Playwright
drives it and never downloads a browser. Screenshots of every page in both palettes
land in screenshots/ (git-ignored) for a developer to look at.
"""

from __future__ import annotations

import functools
import http.server
import io
import math
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Chromium is not installed: run `apt-get install chromium chromium-driver` "
        "(Debian) to run the browser tests; .ci/run installs it",
        allow_module_level=True,
    )

from playwright.sync_api import sync_playwright  # noqa: E402

SHOTS = ROOT / "screenshots"
PALETTES = ("light", "dark")
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
    """One page load with every console error, failed request and foreign request recorded."""

    def __init__(self, browser, base: str, palette: str):
        self.base = base
        self.context = browser.new_context(color_scheme=palette, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.failed, self.foreign = [], [], []
        origin = urlparse(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))

        def route(route):
            if urlparse(route.request.url).netloc != origin and not route.request.url.startswith(("data:", "blob:")):
                self.foreign.append(route.request.url)
                return route.abort()
            return route.continue_()

        self.context.route("**/*", route)

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self):
        self.context.close()


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


@pytest.fixture(scope="session")
def all_pages(built_site):
    site, _, _ = built_site
    return page_paths(site)


@pytest.mark.parametrize("palette", PALETTES)
def test_every_page_loads_cleanly_offline_with_images_and_math(browser, site_url, all_pages, palette):
    SHOTS.mkdir(exist_ok=True)
    problems = []
    visit = Visit(browser, site_url, palette)
    try:
        for path in all_pages:
            page = visit.open(path)
            name = (path.strip("/").replace("/", "_") or "home") + f"-{palette}.png"
            page.screenshot(path=str(SHOTS / name), full_page=True)
            for kind, found in (
                ("broken images", page.evaluate(BROKEN_IMAGES)),
                ("images without real alt text", page.evaluate(BAD_ALT)),
                ("unrendered math", page.evaluate(RAW_MATH)),
            ):
                if found:
                    problems.append(f"/{path}: {kind}: {found}")
            if page.locator("math").count() != page.locator("math[alttext]").count():
                problems.append(f"/{path}: a formula without alttext")
        problems += [f"console error: {e}" for e in visit.errors]
        problems += [f"failed request: {f}" for f in visit.failed]
        problems += [f"request to another origin: {u}" for u in visit.foreign]
    finally:
        visit.close()
    assert len(all_pages) >= 3
    assert problems == []


def test_instant_navigation_keeps_math_figures_and_explorer_working(browser, site_url):
    visit = Visit(browser, site_url, "light")
    try:
        page = visit.open("")
        page.locator("nav.md-nav--primary a[href$='shape-of-tanh/']").first.click()
        page.wait_for_url("**/shape-of-tanh/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1, "the page was reloaded"
        assert page.locator("article math").count() > 5
        assert page.evaluate(BROKEN_IMAGES) == [] and page.locator("article img").count() >= 2
        assert page.evaluate(RAW_MATH) == []
        assert page.locator("[data-explorer=root] svg path[data-curve=tanh]").get_attribute("d")
        assert visit.errors == [] and visit.foreign == []
    finally:
        visit.close()


def luminance(rgb) -> float:
    """WCAG relative luminance of an sRGB colour with channels in [0, 1]."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_figures_are_legible_in_the_dark_palette(browser, site_url, all_pages):
    """Sample the pixels of every figure as shown in dark mode: a light card (its padding,
    sampled at the image's edge) behind dark text and lines, with a WCAG contrast ratio
    of at least 4.5 between them."""
    import matplotlib.image as mpimg
    import numpy as np

    visit = Visit(browser, site_url, "dark")
    checked = 0
    try:
        for path in all_pages:
            page = visit.open(path)
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
            # Full-size figures; the gallery's thumbnails are previews, shown scaled down.
            for img in page.locator("article img[src*='figures/']:not(.gallery img)").all():
                img.scroll_into_view_if_needed()
                img.evaluate("i => { i.loading = 'eager'; return i.decode(); }")
                pixels = mpimg.imread(io.BytesIO(img.screenshot()), format="png")
                lum = np.apply_along_axis(luminance, 2, pixels)
                frame = np.concatenate([lum[2, :], lum[-3, :], lum[:, 2], lum[:, -3]])  # the card's padding
                background, ink = np.median(frame), np.percentile(lum, 0.5)
                ratio = (background + 0.05) / (ink + 0.05)
                assert background > 0.9, f"/{path}: figure background is dark ({background:.2f})"
                assert ratio >= 4.5, f"/{path}: figure contrast {ratio:.1f} < 4.5"
                checked += 1
    finally:
        visit.close()
    assert checked >= 2


@pytest.mark.parametrize("palette", PALETTES)
def test_no_serious_accessibility_violations(browser, site_url, all_pages, palette):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    visit = Visit(browser, site_url, palette)
    found = []
    try:
        for path in all_pages:
            results = axe.run(visit.open(path))
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    found.append(f"/{path} [{palette}] {violation['id']} ({violation['impact']}): {targets}")
    finally:
        visit.close()
    assert found == []


def test_headings_are_in_order(browser, site_url, all_pages):
    visit = Visit(browser, site_url, "light")
    try:
        for path in all_pages:
            levels = visit.open(path).evaluate(
                "() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')]"
                ".map(h => +h.tagName[1])"
            )
            assert levels and levels[0] == 1, f"/{path} does not start with one h1"
            assert levels.count(1) == 1, f"/{path} has several h1"
            jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
            assert jumps == [], f"/{path} skips heading levels: {jumps}"
    finally:
        visit.close()


def test_keyboard_reaches_palette_toggle_and_search(browser, site_url):
    visit = Visit(browser, site_url, "light")
    try:
        page = visit.open("")
        reached = set()
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const a = document.activeElement; return [a.tagName, a.getAttribute('for') || '',"
                " a.className || '', a.getAttribute('aria-label') || '', a.id || '', a.name || ''].join('|'); }"
            )
            if "__palette" in focused or "palette" in focused.lower():
                reached.add("palette")
            if "md-search__input" in focused or "|query|" in focused or "search" in focused.lower():
                reached.add("search")
        assert reached == {"palette", "search"}, reached
        page.keyboard.press("Escape")
        page.keyboard.press("/")  # Material's shortcut opens search
        assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    finally:
        visit.close()


SEARCHES = {
    "vanishing gradient": "gradient-flow/",
    "soft clipper": "soft-clipper/",
    "Glorot": "saturation-and-init/",
}


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_lands_on_the_right_page(browser, site_url, query):
    visit = Visit(browser, site_url, "light")
    try:
        page = visit.open("")
        page.keyboard.press("/")
        page.fill(".md-search__input", query)  # the whole query at once: no results for a prefix
        page.keyboard.press("End")  # Material searches on key events
        page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and SEARCHES[query] in hrefs[0], hrefs[:5]
    finally:
        visit.close()


def test_explorer_redraws_and_reports_the_atanh_saturation_bounds(browser, site_url):
    visit = Visit(browser, site_url, "light")
    try:
        page = visit.open("shape-of-tanh/")
        root = page.locator("[data-explorer=root]")
        curve = root.locator("path[data-curve=tanh]")
        before = curve.get_attribute("d")
        gain = root.locator("[data-explorer=gain]")
        gain.focus()
        for _ in range(20):  # keyboard-operable: 20 steps of 0.05 from g = 1
            page.keyboard.press("ArrowRight")
        bias = root.locator("[data-explorer=bias]")
        bias.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        g, b = float(gain.input_value()), float(bias.input_value())
        assert (g, b) == pytest.approx((2.0, 0.5))
        assert curve.get_attribute("d") != before, "moving the sliders did not redraw tanh"
        u = math.atanh(math.sqrt(1 - 0.1 / g))
        expected = ((-u - b) / g, (u - b) / g)
        shown = [float(v) for v in re.findall(r"x [<>] (-?\d+\.\d+)", root.locator("[data-explorer=saturation]").inner_text())]
        assert shown == pytest.approx(expected, abs=1e-3)
        assert root.locator("[data-explorer=gain]").get_attribute("type") == "range"
        assert root.locator("label", has=page.locator("[data-explorer=gain]")).inner_text().startswith("Gain")
        readout = root.locator("[data-explorer=readout]").inner_text()
        assert f"tanh = {math.tanh(g * 1.0 + b):.3f}" in readout
    finally:
        visit.close()
