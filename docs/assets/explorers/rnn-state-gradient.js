/* "Bounded state, unbounded gradient" on "Squashing in a recurrent network": the networks
   of examples/rnn_jacobian_norm.py, run in the browser for any ||W||_2 the reader picks.

   h_t = f(W h_{t-1} + c_U U x_t + b), t = 1..T, with the example's orthogonal q (or its
   upper-triangular, non-normal matrix) scaled to the chosen ||W||_2, its U and its inputs x.
   The Jacobian dh_t/dh_0 = D_t W ... D_1 W, D_k = diag(f'(a_k)) (Pascanu et al. 2013,
   eq. 5), is multiplied out step by step as the example does, and its spectral norm is
   the square root of the largest eigenvalue of J^T J (Householder tridiagonalisation,
   then bisection with Sturm counts: Golub & Van Loan, Matrix Computations, 4th ed.,
   sections 8.3.1 and 8.4.1). The bound is (gamma ||W||_2)^t, gamma = max |f'|.
   "rewrite" is the sigmoid network equal to the tanh one, in the coordinates s = (1 + h)/2:
   recurrent weights x 4, input weights x 2, bias -2 W 1, s_0 = 1/2. */
(function () {
  "use strict";
  var K = window.TanhExplorers;

  var A = K.activations;
  // f, f' from the output y, gamma = max |f'|, factor on W, factor on U, h_0 entries
  var ARMS = {
    tanh: Object.assign({ gamma: 1, w: 1, u: 1, start: 0 }, A.tanh),
    sigmoid: Object.assign({ gamma: 0.25, w: 1, u: 1, start: 0 }, A.sigmoid),
    rewrite: Object.assign({ gamma: 0.25, w: 4, u: 2, start: 0.5 }, A.sigmoid),
    identity: { f: function (a) { return a; }, df: function () { return 1; }, gamma: 1, w: 1, u: 1, start: 0 }
  };

  function flat(rows) {
    var n = rows[0].length, out = new Float64Array(rows.length * n);
    rows.forEach(function (row, i) { out.set(row, i * n); });
    return out;
  }

  /* The largest eigenvalue of the symmetric n x n matrix B (row-major; overwritten). */
  function largestEigenvalue(B, n) {
    var d = new Float64Array(n), e = new Float64Array(n), v = new Float64Array(n), p = new Float64Array(n);
    var i, j, k;
    for (k = 0; k < n - 2; k++) {  // Householder: zero column k below the subdiagonal
      var alpha = 0;
      for (i = k + 1; i < n; i++) { alpha += B[i * n + k] * B[i * n + k]; }
      alpha = Math.sqrt(alpha);
      d[k] = B[k * n + k];
      if (alpha === 0) { e[k] = 0; continue; }
      var sign = B[(k + 1) * n + k] >= 0 ? 1 : -1, vv = 0, vp = 0;
      for (i = k + 1; i < n; i++) { v[i] = B[i * n + k]; }
      v[k + 1] += sign * alpha;
      for (i = k + 1; i < n; i++) { vv += v[i] * v[i]; }
      var beta = 2 / vv;
      for (i = k + 1; i < n; i++) {  // p = beta B v
        var s = 0;
        for (j = k + 1; j < n; j++) { s += B[i * n + j] * v[j]; }
        p[i] = beta * s;
        vp += v[i] * p[i];
      }
      var half = beta * vp / 2;
      for (i = k + 1; i < n; i++) { p[i] -= half * v[i]; }  // w = p - (beta v.p / 2) v
      for (i = k + 1; i < n; i++) {  // B <- B - v w^T - w v^T
        for (j = k + 1; j < n; j++) { B[i * n + j] -= v[i] * p[j] + p[i] * v[j]; }
      }
      e[k] = -sign * alpha;
    }
    d[n - 2] = B[(n - 2) * n + n - 2];
    d[n - 1] = B[(n - 1) * n + n - 1];
    e[n - 2] = B[(n - 1) * n + n - 2];
    var lo = Infinity, hi = -Infinity;  // Gershgorin's interval
    for (i = 0; i < n; i++) {
      var r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
      lo = Math.min(lo, d[i] - r);
      hi = Math.max(hi, d[i] + r);
    }
    if (!(hi > 0)) { return Math.max(hi, 0); }
    function below(x) {  // how many eigenvalues are below x (Sturm sequence)
      var count = 0, q = 1;
      for (var m = 0; m < n; m++) {
        q = d[m] - x - (m > 0 ? e[m - 1] * e[m - 1] / q : 0);
        if (q === 0) { q = -1e-300; }
        if (q < 0) { count++; }
      }
      return count;
    }
    for (var it = 0; it < 200 && hi - lo > 2e-16 * Math.abs(hi); it++) {
      var mid = lo + (hi - lo) / 2;
      if (mid === lo || mid === hi) { break; }
      if (below(mid) === n) { hi = mid; } else { lo = mid; }
    }
    return lo + (hi - lo) / 2;
  }

  /* out = A B for n x n row-major matrices. */
  function product(A, B, out, n) {
    out.fill(0);
    for (var i = 0; i < n; i++) {
      for (var k = 0; k < n; k++) {
        var a = A[i * n + k];
        for (var j = 0; j < n; j++) { out[i * n + j] += a * B[k * n + j]; }
      }
    }
  }

  /* out = A^T A (symmetric) for an n x n row-major matrix A. */
  function gram(A, out, n) {
    out.fill(0);
    for (var k = 0; k < n; k++) {
      for (var i = 0; i < n; i++) {
        var a = A[k * n + i];
        for (var j = i; j < n; j++) { out[i * n + j] += a * A[k * n + j]; }
      }
    }
    for (i = 0; i < n; i++) { for (j = 0; j < i; j++) { out[i * n + j] = out[j * n + i]; } }
  }

  /* One run: per step t = 1..T, max_i |h_t,i|, ||h_t|| and ||dh_t/dh_0||_2. */
  function run(data, arm, matrix, scale) {
    var n = data.n, T = data.T, m = data.m, a = ARMS[arm];
    var W = new Float64Array(n * n), i, j, k, t;
    var c = a.w * scale;
    for (i = 0; i < n * n; i++) { W[i] = c * matrix[i]; }
    var bias = new Float64Array(n);
    if (arm === "rewrite") {
      for (i = 0; i < n; i++) { var row = 0; for (j = 0; j < n; j++) { row += W[i * n + j]; } bias[i] = -0.5 * row; }
    }
    var h = new Float64Array(n).fill(a.start), next = new Float64Array(n);
    var J = new Float64Array(n * n), WJ = new Float64Array(n * n), B = new Float64Array(n * n);
    for (i = 0; i < n; i++) { J[i * n + i] = 1; }
    var out = { maxAbs: [], norm: [], grad: [] }, low = Infinity, high = -Infinity;
    for (t = 0; t < T; t++) {
      for (i = 0; i < n; i++) {
        var wh = 0, ux = 0;
        for (j = 0; j < n; j++) { wh += W[i * n + j] * h[j]; }
        for (j = 0; j < m; j++) { ux += data.U[i * m + j] * data.x[t * m + j]; }
        next[i] = a.f(wh + a.u * ux + bias[i]);
      }
      h.set(next);
      var big = 0, sq = 0;
      for (i = 0; i < n; i++) {
        big = Math.max(big, Math.abs(h[i]));
        sq += h[i] * h[i];
        low = Math.min(low, h[i]);
        high = Math.max(high, h[i]);
      }
      product(W, J, WJ, n);
      for (i = 0; i < n; i++) {  // J <- D_t (W J)
        var slope = a.df(h[i]);
        for (j = 0; j < n; j++) { J[i * n + j] = slope * WJ[i * n + j]; }
      }
      var top = 0;  // B = (J / top)^T (J / top): squares of tiny or huge entries would leave float64
      for (i = 0; i < n * n; i++) { top = Math.max(top, Math.abs(J[i])); }
      for (i = 0; i < n * n; i++) { WJ[i] = J[i] / top; }
      gram(WJ, B, n);
      out.maxAbs.push(big);
      out.norm.push(Math.sqrt(sq));
      out.grad.push(top > 0 ? top * Math.sqrt(largestEigenvalue(B, n)) : 0);
    }
    out.maxAbsAll = Math.max(-low, high);
    out.bound = function (steps) { return Math.pow(a.gamma * c, steps); };
    return out;
  }

  function decades(values, floor, ceiling) {
    var finite = values.filter(function (v) { return v > 0 && isFinite(v); });
    var lo = Math.min.apply(null, finite), hi = Math.max.apply(null, finite);
    lo = Math.max(1e-300, Math.min(floor, Math.pow(10, Math.floor(Math.log10(lo)))));
    hi = Math.max(ceiling, Math.pow(10, Math.ceil(Math.log10(hi))));
    return [lo, hi];
  }

  K.register("rnn-state-gradient", function (root, data) {
    data.n = data.q.length;
    data.m = data.U[0].length;
    data.T = data.x.length;
    // W = ||W||_2 M / ||M||_2. q is orthogonal: every |eigenvalue| is ||q||_2. The non-normal
    // matrix is triangular: its eigenvalues are its diagonal entries.
    var matrices = {}, radius = {};
    [["orthogonal", data.q], ["nonnormal", data.nonnormal]].forEach(function (pair) {
      var M = flat(pair[1]), n = pair[1].length, B = new Float64Array(n * n), top = 0;
      gram(M, B, n);
      var norm = Math.sqrt(largestEigenvalue(B, n));
      for (var i = 0; i < n * n; i++) { M[i] /= norm; }
      for (i = 0; i < n; i++) { top = Math.max(top, Math.abs(M[i * n + i])); }
      matrices[pair[0]] = M;
      radius[pair[0]] = pair[0] === "orthogonal" ? 1 : top;
    });
    data.U = flat(data.U);
    data.x = flat(data.x);
    var steps = [];
    for (var t = 1; t <= data.T; t++) { steps.push(t); }
    var state = K.plot(root.querySelector("[data-plot=state]"), { yLog: true, height: 230, xTitle: "time step t", yTitle: "state: largest |hₜ,ᵢ| and ‖hₜ‖₂" });
    var grad = K.plot(root.querySelector("[data-plot=gradient]"), { yLog: true, height: 260, xTitle: "time step t", yTitle: "gradient: ‖∂hₜ/∂h₀‖₂ and the bound" });

    return function draw() {
      var arm = K.control(root, "activation").value, shape = K.control(root, "matrix").value;
      var scale = Number(Math.pow(10, Number(K.control(root, "norm").value)).toPrecision(3));
      K.show(root, "norm", String(scale), "‖W‖₂ = " + scale);  // the slider's value is log10 ‖W‖₂
      var r = run(data, arm, matrices[shape], scale), a = ARMS[arm], T = data.T;
      var bound = steps.map(function (s) { return r.bound(s); });
      var name = { tanh: "tanh", sigmoid: "sigmoid", rewrite: "sigmoid (rewrite of tanh)", identity: "identity (linear)" }[arm];

      state.frame([1, T], decades(r.maxAbs.concat(r.norm), 0.1, 10),
        name + " network, ||W||₂ = " + scale + ": largest |h_t,i| and ||h_t|| over " + T + " steps");
      state.line(steps, r.maxAbs, "explorer-c1", "max-abs");
      state.line(steps, r.norm, "explorer-c2", "norm");
      grad.frame([1, T], decades(r.grad.concat(bound), 1e-6, 10),
        name + " network, ||W||₂ = " + scale + ": the Jacobian's norm and the bound (" + a.gamma + " × " + a.w * scale + ")^t");
      grad.line(steps, bound, "explorer-bound", "bound");
      grad.line(steps, r.grad, "explorer-c1", "gradient");

      var wNorm = a.w * scale, rho = wNorm * radius[shape];
      K.readout(root, "weight-norm", wNorm, String(wNorm));
      K.readout(root, "radius", rho, K.fmt(rho));
      K.readout(root, "factor", a.gamma * wNorm, K.fmt(a.gamma * wNorm));
      K.readout(root, "max-abs-state", r.maxAbsAll, r.maxAbsAll < 1 ? r.maxAbsAll.toFixed(10) : K.fmt(r.maxAbsAll));
      K.readout(root, "final-state-norm", r.norm[T - 1], K.fmt(r.norm[T - 1]));
      K.readout(root, "grad-norm-early", r.grad[data.early_step - 1], K.fmt(r.grad[data.early_step - 1]));
      K.readout(root, "grad-norm-final", r.grad[T - 1], K.fmt(r.grad[T - 1]));
      K.readout(root, "bound-final", r.bound(T), K.fmt(r.bound(T)));
    };
  });
})();
