"""Solves asked from the page: one worker process at a time per workspace, its steps kept for the page.

``Solves.start`` records a ``SolveRun``, starts ``worker.run`` in a new
process (spawn) and a thread that reads what the worker sends: each finished
stage is appended to the run's events (the page streams them, server-sent
events), and the outcome is stored in one transaction: a new plan version
(the current plan, unless interrupted), or the error with the current plan
left in place. ``cancel`` asks the worker to stop; its best plan so far comes
back as a version marked interrupted, which the page offers to adopt.
"""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from planner.web.db import must_get, transaction
from planner.web.journal import Actor, record
from planner.web.models import SolveRun, Workspace, now
from planner.web.plans import current_id, save_version
from planner.web.worker import Job, run

DONE = ("done", "failed", "cancelled", "interrupted", "abandoned")


@dataclass
class Active:
    """A solve under way: its run, its worker, and the events the page is shown."""

    run_id: int
    workspace_id: int
    kind: str
    process: Any
    control: Any
    events: list[dict] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)
    cancelled: bool = False
    relocate: Any = None  # the checked inputs' relocate: messages name the real files
    by: Actor | None = None  # who asked for it (the journal names them)

    def add(self, kind: str, text: str, **extra) -> None:
        self.events.append({"id": len(self.events) + 1, "kind": kind, "text": text, **extra})


class Busy(Exception):
    """A solve is already running for this workspace."""


class Solves:
    """The workspaces' solves: start, cancel, follow."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._active: dict[int, Active] = {}
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")

    def active(self, workspace_id: int) -> Active | None:
        with self._lock:
            found = self._active.get(workspace_id)
        return found if found is not None and not found.finished.is_set() else None

    def last(self, workspace_id: int) -> Active | None:
        """The solve under way, or the last one this server ran (its events stay readable)."""
        with self._lock:
            return self._active.get(workspace_id)

    def start(
        self,
        workspace_id: int,
        inputs_version: int,
        job: Job,
        kind: str = "plan",
        relocate=None,
        by: Actor | None = None,
    ) -> Active:
        """Start a worker for ``job``; its outcome is stored when it ends."""
        with self._lock:
            running = self._active.get(workspace_id)
            if running is not None and not running.finished.is_set():
                raise Busy()
            with transaction(self.sessions) as session:
                solve = SolveRun(
                    workspace_id=workspace_id,
                    kind=kind,
                    years=",".join(map(str, job.years)),
                    inputs_version=inputs_version,
                    steps=[],
                )
                session.add(solve)
                session.flush()
                run_id = solve.id
            out_read, out_write = self._context.Pipe(duplex=False)
            control_read, control_write = self._context.Pipe(duplex=False)
            process = self._context.Process(
                target=run, args=(job, out_write, control_read), daemon=True, name=f"planner-solve-{run_id}"
            )
            process.start()
            out_write.close()
            control_read.close()
            active = Active(
                run_id, workspace_id, kind, process, control_write, relocate=relocate or (lambda t: t), by=by
            )
            active.add("start", "Calcul lancé" if kind == "plan" else "Comparaison lancée")
            self._active[workspace_id] = active
        threading.Thread(
            target=self._follow, args=(active, out_read), daemon=True, name=f"planner-follow-{run_id}"
        ).start()
        return active

    def cancel(self, workspace_id: int) -> bool:
        """Ask the running solve to stop (it keeps its best plan so far)."""
        active = self.active(workspace_id)
        if active is None:
            return False
        active.cancelled = True
        active.add("cancel", "Arrêt demandé : le meilleur plan trouvé jusqu'ici sera gardé")
        try:
            active.control.send("stop")
        except (BrokenPipeError, OSError):
            pass
        return True

    def _follow(self, active: Active, out) -> None:
        outcome: tuple[str, Any] = ("crash", "le calcul s'est arrêté sans réponse (processus terminé)")
        steps: list[dict] = []
        while True:
            try:
                kind, data = out.recv()
            except (EOFError, OSError):
                break
            if kind == "step":
                steps.append(data)
                active.add("step", data["text"])
            else:
                outcome = (kind, data)
                break
        out.close()
        active.process.join(timeout=30)
        try:
            self._store(active, outcome, steps)
        finally:
            active.finished.set()

    def _store(self, active: Active, outcome: tuple[str, Any], steps: list[dict]) -> None:
        kind, data = outcome
        with transaction(self.sessions) as session:
            solve = must_get(session, SolveRun, active.run_id)
            solve.steps = steps
            solve.finished_at = now()
            if kind == "done" and active.kind == "compare":
                solve.state, solve.result = "done", data
                active.add("done", "Comparaison terminée")
            elif kind == "done":
                previous = current_id(session, active.workspace_id)
                version = save_version(session, solve, data, previous)
                solve.plan_id = version.id
                if data["interrupted"]:
                    solve.state = "cancelled" if active.cancelled else "interrupted"
                    solve.message = (
                        f"arrêté ({data['reason']}) : meilleur plan trouvé gardé à part, non adopté"
                    )
                    active.add(
                        "done", f"Calcul arrêté ({data['reason']}) : plan gardé à part (version {version.id})"
                    )
                else:
                    solve.state = "done"
                    active.add("done", f"Plan calculé : version {version.id}")
                    record(
                        session,
                        must_get(session, Workspace, active.workspace_id),
                        "solve",
                        f"plan {version.id}",
                        by=active.by,
                        summary=f"Plan calculé : version {version.id} (BUT {solve.years.replace(',', ', ')})",
                        bump=False,
                    )
            else:
                solve.state = "cancelled" if active.cancelled and kind == "error" else "failed"
                solve.message = active.relocate(str(data))
                active.add("error", f"Échec du calcul : {solve.message} ; le plan en place est inchangé")

    def shutdown(self) -> None:
        """Stop every worker (the server is closing); their runs are stored as they end."""
        with self._lock:
            actives = list(self._active.values())
        for active in actives:
            if not active.finished.is_set():
                self.cancel(active.workspace_id)
        for active in actives:
            active.finished.wait(timeout=20)
            if active.process.is_alive():
                active.process.terminate()
