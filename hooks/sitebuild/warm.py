"""Warm the worker process up once, so that each example process does not do it again.

Imported only by the forkserver, after ``sitebuild.child`` (``runner.start_workers``
preloads both). Every example process is forked from the forkserver, so what this loads
once is inherited, not loaded again by each example: the fonts and the first text drawn
as paths, matplotlib's mathtext parser, the first SVG (and rasterized) drawing, numpy's
linear algebra, FFT and random generator, and nbformat's reader, writer and validator (on
a notebook the way ``child.execute`` gets one; jupytext runs in the build process, see
``runner.split_cells``). On this site's examples that is about 0.15 s less per example
process.

Nothing an example can see changes: rcParams and the style are restored, every figure
is closed, and the random generator is a local one. (Sites built with and without it
are byte-identical.)
"""

from __future__ import annotations

import json
import string
import warnings

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
from sitebuild import child

#: A notebook as ``runner.split_cells`` hands it to ``child.execute``: a title cell and one
#: code cell (index 1; the line given for it, 5, stands for a script that does not exist).
WARM_UP_NOTEBOOK = json.dumps(
    nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("Warm-up"), nbformat.v4.new_code_cell("# Parameters\nx = 1")],
        metadata={"jupytext": {"text_representation": {"extension": ".py", "format_name": "percent"}}},
    )
)
WARM_UP_CELLS = [(1, 5)]


def warm_up() -> None:
    """Draw one small figure with the artists the examples use, and touch the numerical,
    notebook and SVG code paths once. Raises on any warning (it must be silent)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _warm_up()


def _warm_up() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(8, 8))
    np.linalg.norm(matrix, axis=0)
    np.linalg.qr(matrix)
    np.linalg.lstsq(matrix, matrix[:, 0], rcond=None)
    np.linalg.eigvals(matrix)
    np.linalg.eigvalsh(matrix @ matrix.T)
    np.linalg.solve(matrix + 8 * np.eye(8), matrix[:, 0])
    np.fft.rfft(matrix[0])

    with matplotlib.rc_context():
        plt.style.use(child.STYLE)
        matplotlib.rcParams["svg.hashsalt"] = "warm-up"
        x = np.linspace(-4.0, 4.0, 64)
        fig, (lines, log, dense) = plt.subplots(1, 3)
        lines.plot(x, np.tanh(x), label=r"$\tanh x$, $\sigma(x) = 1/(1 + e^{-x})$")
        lines.fill_between(x, 0, np.tanh(x), alpha=0.2)
        lines.axhline(0.0)
        lines.axvline(0.0)
        lines.text(0.0, 0.5, string.ascii_letters + string.digits + string.punctuation + " \u2212\u00d7\u2248")
        lines.annotate("peak", xy=(0.0, 0.0), xytext=(1.0, 0.5), arrowprops={"arrowstyle": "->"})
        lines.set(xlabel="pre-activation $x$", ylabel="output", title="Warm-up")
        lines.legend()
        log.semilogy(x, np.exp(x), marker="o")
        log.scatter(x, np.exp(x), s=4, rasterized=True)
        dense.hist(rng.normal(size=64), bins=8)
        dense.bar([1.0, 2.0], [2.0, 3.0])
        grid = np.outer(np.tanh(x), np.tanh(x))
        dense.contourf(x, x, grid, levels=4, rasterized=True)
        dense.contour(x, x, grid, levels=2)
        child._svg_bytes(fig)
        plt.close("all")

    notebook, cells = child.notebook_cells(WARM_UP_NOTEBOOK, WARM_UP_CELLS)
    cells[-1][0].outputs = child._cell_outputs("printed\n", [b"<svg/>"])
    nbformat.writes(notebook)


try:
    warm_up()
except Exception:  # noqa: BLE001 - only a speed-up: the forkserver must start regardless
    plt.close("all")
