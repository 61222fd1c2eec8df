/* The soft clipper you can play, on "A soft clipper, not a limiter" (docs/soft-clipper.md).
   A drive slider (log10 of the drive g) sends one period of the example's sine through
   tanh(g x) and through the hard clipper clip(g x, -1, 1), and shows what
   examples/audio_soft_clipper.py measures: the harmonic levels in dB relative to the
   fundamental (bars) and the total harmonic distortion, from the amplitudes
   |rfft(y)| / (N/2) of all harmonics 0..N/2, as its harmonics(), thd() and level_db().
   The inputs (explorer_inputs) are the example's own sine samples, so no Math.sin stands
   in for numpy's; an FFT over them agrees with numpy's to rounding (about 1e-16 of the
   fundamental). The waveform panel draws both outputs scaled to the same peak,
   tanh(g x) / tanh(g) and clip(g x, -1, 1) / min(g, 1).
   Play buttons loop one period of the tone (the example's rate and pitch, scaled to its
   clip_rms like its clips) through Web Audio. Nothing sounds and no AudioContext exists
   before the reader's click; the sound stops on a second click, on reset, and when the
   reader leaves the page (pagehide, or Material's instant navigation: document$). */
(function () {
  "use strict";
  var K = window.TanhExplorers;
  var FLOOR_DB = -100;  // the bars' axis: lower levels (even harmonics, an unclipped tone) are "none"

  var SHAPERS = {
    tanh: function (u) { return Math.tanh(u); },
    hard: function (u) { return Math.min(1, Math.max(-1, u)); }  // np.clip(u, -1, 1)
  };

  /* In-place radix-2 FFT of re + i im (length N, a power of two), with the twiddles
     exp(-2 pi i m / N) taken from sine[m] = sin(2 pi m / N) (cos is sine shifted by N/4). */
  function fft(re, im, sine) {
    var n = re.length, i, j, k, t, bit;
    for (i = 1, j = 0; i < n; i++) {
      for (bit = n >> 1; j & bit; bit >>= 1) { j ^= bit; }
      j ^= bit;
      if (i < j) { t = re[i]; re[i] = re[j]; re[j] = t; t = im[i]; im[i] = im[j]; im[j] = t; }
    }
    for (var len = 2; len <= n; len <<= 1) {
      var half = len >> 1, step = n / len;
      for (i = 0; i < n; i += len) {
        for (k = 0; k < half; k++) {
          var m = k * step, c = sine[(m + n / 4) % n], s = -sine[m];
          var a = i + k, b = a + half, xr = re[b], xi = im[b];
          var tr = xr * c - xi * s, ti = xr * s + xi * c;
          re[b] = re[a] - tr; im[b] = im[a] - ti;
          re[a] += tr; im[a] += ti;
        }
      }
    }
  }

  /* Amplitudes of harmonics 0..N/2 of one period y: |rfft(y)| / (N/2) (the example's harmonics). */
  function harmonics(y, sine) {
    var n = y.length, re = Float64Array.from(y), im = new Float64Array(n), out = [];
    fft(re, im, sine);
    for (var k = 0; k <= n / 2; k++) { out.push(Math.hypot(re[k], im[k]) / (n / 2)); }
    return out;
  }

  /* THD: RMS of harmonics 2, 3, ... over the fundamental (the example's thd). */
  function thd(a) {
    var sum = 0;
    for (var k = 2; k < a.length; k++) { sum += a[k] * a[k]; }
    return Math.sqrt(sum) / a[1];
  }

  function levelDb(a, k) { return 20 * Math.log10(Math.max(a[k] / a[1], 1e-300)); }

  function dbText(v) { return v < -200 ? "none" : v.toFixed(1) + " dB"; }
  function thdText(v) { return v < 1e-12 ? "0 (rounding only)" : K.fmt(v); }

  TanhExplorers.register("soft-clipper", function (root, data) {
    var sine = data.sine, n = sine.length, shown = data.n_harmonics_shown;
    var slider = K.control(root, "log_drive");
    var bars = K.plot(root.querySelector("[data-plot=harmonics]"), {
      xTitle: "harmonic number", yTitle: "level (dB re fundamental)", height: 250 });
    var wave = K.plot(root.querySelector("[data-plot=waveform]"), {
      xTitle: "time (periods)", yTitle: "output, scaled to peak 1", height: 220 });
    var buttons = root.querySelectorAll("[data-play]");
    var ctx = null, voice = null, playing = "", playingDrive = NaN;

    function drive() { return Math.pow(10, Number(slider.value)); }

    /* One period of the listening tone (audio_rate / tone_hz samples, as the example's tone)
       through `kind` at drive g, scaled to the RMS clip_rms like the example's clip(). */
    function period(kind, g) {
      var len = Math.round(data.audio_rate / data.tone_hz), y = new Float32Array(len), sq = 0, i, v = [];
      for (i = 0; i < len; i++) {
        v.push(SHAPERS[kind](g * Math.sin(2 * Math.PI * data.tone_hz * (i / data.audio_rate))));
        sq += v[i] * v[i];
      }
      var scale = data.clip_rms / Math.sqrt(sq / len);
      for (i = 0; i < len; i++) { y[i] = scale * v[i]; }
      return y;
    }

    function fadeOut(old) {
      if (!old) { return; }
      var t = ctx.currentTime;
      old.gain.gain.cancelScheduledValues(t);
      old.gain.gain.setTargetAtTime(0, t, 0.01);
      old.source.stop(t + 0.08);
    }

    function sound(kind, g) {
      var y = period(kind, g), buffer = ctx.createBuffer(1, y.length, data.audio_rate);
      buffer.copyToChannel(y, 0);
      var source = ctx.createBufferSource(), gain = ctx.createGain(), t = ctx.currentTime;
      source.buffer = buffer;
      source.loop = true;  // one whole period: the loop has no seam
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(1, t + 0.02);  // no click at the start
      source.connect(gain).connect(ctx.destination);
      source.start(t);
      fadeOut(voice);
      voice = { source: source, gain: gain };
      playingDrive = g;
    }

    function show(kind) {
      playing = kind;
      root.dataset.playing = kind;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.play === kind)); });
    }

    function stop() {
      if (ctx && voice) { fadeOut(voice); }
      voice = null;
      show("");
    }

    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        if (playing === b.dataset.play) { stop(); return; }
        if (!ctx) { ctx = new (window.AudioContext || window.webkitAudioContext)(); }  // on the click only
        ctx.resume();
        sound(b.dataset.play, drive());
        show(b.dataset.play);
      });
    });
    root.querySelector("[data-explorer=reset]").addEventListener("click", stop);
    function leave() {  // idempotent: pagehide comes again after a return from the back-forward cache
      stop();
      if (ctx) { ctx.close(); ctx = null; }
    }
    window.addEventListener("pagehide", leave);
    if (window.document$) {
      var left = false, sub = window.document$.subscribe(function () {
        if (!left && !document.body.contains(root)) {
          left = true;
          leave();
          window.removeEventListener("pagehide", leave);
          if (sub) { sub.unsubscribe(); }
        }
      });
    }
    show("");

    return function draw() {
      var g = drive(), results = {};
      var driveText = String(Number(g.toPrecision(3)));
      K.show(root, "log_drive", driveText, "drive " + driveText);  // the slider's value is log10 g
      Object.keys(SHAPERS).forEach(function (kind) {
        var y = sine.map(function (s) { return SHAPERS[kind](g * s); });
        var a = harmonics(y, sine);
        results[kind] = { y: y, a: a };
        K.readout(root, "thd_" + kind, thd(a), thdText(thd(a)));
        [3, 5].forEach(function (k) {
          var db = levelDb(a, k);
          K.readout(root, "h" + k + "_db_" + kind, db, dbText(db));
        });
      });
      if (playing && g !== playingDrive) { sound(playing, g); }

      var label = "Harmonics 1 to " + shown + " at drive " + driveText + ", in dB relative to the fundamental";
      bars.frame([0.4, shown + 0.6], [FLOOR_DB, 5], label);
      var axes = bars.svg.querySelector(".explorer-axes");
      for (var k = 1; k <= shown; k++) {
        if (k % 2) {  // the kit ticks the even harmonics; label the odd ones too
          K.el("text", { x: bars.x(k), y: bars.y(FLOOR_DB) + 17, "text-anchor": "middle" }, axes).textContent = String(k);
        }
        ["tanh", "hard"].forEach(function (kind, j) {
          var db = Math.max(FLOOR_DB, Math.min(5, levelDb(results[kind].a, k)));
          var bar = bars.rect(k - 0.36 + 0.38 * j, k - 0.02 + 0.38 * j, FLOOR_DB, db, "explorer-c" + (j + 1));
          bar.setAttribute("data-bar", kind + "-" + k);
        });
      }

      var tanhPeak = Math.tanh(g), hardPeak = Math.min(g, 1), xs = [], ys = { sine: [], tanh: [], hard: [] };
      for (var i = 0; i <= n; i += 16) {
        var m = i % n;
        xs.push(i / n);
        ys.sine.push(sine[m]);
        ys.tanh.push(results.tanh.y[m] / tanhPeak);
        ys.hard.push(results.hard.y[m] / hardPeak);
      }
      wave.frame([0, 1], [-1.15, 1.15], "One period of the tone through tanh and the hard clipper at drive " + driveText + ", both scaled to peak 1");
      wave.line(xs, ys.sine, "explorer-c4", "sine");
      wave.line(xs, ys.tanh, "explorer-c1", "tanh");
      wave.line(xs, ys.hard, "explorer-c2", "hard");
    };
  });
})();
