// Slider moves on one chart: set the value of the runtime's range input, dispatch 'input',
// await the view's dataflow run (Vega redraws the SVG), read the verdict the runtime computes
// (el.__pathwaysChart.verdict(): the sentence Vega computed, before the status line's
// debounced announcement), then wait for the next animation frame.
async ({index, moves}) => {
  const el = document.querySelectorAll('.pathways-chart')[index];
  const view = el.__vegaView;
  const text = () => el.__pathwaysChart.verdict();
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const out = [];
  for (const mv of moves) {
    const input = el.querySelector('.pathways-controls input[type=range][name="' + mv.name + '"]');
    await frame();
    await new Promise(r => setTimeout(r, 0));
    const before = text();
    const t0 = performance.now();
    input.value = String(mv.value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await view.runAsync();
    const t1 = performance.now();
    const after = text();
    await frame();
    const t2 = performance.now();
    out.push({name: mv.name, value: mv.value, update_ms: t1 - t0, frame_ms: t2 - t0,
              changed: after !== before, signal: view.signal(mv.name), text: after});
  }
  return out;
}
