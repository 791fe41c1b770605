// Run Vega (or Vega-Lite) specs headless with the real vega package from node_modules.
//
//   node tests/vega_run.mjs JOBS.json
//
// JOBS.json is a list of {"spec": <Vega or Vega-Lite spec>, "signals": {name: value}}.
// A spec whose $schema names vega-lite is compiled with vega-lite's `compile` first.
// Prints one JSON list: for each job, an object mapping every top-level data set's name
// to its rows after the dataflow has run (view.data(name)).
import { readFileSync } from 'node:fs';
import * as vega from 'vega';
import * as vl from 'vega-lite';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = [];
for (const job of jobs) {
  let spec = job.spec;
  if (String(spec.$schema || '').includes('vega-lite')) {
    spec = vl.compile(spec).spec;
  }
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  for (const [name, value] of Object.entries(job.signals || {})) {
    view.signal(name, value);
  }
  await view.runAsync();
  const data = {};
  for (const d of spec.data || []) {
    data[d.name] = view.data(d.name);
  }
  out.push(data);
  view.finalize();
}
process.stdout.write(JSON.stringify(out));
