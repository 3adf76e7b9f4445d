"""The documentation stays true: the site builds strictly, its examples run, its commands exist.

- ``mkdocs build --strict`` (no broken link, anchor or API reference; every page in the nav);
- the README's Python example runs and prints what the README says it prints;
- the Python blocks of the docs run, in order, as one session per page, and the grid example loads
  (the scenario example: tests/scenarios/test_scenario.py);
- every ``planner COMMAND --option`` written in the README or the docs is a real command and option.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def env() -> dict[str, str]:
    """This checkout's planner first; no notice from the theme about its future."""
    out = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg")
    out.pop("PYTHONSTARTUP", None)
    return out


def blocks(text: str, language: str) -> list[str]:
    """The fenced blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.S | re.M)


def workspace(tmp_path: Path) -> Path:
    """A folder like the repository's root: copies of the shipped inputs and scenarios."""
    for name in ("inputs", "scenarios"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    (cwd / "example.py").write_text(code, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "example.py"], cwd=cwd, env=env(), capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def test_site_builds_strictly(tmp_path):
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    # the input tables' documentation is inputs/README.md itself, included
    inputs_page = (site / "inputs" / "index.html").read_text(encoding="utf-8")
    first_section = re.search(r"^## (.+)$", (ROOT / "inputs" / "README.md").read_text(), re.M).group(1)
    assert first_section.split(":")[0] in inputs_page
    # the API pages are generated from the docstrings, signatures included
    api = (site / "api" / "pipeline" / "index.html").read_text(encoding="utf-8")
    assert 'id="planner.pipeline.plan"' in api and 'id="planner.pipeline.Plan.frames"' in api
    assert "Assign within the weekly rooms" in api  # the first line of plan's docstring
    options = (site / "api" / "options" / "index.html").read_text(encoding="utf-8")
    for name in ("planner.options.SolveOptions", "planner.context.Context", "planner.interrupt.Stop"):
        assert f'id="{name}"' in options
    package = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert 'id="planner.load_inputs"' in package


def test_readme_python_example_prints_what_it_says(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = blocks(readme, "python")
    (printed,) = blocks(readme, "text")
    assert "planner.plan(inputs, [2])" in code and 'plan.write("reports/year2")' in code
    cwd = workspace(tmp_path)
    run = run_python(code, cwd)
    assert run.stdout.splitlines() == printed.splitlines()
    folder = cwd / "reports" / "year2"
    for name in ("assignments.csv", "services.csv", "plan.xlsx", "fiches.xlsx", "summary.xlsx", "weeks.csv"):
        assert (folder / name).stat().st_size > 0, name
    # the services printed from the DataFrame are the rows written to services.csv
    with open(folder / "services.csv", encoding="utf-8", newline="") as f:
        written = [(r["teacher"], r["status"], float(r["assigned_hetd"])) for r in csv.DictReader(f)]
    shown = [line.split() for line in printed.splitlines()[-3:]]
    assert [(t, s, float(h)) for t, s, h in shown] == written[:3]


@pytest.mark.parametrize("page", ["python.md", "scenarios.md"])
def test_docs_python_blocks_run_in_order(tmp_path, page):
    code = "\n".join(blocks((DOCS / page).read_text(encoding="utf-8"), "python"))
    assert code.strip(), page
    run = run_python(code, workspace(tmp_path))
    if page == "python.md":
        assert "b'%PDF-' True" in run.stdout
        assert "['assignments', 'services', 'stages', 'uncovered', 'weeks']" in run.stdout
        assert (tmp_path / "reports" / "year2" / "fiches.xlsx").exists()
    else:
        lines = run.stdout.splitlines()
        assert [line.split()[:2] for line in lines] == [["baseline", "yes"], ["tp-20", "yes"]]


def test_docs_grid_example_is_a_grid(tmp_path):
    from planner import load_inputs
    from planner.scenarios.sweep import grid_variants, load_grid

    (example,) = blocks((DOCS / "sweeps.md").read_text(encoding="utf-8"), "toml")
    (tmp_path / "example.toml").write_text(example, encoding="utf-8")
    variants = grid_variants(load_grid(tmp_path / "example.toml"), load_inputs(ROOT / "inputs"))
    assert len(variants) == 3 * 2  # td 3, 4, 5 by ater no, yes


def documented_commands() -> list[tuple[str, str]]:
    """Every ``planner …`` command line of the README and the docs: (page, line)."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        spans = re.findall(r"`(planner [^`]+)`", text)
        lines = [line.split("#")[0] for block in blocks(text, "bash") for line in block.splitlines() if line]
        found += [(page.name, s) for s in spans + [line for line in lines if line.startswith("planner ")]]
    return found


def test_documented_commands_and_options_exist():
    from planner.cli.app import cli

    commands = documented_commands()
    assert len(commands) > 40
    for page, line in commands:
        words = line.replace("\\|", "|").split()[1:]
        while words and words[0].startswith("--"):  # options of the group: --debug, --version, --help
            assert words.pop(0) in ("--debug", "--version", "--help"), (page, line)
        if not words or words[0].isupper() or words[0] == "…":  # planner COMMAND --help
            continue
        command = cli.commands.get(words[0])
        assert command is not None, f"{page}: unknown command in `{line}`"
        known = {"--help", "-h"} | {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        for option in re.findall(r"--[a-z][a-z0-9-]*", " ".join(words[1:])):
            assert option in known, f"{page}: `planner {words[0]}` has no {option} (`{line}`)"


def test_readme_links_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    assert targets
    for target in targets:
        assert (ROOT / target).exists(), target
