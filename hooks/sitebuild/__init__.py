"""Plain modules behind the MkDocs hooks: no MkDocs import here, so tests use them directly.

- ``runner``: finds examples, keys them by content, runs the stale ones in parallel
  child processes and keeps their outputs in a content-addressed cache.
- ``child``: what runs inside one child process: execute one example cell by cell,
  collect its figures, values, printed output and an executed notebook.
- ``markers``: the ``{{ example.value:format }}`` markers that pages use to quote values.
- ``mathml``: LaTeX to MathML at build time, so formulas need no script and no network.
- ``gallery``: the examples gallery: index cards, and mkdocs-jupyter's notebook HTML made
  light and offline (no inlined CSS, no scripts, figures linked instead of embedded).
"""
