"""The expression tree of lib/pathways/model/expr.py: parsing, algebra, derivative, three printers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _vega_node import run_formulas
from hypothesis import given, settings
from hypothesis import strategies as st
from pathways import expr
from pathways.model.expr import (
    FORMATS,
    MINUS,
    Add,
    Call,
    Compare,
    Concat,
    Cond,
    Const,
    Div,
    Format,
    Mul,
    Text,
    Var,
    add,
    diff,
    format_number,
    js_string,
    lift,
    mul,
    names_in,
    parse,
    substitute,
    to_latex,
    to_numpy,
    to_text,
    to_vega,
    total,
)

X, Y, Z = Var("x"), Var("y"), Var("z")
NAMES = {"x", "y", "z"}


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 - x", lambda x, y, z: 1 - x),
        ("1 - abs(x - y)", lambda x, y, z: 1 - abs(x - y)),
        ("x * y / z", lambda x, y, z: x * y / z),
        ("-x + 2.5 * y", lambda x, y, z: -x + 2.5 * y),
        ("min(x, y) + max(y, z)", lambda x, y, z: min(x, y) + max(y, z)),
        ("(x + y) * (y - z)", lambda x, y, z: (x + y) * (y - z)),
        ("3", lambda x, y, z: 3.0),
    ],
)
def test_parse_evaluates_like_python(text, expected):
    tree = parse(text, NAMES, "test")
    for env in ({"x": 0.2, "y": 0.7, "z": 0.5}, {"x": -1.5, "y": 0.25, "z": 4.0}):
        assert to_numpy(tree, env) == pytest.approx(expected(**env), abs=1e-15)


def test_parse_reads_only_the_names_it_mentions():
    assert names_in(parse("1 - abs(x - y)", NAMES, "test")) == {"x", "y"}
    assert names_in(parse("2 * 3", NAMES, "test")) == set()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1 +", "cannot parse expression"),
        ("x ** 2", "unsupported syntax"),
        ("x < y", "unsupported syntax"),
        ("sqrt(x)", "unsupported syntax"),
        ("x if y else z", "unsupported syntax"),
        ("'text'", "unsupported syntax"),
        ("x.real", "unsupported syntax"),
    ],
)
def test_parse_errors_name_the_place_and_the_expression(text, fragment):
    with pytest.raises(ValueError, match=fragment) as err:
        parse(text, NAMES, "model.yaml line 7: derived 'd'")
    message = str(err.value)
    assert message.startswith("model.yaml line 7: derived 'd': ")
    assert repr(text) in message


def test_parse_error_for_unknown_name_lists_the_allowed_names():
    with pytest.raises(ValueError, match=r"unknown name 'w'.*allowed: x, y, z"):
        parse("1 - w", NAMES, "here")


# --------------------------------------------------------------------------- algebra


def test_lift_accepts_numbers_and_refuses_the_rest():
    assert lift(2) == Const(2.0)
    assert lift(X) is X
    for bad in (True, "1", None, [1.0]):
        with pytest.raises(TypeError):
            lift(bad)


def test_add_folds_constants_and_flattens():
    assert add(Const(1.0), Const(2.0)) == Const(3.0)
    assert add(X, Const(0.0)) == X
    assert add(add(X, Y), Z) == Add((X, Y, Z))
    assert add(X, Const(1.0), Const(-1.0)) == X
    assert total([]) == Const(0.0)


def test_mul_folds_constants_flattens_and_zero_kills():
    assert mul(Const(2.0), Const(3.0)) == Const(6.0)
    assert mul(X, Const(1.0)) == X
    assert mul(mul(X, Y), Z) == Mul((X, Y, Z))
    assert mul(X, Const(0.0), Y) == Const(0.0)
    assert mul(Const(2.0), X) == Mul((Const(2.0), X))


def test_operators_build_the_arithmetic_they_look_like():
    env = {"x": 0.3, "y": -1.25, "z": 2.0}
    cases = [
        (X + Y, 0.3 - 1.25),
        (2 + X, 2.3),
        (X - Y, 0.3 + 1.25),
        (1 - X, 0.7),
        (X * Y, 0.3 * -1.25),
        (3 * X, 0.9),
        (-X, -0.3),
        (X * 2 - Z, 0.6 - 2.0),
    ]
    for tree, value in cases:
        assert to_numpy(tree, env) == pytest.approx(value, abs=1e-15)


def test_substitute_replaces_variables_everywhere():
    tree = Concat(
        (
            Text("a "),
            Format(X * Y, ".2f"),
            Cond(Compare(">", X, Const(0.0)), Text("+"), Text("-")),
            Format(Div(X, Call("abs", (Y,))), "+.3f"),
        )
    )
    mapping = {"x": 1 - Z}
    out = substitute(tree, mapping)
    assert "x" not in names_in(out)
    assert names_in(out) == {"y", "z"}
    for z in (0.25, 1.5):
        env_sub = {"y": -0.4, "z": z}
        env_plain = {"x": 1 - z, "y": -0.4}
        assert to_text(out, env_sub) == to_text(tree, env_plain)


def test_substitute_leaves_unmapped_names_and_is_numerically_consistent():
    tree = X * Y + Div(Z, 1 + X * X) - Call("max", (X, Z))
    mapping = {"x": Y * 2, "z": Const(0.5)}
    out = substitute(tree, mapping)
    assert names_in(out) == {"y"}
    for y in (-1.0, 0.1, 0.8):
        expected = to_numpy(tree, {"x": 2 * y, "y": y, "z": 0.5})
        assert to_numpy(out, {"y": y}) == pytest.approx(expected, abs=1e-15)
    assert substitute(tree, {}) == tree


# --------------------------------------------------------------------------- derivative

_leaves = st.one_of(
    st.sampled_from([X, Y, Z]),
    st.floats(-2, 2, allow_nan=False).map(Const),
)


def _extend(children):
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda t: t[0] + t[1]),
        pair.map(lambda t: t[0] - t[1]),
        pair.map(lambda t: t[0] * t[1]),
        pair.map(lambda t: Div(t[0], 1 + t[1] * t[1])),  # denominator >= 1, never zero
    )


smooth_trees = st.recursive(_leaves, _extend, max_leaves=10)
points = st.fixed_dictionaries({n: st.floats(-1.5, 1.5, allow_nan=False) for n in "xyz"})


@settings(max_examples=200, deadline=None)
@given(tree=smooth_trees, env=points, name=st.sampled_from(["x", "y", "z"]))
def test_diff_matches_the_complex_step_derivative(tree, env, name):
    # The complex step f'(x) = Im f(x + ih) / h is exact to rounding for + - * / trees,
    # so the symbolic derivative must agree to ~1e-9 relative.
    h = 1e-30
    cenv = {k: complex(v, h if k == name else 0.0) for k, v in env.items()}
    reference = complex(to_numpy(tree, cenv)).imag / h
    got = float(to_numpy(diff(tree, name), env))
    assert got == pytest.approx(reference, rel=1e-9, abs=1e-9)


def _finite_difference(tree, env, name, h=1e-6):
    up, down = dict(env), dict(env)
    up[name] += h
    down[name] -= h
    return (to_numpy(tree, up) - to_numpy(tree, down)) / (2 * h)


@pytest.mark.parametrize(
    ("tree", "env"),
    [
        (1 - Call("abs", (X - Y,)), {"x": 0.7, "y": 0.2}),
        (1 - Call("abs", (X - Y,)), {"x": 0.1, "y": 0.6}),
        (Call("min", (X * Y, Y)), {"x": 0.5, "y": 0.8}),
        (Call("min", (X * Y, Y)), {"x": 2.0, "y": 0.8}),
        (Call("max", (X, 1 - X)) * Y, {"x": 0.9, "y": 0.3}),
        (Call("max", (X, 1 - X)) * Y, {"x": 0.2, "y": 0.3}),
        (Div(X, Y) + Div(Const(1.0), X), {"x": 0.4, "y": 1.7}),
        (Call("sign", (X,)) * X, {"x": -0.4, "y": 0.0}),
    ],
)
def test_diff_matches_finite_differences_away_from_kinks(tree, env):
    for name in env:
        d = float(to_numpy(diff(tree, name), env))
        assert d == pytest.approx(_finite_difference(tree, env, name), abs=1e-7)


def test_diff_of_known_forms():
    assert diff(X * Y, "x") == Y
    assert diff(X * Y, "z") == Const(0.0)
    assert diff(Const(4.0), "x") == Const(0.0)
    assert diff(Text("a"), "x") == Const(0.0)
    assert diff(Call("sign", (X,)), "x") == Const(0.0)
    assert diff(Call("abs", (X,)), "x") == Call("sign", (X,))
    assert diff(Call("min", (X, Y)), "x") == Cond(Compare("<=", X, Y), Const(1.0), Const(0.0))
    assert diff(Call("max", (X, Y)), "y") == Cond(Compare(">=", X, Y), Const(0.0), Const(1.0))


def test_diff_refuses_what_it_cannot_differentiate():
    with pytest.raises(ValueError, match="cannot differentiate Compare"):
        diff(Compare(">", X, Y), "x")
    with pytest.raises(ValueError, match="cannot differentiate Call"):
        diff(Call("min", (X, Y, Z)), "x")


def test_diff_of_a_condition_on_a_variants_choice():
    """A structural variant is a Cond on a variable holding an option: its derivative is
    each branch's, and a condition on the variable itself is refused (a kink)."""
    choice = Compare("==", Var("variant_v"), Text("b"))
    assert diff(Cond(choice, X * Y, X), "x") == Cond(choice, Y, Const(1.0))
    assert diff(Cond(choice, 2.0 * X, X * 2.0), "x") == Const(2.0)
    assert diff(Cond(choice, Y, Z), "x") == Const(0.0)
    with pytest.raises(ValueError, match="cannot differentiate a condition on 'x'"):
        diff(Cond(Compare(">", X, Y), X, Y * X), "x")


def test_a_variable_holding_text_is_read_only_by_a_comparison():
    tree = Cond(Compare("==", Var("v"), Text("b")), X, 2.0 * X)
    assert to_numpy(tree, {"v": "b", "x": 3.0}) == 3.0
    assert to_numpy(tree, {"v": "a", "x": 3.0}) == 6.0
    options = np.array(["a", "b", "b"])
    out = to_numpy(tree, {"v": options, "x": np.array([1.0, 2.0, 3.0])})
    np.testing.assert_array_equal(out, [2.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"'v' holds text \('b'\); only '==' may read it"):
        to_numpy(X + Var("v"), {"x": 1.0, "v": "b"})


# --------------------------------------------------------------------------- numpy and text


def test_to_numpy_is_vectorised():
    tree = Cond(Compare(">=", X, Y), X - Y, Call("abs", (Div(X, Y),)))
    xs = np.array([0.5, -1.0, 2.0])
    ys = np.array([0.25, 0.5, 4.0])
    out = to_numpy(tree, {"x": xs, "y": ys})
    scalars = [to_numpy(tree, {"x": a, "y": b}) for a, b in zip(xs, ys, strict=True)]
    np.testing.assert_array_equal(out, np.array(scalars, dtype=float))


def test_to_numpy_names_a_missing_variable_and_refuses_text():
    with pytest.raises(ValueError, match="no value for 'y'"):
        to_numpy(X + Y, {"x": 1.0})
    with pytest.raises(ValueError, match="not numeric"):
        to_numpy(Text("a"), {})
    with pytest.raises(ValueError, match="not text"):
        to_text(X, {"x": 1.0})


@settings(max_examples=100, deadline=None)
@given(tree=smooth_trees, env=points, spec=st.sampled_from(FORMATS))
def test_to_text_formats_what_to_numpy_computes(tree, env, spec):
    value = float(to_numpy(tree, env))
    sentence = Concat(
        (
            Text("v="),
            Format(tree, spec),
            Cond(Compare(">", tree, Const(0.0)), Text(" up"), Text(" down")),
        )
    )
    expected = f"v={format_number(value, spec)} {'up' if value > 0 else 'down'}"
    assert to_text(sentence, env) == expected


# --------------------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (0.5, "+.2f", "+0.50"),
        (-0.5, "+.2f", MINUS + "0.50"),
        (-0.5, ".2f", MINUS + "0.50"),
        (0.5, ".2f", "0.50"),
        (1.234, ".3f", "1.234"),
        (-1.2344, "+.3f", MINUS + "1.234"),
        (0.384, ".0%", "38%"),
        (1.0, ".0%", "100%"),
        (-0.07, ".0%", MINUS + "7%"),
        # a negative that rounds to zero keeps its sign only with an explicit '+'
        (-0.001, ".2f", "0.00"),
        (-0.001, "+.2f", MINUS + "0.00"),
        (-0.004, ".0%", "0%"),
        # negative zero, as d3-format: a sign only when '+' is asked for
        (-0.0, "+.2f", MINUS + "0.00"),
        (-0.0, ".2f", "0.00"),
        (0.0, "+.2f", "+0.00"),
        # exact binary ties round away from zero, like JavaScript's toFixed
        (0.125, "+.2f", "+0.13"),
        (-0.125, "+.2f", MINUS + "0.13"),
        (0.625, ".2f", "0.63"),
        (0.0625, ".3f", "0.063"),
        (0.025, ".0%", "3%"),
        (0.125, ".0%", "13%"),
        # "d": counts and years in digits; d3 rounds halves away from zero, hides a zero's sign
        (1991.0, "d", "1991"),
        (0.0, "d", "0"),
        (2.5, "d", "3"),
        (-2.5, "d", MINUS + "3"),
        (-0.3, "d", "0"),
    ],
)
def test_format_number_like_d3_format(value, spec, expected):
    assert format_number(value, spec) == expected


def test_format_number_uses_the_unicode_minus_sign():
    assert MINUS == "\u2212"
    assert "-" not in format_number(-3.5, "+.2f")


def test_format_number_refuses_unknown_specs_and_non_finite_numbers():
    with pytest.raises(ValueError, match=r"unsupported format '\.1e'; allowed: "):
        format_number(1.0, ".1e")
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="non-finite"):
            format_number(bad, ".2f")


def _tricky_numbers() -> list[float]:
    rng = np.random.default_rng(20240611)
    values = [0.0, -0.0, 1.0, -1.0, 0.005, -0.005, 0.995, 0.9995, 0.0049999, -0.0049999]
    values += [k / 8 for k in range(-24, 25)]  # exact binary ties at two decimals
    values += [k / 16 for k in range(-16, 17)]  # ties at three decimals
    values += [k / 200 for k in range(-200, 201)]  # decimal ties, inexact in binary
    values += [k / 2000 for k in range(-40, 41)]  # ties for the percentages
    values += list(rng.uniform(-3, 3, 300)) + list(rng.uniform(-0.01, 0.01, 100))
    return [float(v) for v in values]


def test_format_number_agrees_with_vega_format_in_node(tmp_path):
    values = _tricky_numbers()
    rows = [{"x": v} for v in values]
    formulas = {f"f{i}": f"format(datum.x, {js_string(s)})" for i, s in enumerate(FORMATS)}
    table = run_formulas(rows, formulas, tmp_path)
    mismatches = [
        (v, s, row[f"f{i}"], format_number(v, s))
        for v, row in zip(values, table, strict=True)
        for i, s in enumerate(FORMATS)
        if row[f"f{i}"] != format_number(v, s)
    ]
    assert not mismatches, f"(value, spec, vega, python): {mismatches[:10]}"


# --------------------------------------------------------------------------- Vega printer


def test_to_vega_prints_variables_through_ref():
    tree = 1 - Call("abs", (X - Y,))
    out = to_vega(tree, lambda n: f"datum.{n}")
    assert "datum.x" in out and "datum.y" in out
    assert "abs(" in out
    assert to_vega(X, lambda n: "slider_" + n) == "slider_x"


def test_to_vega_prints_negative_constants_in_parentheses_and_round_trips_them():
    out = to_vega(Const(-0.1), str)
    assert out == "(-0.1)"
    assert float(out.strip("()")) == -0.1
    assert to_vega(Const(1e-5), str) == "1e-05"
    with pytest.raises(ValueError, match="non-finite"):
        to_vega(Const(math.inf), str)


def test_to_vega_prints_sign_comparisons_and_text():
    assert to_vega(Call("sign", (X,)), str) == "(x > 0 ? 1 : x < 0 ? -1 : 0)"
    assert to_vega(Compare("==", X, Y), str) == "(x === y)"
    assert to_vega(Format(X, "+.2f"), str) == "format(x, '+.2f')"
    assert to_vega(Concat((Text("a"), Text("b"))), str) == "('a' + 'b')"


def test_js_string_escapes_quotes_backslashes_and_newlines():
    assert js_string("Korea's") == "'Korea\\'s'"
    assert js_string("a\\b") == "'a\\\\b'"
    assert js_string("a\nb") == "'a\\nb'"


# --------------------------------------------------------------------------- LaTeX printer


def test_to_latex_prints_readable_equations():
    assert to_latex(1 - X) == r"1 - \mathrm{x}"
    assert to_latex(1 - Call("abs", (X - Y,))) == (
        r"1 - \left\lvert \mathrm{x} - \mathrm{y} \right\rvert"
    )
    assert to_latex(Div(X, Y)) == r"\frac{\mathrm{x}}{\mathrm{y}}"
    assert to_latex(-(X * Y)) == r"-\mathrm{x} \cdot \mathrm{y}"
    assert to_latex(X * (1 - Y)) == r"\mathrm{x} \cdot \left(1 - \mathrm{y}\right)"
    assert to_latex(Var("fear_japan")) == r"\mathrm{fear\_japan}"
    with pytest.raises(ValueError, match="cannot print Text as LaTeX"):
        to_latex(Text("a"))


def test_module_lists_the_functions_both_backends_share():
    assert set(expr.FUNCTIONS) == {"abs", "min", "max", "sign"}
    assert set(expr.TESTS) == {"isFinite"}
    assert set(expr._NP_FUNCS) == set(expr.FUNCTIONS) | set(expr.TESTS)
    # isFinite is for sentences (a statistic that may be NaN), not for spec formulas
    with pytest.raises(ValueError, match="unsupported syntax"):
        parse("isFinite(x)", {"x"}, "test")


# --------------------------------------------------------------------------- sentence nodes

MENU_SENTENCE = Cond(
    Compare("==", Var("menu"), Var("other")),
    Text("same"),
    Concat(
        (
            Cond(Compare("==", Var("menu"), Text("a")), Text("A"), Text("not A")),
            Text(", "),
            Cond(Call("isFinite", (Var("x"),)), Format(Var("x"), "+.2f"), Text("no number")),
            Text(", n = "),
            Format(Var("n"), "d"),
        )
    ),
)


@pytest.mark.parametrize(
    ("env", "text"),
    [
        ({"menu": "a", "other": "b", "x": 0.5, "n": 3}, "A, +0.50, n = 3"),
        ({"menu": "b", "other": "c", "x": math.nan, "n": 0}, "not A, no number, n = 0"),
        ({"menu": "b", "other": "b", "x": 0.5, "n": 3}, "same"),
    ],
)
def test_sentences_compare_text_test_finiteness_and_write_counts(env, text):
    assert to_text(MENU_SENTENCE, env) == text


def test_sentence_nodes_print_the_same_words_in_vega(tmp_path):
    menus = [("a", "b"), ("b", "c"), ("b", "b")]
    xs = [0.5, None, -0.125]  # None: NaN in the browser (JSON has no NaN)
    rows = [{"x0": x, "n": n} for x in xs for n in (0, 1, 29)]
    ref = {"menu": "menu", "other": "other", "x": "datum.x", "n": "datum.n"}.__getitem__
    for menu, other in menus:
        formulas = {"x": "datum.x0 === null ? NaN : datum.x0", "s": to_vega(MENU_SENTENCE, ref)}
        out = run_formulas(rows, formulas, tmp_path, {"menu": menu, "other": other})
        for row, got in zip(rows, out, strict=True):
            x = math.nan if row["x0"] is None else row["x0"]
            env = {"menu": menu, "other": other, "x": x, "n": row["n"]}
            assert got["s"] == to_text(MENU_SENTENCE, env), (env, got["s"])
