"""Generated IUTs as input files: ``planner generate --departments K --seed S --out DIR``.

K departments (``planner.generate.department``), each derived from a template
department (the shipped ``inputs/``) with its own parcours, maquette, cohorts
and rhythm, and their staff (``planner.generate.staff``): each department's
staff follows one of four mixes (balanced, vacataire-heavy, ATER-heavy, short
of qualified staff), sized from its demand; about 15 % of all teachers are also
qualified in one or two other departments chosen at random, for every module of
their field there.

The IUT-wide tables (activities, statuses, calendar, settings) are the
template's. The same template, K and seed give the same files.
"""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from planner.data.inputs import Inputs, load_inputs
from planner.data.iut import FOLDER
from planner.data.maquette import checked_totals
from planner.errors import PlannerError
from planner.generate.department import CODES, Department, department, department_files
from planner.generate.staff import staff_files
from planner.numbers import csv_number, hours_text
from planner.store.atomic import staged_dir

IUT_TABLES = ("activities", "statuses", "calendar", "settings")
SESSIONS: tuple[int | Fraction, ...] = (
    1,
    Fraction(3, 2),
    2,
)  # a generated department teaches in sessions of one of these lengths


def generate_iut(template_path: str | Path, departments: int, seed: int) -> dict[str, str]:
    """A K-department IUT as files: relative path -> CSV text."""
    if departments < 1:
        raise PlannerError(f"--departments must be at least 1, not {departments}")
    template = load_inputs(template_path)
    if template.scoped or template.calendar is None or Path(template_path).is_file():
        raise PlannerError(
            "the template must be one department's folder of CSV tables, with a calendar",
            where=str(template_path),
            hint="Use the shipped inputs/ (the default).",
        )
    rng = random.Random(seed)
    codes = sorted(rng.sample(CODES, min(departments, len(CODES))))
    codes += [f"D{k}" for k in range(len(codes) + 1, departments + 1)]
    lengths = random.Random(f"{seed}|sessions").sample(SESSIONS, len(SESSIONS))  # every length in turn
    built = [department(template, code, seed, lengths[i % len(lengths)]) for i, code in enumerate(codes)]
    files = {f"{t}.csv": (Path(template_path) / f"{t}.csv").read_text(encoding="utf-8") for t in IUT_TABLES}
    settings = files["settings.csv"]
    files["settings.csv"] = (
        settings
        + ("" if settings.endswith("\n") else "\n")
        + "".join(
            f"{d.code}/session_hours,{csv_number(Fraction(d.session))},"
            f"sessions of {hours_text(d.session)} h\n"
            for d in built
            if d.session != 1
        )
    )
    files.update(staff_files(template, built, seed))
    for d in built:
        for name, text in department_files(d).items():
            files[f"{FOLDER}/{d.code}/{name}"] = text
    files["generated.txt"] = summary_text(built, departments, seed)
    return files


def summary_text(built: list[Department], departments: int, seed: int) -> str:
    lines = [f"planner generate --departments {departments} --seed {seed}", ""]
    for d in built:
        students = "/".join(str(sum(c.students for c in d.cohorts if c.year == y)) for y in (1, 2, 3))
        lines.append(
            f"{d.code}: parcours {', '.join(d.parcours.values())}; students per year {students}; "
            f"{d.rhythm}; sessions of {hours_text(d.session)} h; staff {d.mix}"
            + "".join(f"; {n}" for n in d.notes)
        )
    return "\n".join(lines) + "\n"


def write_iut(out: str | Path, departments: int, seed: int, template: str | Path = "inputs") -> list[str]:
    """Write a generated IUT into ``out`` (replaced atomically); return the file names."""
    files = generate_iut(template, departments, seed)
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / "generated.txt").exists():
        raise PlannerError(
            f"{out} exists and was not written by planner generate",
            hint="Give --out a new folder (the generator replaces only a folder it wrote).",
        )
    with staged_dir(out, keep=False) as stage:
        for name, text in files.items():
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        checked_totals(load_inputs(stage))  # what planner validate checks, before the files appear
    return sorted(files)


def generated_inputs(
    departments: int, seed: int = 0, folder: str | Path | None = None, template: str | Path = "inputs"
) -> Inputs:
    """A generated IUT, written as files (into ``folder``, or a temporary folder) and read back.

    For benchmarks and tests: what ``planner generate`` writes, as ``load_inputs`` reads it.
    """
    if folder is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="planner-iut-") as tmp:
            write_iut(Path(tmp) / "iut", departments, seed, template)
            inputs = load_inputs(Path(tmp) / "iut")
        return replace(inputs, source=f"planner generate --departments {departments} --seed {seed}")
    write_iut(folder, departments, seed, template)
    return load_inputs(folder)
