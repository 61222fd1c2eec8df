"""The built site in headless Chromium, dark palette (issue 7): every page, figures
legible on their light cards, contrast. Fixtures and helpers are in browser_support.py."""

from __future__ import annotations

from browser_support import code_block_violations, loads_cleanly, serious_violations


def test_every_page_loads_cleanly_offline_with_images_and_math(crawl, all_pages):
    loads_cleanly(crawl, all_pages, "dark")


def test_no_serious_accessibility_violations(crawl):
    assert serious_violations(crawl, "dark") == []


def test_code_block_colours(browser, site_url):
    assert code_block_violations(browser, site_url, "dark") == []


def test_figures_are_legible_in_the_dark_palette(crawl):
    """In dark mode every full-size figure sits on a light card (its padding sampled at
    the image's edge), with a WCAG contrast of at least 4.5 between card and ink."""
    figures = [(path, f) for path, r in crawl("dark")["pages"].items() for f in r["figures"]]
    assert len(figures) >= 30
    dark = [f"/{path}: background {bg:.2f}" for path, (bg, _) in figures if bg <= 0.9]
    faint = [f"/{path}: contrast {ratio:.1f}" for path, (_, ratio) in figures if ratio < 4.5]
    assert dark == [] and faint == []
