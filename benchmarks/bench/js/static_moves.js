// Slider moves on one chart: set the value, dispatch 'input', await the view's dataflow run
// (Vega redraws the SVG inside it), read the verdict (the chart's last text mark), then wait
// for the next animation frame.
async ({index, moves}) => {
  const el = document.querySelectorAll('.pathways-chart')[index];
  const view = el.__vegaView;
  const text = () => {
    const marks = el.querySelectorAll('g.mark-text.role-mark');
    return marks.length ? marks[marks.length - 1].textContent : '';
  };
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const out = [];
  for (const mv of moves) {
    const input = el.querySelector('.vega-bindings input[name="' + mv.name + '"]');
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
