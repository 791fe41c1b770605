"""A number quoted on two pages is printed alike: one library call, one format, every page.

Why: the same flip point was once printed 0.69 on most pages and 0.68 on two (another rule
for "where the verdict turns"), and the net at the defaults −0.01 on some pages and −0.007
on others. Nothing is executed here: the notebooks' sources are read, every `glue(name,
value)` call is traced back to the library call it glues (the chapter's own variables
substituted, loops over literal tuples unrolled), and each `{glue:text}` role of the prose
is matched to it.

Rules checked:
* one canonical library call is printed one way on every page (the same `quote` kind, or the
  same format in the role);
* flip points, shares and margins are glued as text printed by `pathways.quote` with their
  kind (pathways.model.numbers, the formatter the verdict trees use), and their roles carry
  no format of their own (myst-nb would reformat a number-like string);
* where a verdict turns is `flip_point`'s one rule on every page: no chapter scans a slider
  for a verdict with `first_where` (kept for conditions that are not a verdict);
* every glue name the prose uses is glued by its chapter.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from pathways.model import numbers

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
ROLE = re.compile(r"\{glue:text\}`(?P<name>[^`:]+)(?::(?P<fmt>[^`]+))?`")
#: What a verdict reads: a `first_where` test using one of these scans for a verdict's turn.
VERDICT_FIELDS = {"net", "policy", "preferred", "us_share", "us_marginal", "verdict"}
#: Library names whose glued values are of a kind of `numbers.FORMATS`, and the kinds allowed
#: (in order of precedence: see `allowed_kinds`).
KINDS: dict[str, set[str]] = {
    "flip_point": {"flip point"},
    "first_where": {"flip point"},
    "us_share": {"share"},
    "determinant_share": {"share"},
    "minor_share": {"share"},
    "map_share": {"share"},
    "net": {"margin", "size"},
    "margin": {"margin", "size"},
    "difference": {"margin", "size"},
}


@dataclass(frozen=True)
class Glued:
    """One glue call: its name (a regex when built in a loop), what it prints, from where."""

    chapter: str
    name: re.Pattern[str]
    call: str  # the canonical library call (the value, or quote's value)
    kind: str | None  # quote's kind, or None for a raw number
    names: frozenset[str]  # library names the call uses (for KINDS)


class _Substitute(ast.NodeTransformer):
    def __init__(self, env: dict[str, ast.expr]):
        self.env = env

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.env.get(node.id, node) if isinstance(node.ctx, ast.Load) else node


def _canonical(expr: ast.expr, env: dict[str, ast.expr]) -> ast.expr:
    """`expr` with the chapter's variables replaced by what they were assigned."""
    return _Substitute(env).visit(ast.parse(ast.unparse(expr), mode="eval").body)


def _names(expr: ast.expr) -> frozenset[str]:
    """Functions, attributes and subscript keys the call uses (`x.net`, `loc[i, "difference"]`)."""
    out = set()
    for n in ast.walk(expr):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, ast.Subscript):
            keys = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
            out |= {
                k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
    return frozenset(out)


def allowed_kinds(g: Glued) -> set[str]:
    """The kinds a glued call may be quoted as: the first of KINDS' names it uses decides
    (a flip point of the net is a flip point, not a margin)."""
    for name, kinds in KINDS.items():
        if name in g.names:
            return kinds
    return set()


def _name_pattern(node: ast.expr, env: dict[str, ast.expr]) -> re.Pattern[str]:
    """A glue name: a string, or an f-string whose fields are loop constants or wildcards."""
    if isinstance(node, ast.Constant):
        return re.compile(re.escape(str(node.value)))
    assert isinstance(node, ast.JoinedStr), ast.unparse(node)
    parts = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append(re.escape(str(v.value)))
        else:
            value = _canonical(v.value, env)  # type: ignore[attr-defined]
            literal = isinstance(value, ast.Constant)
            parts.append(re.escape(str(value.value)) if literal else "(.+)")  # type: ignore[attr-defined]
    return re.compile("".join(parts))


def _glued(chapter: str, call: ast.Call, env: dict[str, ast.expr]) -> Glued:
    value = _canonical(call.args[1], env)
    kind = None
    if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "quote":
        kind_node, value = value.args
        assert isinstance(kind_node, ast.Constant), ast.unparse(kind_node)
        kind = str(kind_node.value)
    pattern = _name_pattern(call.args[0], env)
    return Glued(chapter, pattern, ast.unparse(value), kind, _names(value))


def _loop_envs(loop: ast.For, env: dict[str, ast.expr]) -> list[dict[str, ast.expr]]:
    """One environment per item of a literal tuple; else the loop variable stands for
    'each item of <the iterable>'."""
    target = loop.target
    if isinstance(target, ast.Name) and isinstance(loop.iter, ast.Tuple | ast.List):
        if all(isinstance(e, ast.Constant) for e in loop.iter.elts):
            return [{**env, target.id: e} for e in loop.iter.elts]
    each = ast.Call(ast.Name("each", ast.Load()), [_canonical(loop.iter, env)], [])
    names = [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return [{**env, **{n: ast.Subscript(each, ast.Constant(n), ast.Load()) for n in names}}]


def _assign(stmt: ast.Assign, env: dict[str, ast.expr]) -> None:
    value = _canonical(stmt.value, env)
    for target in stmt.targets:
        if isinstance(target, ast.Name):
            env[target.id] = value
        elif isinstance(target, ast.Tuple):
            pairs = isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts)
            for i, t in enumerate(target.elts):
                if isinstance(t, ast.Name):
                    item = ast.Subscript(value, ast.Constant(i), ast.Load())
                    env[t.id] = value.elts[i] if pairs else item  # type: ignore[attr-defined]


def _walk(chapter: str, body: list[ast.stmt], env: dict[str, ast.expr]) -> list[Glued]:
    out: list[Glued] = []
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            _assign(stmt, env)
        elif isinstance(stmt, ast.For):
            for inner in _loop_envs(stmt, env):
                out += _walk(chapter, stmt.body, dict(inner))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            if getattr(stmt.value.func, "id", None) == "glue":
                out.append(_glued(chapter, stmt.value, env))
    return out


def glued(path: Path) -> list[Glued]:
    """Every glue call of a chapter, in order, with the library call it glues."""
    nb = nbformat.read(path, as_version=4)
    env: dict[str, ast.expr] = {}
    out: list[Glued] = []
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.source.lstrip().startswith(("%", "!")):
            out += _walk(path.stem, ast.parse(cell.source).body, env)
    return out


def roles(path: Path) -> list[tuple[str, str | None]]:
    """(glue name, format or None) of every `{glue:text}` role of a chapter's prose."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return [(m["name"], m["fmt"]) for m in ROLE.finditer(text)]


def matching(calls: list[Glued], name: str) -> list[tuple[Glued, tuple[str, ...]]]:
    """The glue calls that make `name`: a call with that literal name wins over a loop's
    pattern; with a pattern, the parts of the name the loop filled in (which item it is)."""
    exact = [(g, ()) for g in calls if g.name.pattern == re.escape(name)]
    if exact:
        return exact
    found = ((g, g.name.fullmatch(name)) for g in calls)
    return [(g, m.groups()) for g, m in found if m]


def _how(g: Glued, fmt: str | None) -> str:
    if g.kind:
        return f"quote({g.kind!r})"
    # myst-nb applies a role's format to float(text) and keeps the text when that fails,
    # so 'd' (and no format) print a glued integer as it is
    return f"role format {fmt!r}" if fmt not in (None, "d") else "as glued"


def _printed() -> dict[tuple[str, tuple[str, ...]], set[tuple[str, str, str]]]:
    """(canonical call, loop item) -> {(how it is printed, chapter, glue name)}."""
    out: dict[tuple[str, tuple[str, ...]], set[tuple[str, str, str]]] = {}
    for path in CHAPTERS:
        calls = glued(path)
        for name, fmt in roles(path):
            for g, item in matching(calls, name):
                out.setdefault((g.call, item), set()).add((_how(g, fmt), path.stem, name))
    return out


# --------------------------------------------------------------------------- the tracing itself


def test_the_tracing_substitutes_variables_and_unrolls_literal_loops(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "r, s = evaluate(), sample()\nglue('a', quote('margin', r.net), display=False)\n"
            "for n in ('x', 'y'):\n    glue(f'b_{n}', flip_point(n, 'net'))\n"
            "for row in table():\n    glue(f'c_{row.id}', row.value)\n"
        ),
        nbformat.v4.new_markdown_cell("{glue:text}`a` and {glue:text}`b_y:.2f`."),
    ]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    got = glued(path)
    assert [(g.name.pattern, g.call, g.kind) for g in got] == [
        ("a", "evaluate().net", "margin"),
        ("b_x", "flip_point('x', 'net')", None),
        ("b_y", "flip_point('y', 'net')", None),
        ("c_(.+)", "each(table())['row'].value", None),
    ]
    assert roles(path) == [("a", None), ("b_y", ".2f")]


# --------------------------------------------------------------------------- the chapters


def test_every_glue_name_of_the_prose_is_glued_by_its_chapter():
    missing = []
    for path in CHAPTERS:
        calls = glued(path)
        missing += [f"{path.stem}: {name}" for name, _ in roles(path) if not matching(calls, name)]
    assert not missing, f"glue names used in the prose but never glued: {missing}"


def test_a_library_call_is_printed_alike_on_every_page():
    clashes = {
        call: sorted(ways)
        for call, ways in _printed().items()
        if len({how for how, _, _ in ways}) > 1
    }
    assert not clashes, "the same number printed in different ways:\n" + "\n".join(
        f"{call}: {ways}" for call, ways in clashes.items()
    )


def test_the_same_flip_point_is_glued_on_several_pages():
    """The check above has something to compare: the engagement flip of the net is quoted on
    several pages (and the net at the defaults too)."""
    printed = _printed()
    pages = {ch for _, ch, _ in printed[("flip_point('engagement', 'net')", ())]}
    assert len(pages) >= 4, pages
    assert len({ch for _, ch, _ in printed[("evaluate().net", ())]}) >= 4


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_flip_points_shares_and_margins_are_quoted_with_their_kind(path: Path):
    bad = []
    for g in glued(path):
        allowed = allowed_kinds(g)
        if allowed and g.kind not in allowed:
            bad.append(f"{g.name.pattern} = {g.call}: quote it as one of {sorted(allowed)}")
        if g.kind is not None and g.kind not in numbers.FORMATS:
            bad.append(f"{g.name.pattern}: unknown kind {g.kind!r}")
    assert not bad, f"{path.name}: " + "; ".join(bad)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_quoted_numbers_carry_no_second_format(path: Path):
    calls = glued(path)
    quoted = [name for name, fmt in roles(path) if fmt
              for g, _ in matching(calls, name) if g.kind]  # fmt: skip
    assert not quoted, f"{path.name}: roles that re-format a quoted number: {quoted}"


def verdict_scans(path: Path) -> list[str]:
    """Glued `first_where` scans whose test reads a verdict's quantity."""
    return [
        f"{g.name.pattern} = {g.call}"
        for g in glued(path)
        if "first_where" in g.names and g.names & VERDICT_FIELDS
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_where_a_verdict_turns_is_always_flip_point(path: Path):
    scans = verdict_scans(path)
    assert not scans, f"{path.name}: use flip_point for where a verdict turns: {scans}"


def test_the_verdict_scan_check_catches_a_first_where_on_the_net(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "glue('x', quote('flip point', first_where('threat', lambda r: r.net > 0)))\n"
            "glue('y', quote('flip point', first_where('threat', outweighs('5', '4'))))"
        )
    ]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    assert verdict_scans(path) == ["x = first_where('threat', lambda r: r.net > 0)"]
