"""Every route tried without a session and with each role, from one table; payloads shown escaped.

The table is read on an IUT of three departments (GEII, MMI, SD): the head heads GEII, the
teacher's home is GEII, the reader reads everything. Per route and role: ``L`` the route
asks to sign in (401), ``D`` it refuses (403), ``O`` the rule lets the request through (the
route then answers as it does: 200, 303, 404 without a plan, 409 stale or 422 refused; never
401, 403 nor a server error). Every route of the application must be in the table.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select
from webtools import ADMIN, add_account, make_client, sign_in

from planner.web.models import Account, Change, InputRow

ROLES = ("anon", "head", "teacher", "viewer", "admin")  # the administrator last: it may change things
ACCOUNTS = {
    "head": ("chef", "mot de passe du chef", "head", {"department": "GEII"}),
    "teacher": ("prof", "mot de passe du prof", "teacher", {"teacher": "hhenry"}),
    "viewer": ("lecteur", "mot de passe du lecteur", "viewer", {}),
}
PUBLIC = {("GET", "/login"), ("POST", "/login")}  # signing in: tested in test_accounts
# route, method, path (placeholders from the fixture), data, expected per role (ROLES' order)
TABLE = [
    ("/", "GET", "/", None, "LOOOO"),
    ("/api/me", "GET", "/api/me", None, "LOOOO"),
    ("/compte", "GET", "/compte", None, "LOOOO"),
    ("/maquette", "GET", "/maquette?department=GEII", None, "LOOOO"),
    ("/maquette", "GET", "/maquette?department=MMI", None, "LODOO"),
    ("/api/maquette", "GET", "/api/maquette?department=MMI", None, "LODOO"),
    ("/effectifs", "GET", "/effectifs?department=MMI", None, "LODOO"),
    ("/api/effectifs", "GET", "/api/effectifs?department=GEII", None, "LOOOO"),
    ("/api/effectifs", "GET", "/api/effectifs?department=MMI", None, "LODOO"),
    ("/enseignants", "GET", "/enseignants", None, "LODOO"),
    ("/api/enseignants", "GET", "/api/enseignants", None, "LODOO"),
    ("/api/inputs", "GET", "/api/inputs", None, "LOOOO"),
    ("/repartition", "GET", "/repartition?department=GEII", None, "LOOOO"),
    ("/repartition", "GET", "/repartition?department=MMI", None, "LODOO"),
    ("/api/repartition", "GET", "/api/repartition?department=MMI", None, "LODOO"),
    ("/repartition/cell", "GET", "/repartition/cell?key={key_geii}&teacher=hhenry&edit=1", None, "LODDO"),
    ("/repartition/cell", "GET", "/repartition/cell?key={key_mmi}&teacher=hhenry&edit=1", None, "LDDDO"),
    ("/repartition/cell", "GET", "/repartition/cell?key={key_geii}&teacher=hhenry&edit=0", None, "LOOOO"),
    ("/repartition/cell", "GET", "/repartition/cell?key={key_mmi}&teacher=hhenry&edit=0", None, "LODOO"),
    ("/solve/events", "GET", "/solve/events", None, "LOOOO"),
    ("/api/solve", "GET", "/api/solve", None, "LOOOO"),
    ("/api/plans", "GET", "/api/plans", None, "LODOO"),
    ("/semaines", "GET", "/semaines?department=MMI", None, "LODOO"),
    ("/api/semaines", "GET", "/api/semaines?department=MMI", None, "LODOO"),
    ("/semaines/heatmap.png", "GET", "/semaines/heatmap.png?department=MMI", None, "LODOO"),
    ("/fiches", "GET", "/fiches", None, "LOOOO"),
    ("/fiches", "GET", "/fiches?teacher={teacher_mmi}", None, "LODOO"),
    ("/api/fiches", "GET", "/api/fiches?department=GEII", None, "LODOO"),
    ("/fiches/{teacher}.pdf", "GET", "/fiches/hhenry.pdf", None, "LOOOO"),
    ("/fiches/{teacher}.pdf", "GET", "/fiches/{teacher_mmi}.pdf", None, "LODOO"),
    ("/fiches/{teacher}.xlsx", "GET", "/fiches/{teacher_mmi}.xlsx", None, "LODOO"),
    ("/documents/fiches.pdf", "GET", "/documents/fiches.pdf?department=GEII", None, "LODOO"),
    ("/documents/fiches.xlsx", "GET", "/documents/fiches.xlsx?department=GEII", None, "LODOO"),
    ("/documents/summary.xlsx", "GET", "/documents/summary.xlsx", None, "LODOO"),
    ("/documents/plan.zip", "GET", "/documents/plan.zip", None, "LODOO"),
    ("/scenarios", "GET", "/scenarios", None, "LODOO"),
    ("/api/scenarios", "GET", "/api/scenarios", None, "LODOO"),
    ("/voeux", "GET", "/voeux", None, "LOOOO"),
    ("/voeux", "GET", "/voeux?teacher={teacher_mmi}", None, "LODOO"),
    ("/api/voeux", "GET", "/api/voeux?department=GEII", None, "LODOO"),
    ("/journal", "GET", "/journal", None, "LODOO"),
    ("/api/journal", "GET", "/api/journal", None, "LODOO"),
    ("/versions", "GET", "/versions", None, "LODOO"),
    ("/api/versions/compare", "GET", "/api/versions/compare?a=1&b=2", None, "LODOO"),
    ("/annees", "GET", "/annees", None, "LODOO"),
    ("/annees/{year_id}", "GET", "/annees/{year}", None, "LODOO"),
    ("/annees/{year_id}/fiches/{teacher}", "GET", "/annees/{year}/fiches/hhenry", None, "LOOOO"),
    ("/annees/{year_id}/fiches/{teacher}", "GET", "/annees/{year}/fiches/{teacher_mmi}", None, "LODOO"),
    ("/comptes", "GET", "/comptes", None, "LDDDO"),
    # changes: a stale version, a refused value or an idempotent one, so that nothing moves
    (
        "/cell",
        "POST",
        "/cell",
        {"row": "{row_geii}", "column": "name", "value": "{name_geii}", "version": "{v_geii}"},
        "LODDO",
    ),
    (
        "/cell",
        "POST",
        "/cell",
        {"row": "{row_mmi}", "column": "name", "value": "{name_mmi}", "version": "{v_mmi}"},
        "LDDDO",
    ),
    (
        "/cell",
        "POST",
        "/cell",
        {"row": "{row_geii}", "column": "department", "value": "MMI", "version": "0"},
        "LDDDO",
    ),
    ("/cells", "POST", "/cells", {"c-{row_geii}-name": "{name_geii}", "v-{row_geii}": "{v_geii}"}, "LODDO"),
    ("/cells", "POST", "/cells", {"c-{row_mmi}-name": "{name_mmi}", "v-{row_mmi}": "{v_mmi}"}, "LDDDO"),
    ("/rows/add", "POST", "/rows/add", {"path": "departments/GEII/cohorts.csv", "cell-year": "9"}, "LODDO"),
    ("/rows/add", "POST", "/rows/add", {"path": "departments/MMI/cohorts.csv", "cell-year": "9"}, "LDDDO"),
    ("/rows/delete", "POST", "/rows/delete", {"row": "{row_geii}", "version": "0"}, "LODDO"),
    ("/rows/delete", "POST", "/rows/delete", {"row": "{row_mmi}", "version": "0"}, "LDDDO"),
    (
        "/upload",
        "POST",
        "/upload",
        {"path": "departments/GEII/cohorts.csv", "seen:departments/GEII/cohorts.csv": "x"},
        "LODDO",
    ),
    (
        "/upload",
        "POST",
        "/upload",
        {"path": "departments/MMI/cohorts.csv", "seen:departments/MMI/cohorts.csv": "x"},
        "LDDDO",
    ),
    (
        "/repartition/fix",
        "POST",
        "/repartition/fix",
        {"key": "{key_geii}", "teacher": "hhenry", "hours": "0", "seen": "{fix_seen}"},
        "LODDO",
    ),
    (
        "/repartition/fix",
        "POST",
        "/repartition/fix",
        {"key": "{key_mmi}", "teacher": "hhenry", "hours": "0", "seen": "{fix_seen}"},
        "LDDDO",
    ),
    ("/solve", "POST", "/solve", {}, "LODDO"),
    ("/solve/cancel", "POST", "/solve/cancel", {}, "LODDO"),
    ("/plans/{plan_id}/adopt", "POST", "/plans/999/adopt", {}, "LODDO"),
    ("/scenarios/compare", "POST", "/scenarios/compare", {}, "LODDO"),
    ("/voeux", "POST", "/voeux", {"teacher": "hhenry", "seen": "x"}, "LOODO"),
    ("/voeux", "POST", "/voeux", {"teacher": "{teacher_mmi}", "seen": "x"}, "LDDDO"),
    ("/voeux/ouvrir", "POST", "/voeux/ouvrir", {"department": "GEII"}, "LODDO"),
    ("/voeux/ouvrir", "POST", "/voeux/ouvrir", {"department": "MMI"}, "LDDDO"),
    (
        "/voeux/clore",
        "POST",
        "/voeux/clore",
        {"department": "GEII", "campaign": "999", "version": "1"},
        "LODDO",
    ),
    (
        "/voeux/clore",
        "POST",
        "/voeux/clore",
        {"department": "MMI", "campaign": "999", "version": "1"},
        "LDDDO",
    ),
    ("/journal/{change_id}/annuler", "POST", "/journal/{change_geii}/annuler", {}, "LODDO"),
    ("/journal/{change_id}/annuler", "POST", "/journal/{change_mmi}/annuler", {}, "LDDDO"),
    ("/realise", "POST", "/realise", {"teacher": "hhenry"}, "LODDO"),
    ("/realise", "POST", "/realise", {"teacher": "{teacher_mmi}"}, "LDDDO"),
    ("/annees/clore", "POST", "/annees/clore", {"label": ""}, "LDDDO"),
    ("/annees/suivante", "POST", "/annees/suivante", {"label": "2030-2031"}, "LDDDO"),
    (
        "/comptes",
        "POST",
        "/comptes",
        {"login": "x", "role": "nobody", "password": "un mot de passe"},
        "LDDDO",
    ),
    ("/comptes/{account_id}", "POST", "/comptes/1", {"version": "0", "role": "admin"}, "LDDDO"),
    ("/compte", "POST", "/compte", {"current": "faux", "password": "a" * 10, "again": "a" * 10}, "LOOOO"),
    ("/export", "POST", "/export", {}, "LDDDO"),
    ("/reimport", "POST", "/reimport", {}, "LDDDO"),
    ("/logout", "POST", "/logout", {}, "LOOOO"),
]


@pytest.fixture(scope="module")
def iut(iut3, tmp_path_factory):
    """The IUT served, an account per role, what the table's placeholders stand for."""
    import shutil

    root = tmp_path_factory.mktemp("security")
    shutil.copytree(iut3, root / "iut")
    db = root / "web.sqlite"
    with make_client(root / "iut", db, [2]) as client:
        for login, password, role, fields in ACCOUNTS.values():
            add_account(f"sqlite:///{db}", login, password, role, **fields)
        state = client.app.state.planner
        state.solves.start = lambda *a, **k: None  # no solve is run by this table

        def teachers(department: str) -> list[dict]:
            return client.get("/api/enseignants", params={"department": department}).json()["teachers"][0][
                "rows"
            ]

        geii = next(r for r in teachers("GEII") if r["cells"]["id"] == "hhenry")
        mmi = next(r for r in teachers("MMI") if r["cells"]["department"] == "MMI")
        keys = {
            d: client.get("/api/repartition", params={"department": d}).json()["rows"][0]["key"]
            for d in ("GEII", "MMI")
        }
        form = client.get("/repartition/cell", params={"key": keys["GEII"], "teacher": "hhenry"}).text
        changes = {}
        for department, row in (("GEII", geii), ("MMI", mmi)):  # a change of each department, to undo
            value = row["cells"]["name"] + " (modifié)"
            data = {"row": row["id"], "column": "name", "value": value, "version": row["version"]}
            assert client.post("/cell", data=data).status_code == 200
            changes[department] = client.get("/api/journal").json()[0]["id"]
        geii = next(r for r in teachers("GEII") if r["id"] == geii["id"])
        mmi = next(r for r in teachers("MMI") if r["id"] == mmi["id"])
        values = {
            "key_geii": keys["GEII"],
            "key_mmi": keys["MMI"],
            "teacher_mmi": mmi["cells"]["id"],
            "row_geii": geii["id"],
            "v_geii": geii["version"],
            "row_mmi": mmi["id"],
            "v_mmi": mmi["version"],
            "name_geii": geii["cells"]["name"],
            "name_mmi": mmi["cells"]["name"],
            "fix_seen": re.search(r'name="seen" value="([^"]*)"', form).group(1),
            "change_geii": changes["GEII"],
            "change_mmi": changes["MMI"],
            "year": state.workspace_id,
        }
        logins = {"anon": None, "admin": ADMIN, **{r: a[:2] for r, a in ACCOUNTS.items()}}
        signed = {}
        for role, login in logins.items():
            if login is None:
                signed[role] = ({}, {})
            else:
                csrf = sign_in(client, *login)
                signed[role] = (
                    {"planner_session": client.cookies.get("planner_session")},
                    {"X-CSRF-Token": csrf},
                )
        yield client, values, signed


def _filled(text: str, values: dict) -> str:
    return text.format(**values) if "{" in text else text


def test_every_route_of_the_application_is_in_the_table(iut):
    from planner.web.app import ROUTERS

    client, _, _ = iut
    every = [*client.app.routes, *(r for module in ROUTERS for r in module.router.routes)]
    routes = {(m, r.path) for r in every if isinstance(r, APIRoute) for m in r.methods}
    assert len(routes) > 60
    listed = {(method, route) for route, method, *_ in TABLE} | PUBLIC
    assert routes - listed == set(), "routes without a rule in the table"
    assert listed - routes == set(), "rows of the table that are no route"


def test_every_route_with_each_role_answers_as_the_table_says(iut):
    client, values, signed = iut
    wrong = []
    for route, method, path, data, expected in TABLE:
        url = _filled(path, values)
        form = {_filled(k, values): _filled(v, values) for k, v in (data or {}).items()}
        for role, want in zip(ROLES, expected):
            cookies, headers = signed[role]
            client.cookies.clear()
            client.headers.pop("X-CSRF-Token", None)
            for name, value in cookies.items():
                client.cookies.set(name, value)
            if method == "GET":
                answer = client.get(url, headers=headers, follow_redirects=False)
            elif route == "/upload":
                files = {"file": ("x.csv", b"year,parcours\n")}
                answer = client.post(url, data=form, files=files, headers=headers, follow_redirects=False)
            else:
                answer = client.post(url, data=form, headers=headers, follow_redirects=False)
            code = answer.status_code
            got = "L" if code == 401 else "D" if code == 403 else "O" if code < 500 else "E"
            if got != want:
                wrong.append(f"{method} {url} as {role}: {code}, expected {want} ({answer.text[:120]!r})")
    assert wrong == []


def test_a_page_refused_says_why_in_french(iut):
    client, _, _ = iut
    sign_in(client, *ACCOUNTS["teacher"][:2])  # the table's last row signed every role out
    page = client.get("/repartition?department=MMI", headers={"accept": "text/html"})
    assert page.status_code == 403 and "Accès refusé" in page.text and "MMI" in page.text


PAYLOADS = (
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE account; --",
    "' OR '1'='1",
)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_and_sql_in_every_text_field_are_stored_as_text_and_shown_escaped(shipped, tmp_path, payload):
    from markupsafe import escape

    db = tmp_path / "web.sqlite"
    with make_client(shipped, db, [2]) as client:
        add_account(
            f"sqlite:///{db}", "prof", "mot de passe du prof", "teacher", teacher="cfaure", name=payload
        )
        # a teacher's name (teachers.csv), an account's name, a campaign's note, a wishes comment
        rows = client.get("/api/enseignants").json()["teachers"][0]["rows"]
        row = next(r for r in rows if r["cells"]["id"] == "cfaure")
        data = {"row": row["id"], "column": "name", "value": payload, "version": row["version"]}
        assert client.post("/cell", data=data).status_code == 200
        assert client.post("/voeux/ouvrir", data={"department": "", "note": payload}).status_code in (
            200,
            303,
        )
        made = client.post(
            "/comptes",
            data={"login": "lecteur", "name": payload, "role": "viewer", "password": "un mot de passe"},
        )
        assert made.status_code in (200, 303)
        sign_in(client, "prof", "mot de passe du prof")
        form = client.get("/voeux").text
        seen = re.search(r'name="seen" value="([^"]*)"', form).group(1)
        sent = client.post("/voeux", data={"teacher": "cfaure", "seen": seen, "comment": payload})
        assert sent.status_code in (200, 303), sent.text
        sign_in(client, *ADMIN)
        shown = str(escape(payload))  # as the templates write it
        for path in ("/enseignants", "/voeux", "/comptes", "/journal", "/repartition?teacher=cfaure"):
            page = client.get(path).text
            assert payload not in page, path  # never as markup
            assert shown in page, path
        with client.app.state.planner.sessions() as session:  # stored as the very text
            assert session.scalar(select(Account.name).where(Account.login == "lecteur")) == payload
            assert session.scalar(select(func.count()).select_from(Account)) == 3  # no table dropped
            cells = [r.cells for r in session.scalars(select(InputRow)) if "cfaure" in r.cells]
            assert any(payload in c for c in cells)
            assert session.scalar(select(func.count()).select_from(Change)) > 0
        assert client.get("/api/voeux").json()["rows"][2]["comment"] == payload
