// The sliders of every chart on the page, by chart index.
() => [...document.querySelectorAll('.pathways-chart')].map((el, i) => ({
  index: i,
  state: el.getAttribute('data-pathways-state'),
  inputs: [...el.querySelectorAll('.pathways-controls input[type=range]')].map(inp => ({
    name: inp.name, min: +inp.min, max: +inp.max, step: +inp.step || 0.01,
  })),
}))
