/* What the site's explorers share: loading the inputs an example wrote for its explorer,
   plots drawn as SVG at the width of the page (so that 12 px text stays 12 px on a
   phone), linear and logarithmic axes with titles, readouts that carry their full value,
   and the wiring of controls and the reset button.

   Markup of an explorer (the page's HTML; see docs/rnn-squashing.md):
     <div class="tanh-explorer" data-explorer-kind="KIND" data-src="../explorers/STEM.json">
       controls: <input data-control="NAME">, <select data-control="NAME">
       <button type="button" data-explorer="reset">Reset</button>
       plots:    <div data-plot="NAME"></div>
       readouts: <output data-readout="NAME"></output> (data-value holds the full number)
     </div>
   An explorer file calls TanhExplorers.register(KIND, setup): setup(root, data) builds its
   plots and returns draw(), called at once, on every control change, on reset and when
   the width changes. Nothing moves by itself, so there is no motion to reduce.
   Plain JavaScript, no library, nothing fetched but the example's own JSON. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var kinds = {};
  var SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
    5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  /* A scale maps the domain [d0, d1] onto the pixels [r0, r1]; log scales map log10(v). */
  function scale(d0, d1, r0, r1, isLog) {
    var f = isLog ? Math.log10 : function (v) { return v; };
    var a = f(d0), b = f(d1);
    var s = function (v) { return r0 + (f(v) - a) / (b - a) * (r1 - r0); };
    s.domain = [d0, d1];
    s.isLog = isLog;
    s.inside = function (v) { return isFinite(v) && (!isLog || v > 0) && v >= Math.min(d0, d1) && v <= Math.max(d0, d1); };
    return s;
  }

  /* Ticks: powers of ten (every k-th one, at most 7, exponents multiples of k so that 1 is
     among them when it is on the axis) on a log scale; 1, 2 or 5 times a power of ten on a
     linear one (at most 8). */
  function ticks(s) {
    var lo = Math.min(s.domain[0], s.domain[1]), hi = Math.max(s.domain[0], s.domain[1]), out = [], v, k;
    if (s.isLog) {
      var e0 = Math.ceil(Math.log10(lo) - 1e-9), e1 = Math.floor(Math.log10(hi) + 1e-9);
      k = Math.max(1, Math.ceil((e1 - e0 + 1) / 7));
      for (v = Math.ceil(e0 / k) * k; v <= e1; v += k) { out.push(Math.pow(10, v)); }
      return out;
    }
    var raw = (hi - lo) / 6, p = Math.pow(10, Math.floor(Math.log10(raw))), step = p;
    [1, 2, 5, 10].some(function (m) { step = m * p; return (hi - lo) / step <= 8; });
    for (v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) { out.push(Math.abs(v) < 1e-12 * step ? 0 : v); }
    return out;
  }

  /* A tick label: 10 with a superscript exponent on log scales, else the shortest decimal. */
  function tickLabel(text, v, isLog) {
    if (!isLog) { text.textContent = String(Number(v.toPrecision(6))); return; }
    var e = Math.round(Math.log10(v));
    if (e === 0 || e === 1) { text.textContent = String(Math.pow(10, e)); return; }
    text.textContent = "10";
    el("tspan", { dy: "-6", "font-size": "10" }, text).textContent = String(e).replace("-", "\u2212");
  }

  /* A plot in `container`: call frame(xDomain, yDomain) at each draw (it clears the plot and
     draws the axes), then line(), rect() and mark() in data coordinates. */
  function plot(container, opts) {
    var svg = el("svg", { role: "img", class: "explorer-plot" }, container);
    var title = el("title", {}, svg);
    var p = { svg: svg };
    p.frame = function (xDomain, yDomain, label) {
      while (svg.lastChild !== title) { svg.removeChild(svg.lastChild); }
      title.textContent = label;
      var w = Math.max(300, Math.round(container.clientWidth || 640)), h = opts.height || 260;
      var left = opts.left || 64, right = 12, top = 22, bottom = 42;
      svg.setAttribute("viewBox", "0 0 " + w + " " + h);
      svg.setAttribute("width", w);
      svg.setAttribute("height", h);
      p.x = scale(xDomain[0], xDomain[1], left, w - right, !!opts.xLog);
      p.y = scale(yDomain[0], yDomain[1], h - bottom, top, !!opts.yLog);
      var axes = el("g", { class: "explorer-axes" }, svg);
      ticks(p.x).forEach(function (v) {
        el("line", { x1: p.x(v), x2: p.x(v), y1: h - bottom, y2: h - bottom + 4 }, axes);
        tickLabel(el("text", { x: p.x(v), y: h - bottom + 17, "text-anchor": "middle" }, axes), v, p.x.isLog);
      });
      ticks(p.y).forEach(function (v) {
        el("line", { x1: left, x2: w - right, y1: p.y(v), y2: p.y(v), class: "explorer-grid" }, axes);
        tickLabel(el("text", { x: left - 6, y: p.y(v) + 4, "text-anchor": "end" }, axes), v, p.y.isLog);
      });
      el("line", { x1: left, x2: w - right, y1: h - bottom, y2: h - bottom }, axes);
      el("line", { x1: left, x2: left, y1: top, y2: h - bottom }, axes);
      el("text", { x: (left + w - right) / 2, y: h - 6, "text-anchor": "middle", class: "explorer-axis-title" }, axes).textContent = opts.xTitle;
      el("text", { x: 4, y: 13, class: "explorer-axis-title" }, axes).textContent = opts.yTitle;
      p.layer = el("g", {}, svg);
      return p;
    };
    /* A polyline through (xs[i], ys[i]); points outside the plot break it. */
    p.line = function (xs, ys, cls, name) {
      var d = "", pen = false;
      for (var i = 0; i < xs.length; i++) {
        if (p.x.inside(xs[i]) && p.y.inside(ys[i])) {
          d += (pen ? "L" : "M") + p.x(xs[i]).toFixed(2) + "," + p.y(ys[i]).toFixed(2);
          pen = true;
        } else { pen = false; }
      }
      return el("path", { d: d, class: cls, "data-curve": name || cls }, p.layer);
    };
    p.rect = function (x0, x1, y0, y1, cls) {
      var a = p.x(x0), b = p.x(x1), c = p.y(y1), d = p.y(y0);
      return el("rect", { x: Math.min(a, b), y: Math.min(c, d), width: Math.abs(b - a), height: Math.abs(d - c), class: cls }, p.layer);
    };
    p.mark = function (x, y, cls, r) {
      return el("circle", { cx: p.x(x), cy: p.y(y), r: r || 3, class: cls }, p.layer);
    };
    p.text = function (x, y, words, cls) {
      var t = el("text", { x: p.x(x), y: p.y(y), class: cls || "" }, p.layer);
      t.textContent = words;
      return t;
    };
    return p;
  }

  /* Show `text` in the readout NAME of `root` and keep the full number in its data-value. */
  function readout(root, name, value, text) {
    var out = root.querySelector("[data-readout=" + name + "]");
    out.textContent = text;
    out.dataset.value = String(value);
  }

  /* A number as readers read it: 4 significant digits, powers of ten written out. */
  function fmt(v) {
    if (v === 0 || !isFinite(v)) { return String(v); }
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) { return String(Number(v.toPrecision(4))); }
    var e = Math.floor(Math.log10(a)), m = v / Math.pow(10, e);
    if (Math.abs(m) >= 9.9995) { m /= 10; e += 1; }
    return m.toFixed(3) + " \u00d7 10" + String(e).replace(/./g, function (c) { return SUPERSCRIPT[c]; });
  }

  /* The activations of the examples, each with its derivative written from its output y, as
     the examples write it: tanh' = 1 - y^2, sigma' = y (1 - y). */
  var activations = {
    tanh: { f: Math.tanh, df: function (y) { return 1 - y * y; } },
    sigmoid: { f: function (a) { return 1 / (1 + Math.exp(-a)); }, df: function (y) { return y * (1 - y); } }
  };

  function control(root, name) { return root.querySelector("[data-control=" + name + "]"); }

  /* Write a control's value into the <output> of its label; `spoken`, if given, is what
     screen readers announce instead of the raw value (a slider on a log scale). */
  function show(root, name, text, spoken) {
    var c = control(root, name);
    c.closest("label").querySelector("output").textContent = text;
    if (spoken) { c.setAttribute("aria-valuetext", spoken); }
  }

  function start(root) {
    var setup = kinds[root.dataset.explorerKind];
    if (!setup || root.dataset.ready) { return; }
    root.dataset.ready = "loading";
    var status = root.querySelector("[data-explorer=status]");
    var load = root.dataset.src ? fetch(root.dataset.src).then(function (r) {
      if (!r.ok) { throw new Error(root.dataset.src + ": HTTP " + r.status); }
      return r.json();
    }) : Promise.resolve(null);
    load.then(function (data) {
      var draw = setup(root, data);
      root.querySelectorAll("[data-control]").forEach(function (c) {
        c.addEventListener(c.tagName === "SELECT" ? "change" : "input", draw);
      });
      root.querySelector("[data-explorer=reset]").addEventListener("click", function () {
        root.querySelectorAll("[data-control]").forEach(function (c) {
          if (c.tagName === "SELECT") {
            Array.prototype.forEach.call(c.options, function (o) { o.selected = o.defaultSelected; });
          } else { c.value = c.defaultValue; }
        });
        draw();
      });
      if (window.ResizeObserver) {
        var width = root.clientWidth;
        var observer = new ResizeObserver(function () {
          if (!root.isConnected) { observer.disconnect(); return; }  // left by instant navigation
          if (root.clientWidth !== width) { width = root.clientWidth; draw(); }
        });
        observer.observe(root);
      }
      draw();
      root.dataset.ready = "1";
    }).catch(function (err) {
      root.dataset.ready = "failed";
      if (status) { status.textContent = "The explorer could not start (" + err.message + "); the figure below shows the same experiment."; }
    });
  }

  function startAll() {
    document.querySelectorAll("[data-explorer-kind]").forEach(start);
  }

  window.TanhExplorers = {
    register: function (kind, setup) { kinds[kind] = setup; startAll(); },
    el: el, plot: plot, readout: readout, fmt: fmt, control: control, show: show,
    activations: activations
  };
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(startAll);  // Material: every page load, instant navigation included
  } else {
    document.addEventListener("DOMContentLoaded", startAll);
  }
})();
