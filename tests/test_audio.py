"""Audio clips: the build saves an example's audio_<name> arrays as small WAV files
(hooks/sitebuild/audio.py, called by child.py), and the soft-clipper page plays them."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import wave

import numpy as np
import pytest
from conftest import EXAMPLES, ROOT
from sitebuild import audio, runner


def read_wav(data: bytes):
    with wave.open(io.BytesIO(data)) as w:
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), frames


def test_wav_bytes_are_16_bit_mono_and_deterministic():
    samples = np.sin(np.linspace(0, 20, 800)) * 0.5
    data = audio.wav_bytes(samples, 8000)
    assert data == audio.wav_bytes(samples, 8000)
    channels, width, rate, frames = read_wav(data)
    assert (channels, width, rate, len(frames)) == (1, 2, 8000, 800)
    assert np.max(np.abs(frames / 32767 - samples)) <= 0.5 / 32767 + 1e-12


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ({"audio_x": np.zeros(10)}, "need `audio_rate`"),
        ({"audio_x": np.zeros(10), "audio_rate": 100}, "between 8000 and 48000"),
        ({"audio_x": np.zeros((2, 10)), "audio_rate": 8000}, "1-D float array"),
        ({"audio_x": np.full(10, 1.5), "audio_rate": 8000}, "in [-1, 1]"),
        ({"audio_x": np.zeros(8000 * 6), "audio_rate": 8000}, "at most 5 s"),
    ],
)
def test_bad_clips_are_refused_with_a_reason(namespace, message):
    with pytest.raises(audio.AudioError, match=re.escape(message)):
        audio.clips(namespace)


def test_examples_without_audio_make_no_clips():
    assert audio.wav_files({"audio_rate": 16000, "x": np.zeros(3)}) == {}


TINY = textwrap.dedent(
    '''\
    # %% [markdown]
    """A tiny example with sound"""

    # %%
    # Compute and plot
    import matplotlib.pyplot as plt
    import numpy as np
    audio_rate = 8000
    audio_beep = 0.5 * np.sin(2 * np.pi * 440 * np.arange(800) / audio_rate)
    fig, ax = plt.subplots()
    ax.plot(audio_beep[:80])
    plt.show()
    '''
)


def test_runner_saves_clips_in_the_verified_cache_entry(tmp_path):
    (tmp_path / "examples").mkdir()
    script = tmp_path / "examples" / "tiny_sound.py"
    script.write_text(TINY, encoding="utf-8")
    entry = runner.run_examples([script], tmp_path / "cache", workers=1)["tiny_sound"]
    assert [p.name for p in entry.audio] == ["beep.wav"]
    assert runner.verified(entry.folder), "the clip is covered by the manifest"
    assert read_wav(entry.audio[0].read_bytes())[:3] == (1, 2, 8000)
    bad = tmp_path / "examples" / "tiny_loud.py"
    bad.write_text(TINY.replace("0.5 * np.sin", "2.0 * np.sin"), encoding="utf-8")
    with pytest.raises(runner.ExampleFailed, match=r"tiny_loud.py: audio_beep must hold finite samples in \[-1, 1\]"):
        runner.run_examples([bad], tmp_path / "cache", workers=1)


@pytest.fixture(scope="module")
def built_clips(tmp_path_factory):
    """``built_clips(stem)``: the cache entry of a real audio example run through the
    build's runner into a fresh cache, once per module and only when a test asks for it."""
    cache, entries = tmp_path_factory.mktemp("audio-cache"), {}

    def get(stem):
        if stem not in entries:
            entries[stem] = runner.run_examples([EXAMPLES / f"{stem}.py"], cache, workers=1)[stem]
        return entries[stem]

    return get


def test_soft_clipper_clips_are_small_and_match_the_example(built_clips, values):
    v = values("audio_soft_clipper")
    entry = built_clips("audio_soft_clipper")
    names = ["clean", "tanh_drive2", "tanh_drive10", "hard_drive2"]
    assert sorted(p.stem for p in entry.audio) == sorted(names)
    for name, peak in zip(names, v["clip_peaks"]):
        data = (entry.folder / "audio" / f"{name}.wav").read_bytes()
        # Fetched only when played (the players preload metadata): not part of the page weight.
        assert len(data) < 100_000, f"{name}.wav is {len(data)} bytes; clips stay small"
        channels, width, rate, frames = read_wav(data)
        assert (channels, width, rate) == (1, 2, v["audio_rate"])
        assert 2 <= len(frames) / rate <= 3, f"{name}.wav lasts {len(frames) / rate} s: too short to hear, or heavy"
        assert len(frames) == round(v["clip_seconds"] * v["audio_rate"])
        assert np.max(np.abs(frames)) / 32767 == pytest.approx(peak, abs=1 / 32767), "the WAV holds the example's samples"
        rms = np.sqrt(np.mean((frames / 32767) ** 2))
        assert rms == pytest.approx(v["clip_rms"], rel=1e-3), "clips are level-matched"
        # The page loops each clip: the jump from its last sample back to its first is no
        # larger than a step inside it (no click at the seam).
        steps = np.abs(np.diff(frames.astype(float)))
        assert abs(float(frames[0]) - float(frames[-1])) <= steps.max(), f"{name}.wav clicks where it loops"


def test_soft_clipper_clips_sound_as_named(built_clips, values):
    """Past its first and last 0.1 s, each distorted clip is its shaper applied to the clean tone (up to
    its level): tanh at the low and the high drive, the hard clipper at the low drive."""
    v = values("audio_soft_clipper")
    folder = built_clips("audio_soft_clipper").folder / "audio"
    wav = {p.stem: read_wav(p.read_bytes())[3] / 32767 for p in folder.glob("*.wav")}
    middle = slice(round(0.1 * v["audio_rate"]), round((v["clip_seconds"] - 0.1) * v["audio_rate"]))
    tone = wav["clean"][middle] / np.max(np.abs(wav["clean"][middle]))
    low, high = v["low_drive"], v["high_drive"]
    for name, shaped in (("tanh_drive2", np.tanh(low * tone)), ("tanh_drive10", np.tanh(high * tone)),
                         ("hard_drive2", np.clip(low * tone, -1, 1))):
        y = wav[name][middle]
        level = y @ shaped / (shaped @ shaped)
        assert np.max(np.abs(y - level * shaped)) < 2e-4, f"{name}.wav is not its shaper applied to the tone"


def test_limiter_clips_exist(built_clips, values):
    entry = built_clips("audio_limiter_vs_clipper")
    assert sorted(p.stem for p in entry.audio) == ["limited", "soft"]
    v = values("audio_limiter_vs_clipper")
    for wav in entry.audio:
        _, _, rate, frames = read_wav(wav.read_bytes())
        assert rate == v["audio_rate"] and len(frames) == round(v["total_seconds"] * rate)


AUDIO_OUTPUT = re.compile(r'<audio\b[^>]*\bcontrols\b[^>]*>\s*<source src="data:audio/wav;base64,([A-Za-z0-9+/=]+)"')


def notebook_clips(notebook: dict) -> list[tuple[str, bytes]]:
    """(label printed before it, WAV bytes) for each output of a code cell that plays a
    clip in Jupyter: an HTML <audio controls> whose source is a WAV data URI."""
    found = []
    for cell in notebook["cells"]:
        label = None
        for out in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            if out["output_type"] == "stream":
                label = "".join(out["text"]).strip()
            html = "".join(out.get("data", {}).get("text/html", ""))
            for data in AUDIO_OUTPUT.findall(html):
                found.append((label, base64.b64decode(data)))
    return found


@pytest.mark.parametrize(
    ("stem", "names"),
    [
        ("audio_soft_clipper", ["clean", "hard_drive2", "tanh_drive10", "tanh_drive2"]),
        ("audio_limiter_vs_clipper", ["limited", "soft"]),
    ],
)
def test_notebook_plays_each_clip(stem, names, built_clips):
    """The downloaded notebook (and so its gallery page) has one playable audio output per
    clip, labelled with the clip's variable and holding the very WAV the site serves."""
    entry = built_clips(stem)
    played = notebook_clips(json.loads(entry.notebook.read_text(encoding="utf-8")))
    assert [label for label, _ in played] == [f"audio_{n}" for n in names], "one labelled player per clip"
    for (label, data), name in zip(played, names):
        assert data == (entry.folder / "audio" / f"{name}.wav").read_bytes(), f"{label} plays another sound"
        assert read_wav(data)[:2] == (1, 2)


@pytest.mark.parametrize("stem", ["audio_soft_clipper", "audio_limiter_vs_clipper"])
def test_write_wav_flag_saves_the_clips_the_site_plays(stem, built_clips, tmp_path):
    """`python <stem>.py --write-wav DIR` run alone writes exactly the site's WAV files into DIR."""
    script = shutil.copy(EXAMPLES / f"{stem}.py", tmp_path)
    out = tmp_path / "clips"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, script, "--write-wav", str(out)], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "MPLBACKEND": "Agg"}, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["clips", f"{stem}.py"]), "files only in DIR"
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert written == {p.name: p.read_bytes() for p in built_clips(stem).audio}


def test_gallery_pages_play_the_clips(built_site):
    """The download of each example with clips plays them from data URIs (a notebook
    travels alone); its gallery page, kept light, plays the site's WAV files instead."""
    site = built_site[0]
    served = {}
    for wav in (site / "audio").glob("*.wav"):
        stem, name = wav.stem.rsplit("-", 1)
        served.setdefault(stem, {})[f"audio_{name}"] = wav.read_bytes()
    assert len(served) >= 2, "the audio examples' clips are served"
    for stem, clips in served.items():
        notebook = json.loads((site / "downloads" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        assert dict(notebook_clips(notebook)) == clips
        page = (site / "examples" / stem / "index.html").read_text(encoding="utf-8")
        sources = re.findall(r'<audio\b[^>]*\bcontrols\b[^>]*>\s*<source src="\.\./\.\./(audio/[^"]+\.wav)"', page)
        assert sorted(sources) == sorted(f"audio/{stem}-{n[len('audio_'):]}.wav" for n in clips), stem
        assert "data:audio" not in page, f"the gallery page of {stem} embeds a clip"


def test_page_players_point_at_built_clips():
    """Raw <audio src> is not rewritten or checked by MkDocs, so every player must sit
    next to a Markdown link to the same file, which `mkdocs build --strict` does check."""
    page = (ROOT / "docs" / "soft-clipper.md").read_text(encoding="utf-8")
    players = re.findall(r'<audio [^>]*src="\.\./(audio/[^"]+\.wav)"', page)
    links = set(re.findall(r"\]\((audio/[^)]+\.wav)\)", page))
    assert len(players) == 6
    tags = re.findall(r"<audio [^>]*>", page)
    assert all('preload="metadata"' in tag for tag in tags), "a clip is fetched when played, not with the page"
    assert set(players) <= links
    assert all(re.search(r"<audio controls [^>]*aria-label=\"[^\"]+\"", tag) for tag in re.findall(r"<audio [^>]*>", page))
