// What ready.js recorded, with the navigation's own timings (ms from navigation start).
() => {
  const n = performance.getEntriesByType('navigation')[0] || {};
  const b = window.__bench;
  return {ready: b.ready, dcl: n.domContentLoadedEventEnd || null,
          load: n.loadEventEnd || null, response_end: n.responseEnd || null,
          vega_loaded: b.libs.vega === undefined ? null : b.libs.vega,
          longtasks: b.longtasks, longtask_ms: b.longtask_ms};
}
