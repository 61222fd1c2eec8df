/* Gradient through depth (docs/gradient-flow.md): one small network of orthogonal weights
   from examples/gradient_depth_product.py (its explorer_inputs: W, x, g_top, weight_norm),
   scaled by c and cut to L hidden layers. Each arm runs forward, h_l = f(h_{l-1} (c W_l)^T + b_l),
   then backpropagates the unit gradient from the top, g <- (f'(a) * g) (c W), exactly as the
   example's gradient_pass does; the plot shows |g| after each layer passed, on a log axis,
   with the bounds (gamma c |W|)^l. */
(function () {
  "use strict";
  var K = window.TanhExplorers;

  var A = K.activations;

  /* The example's arms: f, f' from the output h, input-weight scale, hidden-weight scale,
     and whether the hidden bias is -2 W 1 (the rewrite of the tanh network). */
  var ARMS = {
    tanh: Object.assign({ cIn: 1, c: 1, shift: false }, A.tanh),
    sigmoid: Object.assign({ cIn: 1, c: 1, shift: false }, A.sigmoid),
    rewrite: Object.assign({ cIn: 2, c: 4, shift: true }, A.sigmoid),
    centred: { f: function (a) { return A.sigmoid.f(a) - 0.5; }, df: function (h) { return (0.5 + h) * (0.5 - h); }, cIn: 1, c: 1, shift: false }
  };

  function norm(v) {
    var s = 0;
    for (var i = 0; i < v.length; i++) { s += v[i] * v[i]; }
    return Math.sqrt(s);
  }

  /* |g| after 0..L layers passed, for one arm on the weights Wc = c W (layers 0..L). */
  function gradientPass(arm, Wc, x, gTop, L) {
    var n = x.length, hs = [], l, i, j, a, row, slopes = [];
    var h = [];
    for (i = 0; i < n; i++) {  // h_0 = f(x (cIn W_0)^T)
      a = 0;
      for (j = 0; j < n; j++) { a += x[j] * (arm.cIn * Wc[0][i][j]); }
      h.push(arm.f(a));
    }
    hs.push(h);
    for (l = 1; l <= L; l++) {
      var next = [];
      for (i = 0; i < n; i++) {
        row = Wc[l][i];
        a = 0;
        for (j = 0; j < n; j++) { a += h[j] * (arm.c * row[j]); }
        if (arm.shift) {
          var sum = 0;
          for (j = 0; j < n; j++) { sum += row[j]; }
          a += -2 * sum;
        }
        next.push(arm.f(a));
      }
      h = next;
      hs.push(h);
      slopes.push(h.map(arm.df));  // f'(a_l) for l = 1..L
    }
    var g = gTop.slice(), norms = [norm(g)];
    for (l = L; l >= 1; l--) {  // from the top layer down
      var s = slopes[l - 1], back = [];
      for (j = 0; j < n; j++) {
        var t = 0;
        for (i = 0; i < n; i++) { t += (s[i] * g[i]) * (arm.c * Wc[l][i][j]); }
        back.push(t);
      }
      g = back;
      norms.push(norm(g));
    }
    return norms;
  }

  K.register("depth-product", function (root, data) {
    var depthInput = K.control(root, "depth"), scaleInput = K.control(root, "scale");
    var depth = data.W.length - 1;
    var plot = K.plot(root.querySelector("[data-plot=norms]"), {
      yLog: true, height: 320, xTitle: "layers passed from the top, l", yTitle: "|gradient| after l layers"
    });
    return function draw() {
      var L = parseInt(depthInput.value, 10), c = parseFloat(scaleInput.value);
      K.show(root, "depth", String(L));
      K.show(root, "scale", c.toFixed(2));
      var Wc = data.W.slice(0, L + 1).map(function (m) {
        return m.map(function (r) { return r.map(function (w) { return c * w; }); });
      });
      var layers = [], l;
      for (l = 0; l <= L; l++) { layers.push(l); }
      var curves = {}, all = [1];
      Object.keys(ARMS).forEach(function (k) {
        curves[k] = gradientPass(ARMS[k], Wc, data.x, data.g_top, L);
        all = all.concat(curves[k]);
      });
      var bounds = [1, 0.25].map(function (gamma) {
        return layers.map(function (m) { return Math.pow(gamma * c * data.weight_norm, m); });
      });
      all = all.concat(bounds[0], bounds[1]).filter(function (v) { return v > 0 && isFinite(v); });
      var lo = Math.floor(Math.log10(Math.min.apply(null, all))), hi = Math.ceil(Math.log10(Math.max.apply(null, all)));
      if (hi - lo < 2) { lo = hi - 2; }
      var top = hi + 0.06 * (hi - lo);  // room above the top label for the axis title
      plot.frame([0, depth], [Math.pow(10, lo), Math.pow(10, top)],
        "Gradient norm after each of " + L + " layers at weight scale " + c.toFixed(2) + ", log scale");
      plot.line(layers, bounds[0], "explorer-bound", "bound-tanh");
      plot.line(layers, bounds[1], "explorer-bound", "bound-sigmoid");
      plot.line(layers, curves.tanh, "explorer-c1", "tanh");
      plot.line(layers, curves.sigmoid, "explorer-c2", "sigmoid");
      plot.line(layers, curves.centred, "explorer-c4", "centred");
      for (l = 0; l <= L; l += 4) {
        if (plot.y.inside(curves.rewrite[l])) { plot.mark(l, curves.rewrite[l], "explorer-c3", 3.5).setAttribute("data-dot", "rewrite"); }
      }
      ["tanh", "sigmoid"].forEach(function (k, i) {
        plot.mark(L, curves[k][L], "explorer-c" + (i + 1), 4.5);
      });
      var mid = Math.ceil(L / 2);  // each bound's label at its middle, on the side away from its line
      [["\u03b3 = 1", bounds[0]], ["\u03b3 = 1/4", bounds[1]]].forEach(function (b) {
        if (L >= 4 && plot.y.inside(b[1][mid])) {
          var t = plot.text(mid, b[1][mid], b[0], "explorer-depth-label");
          t.setAttribute("dx", "6");
          t.setAttribute("dy", b[1][L] < b[1][0] ? "-8" : "16");
        }
      });
      Object.keys(ARMS).forEach(function (k) { K.readout(root, k, curves[k][L], K.fmt(curves[k][L])); });
      K.readout(root, "bound_tanh", bounds[0][L], K.fmt(bounds[0][L]));
      K.readout(root, "bound_sigmoid", bounds[1][L], K.fmt(bounds[1][L]));
      root.querySelector("[data-explorer=summary]").textContent = "After L = " + L + " layers at c = " + c.toFixed(2) +
        ", tanh keeps " + K.fmt(curves.tanh[L] / curves.sigmoid[L]) + " times the sigmoid's gradient.";
    };
  });
})();
