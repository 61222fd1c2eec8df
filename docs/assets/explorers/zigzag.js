/* "Full-batch gradient descent zig-zags" on "Zero-centred outputs": the 2-weight
   least-squares problems of examples/centring_zigzag.py, descended in the browser at any
   multiple of each problem's best step.

   L(w) = w.H w / 2 - b.w + c / 2, with H = x^T x / n, b = x^T y / n, c = y.y / n from the
   example (sigmoid, sigmoid - 1/2 and tanh features of the same z). The eigenvalues of the
   2 x 2 H are (a + d)/2 +- sqrt(((a - d)/2)^2 + h^2); the step is multiple * 2/(l_max + l_min)
   (LeCun et al. 1998, eq. 38-39); w <- w - step (H w - b) from the example's start, until
   |w - w_best| <= tolerance |w_best| (the example's rule), or after `cap` steps, or once
   |w - w_best| exceeds `blowup` times its start (diverged). The contours are the ellipses
   L - L_best = level, for the figure's levels geomspace(1e-3, 10, 12). */
(function () {
  "use strict";
  var K = window.TanhExplorers;
  var KINDS = ["sigmoid", "centred", "tanh"];
  var CLASS = { sigmoid: "explorer-c2", centred: "explorer-c3", tanh: "explorer-c1" };
  var LABEL = { sigmoid: "sigmoid", centred: "sigmoid \u2212 1/2", tanh: "tanh" };

  function norm(v0, v1) { return Math.sqrt(v0 * v0 + v1 * v1); }

  /* The problem of one kind of features: H, b, c, eigen-decomposition and best weights. */
  function problem(data, kind) {
    var H = data[kind + "_hessian"], b = data[kind + "_b"];
    var a = H[0][0], h = H[0][1], d = H[1][1], mid = (a + d) / 2, r = Math.sqrt((a - d) / 2 * ((a - d) / 2) + h * h);
    var det = a * d - h * H[1][0];
    return {
      H: H, b: b, c: data[kind + "_c"], lmax: mid + r, lmin: mid - r, angle: Math.atan2(2 * h, a - d) / 2,
      best: [(d * b[0] - H[0][1] * b[1]) / det, (a * b[1] - H[1][0] * b[0]) / det]
    };
  }

  function loss(P, w0, w1) {
    var H = P.H, q = (w0 * H[0][0] + w1 * H[1][0]) * w0 + (w0 * H[0][1] + w1 * H[1][1]) * w1;
    return 0.5 * q - (P.b[0] * w0 + P.b[1] * w1) + 0.5 * P.c;
  }

  /* Gradient descent from the example's start at multiple x the best step. */
  function descend(data, P, multiple) {
    var step = multiple * (2 / (P.lmax + P.lmin)), H = P.H, b = P.b, best = P.best;
    var w0 = data.w_start[0], w1 = data.w_start[1], xs = [w0], ys = [w1];
    var bestNorm = norm(best[0], best[1]), start = norm(w0 - best[0], w1 - best[1]);
    var dist = [start / bestNorm], e = start;
    for (;;) {
      e = norm(w0 - best[0], w1 - best[1]);
      if (!(e > data.tolerance * bestNorm) || xs.length > data.cap || e > data.blowup * start) { break; }
      var g0 = (H[0][0] * w0 + H[0][1] * w1) - b[0], g1 = (H[1][0] * w0 + H[1][1] * w1) - b[1];
      w0 = w0 - step * g0;
      w1 = w1 - step * g1;
      xs.push(w0);
      ys.push(w1);
      dist.push(norm(w0 - best[0], w1 - best[1]) / bestNorm);
    }
    var outcome = e / bestNorm <= data.tolerance ? 1 : e > data.blowup * start ? -1 : 0;
    return { xs: xs, ys: ys, dist: dist, steps: xs.length - 1, outcome: outcome, step: step,
      distance: e / bestNorm, loss: loss(P, w0, w1) };
  }

  K.register("zigzag", function (root, data) {
    var problems = {};
    KINDS.forEach(function (k) { problems[k] = problem(data, k); });
    var contourBox = root.querySelector("[data-plot=contours]");
    var square = { xTitle: "w\u2081", yTitle: "w\u2082", left: 48 }, contours = K.plot(contourBox, square);
    var paths = K.plot(root.querySelector("[data-plot=distance]"), {
      xTitle: "step", yTitle: "|w \u2212 w_best| / |w_best|", yLog: true, height: 240 });
    var kindControl = K.control(root, "features"), multControl = K.control(root, "multiple");
    var levels = [];
    for (var i = 0; i < 12; i++) { levels.push(Math.pow(10, -3 + 4 * i / 11)); }

    return function draw() {
      var kind = kindControl.value, multiple = Number(multControl.value), P = problems[kind];
      K.show(root, "multiple", multiple.toFixed(2));
      var runs = {};
      KINDS.forEach(function (k) { runs[k] = descend(data, problems[k], multiple); });
      var run = runs[kind];

      // Contours with equal scales on both axes: w2 in [-2.5, 2.5], w1 as wide as the plot.
      var width = Math.max(300, Math.round(contourBox.clientWidth || 640)), inner = width - 48 - 12;
      var tall = Math.min(inner, 360), half = 2.5 * inner / tall;
      square.height = tall + 22 + 42;  // the kit's top and bottom margins
      contours.frame([-half, half], [-2.5, 2.5], "Loss contours and the gradient-descent path, " + LABEL[kind] + " features");
      var ca = Math.cos(P.angle), sa = Math.sin(P.angle);
      levels.forEach(function (level) {
        var r1 = Math.sqrt(2 * level / P.lmax), r2 = Math.sqrt(2 * level / P.lmin), xs = [], ys = [];
        for (var t = 0; t <= 240; t++) {
          var u = r1 * Math.cos(t * Math.PI / 120), v = r2 * Math.sin(t * Math.PI / 120);
          xs.push(P.best[0] + u * ca - v * sa);
          ys.push(P.best[1] + u * sa + v * ca);
        }
        contours.line(xs, ys, "explorer-bound", "contour");
      });
      var n = Math.min(run.xs.length, 400);
      contours.line(run.xs.slice(0, n), run.ys.slice(0, n), CLASS[kind] + " explorer-zigzag-path", "path");
      for (var j = 0; j < Math.min(n, 60); j++) {
        if (contours.x.inside(run.xs[j]) && contours.y.inside(run.ys[j])) { contours.mark(run.xs[j], run.ys[j], CLASS[kind], 2.5); }
      }
      contours.mark(P.best[0], P.best[1], "explorer-zigzag-best", 6).setAttribute("data-curve", "best");

      // Distance to the best weights, step by step, for all three kinds of features.
      var last = 10;
      KINDS.forEach(function (k) { last = Math.max(last, runs[k].steps); });
      // (4 % more room on the right for the last tick's label)
      paths.frame([0, last * 1.04], [1e-7, 1e4], "Distance to the best weights against the step, three kinds of features");
      paths.line([0, last], [data.tolerance, data.tolerance], "explorer-bound", "tolerance");
      paths.text(last, data.tolerance * 3, "tolerance").setAttribute("text-anchor", "end");
      KINDS.forEach(function (k) {
        var xs = runs[k].dist.map(function (_, s) { return s; });
        paths.line(xs, runs[k].dist, CLASS[k], k);
      });

      var words = { 1: "converges", 0: "does not converge (stopped at the cap of " + data.cap + " steps)",
        "-1": "diverges (stopped once |w \u2212 w_best| grew " + data.blowup + " times)" };
      K.readout(root, "outcome", run.outcome, words[run.outcome]);
      K.readout(root, "steps", run.steps, String(run.steps));
      K.readout(root, "kappa", P.lmax / P.lmin, K.fmt(P.lmax / P.lmin));
      K.readout(root, "step", run.step, K.fmt(run.step));
      K.readout(root, "distance", run.distance, K.fmt(run.distance));
      K.readout(root, "loss", run.loss, K.fmt(run.loss));
    };
  });
})();
