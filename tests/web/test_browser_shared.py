"""Two people at once in real browsers (the system's Chromium, two browser contexts).

A teacher enters her wishes and sees her fiche, and is refused the plan's edit, while the head
of department sees who answered. Two heads fix the same cell at once: the second is told, and
shown the cell as the first left it; nothing is lost. An undo, from the journal, restores the
value before. Screenshots are saved in the test's folder (and copied to ``$PLANNER_SHOTS``).
"""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import SHIPPED
from test_browser import ARGS, CHROMIUM, TIMEOUT
from webtools import ADMIN, browser_sign_in, serve, stop

CELL = "tr[data-key='2|S3|OSC+QMI+MTD|R3.01|TD'] td.cell[data-teacher='cfaure']"
HEAD = ("chef", "mot de passe du chef")
OTHER = ("adjoint", "mot de passe de l'adjoint")
TEACHER = ("cfaure", "mot de passe de Claire")
ACCOUNTS = [
    (*HEAD, "head", {"name": "Nadia Chef"}),
    (*OTHER, "head", {"name": "Paul Adjoint"}),
    (*TEACHER, "teacher", {"teacher": "cfaure", "name": "Claire Faure"}),
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="no /usr/bin/chromium (CI installs it: .ci/run)",
)


@pytest.fixture
def server(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(SHIPPED, inputs)
    process, base = serve(inputs, tmp_path / "web.sqlite", ACCOUNTS)
    yield base
    stop(process)


@pytest.fixture
def shots(tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    yield folder
    if os.environ.get("PLANNER_SHOTS"):
        shutil.copytree(folder, os.environ["PLANNER_SHOTS"], dirs_exist_ok=True)


def test_a_teacher_enters_wishes_sees_her_fiche_and_is_refused_the_plan(server, shots):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        head = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        teacher = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        errors = []
        for page in (head, teacher):
            page.on("pageerror", lambda e: errors.append(str(e)))

        teacher.goto(f"{server}/fiches")
        assert "/login" in teacher.url  # asked to sign in
        teacher.screenshot(path=shots / "01-login.png")
        browser_sign_in(head, server, *HEAD)
        head.goto(f"{server}/repartition")
        head.get_by_role("button", name="Replanifier").click()
        head.wait_for_selector("text=Plan en place : version 1", timeout=TIMEOUT)
        head.goto(f"{server}/voeux")
        head.fill("input[name=note]", "Vœux pour 2026-2027, avant le 15 mai")
        head.get_by_role("button", name="Ouvrir la campagne de vœux").click()
        head.wait_for_selector("#campaign >> text=Campagne ouverte")
        assert head.locator("#answers tr[data-teacher='cfaure'] .badge").inner_text() == "pas encore"

        browser_sign_in(teacher, server, *TEACHER)
        assert teacher.url.endswith("/fiches")  # her home page: her own fiche
        assert "Ma fiche de service" in teacher.content() and "Claire Faure" in teacher.content()
        assert teacher.locator("ul.list li").count() == 1  # hers alone
        teacher.screenshot(path=shots / "02-teacher-fiche.png", full_page=True)
        teacher.click("nav >> text=Vœux")
        teacher.wait_for_selector("#wishes-form")
        assert "Vœux pour 2026-2027" in teacher.content()
        teacher.select_option("select[name='w:R3.10']", "3")
        teacher.select_option("select[name='w:R4.08']", "1")
        for week in ("2025-W40", "2025-W41"):
            teacher.check(f"input[name=week][value='{week}']")
        teacher.fill("textarea[name=comment]", "Pas le lundi matin, si possible.")
        teacher.screenshot(path=shots / "03-teacher-wishes.png", full_page=True)
        teacher.click("#wishes-send")
        teacher.wait_for_selector("#wishes-saved")
        assert teacher.locator("select[name='w:R3.10']").input_value() == "3"
        assert teacher.is_checked("input[name=week][value='2025-W40']")

        teacher.click("nav >> text=Répartition")
        teacher.wait_for_selector("#grid")
        assert teacher.get_by_role("button", name="Replanifier").count() == 0
        assert "Lecture seule" in teacher.locator("#read-only").inner_text()
        teacher.screenshot(path=shots / "04-teacher-repartition.png")
        csrf = {"X-CSRF-Token": teacher.locator("meta[name=csrf-token]").get_attribute("content")}
        key = "2|S3|OSC+QMI+MTD|R3.01|TD"
        form = teacher.request.get(f"{server}/repartition/cell", params={"key": key, "teacher": "cfaure"})
        assert form.status == 403 and "chef de département" in form.text()  # the cell's form: refused
        fix = {"key": key, "teacher": "cfaure", "hours": "18", "seen": ""}
        assert teacher.request.post(f"{server}/repartition/fix", form=fix, headers=csrf).status == 403
        assert teacher.request.post(f"{server}/solve", headers=csrf).status == 403
        assert teacher.goto(f"{server}/enseignants").status == 403

        head.reload()
        answered = head.locator("#answers tr[data-teacher='cfaure']")
        assert answered.locator(".badge").inner_text() == "répondu"
        assert (
            "R3.10 (3), R4.08 (1)" in answered.inner_text() and "Pas le lundi matin" in answered.inner_text()
        )
        head.screenshot(path=shots / "05-head-wishes.png", full_page=True)
        head.goto(f"{server}/enseignants")
        assert (
            head.locator("#teachers tr[data-teacher='cfaure'] input[aria-label=wishes]").input_value()
            == "R3.10;R4.08"
        )
        browser.close()
    assert errors == []


def test_two_heads_fix_the_same_cell_the_second_is_told_and_an_undo_restores_it(server, shots):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        first = browser.new_context(viewport={"width": 1500, "height": 950}).new_page()
        second = browser.new_context(viewport={"width": 1500, "height": 950}).new_page()
        browser_sign_in(first, server, *HEAD)
        browser_sign_in(second, server, *OTHER)
        for page in (first, second):
            page.goto(f"{server}/repartition?semester=3&teacher=cfaure")
            page.wait_for_selector(f"#grid {CELL}")
            page.locator(f"#grid {CELL}").click()  # both open the same cell
            page.wait_for_selector("td.editing input[name=hours]")
        first.fill("td.editing input[name=hours]", "18")
        second.fill("td.editing input[name=hours]", "9")
        first.click("td.editing button.primary")
        first.wait_for_selector(f"#grid {CELL}.fixed")
        assert "fixé ≥ 18 h" in first.locator(f"#grid {CELL}").inner_text()
        second.click("td.editing button.primary")  # too late: the cell changed since she opened it
        second.wait_for_selector("#message >> text=modifiée entre-temps")
        assert "fixée à au moins 18 h" in second.locator("#message").inner_text()
        assert "fixé ≥ 18 h" in second.locator(f"#grid {CELL}").inner_text()  # shown as it is now
        second.screenshot(path=shots / "06-second-head-told.png")

        first.goto(f"{server}/journal")
        row = first.locator("#journal tr[data-kind='fix']").first
        assert "Nadia Chef (chef)" in row.inner_text()
        assert "fixé à au moins 18 h" in row.inner_text()
        assert first.locator("#journal tr[data-kind='fix']").count() == 1  # the second was refused: no trace
        first.screenshot(path=shots / "07-journal.png", full_page=True)
        row.get_by_role("button", name="Annuler").click()
        first.wait_for_selector("#journal-message")
        assert "annulée" in first.locator("#journal-message").inner_text()
        assert first.locator("#journal tr[data-kind='undo']").count() == 1
        undone = first.locator("#journal tr[data-kind='fix']").first
        assert "annulée par la n°" in undone.inner_text()
        assert undone.get_by_role("button", name="Annuler").count() == 0  # undone once, not twice
        first.screenshot(path=shots / "08-journal-undone.png", full_page=True)

        second.goto(f"{server}/repartition?semester=3&teacher=cfaure")
        cell = second.locator(f"#grid {CELL}")
        assert "fixé" not in cell.inner_text() and "fixed" not in (cell.get_attribute("class") or "")
        admin = browser.new_context().new_page()
        browser_sign_in(admin, server, *ADMIN)
        assert "cfaure,R3.01" not in admin.request.get(f"{server}/api/inputs").text()
        browser.close()
