// Voila's page is ready when `sliders` sliders and the verdict are drawn (returns the
// condition for ready.js).
(sliders) => () => {
  const drawn = document.querySelectorAll('.widget-slider').length;
  const verdict = [...document.querySelectorAll('.widget-html-content')]
    .some(e => e.textContent.startsWith('Verdict.'));
  return drawn >= sliders && verdict;
}
