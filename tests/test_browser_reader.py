"""What a reader does with the built site in headless Chromium (issue 7): open it in the
palette their system asks for, navigate, search, use the keyboard, the tanh explorer and
the audio clips. Every page in both palettes is crawled by test_browser_pages_a.py and
test_browser_pages_b.py; fixtures and helpers are in browser_support.py."""

from __future__ import annotations

import math
import re

import pytest
from browser_support import (
    BROKEN_IMAGES, EMPTY_COLLAPSED_CODE, RAW_MATH, Visit, check_page, code_block_violations, palette_of,
)


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_system_palette_is_the_first_shown(browser, site_url, palette):
    with Visit(browser, site_url, palette) as visit:
        assert palette_of(visit.open("")) == palette


def test_requests_to_other_origins_are_recorded_and_fail_at_once(browser, site_url):
    """What the crawl's "no request to another origin" rests on: a request for another host,
    by name or by address, from a page or from its worker, is recorded by Visit, and
    Chromium fails it without a lookup (LAUNCH_ARGS)."""
    page_urls = ["http://example.com/a.js", "https://cdn.jsdelivr.net/b.css", "http://93.184.216.34/c.png"]
    worker_url = "http://worker.example.org/d.json"
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("")
        page.evaluate("async urls => { for (const u of urls) await fetch(u, {mode: 'no-cors'}).catch(() => null); }", page_urls)
        page.evaluate(
            """url => new Promise(done => {
                const code = `fetch(${JSON.stringify(url)}).catch(() => null).then(() => postMessage(1))`;
                new Worker(URL.createObjectURL(new Blob([code]))).onmessage = done;
            })""",
            worker_url,
        )
    assert sorted(visit.foreign) == sorted(page_urls + [worker_url])
    for url in page_urls:
        assert f"{url} (net::ERR_NAME_NOT_RESOLVED)" in visit.failed


PLANTED = """<!doctype html><html lang="en"><head><title>Planted faults</title></head><body><main><article>
<h1>Planted faults</h1>
<p style="color: #bbb; background: #fff">Pale grey text on white.</p>
<img src="figures/no-such-figure.svg" alt="a figure that is not there">
<img src="figures/{figure}" alt="{figure}">
<p>Unrendered: \\(x^2\\)</p>
<details><summary>Code</summary><pre id="collapsed"><code><span>x</span> <span>=</span> <span>1</span></code></pre></details>
<details open><summary>Code shown</summary><pre id="shown"><code>y = 2</code></pre></details>
<div style="height: 3000px"></div>
</article></main></body></html>"""


def test_the_crawl_finds_planted_faults(browser, site_url, built_site):
    """check_page and EMPTY_COLLAPSED_CODE, on a page made to have the faults the crawl looks
    for: low-contrast text (axe), a broken image, an image whose alt text is its file name and
    unrendered math. Emptying empties only the collapsed code block and leaves the height of
    the (taller than the window) page as it was; a block that shows while its <details> is
    closed (in the summary) would move the page, and the crawl's height check sees it."""
    figure = sorted(p.name for p in (built_site[0] / "figures").glob("*.svg"))[0]
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("")
        page.set_content(PLANTED.format(figure=figure))
        before, after = page.evaluate(EMPTY_COLLAPSED_CODE)
        assert before == after > 3000
        assert page.locator("#collapsed").text_content() == "" and page.locator("#shown").text_content() == "y = 2"
        report = check_page(page, "light")
        page.set_content(PLANTED.format(figure=figure).replace("<summary>Code</summary>", "<summary><pre>z = 3</pre></summary>"))
        before, after = page.evaluate(EMPTY_COLLAPSED_CODE)
        assert before > after, "emptying a code block that shows did not change the page's height"
    assert any(v.startswith("color-contrast (serious)") for v in report["axe"]), report["axe"]
    assert [src.rsplit("/", 1)[-1] for src in report["broken images"]] == ["no-such-figure.svg"]
    assert [src.rsplit("/", 1)[-1] for src in report["images without real alt text"]] == [figure]
    assert report["unrendered math"] == ["\\(", "\\)"]


def test_code_block_colours(browser, site_url):
    assert code_block_violations(browser, site_url) == []


def test_instant_navigation_keeps_math_figures_and_explorer_working(browser, subpath_url):
    """Published under a sub-path at its SITE_URL, a click in the navigation swaps the page
    without reloading it (a reload would lose the mark left on the window), and the new
    page's math, figures and explorer work."""
    with Visit(browser, subpath_url, "light") as visit:
        page = visit.open("")
        page.evaluate("() => { window.stillTheSamePage = true; }")
        page.locator("nav.md-nav--primary a[href$='shape-of-tanh/']").first.click()
        page.wait_for_url("**/tanh/shape-of-tanh/")
        page.locator("article h1").filter(has_text="shape").wait_for()
        assert page.evaluate("() => window.stillTheSamePage === true"), "the click reloaded the page: no instant navigation"
        assert page.locator("article math").count() > 5
        assert page.evaluate(BROKEN_IMAGES) == [] and page.locator("article img").count() >= 2
        assert page.evaluate(RAW_MATH) == []
        assert page.locator("[data-explorer=root] svg path[data-curve=tanh]").get_attribute("d")
        assert visit.errors == [] and visit.foreign == []


def test_published_site_has_a_sitemap_and_a_styled_404(browser, subpath_url):
    """Under a sub-path, the sitemap lists every page at its public address, and the 404
    page loads its styles and leads back home (no link assumes the site sits at the root)."""
    with Visit(browser, subpath_url, "light") as visit:
        page = visit.open("sitemap.xml")
        pages = page.evaluate("() => [...document.getElementsByTagName('loc')].map(l => l.textContent)")
        assert subpath_url in pages and f"{subpath_url}examples/shape_curves/" in pages and len(pages) >= 40
        assert all(p.startswith(subpath_url) for p in pages)
        page = visit.open("no/such/page/")  # the host answers with the site's 404 page
        assert page.locator("h1").first.inner_text().strip().startswith("404")
        visit.failed.remove(f"{subpath_url}no/such/page/ (404)")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.locator("a.md-header__button.md-logo").click()
        page.wait_for_url(subpath_url)
        # Chromium logs the 404 document itself as a console error; every other failed
        # response is in visit.failed, with its address.
        assert [e for e in visit.errors if "status of 404 (Not Found)" not in e] == []
        assert visit.failed == [] and visit.foreign == []


def test_keyboard_reaches_palette_toggle_and_search(browser, site_url):
    with Visit(browser, site_url, "light") as visit:
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


SEARCHES = {
    "vanishing gradient": "gradient-flow/",
    "soft clipper": "soft-clipper/",
    "Glorot": "saturation-and-init/",
}


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_search_lands_on_the_right_page(browser, site_url, query):
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("")
        page.keyboard.press("/")
        page.fill(".md-search__input", query)  # the whole query at once: no results for a prefix
        page.keyboard.press("End")  # Material searches on key events
        page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and SEARCHES[query] in hrefs[0], hrefs[:5]


def test_a_number_inside_a_formula_is_found(browser, site_url):
    """The shape page writes the crossover as the formula |x|=1.6629: searching 1.66 finds it."""
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("")
        page.keyboard.press("/")
        page.fill(".md-search__input", "1.66")
        page.keyboard.press("End")
        page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert any("/shape-of-tanh/" in h for h in hrefs), hrefs


def test_explorer_redraws_and_reports_the_atanh_saturation_bounds(browser, site_url):
    with Visit(browser, site_url, "light") as visit:
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
        u = math.atanh(math.sqrt(1 - 0.1))  # saturation is on the pre-activation: tanh'(g x + b) < 0.1
        expected = ((-u - b) / g, (u - b) / g)
        shown = [float(v) for v in re.findall(r"x [<>] (-?\d+\.\d+)", root.locator("[data-explorer=saturation]").inner_text())]
        assert shown == pytest.approx(expected, abs=1e-3)
        assert root.locator("[data-explorer=gain]").get_attribute("type") == "range"
        assert root.locator("label", has=page.locator("[data-explorer=gain]")).inner_text().startswith("Gain")
        readout = root.locator("[data-explorer=readout]").inner_text()
        assert f"tanh = {math.tanh(g * 1.0 + b):.3f}" in readout


def test_explorer_never_cuts_off_a_curve_marks_the_cursor_and_resets(browser, site_url):
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("shape-of-tanh/")
        root = page.locator("[data-explorer=root]")
        gain = root.locator("[data-explorer=gain]")
        gain.fill("5")
        gain.dispatch_event("input")
        cursor = root.locator("[data-explorer=cursor]")
        cursor.fill("0")
        cursor.dispatch_event("input")
        plot = root.locator("svg.explorer-plot")
        # The tanh slope in x peaks at g = 5 at x = 0: its dot sits on the curve, inside the plot.
        dot = root.locator("[data-dot=dtanh]")
        peak_y = float(dot.get_attribute("cy"))
        assert peak_y > float(root.locator(".explorer-cursor").get_attribute("y2")), "the slope's peak is cut off"
        ys = [float(v) for v in re.findall(r"[ML][\d.]+,([\d.]+)", root.locator("path[data-curve=dtanh]").get_attribute("d"))]
        assert min(ys) == pytest.approx(peak_y, abs=1.0), "the curve is clipped below its peak"
        assert root.locator("circle[data-dot]").count() == 4
        assert plot.locator("text", has_text="input x").count() == 1, "no axis title"
        root.locator("[data-explorer=reset]").click()
        assert (gain.input_value(), cursor.input_value()) == ("1", "1")
        # A vertical swipe over the plot scrolls the page (touch screens).
        assert plot.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"
        page.keyboard.press("Shift+Tab")  # from the reset button, by keyboard: the cursor slider
        assert cursor.evaluate("e => e === document.activeElement && getComputedStyle(e).outlineStyle") == "solid", "no visible focus ring"


def test_audio_clips_play_in_chromium(browser, site_url):
    """Every clip on the soft-clipper page loads, decodes and plays (issue 5)."""
    with Visit(browser, site_url, "light") as visit:
        page = visit.open("soft-clipper/")
        clips = page.evaluate(
            """async () => Promise.all([...document.querySelectorAll('audio')].map(async a => {
                a.muted = true;
                a.preload = 'auto';
                a.load();
                await new Promise((ok, fail) => { a.oncanplaythrough = ok; a.onerror = () => fail(a.error); });
                await a.play();
                await new Promise(ok => setTimeout(ok, 200));
                const played = a.currentTime;
                a.pause();
                return {src: a.currentSrc, duration: a.duration, played: played};
            }))"""
        )
        assert len(clips) >= 4
        for clip in clips:
            assert clip["duration"] > 0.5, clip
            assert clip["played"] > 0, f"{clip['src']} did not advance while playing"
        assert visit.errors == [] and visit.failed == []
