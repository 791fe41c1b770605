// Installed before any page script (with the page's readiness condition `cond`): records, at
// the first animation frame where `cond()` holds, performance.now() (0 = start of navigation),
// so "ready" means drawn and about to be painted; also when each chart library had run and the
// main thread's long tasks before that. Read back by navigation.js.
(cond) => {
  const bench = window.__bench = {ready: null, libs: {}, longtasks: 0, longtask_ms: 0};
  // When each chart library's global is set, i.e. once it has run (the book's pages load
  // Vega alone; Vega-Lite and Vega-Embed only appear in Jupyter).
  for (const name of ['vega', 'vegaLite', 'vegaEmbed']) {
    let value;
    try {
      Object.defineProperty(window, name, {
        configurable: true, enumerable: true,
        get() { return value; },
        set(v) { value = v; if (!(name in bench.libs)) bench.libs[name] = performance.now(); },
      });
    } catch (e) { /* leave the global alone */ }
  }
  // Main-thread work in long tasks (> 50 ms) before the page was ready.
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        if (e.startTime < (bench.ready === null ? Infinity : bench.ready)) {
          bench.longtasks += 1;
          bench.longtask_ms += e.duration;
        }
      }
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { /* not supported */ }
  const poll = () => {
    let ok = false;
    try { ok = cond(); } catch (e) { ok = false; }
    if (ok) { bench.ready = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}
