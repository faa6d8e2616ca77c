"""The message table agrees with the rule table of data_schema.md §3.2 (ids and severities)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from srdi_report.data.validate_messages import MESSAGES, Message, problem
from srdi_report.errors import Location, Severity

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "data_schema.md"
RULE_ROW = re.compile(r"^\| ([A-Z]\d\d) \| ([EW]) \|", re.MULTILINE)
OWN_FAMILIES = ("R", "U", "G", "I", "X", "Y", "P")  # plus V09 and V11
SEVERITY = {"E": Severity.ERROR, "W": Severity.WARNING}


def _spec_rules() -> dict[str, Severity]:
    if not SPEC.exists():
        pytest.skip("the shared spec is not next to the repository")
    rules = {rule: SEVERITY[sev] for rule, sev in RULE_ROW.findall(SPEC.read_text("utf-8"))}
    return {
        rule: sev
        for rule, sev in rules.items()
        if rule.startswith(OWN_FAMILIES) or rule in {"V09", "V11"}
    }


def test_every_rule_of_the_validator_has_a_message_of_its_severity() -> None:
    spec = _spec_rules()
    ours: dict[str, set[Severity]] = {}
    for message in MESSAGES.values():
        ours.setdefault(message.rule, set()).add(message.severity)
    assert sorted(spec) == sorted(r for r in ours if r in spec)
    assert {rule: {sev} for rule, sev in spec.items()} == {r: ours[r] for r in spec}
    assert len(spec) == 7 + 2 + 2 + 10 + 5 + 21 + 5 + 8  # R, U, V09/V11, G, I, X, Y, P


def test_message_ids_name_their_rule() -> None:
    assert all(key.split(".")[0] == m.rule for key, m in MESSAGES.items())


def test_a_message_fills_its_templates() -> None:
    found = problem("X01", Location("firms.csv", 1207, "invention_grants"), "45", a="45", b="30")
    assert str(found) == (
        'firms.csv:1207:invention_grants: "45" — 45 > invention_applications 30 (grants are a'
        " subset of applications; check both counts) [error X01]"
    )


def test_no_template_has_han_characters() -> None:
    han = re.compile("[\u4e00-\u9fff]")
    texts = [m.reason + m.fix for m in MESSAGES.values() if isinstance(m, Message)]
    assert [t for t in texts if han.search(t)] == []
