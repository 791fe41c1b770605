"""The model spec (lib/pathways/model/model.yaml) and its loader (model/spec.py, specfile.py).

The packaged spec must load and say what the paper says; a malformed spec must raise a
ValueError naming the file AND the line of the offending entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pathways.model.expr import names_in, to_numpy
from pathways.model.provenance import PARTS
from pathways.model.spec import DEFAULT_SPEC, load_spec

REPO = Path(__file__).resolve().parents[1]
TEXT = DEFAULT_SPEC.read_text(encoding="utf-8")
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (REPO / "references.bib").read_text(), re.M))


# --------------------------------------------------------------------------- the packaged spec


@pytest.fixture(scope="module")
def spec():
    return load_spec()


def test_packaged_spec_loads_once_and_equals_a_fresh_load(spec):
    assert load_spec() is spec  # cached
    fresh = load_spec(DEFAULT_SPEC)
    assert fresh is not spec
    assert fresh.variables == spec.variables
    assert fresh.parameters == spec.parameters
    assert fresh.pathways == spec.pathways
    assert fresh.policies == spec.policies
    assert spec.title == "Ambivalent US Roles in Korea-Japan Relations"


def test_variables_and_parameters_have_sane_ranges(spec):
    assert list(spec.variables) == [
        "threat", "engagement", "animosity", "strategy_gap", "fear_japan", "fear_korea",
        "mediation", "withdrawal_signal",
    ]  # fmt: skip
    assert set(spec.variables).isdisjoint(spec.parameters)
    for a in spec.assumptions.values():
        assert 0.0 <= a.min < a.max <= 1.0, a.name
        assert a.min <= a.default <= a.max, a.name
        assert a.label and a.description, a.name
        assert 0 < a.step <= (a.max - a.min) / 10, a.name
    assert spec.defaults() == {n: a.default for n, a in spec.assumptions.items()}


def test_the_paper_six_pathways_with_their_directions(spec):
    # §2: (1) a threat both pushes toward cooperation (balancing) and toward friction
    # (conflicting interests); (2) friction; (3) cooperation; (4) cooperation;
    # (5) friction; (6) friction. The introduction adds the two states' own history.
    signs = {p.id: p.sign for p in spec.pathways}
    assert signs == {"own": -1, "1a": 1, "1b": -1, "2": -1, "3": 1, "4": 1, "5": -1, "6": -1}
    assert sorted({p.group for p in spec.pathways}) == [0, 1, 2, 3, 4, 5, 6]
    us = {p.id for p in spec.pathways if p.us_dependent}
    assert us == {"2", "3", "4", "5", "6"}
    assert [len(p.links) for p in spec.pathways] == [1, 1, 1, 3, 3, 2, 3, 5]


def test_driver_kinds_match_the_chains(spec):
    for p in spec.pathways:
        gates = {lk.gate for lk in p.links}
        if p.driver_kind == "engagement":
            assert "engagement" in gates, p.id
        elif p.driver_kind == "disengagement":
            assert p.driver == "disengagement", p.id
        elif p.driver_kind == "threat":
            assert p.driver == "threat" and not gates & {"engagement", "disengagement"}, p.id
        else:
            assert p.driver_kind == "history" and p.driver == "animosity", p.id
    # a chain's links follow each other: each link starts where the previous one ended
    for p in spec.pathways:
        for a, b in zip(p.links, p.links[1:], strict=False):
            assert a.target_node == b.source_node, p.id


def test_every_pathway_and_link_reads_its_own_part_of_the_paper(spec):
    for p in spec.pathways:
        part = "Introduction" if p.group == 0 else f"§2({p.group})"
        assert p.provenance.section == part, p.id
        for i, lk in enumerate(p.links, 1):
            prov = lk.provenance
            if prov.kind == "paper":
                # a shared first link (threat -> engagement) may read the section it serves
                assert prov.section in (part, "§2(2)"), f"{p.id} link {i}: {prov.section}"
            assert (lk.gate is None) == (lk.gate_provenance is None), f"{p.id} link {i}"


def test_every_element_has_a_provenance_with_known_keys(spec):
    items = spec.provenances()
    kinds = {kind for kind, _, _ in items}
    assert kinds == {
        "variable", "derived", "parameter", "pathway", "gate", "policy", "transform",
        "quantity", "threshold", "scenario", "preset", "variant",
    }  # fmt: skip
    assert len(items) == 8 + 2 + 23 + 8 + 8 + 2 + 5 + 4 + 2 + 3 + 3 + 8
    assert "yoon" in BIB_KEYS
    for kind, name, prov in items:
        assert prov.section in ("", *PARTS), (kind, name)
        for key in prov.literature:
            assert key in BIB_KEYS, f"{kind} {name}: {key!r} is not in references.bib"
        if prov.kind == "essay":
            assert prov.why, (kind, name)
    for v in spec.variables.values():
        assert v.reference.low and v.reference.high, v.name
        for key in v.reference.literature:
            assert key in BIB_KEYS, f"{v.name} reference: {key!r} is not in references.bib"


def test_the_essays_additions_are_marked_essay(spec):
    """What the paper does not say is the essay's: the policy transforms, the thresholds,
    the own-history row, the mediation gate and the fear-symmetry formula."""
    essay = {(kind, name) for kind, name, prov in spec.provenances() if prov.kind == "essay"}
    for t in ("exclusive/engagement", "exclusive/threat", "inclusive/threat"):
        assert ("transform", t) in essay
    assert {("threshold", n) for n in ("minor_share", "determinant_share")} <= essay
    assert ("pathway", "own") in essay
    assert ("gate", "3/us_pressure/mediation") in essay
    assert ("derived", "fear_symmetry") in essay
    assert ("quantity", "net") in essay


def test_the_named_scenarios_are_the_caveats(spec):
    """The §2(4) remark is the paper's (with its own words as locator); the sunk-cost reading
    of the legacy and the two together are the essay's; values at the ends of their ranges."""
    sc = spec.scenarios
    assert list(sc) == ["redundant_fear", "sunk_legacy", "paper_caveats"]
    p = spec.parameters
    assert sc["redundant_fear"].values == {"fears_cooperation": p["fears_cooperation"].min}
    assert sc["sunk_legacy"].values == {"us_intervention": p["us_intervention"].min}
    assert sc["paper_caveats"].combines == ("redundant_fear", "sunk_legacy")
    assert sc["paper_caveats"].values == {**sc["redundant_fear"].values, **sc["sunk_legacy"].values}
    fear = sc["redundant_fear"].provenance
    assert (fear.kind, fear.section, fear.locator) == (
        "paper",
        "§2(4)",
        "might be actually redundant",
    )
    for name in ("sunk_legacy", "paper_caveats"):
        assert sc[name].provenance.kind == "essay" and sc[name].provenance.why, name
    assert len({s.label for s in sc.values()}) == 3


def test_the_paper_locators_were_checked(spec):
    assert spec.paper_check.startswith(("checked against", "skipped:")), spec.paper_check
    if spec.paper_check.startswith("skipped:"):
        pytest.skip(spec.paper_check)


def test_derived_quantities_are_the_documented_formulas(spec):
    d = spec.derived
    assert d["disengagement"].text == "1 - engagement"
    assert d["fear_symmetry"].text == "1 - abs(fear_japan - fear_korea)"
    for e, fj, fk in [(0.0, 0.2, 0.9), (0.35, 0.5, 0.5), (1.0, 1.0, 0.0)]:
        env = {"engagement": e, "fear_japan": fj, "fear_korea": fk}
        assert to_numpy(d["disengagement"].expr, env) == pytest.approx(1 - e, abs=1e-15)
        assert to_numpy(d["fear_symmetry"].expr, env) == pytest.approx(1 - abs(fj - fk))


def test_policies_follow_the_conclusion(spec):
    assert set(spec.policies) == {"exclusive", "inclusive"}
    excl = {(t.target, t.op) for t in spec.policies["exclusive"].transforms}
    incl = {(t.target, t.op) for t in spec.policies["inclusive"].transforms}
    assert excl == {("engagement", "toward_max"), ("threat", "toward_max")}
    assert incl == {
        ("threat", "shrink"),
        ("security_dilemma", "shrink"),
        ("strategy_gap", "shrink"),
    }
    for pol in spec.policies.values():
        for t in pol.transforms:
            assert t.size in spec.parameters


def test_every_parameter_is_used(spec):
    used = {lk.strength for p in spec.pathways for lk in p.links}
    used |= {t.size for pol in spec.policies.values() for t in pol.transforms}
    by_variants = {n for v in spec.variants.values() for o in v.options.values()
                   for c in o.changes for n in names_in(c.expr)}  # fmt: skip
    assert set(spec.parameters) <= used | by_variants
    assert set(spec.parameters) - used == {"occupation_engagement"}
    assert spec.determinant_share == 0.5


def test_unknown_pathway_id_lists_the_allowed_ones(spec):
    assert spec.pathway("4").label == "US disengagement → shared abandonment fear"
    with pytest.raises(ValueError, match=r"unknown pathway '9'; allowed: own, 1a, 1b, 2, 3"):
        spec.pathway("9")


# --------------------------------------------------------------------------- malformed files


# --------------------------------------------------------------------------- structural variants


def test_the_structural_variants_and_their_defaults(spec):
    v = spec.variants
    assert {d: (x.default, list(x.options)) for d, x in v.items()} == {
        "commitment": ("level", ["level", "signal"]),
        "fears": ("symmetry", ["symmetry", "symmetry_and_strength"]),
        "redundancy": ("full", ["full", "while_free_riding"]),
        "legacy": ("flow", ["flow", "sunk"]),
    }
    for x in v.values():
        assert x.var == f"variant_{x.name}" and x.label and x.description
        for o in x.options.values():
            assert o.label and o.why and "\n" not in o.why, (x.name, o.name)
            assert (o.name == x.default) == (o.changes == ()), (x.name, o.name)
    changes = {
        (d, o.name): [(c.pathway, c.factor, c.text) for c in o.changes]
        for d, x in v.items()
        for o in x.options.values()
        if o.changes
    }
    assert changes == {
        ("commitment", "signal"): [
            ("4", "disengagement", "withdrawal_signal"),
            ("5", "disengagement", "withdrawal_signal"),
        ],
        ("fears", "symmetry_and_strength"): [("4", "fear_symmetry", "min(fear_japan, fear_korea)")],
        ("redundancy", "while_free_riding"): [("4", None, "engagement * free_riding")],
        ("legacy", "sunk"): [
            ("6", "threat", "occupation_engagement"),
            ("6", "threat_engagement", "1"),
            ("6", "engagement", "1"),
        ],
    }


def test_every_variant_option_has_its_provenance(spec):
    provs = {n: p for k, n, p in spec.provenances() if k == "variant"}
    assert list(provs) == [f"{d}/{o}" for d, x in spec.variants.items() for o in x.options]
    signal = provs["commitment/signal"]
    assert signal.kind == "literature" and signal.support
    assert set(signal.literature) == {"cha1999", "snyder1984"}
    redundant = provs["redundancy/while_free_riding"]
    assert (redundant.kind, redundant.section, redundant.locator) == (
        "paper", "§2(4)", "might be actually redundant",
    )  # fmt: skip
    for name in ("commitment/level", "fears/symmetry", "fears/symmetry_and_strength",
                 "legacy/flow", "legacy/sunk"):  # fmt: skip
        assert provs[name].kind == "essay" and provs[name].why, name


def test_the_variants_own_inputs(spec):
    w = spec.variables["withdrawal_signal"]
    assert (w.min, w.max, w.default) == (0.0, 1.0, 0.3)
    # at the defaults the signal reading pushes pathways 4 and 5 as the level reading does
    assert w.default == pytest.approx(1 - spec.variables["engagement"].default)
    assert w.provenance.kind == "literature"
    assert set(w.provenance.literature) == {"cha1999", "snyder1984"}
    assert w.reference.low.startswith("1981-85") and w.reference.high.startswith("1969-71")
    assert "cha1999" in w.reference.literature
    occupation = spec.parameters["occupation_engagement"]
    assert occupation.provenance.kind == "essay" and occupation.provenance.section == "§2(6)"


REDUNDANT = 'locator: "might be actually redundant"\n          why:'


@pytest.mark.parametrize(
    ("old", "new", "anchor", "offset", "fragments"),
    [
        (  # a default that is not one of the options
            "    default: level\n",
            "    default: levels\n",
            "  commitment:\n    label: What drives",
            1,
            ("variant 'commitment'", "unknown default 'levels'; allowed: level, signal"),
        ),
        (  # the default must change nothing, every other option something
            "    default: flow\n",
            "    default: sunk\n",
            "      flow:\n",
            1,
            ("variant 'legacy' option 'flow': it must change a pathway",),
        ),
        (  # a factor the pathway does not have
            'replace: {fear_symmetry: "min(fear_japan, fear_korea)"}',
            'replace: {fear_symetry: "min(fear_japan, fear_korea)"}',
            "replace: {fear_symetry",
            0,
            (
                "option 'symmetry_and_strength' pathway '4'",
                "unknown factor 'fear_symetry'; "
                "allowed: disengagement, abandonment, fear_symmetry, fears_cooperation",
            ),
        ),
        (  # an unknown name in an expression
            "            scale: engagement * free_riding\n",
            "            scale: engagement * freeriding\n",
            "            scale: engagement * freeriding",
            0,
            ("pathway '4' scale", "unknown name 'freeriding'; allowed: "),
        ),
        (  # a pathway the model does not have
            '          "6":\n            replace: {threat: occupation_engagement',
            '          "7":\n            replace: {threat: occupation_engagement',
            "      sunk:\n",
            1,
            ("variant 'legacy' option 'sunk'", "unknown pathway '7'; allowed: own, 1a, 1b,"),
        ),
        (  # two dimensions changing one factor: the order would matter
            'replace: {fear_symmetry: "min(fear_japan, fear_korea)"}',
            'replace: {disengagement: "min(fear_japan, fear_korea)"}',
            "      symmetry_and_strength:\n",
            1,
            ("pathway '4' disengagement is changed by variant 'commitment' too",),
        ),
        (  # an option without its provenance
            '          kind: paper\n          section: "§2(4)"\n'
            '          locator: "which encourages Japanese-ROK cooperation"\n',
            '          kinds: paper\n          section: "§2(4)"\n'
            '          locator: "which encourages Japanese-ROK cooperation"\n',
            "          kinds: paper",
            0,
            ("variant 'redundancy' option 'full'", "provenance unknown kind None"),
        ),
        (  # an option without its line of why
            "        why: Pathway 4 adds its pull whatever happens to free-riding.\n",
            "",
            "      full:\n",
            1,
            ("variant 'redundancy' option 'full': 'why' must be a non-empty string",),
        ),
    ],
)
def test_malformed_variants_name_file_and_line(tmp_path, old, new, anchor, offset, fragments):
    path, text = _write(tmp_path, old, new)
    line = text[: text.index(anchor)].count("\n") + 1
    _assert_at(_error(path), line + offset, *fragments)


def test_a_variant_locator_not_in_its_part_of_the_paper(tmp_path):
    _needs_the_paper()
    path, _ = _write(tmp_path, REDUNDANT, REDUNDANT.replace("redundant", "needless"))
    assert (
        "variant 'redundancy/while_free_riding': locator 'might be actually needless' is "
        "not in §2(4)" in _error(path)
    )


def test_a_variant_with_one_option(tmp_path):
    start = TEXT.index("      sunk:\n")
    assert "\n  " not in TEXT[start:].rstrip("\n").replace("\n    ", ""), "sunk must end the file"
    text = TEXT[:start]  # the last option of the last dimension is dropped
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  legacy:") + 2  # its first field
    _assert_at(_error(path), line, "variant 'legacy': 'options' must map two or more options")


def _line(text: str, needle: str, start: int = 0) -> int:
    """1-based line of the first line containing `needle` at or after line index `start`."""
    lines = text.splitlines()
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i + 1
    raise AssertionError(f"{needle!r} not found")


def _line_before(text: str, line: int, needle: str) -> int:
    lines = text.splitlines()
    for i in range(line - 1, -1, -1):
        if needle in lines[i]:
            return i + 1
    raise AssertionError(f"{needle!r} not found before line {line}")


def _write(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert TEXT.count(old) == 1, f"the snippet must occur once in model.yaml: {old!r}"
    text = TEXT.replace(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _error(path: Path) -> str:
    with pytest.raises(ValueError) as err:
        load_spec(path)
    message = str(err.value)
    assert "\n" not in message, "the message must be one line"
    return message


def _assert_at(message: str, line: int, *fragments: str) -> None:
    assert message.startswith(f"broken.yaml line {line}: "), message
    for f in fragments:
        assert f in message, f"{f!r} not in {message!r}"


def test_an_unchanged_copy_loads(tmp_path):
    path = tmp_path / "copy.yaml"
    path.write_text(TEXT, encoding="utf-8")
    assert load_spec(path).pathways == load_spec().pathways


def test_bad_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(TEXT + "extra: {unclosed: [1, 2}\n", encoding="utf-8")
    message = _error(path)
    _assert_at(message, len(TEXT.splitlines()) + 1, "not valid YAML", "expected ',' or ']'")


def test_bad_yaml_in_the_middle_names_its_line(tmp_path):
    path, text = _write(tmp_path, "    label: Grand-strategy gap\n", "    label: gap: wide\n")
    _assert_at(_error(path), _line(text, "label: gap: wide"), "not valid YAML")


def test_missing_field(tmp_path):
    path, text = _write(tmp_path, "    label: US engagement\n", "")
    _assert_at(
        _error(path),
        _line(text, "  engagement:") + 1,
        "variable 'engagement'",
        "'label' must be a non-empty string",
    )


def test_unknown_strength(tmp_path):
    path, text = _write(
        tmp_path, "        strength: free_riding\n", "        strength: freeriding\n"
    )
    line = _line_before(text, _line(text, "strength: freeriding"), "- from:")
    _assert_at(
        _error(path),
        line,
        "pathway '2' link 2",
        "unknown strength 'freeriding'; allowed: own_animosity, balancing",
    )


def test_default_outside_range(tmp_path):
    old = '    step: 0.01\n    default: 0.7\n    reference:\n      low: "1990-92'
    path, text = _write(tmp_path, old, old.replace("0.7", "1.5"))
    _assert_at(
        _error(path),
        _line(text, "  threat:") + 1,
        "variable 'threat'",
        "default 1.5 is outside [0.0, 1.0]",
    )


MEDIATION_WHY = (
    "      why: \"In the paper, increased engagement 'might motivate' a mediating role; a "
    'separate willingness lets a reader test an engaged but passive Washington."\n'
)


def test_missing_provenance(tmp_path):
    start = TEXT.index('    provenance:\n      kind: "essay"\n      section: "§2(3)"')
    end = TEXT.index(MEDIATION_WHY, start) + len(MEDIATION_WHY)
    path = tmp_path / "broken.yaml"
    text = TEXT[:start] + TEXT[end:]
    path.write_text(text, encoding="utf-8")
    _assert_at(
        _error(path),
        _line(text, "  mediation:") + 1,
        "variable 'mediation'",
        "'provenance' must be a mapping",
    )


def test_provenance_of_an_unknown_kind(tmp_path):
    old = '      kind: "essay"\n      section: "§2(3)"\n'
    path, text = _write(tmp_path, old, '      kind: "hunch"\n      section: "§2(3)"\n')
    _assert_at(
        _error(path),
        _line(text, 'kind: "hunch"'),
        "variable 'mediation'",
        "unknown kind 'hunch'; allowed: paper, literature, essay",
    )


def test_essay_provenance_needs_a_reason(tmp_path):
    path, text = _write(tmp_path, MEDIATION_WHY, "")
    message = _error(path)
    assert "variable 'mediation': essay provenance needs why" in message


def _needs_the_paper() -> None:
    check = load_spec().paper_check
    if check.startswith("skipped:"):
        pytest.skip(check)


def test_a_locator_not_in_the_paper(tmp_path):
    _needs_the_paper()
    old = 'locator: "If external common threats increase"'
    path, _ = _write(tmp_path, old, 'locator: "If external common threats decrease"')
    message = _error(path)
    assert "variable 'threat': locator 'If external common threats decrease'" in message
    assert "is not in §2(1)" in message


def test_a_locator_in_the_wrong_part(tmp_path):
    _needs_the_paper()
    old = '      section: "§2(1)"\n      locator: "If external common threats increase"'
    path, _ = _write(tmp_path, old, old.replace("§2(1)", "§2(4)"))
    assert "variable 'threat': locator 'If external common threats increase' is not in §2(4)" in (
        _error(path)
    )


def test_a_locator_longer_than_eight_words(tmp_path):
    old = 'locator: "If external common threats increase"'
    longer = 'locator: "If external common threats increase, cooperative incentives might increase"'
    path, _ = _write(tmp_path, old, longer)
    assert "locator has more than 8 words" in _error(path)


def test_the_check_is_skipped_and_says_so_without_the_paper(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PAPER", str(tmp_path / "absent.txt"))
    spec = load_spec(DEFAULT_SPEC)
    assert spec.paper_check.startswith("skipped: the paper's text was not found")


def test_thresholds_in_order(tmp_path):
    path, text = _write(tmp_path, "  minor_share: 0.2\n", "  minor_share: 0.6\n")
    _assert_at(
        _error(path), _line(text, "verdict:") + 1, "need 0 < minor_share < determinant_share"
    )


def test_unused_parameter(tmp_path):
    spare = (
        "  spare_link:\n    label: Spare\n    description: Used by nothing.\n"
        "    min: 0.1\n    max: 0.9\n    default: 0.5\n"
        '    provenance:\n      kind: essay\n      why: "A test."\n'
    )
    path, text = _write(tmp_path, "parameters:\n", "parameters:\n" + spare)
    _assert_at(
        _error(path),
        _line(text, "  spare_link:") + 1,
        "parameter 'spare_link' is never used",
    )


@pytest.mark.parametrize(
    ("old", "new", "anchor", "offset", "fragments"),
    [
        (  # min not below max
            "    min: 0.6\n    max: 1.0\n    default: 0.9\n",
            "    min: 0.95\n    max: 0.9\n    default: 0.9\n",
            "  threat_engagement:",
            1,
            ("parameter 'threat_engagement'", "min 0.95 must be below max 0.9"),
        ),
        (  # range beyond the 0-1 scale
            "    min: 0.6\n    max: 1.0\n    default: 0.9\n",
            "    min: 0.6\n    max: 1.2\n    default: 0.9\n",
            "  threat_engagement:",
            1,
            ("range [0.6, 1.2] must lie within [0, 1]",),
        ),
        (  # a default that is not a number
            '    step: 0.01\n    default: 0.7\n    reference:\n      low: "1990-92',
            '    step: 0.01\n    default: high\n    reference:\n      low: "1990-92',
            "  threat:",
            1,
            ("'default' must be a finite number, got 'high'",),
        ),
        (  # NaN in the spec
            '    step: 0.01\n    default: 0.7\n    reference:\n      low: "1990-92',
            '    step: 0.01\n    default: .nan\n    reference:\n      low: "1990-92',
            "  threat:",
            1,
            ("'default' must be a finite number, got nan",),
        ),
        (  # unknown name in a derived formula
            "    expr: 1 - engagement\n",
            "    expr: 1 - engagment\n",
            "  disengagement:",
            1,
            ("derived 'disengagement'", "unknown name 'engagment'"),
        ),
        (  # a name that is not snake_case
            "  fear_korea:\n",
            "  FearKorea:\n",
            "  FearKorea:",
            1,
            ("name 'FearKorea' must be lower_snake_case",),
        ),
        (  # a sign that is neither 1 nor -1
            "    sign: -1\n    driver: animosity\n",
            "    sign: 2\n    driver: animosity\n",
            "  - id: own",
            0,
            ("pathway 'own'", "'sign' must be 1 or -1, got 2"),
        ),
        (  # unknown driver
            "    sign: -1\n    driver: animosity\n",
            "    sign: -1\n    driver: hatred\n",
            "  - id: own",
            0,
            ("unknown driver 'hatred'; allowed: animosity, disengagement",),
        ),
        (  # duplicate pathway id
            '  - id: "3"\n',
            '  - id: "2"\n',
            '  - id: "2"\n    group: 3',
            0,
            ("pathway '2'", "'id' must be present and unique"),
        ),
        (  # unknown gate
            "        gate: mediation\n",
            "        gate: mediaton\n",
            "        gate: mediaton",
            -3,
            ("pathway '3' link 2", "unknown gate 'mediaton'; allowed: animosity,"),
        ),
        (  # unknown policy target
            "      - target: engagement\n",
            "      - target: engagment\n",
            "      - target: engagment",
            0,
            ("policy 'exclusive'", "unknown target 'engagment'; allowed: threat, engagement,"),
        ),
        (  # unknown policy op
            "      - target: threat\n        op: shrink\n",
            "      - target: threat\n        op: halve\n",
            "        op: halve",
            -1,
            ("policy 'inclusive'", "unknown op 'halve'; allowed: toward_max, shrink"),
        ),
        (  # unknown driver kind
            "    driver_kind: history\n",
            "    driver_kind: past\n",
            "    driver_kind: past",
            -8,
            ("pathway 'own'", "unknown driver_kind 'past'; allowed: threat, engagement, "),
        ),
        (  # a policy size that is not a parameter
            "        size: inclusive_threat\n",
            "        size: inclusive_thret\n",
            "        size: inclusive_thret",
            -2,
            ("policy 'inclusive'", "unknown size 'inclusive_thret'; allowed: own_animosity, "),
        ),
        (  # a group outside 0-6
            "    group: 5\n",
            "    group: 7\n",
            "    group: 7",
            -1,
            ("'group' must be an integer 0-6, got 7",),
        ),
        (  # a scenario that sets an unknown assumption
            "      fears_cooperation: min\n",
            "      fear_cooperation: min\n",
            "    values:\n      fear_cooperation",
            1,
            (
                "scenario 'redundant_fear'",
                "unknown assumption 'fear_cooperation'; allowed: threat,",
            ),
        ),
        (  # a scenario value outside the assumption's range
            "      us_intervention: min\n",
            "      us_intervention: 0.1\n",
            "    values:\n      us_intervention: 0.1",
            1,
            ("scenario 'sunk_legacy'", "us_intervention = 0.1 is outside [0.2, 0.9]"),
        ),
        (  # a word that is not an end of the range
            "      us_intervention: min\n",
            "      us_intervention: lowest\n",
            "    values:\n      us_intervention: lowest",
            1,
            ("scenario 'sunk_legacy'", "unknown range end 'lowest'; allowed: min, max"),
        ),
        (  # a value that is neither a number nor a range end
            "      us_intervention: min\n",
            "      us_intervention: .nan\n",
            "    values:\n      us_intervention: .nan",
            1,
            ("scenario 'sunk_legacy'", "'us_intervention' must be a finite number, got nan"),
        ),
        (  # combining a scenario defined below (or nowhere)
            "    combines: [redundant_fear, sunk_legacy]\n",
            "    combines: [redundant_fear, legacy]\n",
            "  paper_caveats:",
            1,
            (
                "scenario 'paper_caveats'",
                "unknown scenario 'legacy'; allowed: redundant_fear, sunk_legacy",
            ),
        ),
        (  # one assumption set twice: by a combined scenario and by its own values
            "    combines: [redundant_fear, sunk_legacy]\n",
            "    combines: [redundant_fear, sunk_legacy]\n    values:\n      us_intervention: max\n",
            "  paper_caveats:",
            1,
            ("'us_intervention' is set by scenario 'sunk_legacy' and by its own values",),
        ),
        (  # a scenario that sets nothing
            "    combines: [redundant_fear, sunk_legacy]\n",
            "    combines: []\n",
            "  paper_caveats:",
            1,
            ("scenario 'paper_caveats': sets no value",),
        ),
        (  # the name that means "no scenario"
            "  paper_caveats:\n",
            "  none:\n",
            "  none:",
            1,
            ("scenario 'none': the name means no scenario",),
        ),
        (  # a scenario without its provenance kind
            '      kind: paper\n      section: "§2(4)"\n      locator: "might be actually redundant"\n',
            '      section: "§2(4)"\n      locator: "might be actually redundant"\n',
            '    provenance:\n      section: "§2(4)"',
            1,
            ("scenario 'redundant_fear': provenance unknown kind None",),
        ),
    ],
)
def test_malformed_entries_name_file_and_line(tmp_path, old, new, anchor, offset, fragments):
    path, text = _write(tmp_path, old, new)
    line = text[: text.index(anchor)].count("\n") + 1  # where the anchor (first) occurs
    _assert_at(_error(path), line + offset, *fragments)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "verdict:\n  minor_share",
            "verdict_gone:\n  minor_share",
            "'verdict' must be a mapping",
        ),
        ("policies:\n", "policies_:\n", "'policies' must be a mapping"),
        ("scenarios:\n", "scenarios_:\n", "'scenarios' must be a mapping"),
    ],
)
def test_missing_sections_name_the_file(tmp_path, old, new, fragment):
    path, _ = _write(tmp_path, old, new)
    message = _error(path)
    assert message.startswith("broken.yaml"), message
    assert fragment in message


def test_a_spec_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^list\.yaml: the spec must be a YAML mapping$"):
        load_spec(path)


def test_a_missing_spec_file(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(ValueError, match="absent.yaml: spec file not found"):
        load_spec(path)


def test_duplicate_keys_are_an_error_naming_the_line(tmp_path):
    bad = tmp_path / "dup.yaml"
    bad.write_text(
        "meta:\n  title: x\nvariables:\n  threat:\n    label: a\n  threat:\n    label: b\n"
    )
    with pytest.raises(ValueError, match=r"dup\.yaml line 6: .*duplicate key 'threat'"):
        load_spec(bad)
