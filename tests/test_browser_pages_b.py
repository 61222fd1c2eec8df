"""The tests of test_browser_pages_a.py on the other half of the pages (crawl part 1), in a
file of their own so that pytest-xdist (--dist loadfile) runs them on the other worker."""

from __future__ import annotations

import pytest
from test_browser_pages_a import (  # noqa: F401 - collected here too, with this file's `part`
    test_every_page_loads_cleanly_offline_with_images_and_math,
    test_figure_text_is_at_least_9_px_on_a_1280_px_screen,
    test_figures_are_legible_in_the_dark_palette,
    test_headings_are_in_order,
    test_no_serious_accessibility_violations,
)


@pytest.fixture
def part() -> int:
    return 1
