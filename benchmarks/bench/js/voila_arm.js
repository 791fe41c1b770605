// One live move: watch the verdict; t0 is the Enter keydown's timestamp, t1 the mutation
// that changed the verdict's text, t2 the next animation frame (read from window.__mv).
() => {
  const verdict = [...document.querySelectorAll('.widget-html-content')]
    .find(e => e.textContent.startsWith('Verdict.'));
  const before = verdict.textContent;
  const mv = window.__mv = {t0: null, t1: null, t2: null, text: null};
  if (!window.__mvKey) {
    window.__mvKey = true;
    document.addEventListener('keydown', e => {
      if (e.key === 'Enter' && window.__mv && window.__mv.t0 === null) window.__mv.t0 = e.timeStamp;
    }, true);
  }
  const obs = new MutationObserver(() => {
    if (mv.t1 === null && verdict.textContent !== before) {
      mv.t1 = performance.now();
      mv.text = verdict.textContent;
      obs.disconnect();
      requestAnimationFrame(() => { mv.t2 = performance.now(); });
    }
  });
  obs.observe(verdict, {childList: true, subtree: true, characterData: true});
}
