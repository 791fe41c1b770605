"""A tiny expression tree with two backends: numpy (the kernel) and Vega expressions (the browser).

Why: the website has no Python, so its sliders must recompute the model in Vega's
expression language. Building every quantity once as a tree and printing it to both
backends is what guarantees that the browser and the library agree to the last digit.

Defined for: every chapter (the model's numbers) — introduced in the model appendix.
"""

from __future__ import annotations

import ast
import decimal
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from .names import unknown

Number = float | np.ndarray
#: What a tree's variables hold: numbers, or (for a menu's choice) an option's name.
Env = Mapping[str, Number | str]


class Node:
    """Base class of expression nodes (immutable dataclasses)."""

    def __add__(self, other: Node | float) -> Node:
        return add(self, lift(other))

    def __radd__(self, other: float) -> Node:
        return add(lift(other), self)

    def __sub__(self, other: Node | float) -> Node:
        return add(self, mul(Const(-1.0), lift(other)))

    def __rsub__(self, other: float) -> Node:
        return add(lift(other), mul(Const(-1.0), self))

    def __mul__(self, other: Node | float) -> Node:
        return mul(self, lift(other))

    def __rmul__(self, other: float) -> Node:
        return mul(lift(other), self)

    def __neg__(self) -> Node:
        return mul(Const(-1.0), self)


@dataclass(frozen=True)
class Const(Node):
    value: float


@dataclass(frozen=True)
class Var(Node):
    name: str


@dataclass(frozen=True)
class Add(Node):
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Mul(Node):
    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Div(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Call(Node):
    """abs, min, max, sign (spec formulas) and isFinite (sentences): both backends have them."""

    fn: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Compare(Node):
    """A comparison giving a boolean: op is one of > >= < <= ==.

    With "==" an operand may be Text: a menu's choice (a Var holding a string) compared
    with one of its options, as a chart's sentence names the chosen assumption.
    """

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Cond(Node):
    test: Node
    then: Node
    other: Node


@dataclass(frozen=True)
class Text(Node):
    value: str


@dataclass(frozen=True)
class Format(Node):
    """A number formatted with a d3-format specifier; see FORMATS."""

    value: Node
    spec: str


@dataclass(frozen=True)
class Concat(Node):
    parts: tuple[Node, ...]


FUNCTIONS = ("abs", "min", "max", "sign")  # what spec formulas may call
TESTS = ("isFinite",)  # for sentences only: a statistic that may be NaN (evidence's r)
FORMATS = ("+.2f", ".2f", ".0%", ".3f", "+.3f", "d")  # "d": counts and years, in digits
MINUS = "\u2212"  # d3-format writes negatives with the Unicode minus sign


def lift(x: Node | float | int) -> Node:
    """Turn a Python number into a Const; leave nodes alone."""
    if isinstance(x, Node):
        return x
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"cannot use {x!r} in an expression")
    return Const(float(x))


def add(*terms: Node) -> Node:
    """Sum with constant folding and flattening, so printed expressions stay short."""
    flat: list[Node] = []
    const = 0.0
    for t in terms:
        for u in t.terms if isinstance(t, Add) else (t,):
            if isinstance(u, Const):
                const += u.value
            else:
                flat.append(u)
    if const != 0.0 or not flat:
        flat.append(Const(const))
    return flat[0] if len(flat) == 1 else Add(tuple(flat))


def mul(*factors: Node) -> Node:
    """Product with constant folding and flattening; a zero factor gives zero."""
    flat: list[Node] = []
    const = 1.0
    for f in factors:
        for u in f.factors if isinstance(f, Mul) else (f,):
            if isinstance(u, Const):
                const *= u.value
            else:
                flat.append(u)
    if const == 0.0:
        return Const(0.0)
    if const != 1.0 or not flat:
        flat.insert(0, Const(const))
    return flat[0] if len(flat) == 1 else Mul(tuple(flat))


def total(nodes: list[Node]) -> Node:
    """Sum of a list of nodes (zero if empty)."""
    return add(*nodes) if nodes else Const(0.0)


# --------------------------------------------------------------------------- parsing

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def parse(text: str, names: set[str], where: str) -> Node:
    """Parse a spec formula (numbers, names, + - * /, abs/min/max) into a tree.

    `where` names the spot in the spec for error messages; `names` are the allowed names.
    """
    try:
        tree = ast.parse(str(text), mode="eval").body
    except SyntaxError as err:
        raise ValueError(f"{where}: cannot parse expression {text!r}: {err.msg}") from None

    def build(n: ast.AST) -> Node:
        if isinstance(n, ast.Constant) and isinstance(n.value, int | float):
            return Const(float(n.value))
        if isinstance(n, ast.Name):
            if n.id not in names:
                raise ValueError(f"{where}: in {text!r}: {unknown('name', n.id, sorted(names))}")
            return Var(n.id)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            return -build(n.operand)
        if isinstance(n, ast.BinOp) and type(n.op) in _BINOPS:
            left, right = build(n.left), build(n.right)
            op = _BINOPS[type(n.op)]
            if op == "+":
                return left + right
            if op == "-":
                return left - right
            if op == "*":
                return left * right
            return Div(left, right)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in FUNCTIONS:
            return Call(n.func.id, tuple(build(a) for a in n.args))
        raise ValueError(
            f"{where}: unsupported syntax in {text!r}; allowed: numbers, names, + - * /, "
            f"{', '.join(FUNCTIONS)}"
        )

    return build(tree)


# --------------------------------------------------------------------------- tree walks


def names_in(node: Node) -> set[str]:
    """All variable names a tree reads."""
    out: set[str] = set()

    def walk(n: Node) -> None:
        if isinstance(n, Var):
            out.add(n.name)
        for child in _children(n):
            walk(child)

    walk(node)
    return out


def _children(n: Node) -> tuple[Node, ...]:
    if isinstance(n, Add):
        return n.terms
    if isinstance(n, Mul):
        return n.factors
    if isinstance(n, Div):
        return (n.num, n.den)
    if isinstance(n, Call):
        return n.args
    if isinstance(n, Compare):
        return (n.left, n.right)
    if isinstance(n, Cond):
        return (n.test, n.then, n.other)
    if isinstance(n, Format):
        return (n.value,)
    if isinstance(n, Concat):
        return n.parts
    return ()


def substitute(node: Node, mapping: Mapping[str, Node]) -> Node:
    """Replace variables by trees (used for derived quantities and policy transforms)."""
    if isinstance(node, Var):
        return mapping.get(node.name, node)
    if isinstance(node, Add):
        return add(*(substitute(t, mapping) for t in node.terms))
    if isinstance(node, Mul):
        return mul(*(substitute(f, mapping) for f in node.factors))
    if isinstance(node, Div):
        return Div(substitute(node.num, mapping), substitute(node.den, mapping))
    if isinstance(node, Call):
        return Call(node.fn, tuple(substitute(a, mapping) for a in node.args))
    if isinstance(node, Compare):
        return Compare(node.op, substitute(node.left, mapping), substitute(node.right, mapping))
    if isinstance(node, Cond):
        return Cond(*(substitute(c, mapping) for c in (node.test, node.then, node.other)))
    if isinstance(node, Format):
        return Format(substitute(node.value, mapping), node.spec)
    if isinstance(node, Concat):
        return Concat(tuple(substitute(p, mapping) for p in node.parts))
    return node


def diff(node: Node, name: str) -> Node:
    """Symbolic derivative with respect to one variable.

    Why: the marginal effect of US engagement is the paper's 'ambivalence' made exact;
    differentiating the tree keeps it available to both backends.
    """
    if isinstance(node, Const | Text):
        return Const(0.0)
    if isinstance(node, Var):
        return Const(1.0 if node.name == name else 0.0)
    if isinstance(node, Add):
        return add(*(diff(t, name) for t in node.terms))
    if isinstance(node, Mul):
        terms = []
        for i, f in enumerate(node.factors):
            d = diff(f, name)
            if d != Const(0.0):
                terms.append(mul(*node.factors[:i], d, *node.factors[i + 1 :]))
        return total(terms)
    if isinstance(node, Div):
        dn, dd = diff(node.num, name), diff(node.den, name)
        if dd == Const(0.0):
            return Div(dn, node.den) if dn != Const(0.0) else Const(0.0)
        return Div(add(mul(dn, node.den), -mul(node.num, dd)), mul(node.den, node.den))
    if isinstance(node, Cond):
        # Piecewise: each branch's derivative, where the test does not read `name` (a
        # variant's choice, or min/max of terms that do not).
        then, other = diff(node.then, name), diff(node.other, name)
        if then == other:
            return then
        if name in names_in(node.test):
            raise ValueError(f"cannot differentiate a condition on {name!r}")
        return Cond(node.test, then, other)
    if isinstance(node, Call):
        if node.fn == "abs":
            (x,) = node.args
            dx = diff(x, name)
            return Const(0.0) if dx == Const(0.0) else mul(Call("sign", (x,)), dx)
        if node.fn in ("min", "max") and len(node.args) == 2:
            a, b = node.args
            da, db = diff(a, name), diff(b, name)
            if da == db == Const(0.0):
                return Const(0.0)
            op = "<=" if node.fn == "min" else ">="
            return Cond(Compare(op, a, b), da, db)
        if node.fn == "sign":
            return Const(0.0)
    raise ValueError(f"cannot differentiate {type(node).__name__} node")


# --------------------------------------------------------------------------- numpy backend

_NP_FUNCS: dict[str, Callable[..., Number]] = {
    "abs": np.abs,
    "sign": np.sign,
    "min": np.minimum,
    "max": np.maximum,
    "isFinite": np.isfinite,
}
_NP_CMP = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
    "==": np.equal,
}


def to_numpy(node: Node, env: Env) -> Number:
    """Evaluate a numeric tree on scalars or numpy arrays (vectorised for Monte Carlo).

    A variable may hold text (a variant's option, a menu's choice) only where a comparison
    with Text reads it.
    """
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Var):
        try:
            value = env[node.name]
        except KeyError:
            raise ValueError(f"no value for {node.name!r}") from None
        if isinstance(value, str):
            raise ValueError(f"{node.name!r} holds text ({value!r}); only '==' may read it")
        return value
    if isinstance(node, Add):
        out = to_numpy(node.terms[0], env)
        for t in node.terms[1:]:
            out = out + to_numpy(t, env)
        return out
    if isinstance(node, Mul):
        out = to_numpy(node.factors[0], env)
        for f in node.factors[1:]:
            out = out * to_numpy(f, env)
        return out
    if isinstance(node, Div):
        return to_numpy(node.num, env) / to_numpy(node.den, env)
    if isinstance(node, Call):
        return _NP_FUNCS[node.fn](*(to_numpy(a, env) for a in node.args))
    if isinstance(node, Compare):
        return _NP_CMP[node.op](_operand(node.left, env), _operand(node.right, env))
    if isinstance(node, Cond):
        # np.where computes both branches; the one not taken may divide by zero (us_share
        # guards 0/0 when every pathway is silent), which must not warn.
        with np.errstate(divide="ignore", invalid="ignore"):
            then, other = to_numpy(node.then, env), to_numpy(node.other, env)
        return np.where(to_numpy(node.test, env), then, other)
    raise ValueError(f"{type(node).__name__} is not numeric; use to_text")


def _operand(node: Node, env: Env) -> Number | str:
    """A comparison's operand: a number, or a string to test for equality (see Compare)."""
    if isinstance(node, Text):
        return node.value
    if isinstance(node, Var) and isinstance(env.get(node.name), str):
        return str(env[node.name])
    return to_numpy(node, env)


def format_number(x: float, spec: str) -> str:
    """Format like d3-format (what Vega's format() uses), including its minus sign."""
    if spec not in FORMATS:
        raise ValueError(f"unsupported format {spec!r}; allowed: {', '.join(FORMATS)}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot format non-finite number {x}")
    if spec.endswith("%"):
        s = _to_fixed(abs(x) * 100, int(spec[1:-1])) + "%"
    elif spec.endswith("d"):  # d3 rounds to an integer: toFixed(0) of the absolute value
        s = _to_fixed(abs(x), 0)
    else:
        s = _to_fixed(abs(x), int(spec.lstrip("+")[1:-1]))
    negative = x < 0 or (x == 0 and math.copysign(1.0, x) < 0)
    zero = float(s.rstrip("%")) == 0.0
    if negative and zero and not spec.startswith("+"):
        negative = False  # d3 hides the sign of a negative that rounds to zero
    if negative:
        return MINUS + s
    return ("+" + s) if spec.startswith("+") else s


def _to_fixed(x: float, digits: int) -> str:
    """JavaScript's Number.prototype.toFixed for 0 <= x < 1e21, which d3-format calls.

    It rounds the exact binary value and breaks exact ties away from zero (0.125 -> '0.13'),
    where Python's format() breaks them to even ('0.12').
    """
    exact = decimal.Decimal(x)  # exact: every float is a finite decimal
    step = decimal.Decimal(1).scaleb(-digits)
    ctx = decimal.Context(prec=400)
    return str(exact.quantize(step, rounding=decimal.ROUND_HALF_UP, context=ctx))


def to_text(node: Node, env: Env) -> str:
    """Evaluate a text tree (verdict sentences) for one scenario."""
    if isinstance(node, Text):
        return node.value
    if isinstance(node, Format):
        return format_number(float(to_numpy(node.value, env)), node.spec)
    if isinstance(node, Concat):
        return "".join(to_text(p, env) for p in node.parts)
    if isinstance(node, Cond):
        return to_text(node.then if bool(to_numpy(node.test, env)) else node.other, env)
    raise ValueError(f"{type(node).__name__} is not text")


# --------------------------------------------------------------------------- Vega backend


def _vega_number(x: float) -> str:
    # repr gives the shortest string that round-trips, which JavaScript parses to the same double
    if not math.isfinite(x):
        raise ValueError(f"non-finite constant {x}")
    return repr(float(x))


def to_vega(node: Node, ref: Callable[[str], str]) -> str:
    """Print a tree as a Vega expression; `ref` says how a variable is read there.

    For sliders `ref` returns the param's name; for a table of scenarios `datum.<name>`.
    """

    def p(n: Node) -> str:
        if isinstance(n, Const):
            return f"({_vega_number(n.value)})" if n.value < 0 else _vega_number(n.value)
        if isinstance(n, Var):
            return ref(n.name)
        if isinstance(n, Add):
            return "(" + " + ".join(p(t) for t in n.terms) + ")"
        if isinstance(n, Mul):
            return "(" + " * ".join(p(f) for f in n.factors) + ")"
        if isinstance(n, Div):
            return f"({p(n.num)} / {p(n.den)})"
        if isinstance(n, Call):
            if n.fn == "sign":
                (x,) = n.args
                v = p(x)
                return f"({v} > 0 ? 1 : {v} < 0 ? -1 : 0)"
            return f"{n.fn}({', '.join(p(a) for a in n.args)})"
        if isinstance(n, Compare):
            op = "===" if n.op == "==" else n.op
            return f"({p(n.left)} {op} {p(n.right)})"
        if isinstance(n, Cond):
            return f"({p(n.test)} ? {p(n.then)} : {p(n.other)})"
        if isinstance(n, Text):
            return js_string(n.value)
        if isinstance(n, Format):
            return f"format({p(n.value)}, {js_string(n.spec)})"
        if isinstance(n, Concat):
            return "(" + " + ".join(p(part) for part in n.parts) + ")"
        raise ValueError(f"cannot print {type(n).__name__}")

    return p(node)


def js_string(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


# --------------------------------------------------------------------------- LaTeX (appendix)


def to_latex(node: Node, name: Callable[[str], str] = lambda n: rf"\mathrm{{{n}}}") -> str:
    """Print a numeric tree as LaTeX for the model appendix's equations."""

    def p(n: Node, parent: str = "") -> str:
        if isinstance(n, Const):
            v = f"{n.value:g}"
            return f"({v})" if n.value < 0 and parent else v
        if isinstance(n, Var):
            return name(n.name).replace("_", r"\_")
        if isinstance(n, Add):
            terms = sorted(n.terms, key=lambda t: not isinstance(t, Const))  # "1 - x", not "-x + 1"
            out = p(terms[0], "add")
            for t in terms[1:]:
                s = p(t, "add")
                out += f" - {s[1:]}" if s.startswith("-") else f" + {s}"
            return f"\\left({out}\\right)" if parent == "mul" else out
        if isinstance(n, Mul):
            fs = list(n.factors)
            sign = ""
            if isinstance(fs[0], Const) and fs[0].value == -1.0:
                sign, fs = "-", fs[1:]
            return sign + r" \cdot ".join(p(f, "mul") for f in fs)
        if isinstance(n, Div):
            return rf"\frac{{{p(n.num)}}}{{{p(n.den)}}}"
        if isinstance(n, Call):
            if n.fn == "abs":
                return rf"\left\lvert {p(n.args[0])} \right\rvert"
            return rf"\operatorname{{{n.fn}}}\left({', '.join(p(a) for a in n.args)}\right)"
        if isinstance(n, Compare):
            op = {">=": r"\ge", "<=": r"\le", "==": "="}.get(n.op, n.op)
            return f"{p(n.left)} {op} {p(n.right)}"
        if isinstance(n, Cond):
            return (
                rf"\begin{{cases}} {p(n.then)} & \text{{if }} {p(n.test)} \\ "
                rf"{p(n.other)} & \text{{otherwise}} \end{{cases}}"
            )
        raise ValueError(f"cannot print {type(n).__name__} as LaTeX")

    return p(node)
