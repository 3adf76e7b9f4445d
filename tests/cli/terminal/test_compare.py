"""``planner compare`` in the terminal: figures as rows, scenarios as columns, deltas under them."""

from __future__ import annotations

from fractions import Fraction as F

from conftest import text_of

from planner.cli.terminal.compare import compare_table
from planner.scenarios.outcome import METRICS, Comparison, Layout, Outcome


def outcome(name: str, layout: Layout | None = None, shortages=(), **metrics) -> Outcome:
    values = {key: 0 for key, _, _ in METRICS}
    values.update(metrics)
    return Outcome(
        name, "", f"scenarios/{name}.toml", values, "optimal", [], {}, {}, {}, list(shortages), 1.0, layout
    )


def table_rows(text: str) -> dict[str, list[str]]:
    """Each figure's cells, the delta line under it joined to it."""
    out, last = {}, None
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells[0]:
            last = cells[0]
            out[last] = cells[1:]
        elif last is not None:
            out[last] = [f"{a} {b}".strip() for a, b in zip(out[last], cells[1:])]
    return out


def test_values_and_deltas_against_the_first_scenario():
    base = outcome("baseline", cost_eur=F(43965), hc_hetd=F(25, 2), td_groups=9, peak_student_hours=30)
    more = outcome(
        "td-4",
        cost_eur=F(44965),
        hc_hetd=F(25, 2),
        td_groups=10,
        uncovered_hours=12,
        assignments_changed=3,
        hetd_moved=F(16, 3),
        peak_student_hours=None,
        shortages=["R1.01 TD (commun, S1): 12 h: no teacher is qualified"],
    )
    text = text_of(compare_table(Comparison([1], [base, more], [[], []])))
    assert "Scenarios for year 1: Δ against baseline (= no change)" in text
    rows = table_rows(text)
    assert rows["total cost €"] == ["43 965", "44 965 +1 000"]
    assert rows["heures compl. HETD"] == ["12.5", "12.5 ="]
    assert rows["TD groups"] == ["9", "10 +1"]
    assert rows["peak student h/week"] == ["30", "—"]  # not laid out: no value, no delta
    assert rows["assignments changed"] == ["—", "3"]  # measured against the reference already
    assert rows["HETD moved"] == ["—", "5.3"]
    assert rows["feasible"] == ["yes", "no: uncovered"]


def test_weeks_status_and_tries_are_shown():
    fits = Layout("feasible", 30, "year 1 commun, 2025-W40", [], 2.0)
    tight = Layout("does not fit", None, "", ["year 2 OSC, S3: 316 h of classes"], 3.0, rounds=4)
    text = text_of(compare_table(Comparison([2], [outcome("a", fits), outcome("b", tight)], [[], []])))
    rows = table_rows(text)
    assert rows["week layout"] == ["feasible", "does not fit (4 tries)"]
    assert rows["feasible"] == ["yes", "no: weeks"]
    assert rows["time s"] == ["3.0", "4.0"]
