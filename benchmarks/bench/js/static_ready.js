// A page of the static site is ready when every chart has its Vega view (pages without
// charts: the load event).
() => {
  if (document.readyState === 'loading') return false;
  const n = document.querySelectorAll('.pathways-chart').length;
  if (n === 0) return document.readyState === 'complete';
  return (window.__pathwaysViews || []).length >= n;
}
