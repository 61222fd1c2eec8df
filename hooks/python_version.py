"""MkDocs hook: stop at the start of a build or serve on a Python older than the site supports.

The range is stated in README.md ("Installing") and in ``requirements/``: pymdown-extensions and
soupsieve need 3.11.5, so on an older Python pip finds none of them (or older ones, which build a
different site).
"""

from __future__ import annotations

import sys

from mkdocs.exceptions import PluginError

MINIMUM = (3, 11, 5)
SUPPORTED = ">= " + ".".join(map(str, MINIMUM))


def check(version: tuple = tuple(sys.version_info[:3]), executable: str = sys.executable) -> None:
    """Raise a one-line PluginError unless ``version`` (major, minor, micro) is supported."""
    if tuple(version[:3]) < MINIMUM:
        found = ".".join(map(str, version[:3]))
        raise PluginError(
            f"Python {found} ({executable}) is too old: this site needs Python {SUPPORTED} (README.md, Installing)"
        )


def on_startup(command, dirty):
    check()
