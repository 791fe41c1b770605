"""The one lookup helper (pathways.model.names): every bad name gets the same error."""

from __future__ import annotations

import pytest
from pathways import default_model, evaluate
from pathways.model.names import check_names, lookup, unknown


def test_lookup_returns_the_value_or_names_the_allowed_ones() -> None:
    assert lookup("colour", "red", {"red": 1, "blue": 2}) == 1
    with pytest.raises(ValueError, match=r"^unknown colour 'green'; allowed: red, blue$"):
        lookup("colour", "green", {"red": 1, "blue": 2})


def test_check_names_reports_the_first_bad_name() -> None:
    check_names("axis", ["a", "b"], ["a", "b", "c"])
    with pytest.raises(ValueError, match=r"^unknown axis 'z'; allowed: a, b$"):
        check_names("axis", ["a", "z", "y"], ["a", "b"])


def test_unknown_prints_non_string_names() -> None:
    assert str(unknown("group", 7, [0, 1])) == "unknown group 7; allowed: 0, 1"


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda: evaluate({"nonsense": 0.5}), "assumption"),
        (lambda: default_model().quantity("nonsense"), "quantity"),
        (lambda: default_model().spec.pathway("nonsense"), "pathway"),
    ],
)
def test_the_model_uses_it(call, kind: str) -> None:
    with pytest.raises(ValueError, match=rf"^unknown {kind} 'nonsense'; allowed: \w"):
        call()
