"""A bounded load test of ``planner serve`` on 127.0.0.1: simulated users read pages and edit at once.

    python benchmarks/load.py [--users 50] [--seconds 60] [--db postgresql+psycopg://…]

Starts ``planner serve`` on a copy of the shipped inputs and a fresh database
(PostgreSQL when ``--db`` or ``$PLANNER_TEST_POSTGRES`` names a server, SQLite
otherwise), plans year 2, opens the wishes campaign, then runs the users, each
a thread with its own signed-in HTTP client, for ``--seconds``: heads of
department (a fifth of the users) read pages and edit (a teacher's name in
teachers.csv from the version their page showed; a cell of Répartition fixed or
unfixed from the cell's form), teachers read pages and send their wishes. Each
user waits a think time between requests. Several users edit the same few rows
and cells, so that stale edits happen and must be refused.

Then it checks, as the administrator: no error (every read answers 200, every
edit is accepted or refused as stale: 409), and no lost edit (every accepted edit
is in the journal, by its author, and no other; the final state of each row, cell
and teacher's wishes is the last accepted edit's), and prints a table: requests,
errors, latencies (p50, p95, max) of reads and edits, edits accepted and refused
as stale, and the load average. The requests go to 127.0.0.1 alone, and stop by
themselves.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "inputs"
ADMIN = ("admin", "mot de passe de l'administrateur")
PASSWORD = "mot de passe de charge"
NAMED = ("cfaure", "sroussel", "tgarnier", "amercier")  # the rows heads rename: few, so that edits collide
CELLS = [("2|S3|OSC+QMI+MTD|R3.01|TD", t) for t in ("cfaure", "sroussel", "ecolin")]  # the cells heads fix
READS_HEAD = (
    "/repartition?semester=3",
    "/api/repartition?semester=3",
    "/maquette?year=2",
    "/enseignants",
    "/journal",
)
THINK = (3.0, 10.0)  # seconds a person takes between two clicks (reading the page, typing)
READS_TEACHER = ("/repartition?semester=3", "/fiches", "/voeux", "/maquette?year=2", "/semaines")


@dataclass
class Sample:
    kind: str  # read, edit
    what: str
    status: int
    seconds: float
    outcome: str = ""  # accepted, stale, error


@dataclass
class Accepted:
    """An edit the server accepted: what it set."""

    user: str
    kind: str  # name, fix, wishes
    target: str  # row id, cell, teacher
    value: str


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample, accepted: Accepted | None = None) -> None:
        with self.lock:
            self.samples.append(sample)
            if accepted is not None:
                self.accepted.append(accepted)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base: str, login: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    client.get("/login")
    answer = client.post(
        "/login", data={"login": login, "password": password, "csrf": client.cookies.get("planner_login")}
    )
    assert answer.status_code in (200, 303), answer.text[:300]
    client.headers["X-CSRF-Token"] = client.get("/api/me").json()["csrf"]
    return client


def prepare(url: str, teachers: list[str], heads: int) -> None:
    """The accounts: the administrator, the heads, one account per teacher."""
    from planner.web.accounts import create_account, ensure_admin
    from planner.web.db import connect, transaction

    sessions = connect(url)
    with transaction(sessions) as session:
        ensure_admin(session, *ADMIN)
        for i in range(heads):
            create_account(session, f"chef{i:02d}", PASSWORD, "head", name=f"Chef {i}")
        for teacher in teachers:
            create_account(session, teacher, PASSWORD, "teacher", teacher=teacher)
    sessions.kw["bind"].dispose()


class Server:
    """``planner serve`` in a process of its own, on a free port of 127.0.0.1."""

    def __init__(self, inputs: Path, url: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "planner", "serve", "--inputs", str(inputs), "--db", url]
        command += ["--port", str(self.port), "--year", "2", "--time-limit", "5", "--weeks-time-limit", "2"]
        self.process = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
        )
        deadline = time.time() + 90
        while True:
            try:
                if httpx.get(f"{self.base}/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.time() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(
                    f"planner serve did not start: {self.process.stderr.read().decode()[-2000:]}"
                )
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def timed(run: Run, client: httpx.Client, kind: str, what: str, method: str, path: str, **kw):
    start = time.perf_counter()
    try:
        answer = client.request(method, path, **kw)
    except httpx.HTTPError as exc:
        run.add(Sample(kind, what, 0, time.perf_counter() - start, f"error: {type(exc).__name__}"))
        return None
    return answer, time.perf_counter() - start


def read(run: Run, client: httpx.Client, path: str) -> httpx.Response | None:
    got = timed(run, client, "read", path.split("?")[0], "GET", path)
    if got is None:
        return None
    answer, seconds = got
    run.add(
        Sample(
            "read",
            path.split("?")[0],
            answer.status_code,
            seconds,
            "" if answer.status_code == 200 else "error",
        )
    )
    return answer if answer.status_code == 200 else None


def edit(run: Run, client: httpx.Client, what: str, path: str, data: dict, accepted: Accepted) -> None:
    got = timed(run, client, "edit", what, "POST", path, data=data)
    if got is None:
        return
    answer, seconds = got
    if answer.status_code in (200, 303) and "Rien à changer" in answer.text:
        run.add(Sample("edit", what, answer.status_code, seconds, "unchanged"))
    elif answer.status_code in (200, 303):
        run.add(Sample("edit", what, answer.status_code, seconds, "accepted"), accepted)
    elif answer.status_code == 409:
        run.add(Sample("edit", what, answer.status_code, seconds, "stale"))
    elif (
        answer.status_code == 422
    ):  # refused by the checks (a teacher the engine cannot give it): nothing written
        run.add(Sample("edit", what, answer.status_code, seconds, "refused"))
    else:
        run.add(Sample("edit", what, answer.status_code, seconds, f"error: {answer.text[:200]}"))


def head_edits(run: Run, client: httpx.Client, user: str, n: int, rng: random.Random, think) -> None:
    if rng.random() < 0.5:
        page = read(run, client, "/api/enseignants")
        if page is None:
            return
        rows = [r for r in page.json()["teachers"][0]["rows"] if r["cells"]["id"] in NAMED]
        row = rng.choice(rows)
        think(0.2, 1.0)  # reading the page before typing
        value = f"{row['cells']['name'].split(' #')[0]} #{user}-{n}"
        data = {"row": row["id"], "column": "name", "value": value, "version": row["version"]}
        edit(run, client, "teachers.csv name", "/cell", data, Accepted(user, "name", str(row["id"]), value))
    else:
        key, teacher = rng.choice(CELLS)
        form = read(run, client, f"/repartition/cell?key={quote(key)}&teacher={teacher}")
        if form is None:
            return
        seen = re.search(r'name="seen" value="([^"]*)"', form.text).group(1)
        hours = rng.choice(["0", "18", "9"])
        think(0.2, 1.0)
        data = {"key": key, "teacher": teacher, "hours": hours, "seen": seen}
        edit(
            run,
            client,
            "Répartition fix",
            "/repartition/fix",
            data,
            Accepted(user, "fix", f"{teacher} {key}", hours),
        )


def teacher_edits(run: Run, client: httpx.Client, user: str, teacher: str, n: int, rng: random.Random, think):
    page = read(run, client, "/voeux")
    if page is None:
        return
    seen = re.search(r'name="seen" value="([^"]*)"', page.text).group(1)
    codes = re.findall(r'name="w:([^"]+)"', page.text)
    weeks = re.findall(r'name="week" value="([^"]+)"', page.text)
    think(0.5, 2.0)
    comment = f"vœux de {user} n° {n}"
    data = {
        "teacher": teacher,
        "seen": seen,
        "comment": comment,
        "week": rng.sample(weeks, k=min(2, len(weeks))),
    }
    for code in rng.sample(codes, k=min(3, len(codes))):
        data[f"w:{code}"] = str(rng.randint(1, 3))
    edit(run, client, "wishes", "/voeux", data, Accepted(user, "wishes", teacher, comment))


def user(
    run: Run,
    client: httpx.Client,
    login: str,
    role: str,
    teacher: str | None,
    until: float,
    seed: int,
    think_range,
):
    rng = random.Random(seed)
    name = f"{login}.{seed}"

    def think(low: float, high: float) -> None:
        time.sleep(min(rng.uniform(low, high), max(0.0, until - time.time())))

    n = 0
    try:
        while time.time() < until:
            think(*think_range)
            if time.time() >= until:
                break
            n += 1
            if role == "head":
                if rng.random() < 0.5:
                    head_edits(run, client, name, n, rng, think)
                else:
                    read(run, client, rng.choice(READS_HEAD))
            elif rng.random() < 0.15:
                teacher_edits(run, client, name, teacher, n, rng, think)
            else:
                read(run, client, rng.choice(READS_TEACHER))
    finally:
        client.close()


def wait_solve(client: httpx.Client, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while client.get("/api/solve").json()["running"]:
        if time.time() > deadline:
            raise RuntimeError("the solve did not end")
        time.sleep(0.5)


def check(base: str, run: Run) -> list[str]:
    """What went wrong: errors, and accepted edits the journal or the final state lost."""
    problems = [
        f"{s.kind} {s.what}: {s.status} {s.outcome}" for s in run.samples if s.outcome.startswith("error")
    ]
    admin = sign_in(base, *ADMIN)
    journal = sorted(admin.get("/api/journal", params={"limit": 1000}).json(), key=lambda c: c["id"])
    users = {a.user.split(".")[0] for a in run.accepted} | {f"chef{i:02d}" for i in range(100)}
    mine = [c for c in journal if c["action"] in ("edit", "fix", "unfix", "wishes") and c["author"] in users]
    accepted = {"name": [], "fix": [], "wishes": []}
    for a in run.accepted:
        accepted[a.kind].append(a)
    # every accepted edit is in the journal, and the journal holds no other edit of the load
    names = [c for c in mine if c["action"] == "edit"]
    fixes = [c for c in mine if c["action"] in ("fix", "unfix")]
    wishes = [c for c in mine if c["action"] == "wishes"]
    for kind, found in (("name", names), ("fix", fixes), ("wishes", wishes)):
        if len(found) != len(accepted[kind]):
            problems.append(f"{kind}: {len(accepted[kind])} edits accepted, {len(found)} in the journal")
    journal_names = [(str(c["row_id"]), c["after"][1]) for c in names]
    if sorted(journal_names) != sorted((a.target, a.value) for a in accepted["name"]):
        problems.append("the journal's names are not the accepted ones")
    rows = {r["id"]: r for r in admin.get("/api/enseignants").json()["teachers"][0]["rows"]}
    last: dict[str, str] = {}
    for row_id, value in journal_names:
        last[row_id] = value
    for row_id, value in last.items():
        if rows[int(row_id)]["cells"]["name"] != value:
            problems.append(
                f"row {row_id}: name {rows[int(row_id)]['cells']['name']!r}, last accepted {value!r}"
            )
    grid = admin.get("/api/repartition", params={"semester": "3"}).json()
    for key, teacher in CELLS:
        done = [c for c in fixes if c["target"] == f"{teacher} {key}"]
        if not done:
            continue
        row = next(r for r in grid["rows"] if r["key"] == key)
        fixed = (row["cells"].get(teacher) or {}).get("fixed")
        want = (
            None
            if done[-1]["action"] == "unfix"
            else float(re.search(r"au moins (\d+) h", done[-1]["summary"]).group(1))
        )
        if fixed != want:
            problems.append(f"{teacher} {key}: fixed {fixed}, last accepted {want}")
    answers = {r["teacher"]: r for r in admin.get("/api/voeux").json()["rows"]}
    comments = {a.value for a in accepted["wishes"]}
    final: dict[str, str] = {}
    for c in wishes:
        final[c["target"].removeprefix("vœux de ")] = c["author"]
    for teacher, author in final.items():
        if answers[teacher]["comment"] not in comments or not answers[teacher]["comment"].startswith(
            f"vœux de {author}"
        ):
            problems.append(f"{teacher}: wishes {answers[teacher]['comment']!r}, last accepted by {author}")
    admin.close()
    return problems


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def table(run: Run, users: int, seconds: float, problems: list[str], url: str) -> str:
    rows = []
    for kind in ("read", "edit", "all"):
        chosen = [s for s in run.samples if kind == "all" or s.kind == kind]
        ms = [s.seconds * 1000 for s in chosen]
        errors = sum(1 for s in chosen if s.outcome.startswith("error"))
        rows.append(
            f"| {kind} | {len(chosen)} | {errors} | {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} "
            f"| {max(ms, default=float('nan')):.0f} |"
        )
    edits = [s for s in run.samples if s.kind == "edit"]
    kinds = sorted({s.what for s in edits})
    lines = [
        f"load test: {users} users, {seconds:.0f} s, {url.split(':')[0]}, "
        f"load average {os.getloadavg()[0]:.1f}",
        "",
        "| requests | count | errors | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "| edit | accepted | stale, refused | refused by the checks | no change | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for what in kinds:
        mine = [s for s in edits if s.what == what]
        ms = [s.seconds * 1000 for s in mine]
        lines.append(
            f"| {what} | {sum(s.outcome == 'accepted' for s in mine)} "
            f"| {sum(s.outcome == 'stale' for s in mine)} | {sum(s.outcome == 'refused' for s in mine)} "
            f"| {sum(s.outcome == 'unchanged' for s in mine)} "
            f"| {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} |"
        )
    lines += ["", "| page read | count | p50 ms | p95 ms |", "|---|---|---|---|"]
    reads = [s for s in run.samples if s.kind == "read"]
    for what in sorted({s.what for s in reads}):
        ms = [s.seconds * 1000 for s in reads if s.what == what]
        lines.append(f"| {what} | {len(ms)} | {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} |")
    lines += [
        "",
        f"accepted edits found in the journal and the final state: {'all' if not problems else 'NOT ALL'}",
    ]
    lines += [f"  problem: {p}" for p in problems[:20]]
    return "\n".join(lines)


def run_load(
    url: str, users: int, seconds: float, *, solve: bool = True, think=None, seed: int = 1
) -> tuple[Run, list[str]]:
    """Serve a copy of the shipped inputs from ``url`` (an empty database), run the users, check."""
    think = think or THINK
    folder = Path(tempfile.mkdtemp(prefix="planner-load-"))
    try:
        shutil.copytree(SHIPPED, folder / "inputs")
        teachers = [line.split(",")[0] for line in (SHIPPED / "teachers.csv").read_text().splitlines()[1:]]
        heads = max(1, users // 5)
        prepare(url, teachers, heads)
        server = Server(folder / "inputs", url)
        try:
            chef = sign_in(server.base, "chef00", PASSWORD)
            if solve:
                chef.post("/solve")
                wait_solve(chef)
            chef.post("/voeux/ouvrir", data={"department": "", "note": "campagne de la charge"})
            chef.close()
            run = Run()
            people = []  # everyone signs in before the clock starts (argon2 is slow on purpose)
            for i in range(users):
                role = "head" if i < heads else "teacher"
                login = f"chef{i:02d}" if role == "head" else teachers[(i - heads) % len(teachers)]
                people.append(
                    (sign_in(server.base, login, PASSWORD), login, role, None if role == "head" else login)
                )
            until = time.time() + seconds
            threads = []
            for i, (client, login, role, teacher) in enumerate(people):
                args = (run, client, login, role, teacher, until, seed * 1000 + i, think)
                threads.append(threading.Thread(target=user, args=args, daemon=True))
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=seconds + 120)
            problems = check(server.base, run)
        finally:
            server.stop()
        return run, problems
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_postgres(server: str) -> tuple[str, object]:
    """A new database on a PostgreSQL server: its URL and how to drop it."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"planner_load_{uuid.uuid4().hex[:10]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--db", default=os.environ.get("PLANNER_TEST_POSTGRES", ""), help="a PostgreSQL server's URL"
    )
    parser.add_argument("--think", type=float, nargs=2, default=THINK, metavar=("LOW", "HIGH"))
    args = parser.parse_args()
    drop = None
    if args.db:
        url, drop = fresh_postgres(args.db)
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='planner-load-db-')}/load.sqlite"
    try:
        run, problems = run_load(url, args.users, args.seconds, think=tuple(args.think))
    finally:
        if drop is not None:
            drop()
    print(table(run, args.users, args.seconds, problems, url))
    reads = [s.seconds for s in run.samples]
    print(
        f"\nmedian of all requests {statistics.median(reads) * 1000:.0f} ms; "
        f"think time {args.think[0]}–{args.think[1]} s"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
