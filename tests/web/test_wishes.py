"""The wishes campaign, on SQLite and PostgreSQL: answers written into the inputs the engine reads."""

from __future__ import annotations

import pytest
from webtools import row_of, snapshot, workspace

from planner.assign.problem import build_problem
from planner.data.calendar import unavailable_weeks
from planner.web import tables as store
from planner.web.edits import Refused, Stale, edit_cell
from planner.web.journal import Actor, changes
from planner.web.models import Workspace
from planner.web.undo import undo
from planner.web.wishes import MARK, Answer, answers, close_campaign, open_campaign, save_wishes, wish_seen

CHEF = Actor(None, "chef")
PROF = Actor(None, "cfaure")


@pytest.fixture
def ws(shipped, db_url):
    sessions, workspace_id, cache = workspace(shipped, db_url, years="2")
    return sessions, workspace_id, cache


def seen(ws, teacher="cfaure") -> str:
    sessions, workspace_id, _ = ws
    with sessions() as session:
        w = session.get(Workspace, workspace_id)
        from planner.web.wishes import campaign_of

        return wish_seen(session, w, campaign_of(session, workspace_id, None), teacher)


def preferences(checked, teacher: str, code: str) -> set[int]:
    """The engine's preference of ``teacher`` for ``code``'s tasks (qualification weight, + 1 if wished)."""
    demand = checked.demand([2])
    problem = build_problem(checked.inputs, demand)
    index = next(i for i, c in enumerate(problem.capacities) if c.id == teacher)
    return {
        c.preference
        for c in problem.candidates
        if c.teacher == index and problem.tasks[c.task].part.code == code
    }


def test_answers_go_into_teachers_csv_and_unavailability_csv_as_the_engine_reads_them(ws):
    sessions, workspace_id, cache = ws
    open_campaign(sessions, workspace_id, None, "Vœux pour l'an prochain", CHEF)
    with sessions() as session:
        base = cache.checked(session, session.get(Workspace, workspace_id))
    assert preferences(base, "cfaure", "R3.10") == {3}  # qualified at weight 3, not wished
    weeks = ["2025-W40", "2025-W41", "2025-W42", "2026-W10"]
    answer = Answer({"R3.10": 3, "R4.08": 1}, weeks, "Pas le lundi matin, si possible.")
    checked = save_wishes(sessions, cache, workspace_id, "cfaure", answer, seen(ws), by=PROF)
    teacher = checked.inputs.teacher("cfaure")
    assert teacher.wishes == ("R3.10", "R4.08")  # most wanted first
    assert unavailable_weeks(checked.inputs.unavailability)["cfaure"] == frozenset(weeks)
    assert preferences(checked, "cfaure", "R3.10") == {4}  # the engine's wishes stage sees it
    rows = {
        tuple(r.cells)
        for t in store.tables_of(sessions(), workspace_id)
        if t.name == "unavailability"
        for r in store.rows_of(sessions(), t.id)
    }
    assert ("cfaure", "2025-W40", "2025-W42", "", MARK) in rows and (
        "cfaure",
        "2026-W10",
        "2026-W10",
        "",
        MARK,
    ) in rows
    with sessions() as session:
        found = answers(session, session.get(Workspace, workspace_id), checked, None)
    mine = next(r for r in found["rows"] if r["teacher"] == "cfaure")
    assert found["answered"] == 1 and mine["modules"] == [["R3.10", 3], ["R4.08", 1]] and mine["weeks"] == 4
    assert mine["comment"] == "Pas le lundi matin, si possible." and mine["author"] == "cfaure"


def test_answering_again_replaces_the_campaigns_weeks_and_keeps_the_others(ws):
    sessions, workspace_id, cache = ws
    open_campaign(sessions, workspace_id, None, "", CHEF)
    save_wishes(
        sessions, cache, workspace_id, "cfaure", Answer({"R3.10": 2}, ["2025-W40"], ""), seen(ws), by=PROF
    )
    checked = save_wishes(
        sessions, cache, workspace_id, "cfaure", Answer({}, ["2025-W45", "2025-W46"], ""), seen(ws), by=PROF
    )
    assert checked.inputs.teacher("cfaure").wishes == ()
    assert unavailable_weeks(checked.inputs.unavailability)["cfaure"] == frozenset({"2025-W45", "2025-W46"})


def test_a_stale_answer_is_refused_and_nothing_lost(ws):
    sessions, workspace_id, cache = ws
    open_campaign(sessions, workspace_id, None, "", CHEF)
    page = seen(ws)  # the teacher opens the form…
    row = row_of(sessions, workspace_id, "teachers.csv", "id", "cfaure")  # …the head edits her row meanwhile
    edit_cell(sessions, cache, workspace_id, row.id, "wishes", "R5.11", row.version, by=CHEF)
    state = snapshot(sessions, workspace_id)
    with pytest.raises(Stale):
        save_wishes(sessions, cache, workspace_id, "cfaure", Answer({"R3.10": 3}, [], ""), page, by=PROF)
    assert snapshot(sessions, workspace_id) == state
    checked = save_wishes(
        sessions, cache, workspace_id, "cfaure", Answer({"R3.10": 3, "R5.11": 1}, [], ""), seen(ws), by=PROF
    )
    assert checked.inputs.teacher("cfaure").wishes == ("R3.10", "R5.11")


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (Answer({"R9.99": 3}, [], ""), "aucun module 'R9.99'"),
        (Answer({"R3.10": 7}, [], ""), "un poids de vœu vaut 1, 2 ou 3"),
        (Answer({}, ["2025-W52"], ""), "n'est pas une semaine d'enseignement"),  # Noël: closed
        (Answer({}, [], "x" * 2001), "dépasse 2000 caractères"),
    ],
)
def test_a_wrong_answer_is_refused_in_words_and_nothing_written(ws, answer, words):
    sessions, workspace_id, cache = ws
    open_campaign(sessions, workspace_id, None, "", CHEF)
    state = snapshot(sessions, workspace_id)
    with pytest.raises(Refused) as refused:
        save_wishes(sessions, cache, workspace_id, "cfaure", answer, seen(ws), by=PROF)
    assert words in refused.value.problem.text
    assert snapshot(sessions, workspace_id) == state


def test_wishes_are_undone_whole(ws):
    sessions, workspace_id, cache = ws
    open_campaign(sessions, workspace_id, None, "", CHEF)

    def files() -> dict[str, bytes]:
        with sessions() as session:
            tables = store.tables_of(session, workspace_id)
            return {t.path: store.csv_bytes(t, store.rows_of(session, t.id)) for t in tables}

    before = files()
    answer = Answer({"R3.10": 3}, ["2025-W40"], "x")
    save_wishes(sessions, cache, workspace_id, "cfaure", answer, seen(ws), by=PROF)
    assert files().keys() - before.keys() == {"unavailability.csv"}  # made for the answer
    with sessions() as session:
        change = changes(session, workspace_id, limit=1)[0]
    assert change.action == "wishes" and change.author == "cfaure"
    _, checked = undo(sessions, cache, workspace_id, change.id, by=CHEF)
    assert checked.inputs.teacher("cfaure").wishes == () and checked.inputs.unavailability == []
    assert files() == before


def test_a_closed_campaign_cannot_be_closed_twice(ws):
    sessions, workspace_id, _ = ws
    campaign = open_campaign(sessions, workspace_id, None, "", CHEF)
    with pytest.raises(Refused):
        open_campaign(sessions, workspace_id, None, "", CHEF)  # one open at a time
    close_campaign(sessions, workspace_id, campaign.id, campaign.version, CHEF)
    with pytest.raises(Refused):
        close_campaign(sessions, workspace_id, campaign.id, campaign.version, CHEF)
