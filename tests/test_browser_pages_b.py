"""The built site in headless Chromium (issue 7): The other half of the pages (crawl_parts),
each loaded once and checked in both palettes. test_browser_pages_a.py checks the other
half on the other pytest-xdist worker (--dist loadfile); helpers are in browser_support.py."""

from __future__ import annotations

from browser_support import headings_out_of_order, illegible_figures, loads_cleanly, serious_violations

PART = 1


def test_every_page_loads_cleanly_offline_with_images_and_math(crawl, all_pages, crawl_parts):
    loads_cleanly(crawl, all_pages, crawl_parts, PART)


def test_no_serious_accessibility_violations(crawl):
    assert serious_violations(crawl, PART) == []


def test_headings_are_in_order(crawl):
    assert headings_out_of_order(crawl, PART) == []


def test_figures_are_legible_in_the_dark_palette(crawl):
    """In dark mode every full-size figure sits on a light card, with enough contrast."""
    count, problems = illegible_figures(crawl, PART)
    assert count >= 15
    assert problems == []
