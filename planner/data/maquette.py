"""Check the encoded maquette against the document's declared totals."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from planner.data.entities import ACTIVITIES, Module
from planner.data.inputs import Inputs
from planner.errors import PlannerError
from planner.numbers import hours_text


@dataclass(frozen=True)
class TotalCheck:
    """Declared vs encoded hours of one semester (or year, semester None) block."""

    year: int
    semester: int | None
    parcours: str
    declared: dict[str, int | Fraction]
    computed: dict[str, int | Fraction]
    where: str
    row: int

    @property
    def ok(self) -> bool:
        return self.declared == self.computed

    @property
    def block(self) -> str:
        when = f"S{self.semester}" if self.semester else "year"
        return f"year {self.year} {self.parcours} {when}"


def block_hours(modules: list[Module]) -> dict[str, int | Fraction]:
    sums = {a: sum(m.hours.get(a, 0) for m in modules) for a in ACTIVITIES}
    sums["total"] = sum(m.total for m in modules)
    return sums


def check_totals(inputs: Inputs) -> list[TotalCheck]:
    """One check per declared Totaux line; errors if a block has no declared line."""
    records = inputs.records["maquette_totals"]
    checks = []
    for declared, rec in zip(inputs.totals, records):
        rows = [
            m
            for m in inputs.modules
            if m.year == declared.year
            and m.parcours == declared.parcours
            and (declared.semester is None or m.semester == declared.semester)
        ]
        want = {a: declared.hours[a] or 0 for a in ACTIVITIES}
        want["total"] = declared.total
        checks.append(
            TotalCheck(
                declared.year,
                declared.semester,
                declared.parcours,
                want,
                block_hours(rows),
                rec.where,
                rec.row,
            )
        )
    declared_blocks = {(c.year, c.semester, c.parcours) for c in checks}
    for m in inputs.modules:
        if (m.year, m.semester, m.parcours) not in declared_blocks:
            where = inputs.records["maquette_totals"][0].where if records else "maquette_totals"
            raise PlannerError(
                f"no declared Totaux line for year {m.year}, semester {m.semester}, parcours {m.parcours}",
                where=where,
                hint="Add the semester's Totaux line from the document so the encoding can be checked.",
            )
    return checks


def mismatch_error(c: TotalCheck) -> PlannerError:
    """A block that does not add up to its declared totals, as the error naming its row and column."""
    diffs = [
        f"{k}: declared {hours_text(c.declared[k])}, maquette.csv gives {hours_text(c.computed[k])}"
        for k in c.declared
        if c.declared[k] != c.computed[k]
    ]
    column = next(k for k in c.declared if c.declared[k] != c.computed[k])
    return PlannerError(
        f"the maquette does not add up to the declared totals of {c.block} ({'; '.join(diffs)})",
        where=c.where,
        row=c.row,
        column=column,
        hint="Check the hours of that block in maquette.csv against the document.",
    )


def first_mismatch(checks: list[TotalCheck]) -> PlannerError | None:
    return next((mismatch_error(c) for c in checks if not c.ok), None)


def checked_totals(inputs: Inputs) -> list[TotalCheck]:
    """The total checks, or the first mismatch raised as an error."""
    checks = check_totals(inputs)
    error = first_mismatch(checks)
    if error:
        raise error
    return checks
