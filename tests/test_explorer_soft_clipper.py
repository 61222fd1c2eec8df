"""The soft clipper you can play on "A soft clipper, not a limiter" (issue 20, item 4):
its readouts are what examples/audio_soft_clipper.py computes at each of its drives, and
its Web Audio playback starts only on the reader's click and stops on a second click, on
reset and when the reader leaves the page."""

from __future__ import annotations

import math

import pytest
from browser_support import Visit, explorer_readouts, open_explorer, set_explorer

PAGE, KIND, STEM = "soft-clipper/", "soft-clipper", "audio_soft_clipper"
# Every AudioContext the page creates, and every buffer source it starts or stops, is
# recorded on the window before the page's own scripts run; stops and closed contexts are
# also logged in sessionStorage, which outlives a page load.
RECORD_AUDIO = """(() => {
    const Base = window.AudioContext, log = e => sessionStorage.setItem('audio', (sessionStorage.getItem('audio') || '') + e);
    window.__audio = {contexts: [], started: [], stopped: 0};
    window.AudioContext = class extends Base {
        constructor(...args) { super(...args); window.__audio.contexts.push(this); }
        close() { log('closed '); return super.close(); }
    };
    const start = AudioBufferSourceNode.prototype.start, stop = AudioBufferSourceNode.prototype.stop;
    AudioBufferSourceNode.prototype.start = function (...args) {
        window.__audio.started.push({loop: this.loop, rate: this.buffer.sampleRate, length: this.buffer.length,
                                     peak: Math.max(...this.buffer.getChannelData(0).map(Math.abs))});
        return start.apply(this, args);
    };
    AudioBufferSourceNode.prototype.stop = function (...args) { window.__audio.stopped += 1; log('stop '); return stop.apply(this, args); };
})()"""
AUDIO = "() => ({contexts: window.__audio.contexts.map(c => c.state), started: window.__audio.started, stopped: window.__audio.stopped})"


def slider_value(drive: float) -> str:
    """The slider's value (log10 of the drive) as Chromium keeps it: 15 significant digits."""
    return f"{math.log10(drive):.15g}"


def test_readouts_are_the_examples_at_each_drive(browser, site_url, values):
    v = values(STEM)
    expected = {"thd_tanh": v["thd_tanh"], "thd_hard": v["thd_hard"],
                "h3_db_tanh": v["h3_db_tanh_by_drive"], "h5_db_tanh": v["h5_db_tanh_by_drive"],
                "h3_db_hard": v["h3_db_hard_by_drive"], "h5_db_hard": v["h5_db_hard_by_drive"]}
    assert len(v["drives"]) >= 5
    with Visit(browser, site_url, "light") as visit:
        root = open_explorer(visit, PAGE, KIND)
        for i, drive in enumerate(v["drives"]):
            set_explorer(root, log_drive=slider_value(drive))
            shown = explorer_readouts(root)
            assert sorted(shown) == sorted(expected)
            for name, values_at in expected.items():
                want, got = values_at[i], shown[name]
                if name.endswith("hard") and drive <= 1:
                    # The hard clipper does not touch a tone below its ceiling: what both
                    # measure is rounding, far below any level that means anything.
                    assert abs(got) < 1e-12 and abs(want) < 1e-12 if name.startswith("thd") else got < -200 and want < -200
                else:
                    assert got == pytest.approx(want, rel=1e-6), f"{name} at drive {drive}"
            assert root.locator("label output").inner_text() == f"{drive:g}"
        assert visit.errors == [] and visit.foreign == []


def test_reset_keyboard_labels_and_what_stays_without_javascript(browser, site_url, values):
    v = values(STEM)
    with Visit(browser, site_url, "light") as visit:
        root = open_explorer(visit, PAGE, KIND)
        page = root.page
        slider = root.locator("[data-control=log_drive]")
        bar = root.locator("rect[data-bar=tanh-3]")
        default = (explorer_readouts(root), bar.get_attribute("height"), slider.input_value())
        assert default[0]["thd_tanh"] == pytest.approx(v["thd_tanh_at_2"], rel=1e-6), "it opens at the table's drive"
        assert default[0]["h3_db_hard"] == pytest.approx(v["h3_db_hard"], rel=1e-6)
        slider.focus()
        page.keyboard.press("ArrowRight")  # keyboard-operable: a step up in drive
        moved = explorer_readouts(root)
        assert float(slider.input_value()) > float(default[2])
        assert moved["thd_tanh"] > default[0]["thd_tanh"], "more drive, more distortion"
        assert bar.get_attribute("height") != default[1], "the bars were not redrawn"
        assert slider.evaluate("e => getComputedStyle(e).outlineStyle") == "solid", "no visible focus ring"
        assert slider.get_attribute("aria-valuetext").startswith("drive ")
        page.keyboard.press("Tab")  # to the first play button, by keyboard
        assert root.locator("[data-play=tanh]").evaluate(
            "e => e === document.activeElement && getComputedStyle(e).outlineStyle") == "solid"
        root.locator("[data-explorer=reset]").click()
        assert (explorer_readouts(root), bar.get_attribute("height"), slider.input_value()) == default
        # Labelled controls, polite live readouts, plots with axis titles a touch can scroll past.
        assert root.locator("label", has=page.locator("[data-control=log_drive]")).inner_text().startswith("Drive g")
        assert root.locator("[data-play]").all_inner_texts() == ["Play tanh", "Play hard clip"]
        assert root.locator(".explorer-readouts").get_attribute("aria-live") == "polite"
        for plot, title in (("harmonics", "harmonic number"), ("waveform", "time (periods)")):
            svg = root.locator(f"[data-plot={plot}] svg.explorer-plot")
            assert svg.locator(".explorer-axis-title", has_text=title).count() == 1
            assert svg.evaluate("e => getComputedStyle(e).touchAction") == "pan-y"
        assert root.locator("[data-plot=harmonics] rect[data-bar]").count() == 2 * v["n_harmonics_shown"]
        # The static figures, the clips and the text stay; without JavaScript a sentence says so.
        assert page.locator(f"article img[src*='figures/{STEM}-1.svg']").count() == 1
        assert page.locator("article audio").count() >= 4
        assert "JavaScript" in root.locator("noscript").evaluate("e => e.textContent")
        assert visit.errors == [] and visit.foreign == []


def test_audio_starts_only_on_a_click_and_stops_on_click_reset_and_leaving(browser, site_url, values):
    v = values(STEM)
    with Visit(browser, site_url, "light") as visit:
        visit.context.add_init_script(RECORD_AUDIO)
        root = open_explorer(visit, PAGE, KIND)
        page = root.page
        tanh, hard = root.locator("[data-play=tanh]"), root.locator("[data-play=hard]")
        set_explorer(root, log_drive=slider_value(5.0))
        page.wait_for_timeout(200)
        assert page.evaluate(AUDIO) == {"contexts": [], "started": [], "stopped": 0}, "sound before any click"
        assert tanh.get_attribute("aria-pressed") == "false" and root.get_attribute("data-playing") == ""

        tanh.click()
        page.wait_for_function("window.__audio.contexts[0].state === 'running'", timeout=5_000)
        audio = page.evaluate(AUDIO)
        period = round(v["audio_rate"] / v["tone_hz"])
        assert len(audio["contexts"]) == 1 and audio["started"][0] == pytest.approx(
            {"loop": True, "rate": v["audio_rate"], "length": period, "peak": audio["started"][0]["peak"]})
        assert 0.2 < audio["started"][0]["peak"] < 0.4, "a modest level: RMS clip_rms, as the page's clips"
        assert (tanh.get_attribute("aria-pressed"), hard.get_attribute("aria-pressed")) == ("true", "false")
        assert root.get_attribute("data-playing") == "tanh"

        set_explorer(root, log_drive=slider_value(10.0))  # the drive moves while it plays: a new loop
        hard.click()  # the other clipper takes over
        audio = page.evaluate(AUDIO)
        assert len(audio["started"]) == 3 and audio["stopped"] == 2 and len(audio["contexts"]) == 1
        assert root.get_attribute("data-playing") == "hard"
        hard.click()  # a second click stops it
        assert page.evaluate(AUDIO)["stopped"] == 3
        assert (tanh.get_attribute("aria-pressed"), hard.get_attribute("aria-pressed")) == ("false", "false")

        tanh.click()
        root.locator("[data-explorer=reset]").click()
        assert page.evaluate(AUDIO)["stopped"] == 4 and root.get_attribute("data-playing") == ""

        assert visit.errors == [] and visit.foreign == []


@pytest.mark.parametrize("how", ["page load", "instant navigation"])
def test_leaving_the_page_stops_the_sound(browser, request, how):
    """A click in the navigation loads the next page (pagehide) or, when the site is served
    at its SITE_URL, swaps it in place (Material's instant navigation, document$): either
    way the loop stops and its AudioContext is closed."""
    base = request.getfixturevalue("site_url" if how == "page load" else "subpath_url")
    with Visit(browser, base, "light") as visit:
        visit.context.add_init_script(RECORD_AUDIO)
        root = open_explorer(visit, PAGE, KIND)
        page = root.page
        root.locator("[data-play=tanh]").click()
        page.wait_for_function("window.__audio.contexts[0].state === 'running'", timeout=5_000)
        page.evaluate("() => { window.stillTheSamePage = true; sessionStorage.setItem('audio', ''); }")
        page.locator("nav.md-nav--primary a[href$='shape-of-tanh/']").first.click()
        page.wait_for_url("**/shape-of-tanh/")
        page.locator("article h1").filter(has_text="shape").wait_for()
        page.wait_for_function("() => sessionStorage.getItem('audio').includes('closed')", timeout=5_000)
        assert page.evaluate("() => sessionStorage.getItem('audio')") == "stop closed "
        assert page.evaluate("() => window.stillTheSamePage === true") == (how == "instant navigation")
        assert visit.errors == [] and visit.foreign == []
