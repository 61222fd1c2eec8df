"""The built site in headless Chromium (issue 7): every page, each loaded once and checked
in both palettes. The pages are crawled in two parts (``crawl_parts``): this file checks
part 0, and test_browser_pages_b.py runs these same tests on part 1, so that pytest-xdist
(--dist loadfile) puts the two halves on two workers. Helpers are in browser_support.py."""

from __future__ import annotations

import pytest
from browser_support import headings_out_of_order, illegible_figures, loads_cleanly, serious_violations, small_figure_text


@pytest.fixture
def part() -> int:
    """Which of the two crawl parts this file checks (test_browser_pages_b.py: 1)."""
    return 0


def test_every_page_loads_cleanly_offline_with_images_and_math(crawl, all_pages, crawl_parts, part):
    loads_cleanly(crawl, all_pages, crawl_parts, part)


def test_no_serious_accessibility_violations(crawl, part):
    assert serious_violations(crawl, part) == []


def test_headings_are_in_order(crawl, part):
    assert headings_out_of_order(crawl, part) == []


def test_figures_are_legible_in_the_dark_palette(crawl, part):
    """In dark mode every full-size figure blends with the page (no white slab), with enough contrast."""
    count, problems = illegible_figures(crawl, part)
    assert count >= 15
    assert problems == []


def test_figure_text_is_at_least_9_px_on_a_1280_px_screen(crawl, part, built_site):
    count, problems = small_figure_text(crawl, part, built_site[0])
    assert count >= 15
    assert problems == []
