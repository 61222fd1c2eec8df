"""MkDocs hook: once every page is rendered, check each page's links with file and line.

A link to a missing page, file or anchor stops the build (see ``sitebuild.links``).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from sitebuild import links


def on_env(env, config, files):
    pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md") and f.page is not None]
    page_ids = {f.src_uri: links.ids(f.page.content or "") for f in pages}
    all_files = {f.src_uri for f in files}
    problems = []
    for f in pages:
        problems += links.check(f.src_uri, f.content_string, page_ids, all_files)
    if problems:
        raise PluginError("broken links:\n" + "\n".join(problems))
    return env
