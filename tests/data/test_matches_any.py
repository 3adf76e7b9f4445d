"""A module-code pattern matched against the sorted codes agrees with fnmatch on every code."""

from __future__ import annotations

import fnmatch

from conftest import SHIPPED

from planner.data.inputs import load_inputs
from planner.data.iut import matches_any

PATTERNS = [
    "R3.01",
    "R3.0?",
    "R*",
    "*",
    "SAE 1.*",
    "*.OSC.*",
    "R[46].*",
    "R1.1[0-9]",
    "Stage ?",
    "R9.*",
    "r3.01",
    "R3.01*",
    "[!R]*",
    "QLIO/R3.01",
]


def test_matches_any_agrees_with_fnmatch_on_the_shipped_codes():
    codes = sorted({m.code for m in load_inputs(SHIPPED).modules})
    for pattern in PATTERNS:
        expected = any(fnmatch.fnmatchcase(c, pattern) for c in codes)
        assert matches_any(pattern, codes) == expected, pattern
    assert matches_any("R3.01", codes) and not matches_any("R9.*", codes) and not matches_any("r3.01", codes)
