"""The facts of the build, each stated once: settings, the examples, cache folders, the
URLs of generated files, and the order of the hooks. Every other module asks here.

Settings (``mkdocs.yml``, ``extra: examples:``; all optional):

- ``dir``: the examples' folder (``examples``);
- ``cache_dir``: their run cache (``.cache/examples``; see ``runner``);
- ``timeout``: seconds an example may run before it is stopped (120);
- ``workers``: examples run at once (the number of cores);
- ``start_method``: ``forkserver`` (Linux only: a process with numpy and matplotlib
  imported forks one child per example; the default there) or ``spawn`` (a fresh Python
  per example; the default elsewhere).

The gallery's HTML is cached by mkdocs-jupyter in its ``cache_dir`` (under ``plugins:``),
in a folder per nbconvert and mkdocs-jupyter version (:func:`jupyter_cache_dir`).

Hook order. ``mkdocs.yml`` lists ``hooks/python_version.py`` first, then
``hooks/examples.py`` and ``hooks/gallery_pages.py``. Within one event, MkDocs runs higher
priorities first (plugins such as mkdocs-jupyter at 0):

- ``on_files``: examples (:data:`FILES_EXAMPLES`: figures, clips, downloads), then the
  gallery (:data:`FILES_GALLERY`: a page per example), then mkdocs-jupyter takes those pages.
- ``on_nav``: the gallery (at 0) hands mkdocs-jupyter's page files their real source path,
  then examples (:data:`NAV_EXAMPLES`) orders the pages around the running examples.
- ``on_pre_page``: examples (:data:`PRE_PAGE_EXAMPLES`) waits for a gallery page's example
  before mkdocs-jupyter reads its notebook.
- ``on_page_markdown``: examples fills in the claims page, then quotes values (one hook).
- ``on_page_content``: examples turns a Markdown page's math into MathML; the gallery
  makes a notebook page light and offline (each touches only its own pages).
- ``on_env``: the links are checked once every page is rendered (examples).
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

FILES_EXAMPLES = 100
FILES_GALLERY = 50
NAV_EXAMPLES = -100
PRE_PAGE_EXAMPLES = 100

DEFAULTS = {"dir": "examples", "cache_dir": ".cache/examples", "timeout": 120.0, "workers": None, "start_method": None}
START_METHODS = ("forkserver", "spawn")

GALLERY = "examples"  # the URL folder of the gallery: its index and a page per example


class SettingsError(Exception):
    """A setting under ``extra: examples:`` is unknown or has a wrong value."""


def settings(given: dict | None, root: Path) -> dict:
    """The settings ``given`` with defaults, paths made absolute against ``root`` (the folder
    of mkdocs.yml). Raises SettingsError for an unknown key or start method."""
    given = dict(given or {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SettingsError(f"mkdocs.yml: `extra: examples:` has no setting {', '.join(unknown)} "
                            f"(settings: {', '.join(DEFAULTS)})")
    out = {**DEFAULTS, **given}
    out["dir"], out["cache_dir"] = Path(root) / out["dir"], Path(root) / out["cache_dir"]
    out["timeout"] = float(out["timeout"])
    out["start_method"] = out["start_method"] or default_start_method()
    if out["start_method"] not in START_METHODS:
        raise SettingsError(f"mkdocs.yml: `extra: examples: start_method:` is {out['start_method']!r}; "
                            f"use one of {', '.join(START_METHODS)}")
    if out["start_method"] == "forkserver" and not sys.platform.startswith("linux"):
        raise SettingsError(f"mkdocs.yml: `extra: examples: start_method: forkserver` does not work on "
                            f"{sys.platform} (see default_start_method); remove the setting to use spawn")
    return out


def default_start_method() -> str:
    """``forkserver`` on Linux, else ``spawn``: Windows has no fork, and on macOS a process
    that has used Apple's system libraries (Accelerate is numpy's BLAS there) must not fork,
    which is why Python itself defaults to spawn on macOS (multiprocessing documentation,
    "Changed in version 3.8"; bpo-33725)."""
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


def find_examples(examples_dir: Path) -> list[Path]:
    """Every ``<examples_dir>/*.py``, sorted by name (a file starting with ``_`` is not an example)."""
    return sorted(p for p in Path(examples_dir).glob("*.py") if not p.name.startswith("_"))


def jupyter_cache_dir(given: str, root: Path) -> Path:
    """mkdocs-jupyter's cache folder, against ``root`` rather than the working directory, one
    per nbconvert and mkdocs-jupyter version (its cache key covers the notebook and options only)."""
    versions = "-".join(f"{name}-{metadata.version(name)}" for name in ("nbconvert", "mkdocs-jupyter"))
    return Path(root) / given / versions


# --- the URLs of generated files (relative to the site root) ---------------------------------


FIGURES = "figures"  # the folder of every example's figures
FIGURE_NAME = r"(?P<stem>[A-Za-z0-9_]+)-(?P<n>[0-9]+)\.svg"  # a figure's file name, as a regex


def figure_uri(stem: str, n: int) -> str:
    """The ``n``-th figure (from 1) an example drew."""
    return f"{FIGURES}/{stem}-{n}.svg"


def download_uri(stem: str, suffix: str) -> str:
    """An example's download: ``.py`` (the script) or ``.ipynb`` (the executed notebook)."""
    return f"downloads/{stem}{suffix}"


def audio_uri(stem: str, name: str) -> str:
    """The WAV clip an example saved from its array ``audio_<name>``."""
    return f"audio/{stem}-{name}.wav"


def explorer_uri(stem: str) -> str:
    """The inputs an example hands to its page's explorer (its dict ``explorer_inputs``)."""
    return f"explorers/{stem}.json"


def gallery_page_uri(stem: str) -> str:
    """An example's gallery page (a notebook page rendered by mkdocs-jupyter)."""
    return f"{GALLERY}/{stem}.ipynb"


GALLERY_INDEX = f"{GALLERY}/index.md"
