"""The evidence page's static charts (the record, the coded periods) show their numbers: a
"Show the numbers" table whose every number equals the data the chart draws in the browser
(read from the Vega view), and which scrolls inside its own box on a phone.

What this cannot check: whether a reader finds a table of some eighty years useful; that is
a reading, not a test.
"""

from __future__ import annotations

import pytest
from test_chart_runtime import SIZES, _open

PAGE = "chapters/evidence.html"
FAMILIES = ("record", "periods")

#: Per static chart: every row of every dataset its view holds, its table, and the geometry
#: of the opened table box against the viewport.
READ = """(families) => new Promise((resolve) => {
  const out = {};
  window.pathwaysCharts.register((ctx) => {
    if (!families.includes(ctx.family)) return;
    const rows = [];
    for (const d of ctx.spec.data || []) {
      for (const r of ctx.view.data(d.name) || []) rows.push(Object.assign({}, r));
    }
    const details = ctx.el.querySelector('details.pathways-numbers');
    if (details) details.open = true;
    const table = details ? details.querySelector('table') : null;
    const box = details ? details.getBoundingClientRect() : null;
    out[ctx.family] = {
      rows,
      summary: details ? details.querySelector('summary').textContent : null,
      columns: table ? Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent) : [],
      body: table ? Array.from(table.querySelectorAll('tbody tr')).map((tr) =>
        Array.from(tr.children).map((c) => c.hasAttribute('data-value') ?
          Number(c.getAttribute('data-value')) : c.textContent)) : [],
      box: box ? [box.left, box.right] : null,
    };
  });
  setTimeout(() => resolve({out, vw: window.innerWidth,
    scroll: document.documentElement.scrollWidth}), 200);
})"""


@pytest.fixture(scope="module")
def phone(base_url, browser) -> dict:
    context, page, watch = _open(browser, base_url, PAGE, "phone")
    try:
        return page.evaluate(READ, list(FAMILIES))
    finally:
        context.close()


def _drawn(rows: list[dict], year: int, key: str) -> float | None:
    """The value the record chart draws for `key` in `year` (a host's troops or a field)."""
    for r in rows:
        if r.get("year") != year:
            continue
        if key in ("Japan", "South Korea") and r.get("host") == key and "thousands" in r:
            return r["value"]
        if key not in ("Japan", "South Korea") and r.get(key) is not None:
            return r[key]
    return None


def test_record_table_equals_what_the_record_draws(phone: dict) -> None:
    got = phone["out"]["record"]
    assert got["summary"] == "Show the numbers" and got["columns"][0] == "Year", got["columns"]
    keys = ["Japan", "South Korea", "tests", "agreement", "coop_share", "ldp_share"]
    years = sorted({r["year"] for r in got["rows"] if isinstance(r.get("year"), int)
                    and any(_drawn([r], r["year"], k) is not None for k in keys)})  # fmt: skip
    assert [int(row[0]) for row in got["body"]] == years
    for row in got["body"]:
        want = [_drawn(got["rows"], int(row[0]), k) for k in keys]
        assert [None if isinstance(c, str) else c for c in row[1:]] == want, row


def test_periods_table_equals_the_mean_of_each_drawn_net(phone: dict) -> None:
    got = phone["out"]["periods"]
    names = [c.removeprefix("Mean predicted net, ") for c in got["columns"][3:]]
    assert got["columns"][:3] == ["Period", "Years", "Coded"] and len(names) == 2
    # a dataset and the one derived from it both hold the bands: one per period start
    bands = list(
        {r["period_start"]: r for r in got["rows"] if "coding" in r and "end" in r}.values()
    )
    nets = [r for r in got["rows"] if "structure" in r and "mid" in r]
    assert [row[:3] for row in got["body"]] == [
        [b["label"], f"{b['period_start']}\u2013{b['end'] - 1}", b["coding"]] for b in bands
    ]
    for row, band in zip(got["body"], bands, strict=True):
        for value, name in zip(row[3:], names, strict=True):
            drawn = [r["net"] for r in nets if r["structure"] == name
                     and band["period_start"] <= r["year"] < band["end"]]  # fmt: skip
            assert drawn and value == pytest.approx(sum(drawn) / len(drawn), abs=1e-9), row


def test_open_tables_scroll_in_their_own_box_on_a_phone(phone: dict) -> None:
    assert phone["vw"] == SIZES["phone"]["width"]
    assert phone["scroll"] <= phone["vw"], "the page scrolls sideways with the tables open"
    for family in FAMILIES:
        left, right = phone["out"][family]["box"]
        assert left >= -0.5 and right <= phone["vw"] + 0.5, (family, left, right)
