/* The tanh explorer on "The shape of tanh": sliders for gain g and bias b redraw
   tanh(g x + b), sigmoid(g x + b) and their derivatives d/dx, shade the x whose
   pre-activation u = g x + b is saturated (tanh'(u) below 0.1, whatever the gain) and
   read off the values at a cursor, marked on each curve. The y axis grows with the gain,
   so that the slope curves (whose peak is g) are never cut off.
   Plain JavaScript and SVG, no library, nothing fetched. Re-initialised on every page
   load, including Material's instant navigation (document$). */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 640, H = 300, PAD = 40, XMAX = 6, YMIN = -1.2, THRESHOLD = 0.1;
  var YMAX = 1.6;  // set by each draw: max(1.6, 1.1 g)

  function sigmoid(u) { return 1 / (1 + Math.exp(-u)); }
  function sx(x) { return PAD + (x + XMAX) / (2 * XMAX) * (W - 2 * PAD); }
  function sy(y) { return H - PAD - (y - YMIN) / (YMAX - YMIN) * (H - 2 * PAD); }
  function fmt(v) { return (Math.abs(v) < 5e-4 ? 0 : v).toFixed(3); }

  /* Saturation is a property of the pre-activation u = g x + b: tanh'(u) = 1 - tanh^2(u) < t
     where |u| > atanh(sqrt(1 - t)). Returns [left, right]: the x (g > 0) where that starts. */
  var U_SATURATED = Math.atanh(Math.sqrt(1 - THRESHOLD));
  function saturationBounds(g, b) {
    return [(-U_SATURATED - b) / g, (U_SATURATED - b) / g];
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function path(f) {
    var d = "";
    for (var i = 0; i <= 400; i++) {
      var x = -XMAX + 2 * XMAX * i / 400;
      var y = Math.max(YMIN, Math.min(YMAX, f(x)));
      d += (i ? "L" : "M") + sx(x).toFixed(2) + "," + sy(y).toFixed(2);
    }
    return d;
  }

  function drawAxes(axes) {
    while (axes.firstChild) { axes.removeChild(axes.firstChild); }
    el("line", { x1: sx(-XMAX), x2: sx(XMAX), y1: sy(0), y2: sy(0) }, axes);
    el("line", { x1: sx(0), x2: sx(0), y1: sy(YMIN), y2: sy(YMAX) }, axes);
    for (var y = -1; y <= YMAX; y += YMAX > 3 ? 2 : 1) {
      if (y === 0) { continue; }
      el("line", { x1: sx(-XMAX), x2: sx(XMAX), y1: sy(y), y2: sy(y), class: "explorer-grid" }, axes);
      el("text", { x: PAD - 6, y: sy(y) + 4, "text-anchor": "end" }, axes).textContent = String(y);
    }
    [-6, -3, 3, 6].forEach(function (x) {
      el("text", { x: sx(x), y: sy(0) + 16, "text-anchor": "middle" }, axes).textContent = String(x);
    });
    el("text", { x: W - PAD + 4, y: sy(0) - 6, "text-anchor": "end", class: "explorer-axis-title" }, axes).textContent = "input x";
    el("text", { x: sx(0) + 6, y: PAD - 8, class: "explorer-axis-title" }, axes).textContent = "value, and slope in x";
  }

  function init(root) {
    if (root.dataset.ready) { return; }
    root.dataset.ready = "1";
    var gain = root.querySelector("[data-explorer=gain]");
    var bias = root.querySelector("[data-explorer=bias]");
    var cursor = root.querySelector("[data-explorer=cursor]");
    var out = root.querySelector("[data-explorer=readout]");
    var sat = root.querySelector("[data-explorer=saturation]");
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "explorer-plot" });
    var title = el("title", {}, svg);
    root.querySelector("[data-explorer=plot]").appendChild(svg);

    var shade = el("g", { class: "explorer-saturated" }, svg);
    var axes = el("g", { class: "explorer-axes" }, svg);
    var curves = {
      tanh: el("path", { class: "explorer-tanh", "data-curve": "tanh" }, svg),
      sigmoid: el("path", { class: "explorer-sigmoid", "data-curve": "sigmoid" }, svg),
      dtanh: el("path", { class: "explorer-dtanh", "data-curve": "dtanh" }, svg),
      dsigmoid: el("path", { class: "explorer-dsigmoid", "data-curve": "dsigmoid" }, svg)
    };
    var mark = el("line", { class: "explorer-cursor" }, svg);
    var dots = {};
    Object.keys(curves).forEach(function (name) {
      dots[name] = el("circle", { r: 4, class: "explorer-" + name + " explorer-dot", "data-dot": name }, svg);
    });

    function draw() {
      var g = parseFloat(gain.value), b = parseFloat(bias.value), xc = parseFloat(cursor.value);
      root.querySelector("[data-explorer=gain-value]").textContent = g.toFixed(2);
      root.querySelector("[data-explorer=bias-value]").textContent = b.toFixed(2);
      root.querySelector("[data-explorer=cursor-value]").textContent = xc.toFixed(2);
      YMAX = Math.max(1.6, 1.1 * g);
      drawAxes(axes);
      curves.tanh.setAttribute("d", path(function (x) { return Math.tanh(g * x + b); }));
      curves.sigmoid.setAttribute("d", path(function (x) { return sigmoid(g * x + b); }));
      curves.dtanh.setAttribute("d", path(function (x) { var t = Math.tanh(g * x + b); return g * (1 - t * t); }));
      curves.dsigmoid.setAttribute("d", path(function (x) { var s = sigmoid(g * x + b); return g * s * (1 - s); }));

      while (shade.firstChild) { shade.removeChild(shade.firstChild); }
      var bounds = saturationBounds(g, b), text;
      [[-XMAX, bounds[0]], [bounds[1], XMAX]].forEach(function (r) {
        var a = Math.max(-XMAX, Math.min(XMAX, r[0])), z = Math.max(-XMAX, Math.min(XMAX, r[1]));
        if (z > a) { el("rect", { x: sx(a), y: sy(YMAX), width: sx(z) - sx(a), height: sy(YMIN) - sy(YMAX) }, shade); }
      });
      text = "tanh is saturated (|g x + b| > " + U_SATURATED.toFixed(3) + ", where tanh' < " + THRESHOLD +
        ") for x < " + bounds[0].toFixed(3) + " and for x > " + bounds[1].toFixed(3) + "." +
        (bounds[0] < -XMAX && bounds[1] > XMAX ? " Nowhere on this plot: every pre-activation here has |u| below " + U_SATURATED.toFixed(3) + "." : "");
      sat.textContent = text;
      sat.dataset.left = String(bounds[0]);
      sat.dataset.right = String(bounds[1]);

      var u = g * xc + b, t = Math.tanh(u), s = sigmoid(u);
      mark.setAttribute("x1", sx(xc));
      mark.setAttribute("x2", sx(xc));
      mark.setAttribute("y1", sy(YMIN));
      mark.setAttribute("y2", sy(YMAX));
      [["tanh", t], ["sigmoid", s], ["dtanh", g * (1 - t * t)], ["dsigmoid", g * s * (1 - s)]].forEach(function (d) {
        dots[d[0]].setAttribute("cx", sx(xc));
        dots[d[0]].setAttribute("cy", sy(d[1]));
      });
      out.textContent = "At x = " + xc.toFixed(2) + ", pre-activation u = " + fmt(u) + ": tanh = " + fmt(t) +
        ", tanh'(u) = " + fmt(1 - t * t) + ", slope in x g tanh'(u) = " + fmt(g * (1 - t * t)) +
        "; sigmoid = " + fmt(s) + ", slope in x " + fmt(g * s * (1 - s)) + ".";
      title.textContent = "tanh(" + g.toFixed(2) + " x + " + b.toFixed(2) + "), the sigmoid of the same " +
        "pre-activation, and their slopes. " + text;
    }

    svg.addEventListener("pointermove", function (event) {
      var box = svg.getBoundingClientRect();
      var x = ((event.clientX - box.left) / box.width * W - PAD) / (W - 2 * PAD) * 2 * XMAX - XMAX;
      cursor.value = String(Math.max(-XMAX, Math.min(XMAX, x)));
      draw();
    });
    [gain, bias, cursor].forEach(function (input) { input.addEventListener("input", draw); });
    root.querySelector("[data-explorer=reset]").addEventListener("click", function () {
      [gain, bias, cursor].forEach(function (input) { input.value = input.defaultValue; });
      draw();
    });
    draw();
  }

  function initAll() {
    document.querySelectorAll("[data-explorer=root]").forEach(init);
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(initAll);  // Material: every page load, instant navigation included
  } else {
    document.addEventListener("DOMContentLoaded", initAll);
  }
})();
