"""Execute one example inside a child process and write everything it produced.

BLAS gets one thread (set before numpy is imported): the examples already run in parallel.

Output folder layout (all written by :func:`execute`; ``manifest.json`` last)::

    figures/1.svg, figures/2.svg, ...   every figure, in the order it was shown
    values.json                         the module-level plain values
    audio/<name>.wav                    each ``audio_<name>`` array as a clip (``sitebuild.audio``)
    explorer.json                       the dict ``explorer_inputs``, if any (:func:`explorer_json`)
    stdout.txt                          everything the example printed
    notebook.ipynb                      the executed notebook (see notebook_markdown, listen_cells)
    manifest.json                       sha256 of each file above
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["MPLBACKEND"] = "Agg"

import base64  # noqa: E402
import contextlib  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from sitebuild import audio  # noqa: E402
from sitebuild.runner import shown  # noqa: E402 - imports nothing heavy

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = Path(__file__).with_name("site.mplstyle")
#: The code this module was imported from (it and sitebuild.audio); see :func:`outdated`.
_IMPORTED = {path: path.read_bytes() for path in (Path(__file__), Path(audio.__file__))}
MAX_LIST = 64  # longest list of numbers recorded as a value
MAX_STR = 400  # longest string recorded as a value
EXPLORER_NAME = "explorer_inputs"  # the dict an example hands to its page's explorer


class ExampleError(Exception):
    """An example raised, exited or misbehaved; the message is ready to show."""


def outdated() -> bool:
    """True if this module's or sitebuild.audio's file changed since it was imported (by a
    forkserver, under ``mkdocs serve``): the examples must run with the code on disk."""
    return any(path.read_bytes() != code for path, code in _IMPORTED.items())


def plain_value(value):
    """``value`` as a JSON-ready plain value (what pages may quote and tests assert on), or
    None: booleans, integers, floats (numpy scalars too), strings of at most ``MAX_STR``
    characters, and lists, tuples or 1-D arrays of at most ``MAX_LIST`` numbers."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_STR else None
    if isinstance(value, np.ndarray):
        if value.ndim != 1 or value.size > MAX_LIST or value.dtype.kind not in "biuf":
            return None
        value = value.tolist()
    if isinstance(value, (list, tuple)) and len(value) <= MAX_LIST:
        items = [plain_value(v) for v in value]
        if all(isinstance(v, (bool, int, float)) for v in items):
            return items
    return None


def plain_values(namespace: dict) -> dict:
    """The module-level plain values of an executed example, sorted by name (not ``_private`` ones)."""
    values = {name: plain_value(namespace[name]) for name in sorted(namespace) if not name.startswith("_")}
    return {name: value for name, value in values.items() if value is not None}


def _explorer_item(value, where: str):
    """``value`` (a number, or an array or list of numbers, nested) as JSON-ready lists of
    finite floats; raises ValueError naming ``where`` otherwise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number, np.ndarray, list, tuple)):
        raise ValueError(f"{where} is a {type(value).__name__}; explorer inputs are numbers and arrays of numbers")
    array = np.asarray(value, dtype=float)
    if not np.isfinite(array).all():
        raise ValueError(f"{where} holds nan or inf; the page's JSON cannot carry them")
    return array.tolist()


def explorer_json(namespace: dict) -> bytes | None:
    """The example's ``explorer_inputs`` as JSON bytes (None if it has none): a dict whose keys
    are names and whose values are numbers or arrays of numbers, written with every float64
    digit (``repr``), so the page's JavaScript reads exactly the doubles the example used.
    Raises ValueError if it is not such a dict. (Its size counts in its page's weight, which
    the benchmark limits.)"""
    inputs = namespace.get(EXPLORER_NAME)
    if inputs is None:
        return None
    if not isinstance(inputs, dict) or not all(isinstance(k, str) for k in inputs):
        raise ValueError(f"`{EXPLORER_NAME}` must be a dict of names to numbers or arrays")
    data = {key: _explorer_item(value, f"{EXPLORER_NAME}[{key!r}]") for key, value in sorted(inputs.items())}
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode()


def _traceback_text(exc: BaseException, script: Path) -> str:
    """The traceback from the first frame in the example itself."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != str(script):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _line_in(exc: BaseException, script: Path, default: int) -> int:
    """The line of ``script`` the exception came through last (where the example raised or called what raised)."""
    line, tb = default, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(script):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def failure_message(exc: BaseException, script: Path, first_line: int) -> str:
    """``examples/<stem>.py:<line>: <Type>: <message>`` on the first line (the line of the
    example where it raised), then the example's part of the traceback, indented."""
    text = str(exc).strip().splitlines()
    summary = f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
    details = "".join("    " + line + "\n" for line in _traceback_text(exc, script).rstrip().splitlines())
    return f"{shown(script)}:{_line_in(exc, script, first_line)}: {summary}\n{details}".rstrip()


def _no_network(*args, **kwargs):
    raise PermissionError("examples may not use the network (the build blocks sockets); compute the data instead")


def block_network() -> None:
    """Make every socket creation and name lookup raise a clear PermissionError (in the child
    only): an example that downloads fails at that line instead of hanging."""
    import socket

    socket.socket.__init__ = _no_network
    socket.getaddrinfo = socket.gethostbyname = socket.create_connection = _no_network


def _svg_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def execute(script: Path, out_dir: Path, notebook: str, cells: list[tuple[int, int]]) -> None:
    """Run ``script`` cell by cell (``notebook``, ``cells``: ``runner.split_cells``) and write
    its outputs into ``out_dir``. The example runs as ``__main__`` in a temporary working
    directory, with warnings as errors and the site's matplotlib style; each figure open at
    ``plt.show()`` or at the end of a cell is saved as deterministic SVG. Raises ExampleError
    (file, line, traceback) if the example raises, calls ``sys.exit``, writes files into its
    working directory, or makes no figure.
    """
    script = script.resolve()
    out_dir = Path(out_dir)
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    notebook = nbformat.from_dict(json.loads(notebook))
    cells = [(notebook.cells[index], first_line) for index, first_line in cells]  # outputs land in the notebook

    plt.style.use(STYLE)
    matplotlib.rcParams["svg.hashsalt"] = "tanh-intuitively"
    svgs: list[bytes] = []
    cell_figures: list[int] = []

    def collect():
        for num in plt.get_fignums():
            svgs.append(_svg_bytes(plt.figure(num)))
            cell_figures.append(len(svgs))
        plt.close("all")

    namespace = {"__name__": "__main__", "__file__": str(script), "__builtins__": __builtins__}
    stdout_all = io.StringIO()
    real_show = plt.show
    plt.show = lambda *args, **kwargs: collect()
    old_argv = sys.argv
    try:
        # contextlib.chdir leaves the folder before it is removed: Windows cannot remove a working directory.
        with tempfile.TemporaryDirectory(prefix="example-", ignore_cleanup_errors=True) as workdir, \
                contextlib.chdir(workdir), warnings.catch_warnings():
            warnings.simplefilter("error")
            sys.argv = [str(script)]
            for cell, first_line in cells:
                cell_figures.clear()
                captured = io.StringIO()
                code = compile("\n" * (first_line - 1) + cell.source, str(script), "exec")
                try:
                    with contextlib.redirect_stdout(captured):
                        exec(code, namespace)
                except SystemExit as exc:
                    raise ExampleError(
                        f"{shown(script)}:{_line_in(exc, script, first_line)}: called sys.exit({exc.code!r}); "
                        "examples must run to the end"
                    ) from None
                except BaseException as exc:  # noqa: BLE001 - report anything the example raised
                    raise ExampleError(failure_message(exc, script, first_line)) from None
                collect()
                stdout_all.write(captured.getvalue())
                cell.outputs = _cell_outputs(captured.getvalue(), [svgs[n - 1] for n in cell_figures])
                cell.execution_count = None
            written = sorted(os.listdir(workdir))
            if written:
                raise ExampleError(
                    f"{shown(script)} wrote files into its working directory ({', '.join(written)}); "
                    "examples keep their results in memory and show them as figures and values"
                )
    finally:
        plt.show = real_show
        sys.argv = old_argv
        plt.close("all")

    if not svgs:
        raise ExampleError(f"{shown(script)} made no figure; every example draws at least one")
    values = plain_values(namespace)  # nan and inf are written as NaN and Infinity, which Python's json reads back
    files = {f"figures/{i}.svg": svg for i, svg in enumerate(svgs, start=1)}
    try:
        files.update(audio.wav_files(namespace))
    except audio.AudioError as exc:
        raise ExampleError(f"{shown(script)}: {exc}") from None
    files["values.json"] = json.dumps(values, indent=1, sort_keys=True).encode()
    try:
        explorer = explorer_json(namespace)
    except ValueError as exc:
        raise ExampleError(f"{shown(script)}: {exc}") from None
    if explorer is not None:
        files["explorer.json"] = explorer
    files["stdout.txt"] = stdout_all.getvalue().encode()
    notebook.cells += listen_cells(files)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"  # nbformat's ids are random; fixed ids keep the bytes reproducible
        if cell.cell_type == "markdown":
            cell.source = notebook_markdown(cell.source, title=number == 1)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    files["notebook.ipynb"] = nbformat.writes(notebook).encode()
    for rel, data in files.items():
        # Never re-create out_dir itself: if a killed build's folder was cleaned away,
        # this orphaned child must fail here rather than leave a new folder behind.
        (out_dir / rel).parent.mkdir(exist_ok=True)
        (out_dir / rel).write_bytes(data)
    manifest = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)


def notebook_markdown(source: str, title: bool = False) -> str:
    """A markdown cell's text as it goes into the notebook: the title cell (``title``) gets
    its first line as a level-1 heading, and the site's ``\\( ... \\)`` and ``\\[ ... \\]``
    become ``$...$`` and ``$$...$$``, which nbconvert keeps away from its Markdown parser."""
    source = DISPLAY_MATH.sub(lambda m: f"$${m[1].strip()}$$", source)
    source = INLINE_MATH.sub(lambda m: f"${m[1].strip()}$", source)
    if title and source.strip() and not source.lstrip().startswith("#"):
        source = "# " + source.lstrip()
    return source


def listen_cells(files: dict[str, bytes]) -> list:
    """The notebook's last cells if the run's outputs ``files`` hold clips (else ``[]``): a
    "Listen" heading and a code cell that plays each clip, with the output IPython's Audio
    shows (the WAV bytes as a data URI), so the notebook plays them before anything is run."""
    names = [rel[len("audio/") : -len(".wav")] for rel in sorted(files) if rel.startswith("audio/")]
    if not names:
        return []
    outputs = []
    for name in names:
        data = base64.b64encode(files[f"audio/{name}.wav"]).decode()
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text=f"{audio.PREFIX}{name}\n"))
        outputs.append(nbformat.v4.new_output("display_data", data={
            "text/html": f'<audio controls="controls">\n<source src="data:audio/wav;base64,{data}" type="audio/wav" />\n</audio>',
            "text/plain": "<IPython.lib.display.Audio object>",
        }))
    pairs = "".join(f'    ("{audio.PREFIX}{name}", {audio.PREFIX}{name}),\n' for name in names)
    code = nbformat.v4.new_code_cell(
        f"from IPython.display import Audio, display\n\nfor name, samples in [\n{pairs}]:\n"
        "    print(name)\n"
        f"    display(Audio(samples, rate={audio.RATE_NAME}, normalize=False))",
        outputs=outputs,
    )
    text = "## Listen\n\nThe clips this example computed, as 16-bit WAV (the same files the site plays)."
    return [nbformat.v4.new_markdown_cell(text), code]


MAX_CELL_OUTPUT = 5_000  # characters of printed text a cell keeps in the notebook and its page


def shown_output(text: str, limit: int = MAX_CELL_OUTPUT) -> str:
    """What the notebook and the gallery page show of a cell's printed ``text``: all of it up
    to ``limit`` characters, else its first and last lines within that budget, with a line
    that says how much was left out (stdout.txt in the cache entry keeps everything)."""
    if len(text) <= limit:
        return text
    head = text[: limit * 3 // 4].rsplit("\n", 1)[0] + "\n"
    tail = text[-(limit // 4) :].split("\n", 1)[-1]
    left = text[len(head) : len(text) - len(tail)]
    note = (f"[... {left.count(chr(10)):,} lines, {len(left):,} characters left out here; "
            "run the example to see all it prints ...]\n")
    return head + note + tail


def _cell_outputs(stdout: str, svgs: list[bytes]) -> list:
    """Notebook outputs for one cell: its printed text (:func:`shown_output`), then its figures."""
    outputs = [nbformat.v4.new_output("stream", name="stdout", text=shown_output(stdout))] if stdout else []
    for svg in svgs:
        data = {"image/svg+xml": svg.decode(), "text/plain": "<Figure>"}
        outputs.append(nbformat.v4.new_output("display_data", data=data))
    return outputs
