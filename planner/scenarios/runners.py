"""Where scenarios are solved: in this process, in local processes, or on a Dask cluster.

The three runners share one interface: a context manager whose ``run(fn,
items)`` calls ``fn(item)`` for every item and yields a ``Finished`` (its
index, the result or the error raised) as each one finishes. ``fn`` and the
items travel with the task (pickled), so a Dask worker needs no shared disk,
only the same ``planner`` installed; the results come back as data.

Dask is imported only by ``DaskRunner``: without ``--scheduler`` nothing of it
is loaded. No I/O and no presentation here.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.interrupt import exit_with_parent

LOCAL = re.compile(r"^local(?::(\d+))?$")
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before giving up
INSTALL_HINT = "Install the Dask extra on this machine and on every worker: pip install -e '.[dask]'."


@dataclass
class Finished:
    """One item done: its index in the items given to ``run``, and its result or error."""

    index: int
    value: Any = None
    error: BaseException | None = None


class Runner:
    """Run a function over items somewhere; ``workers`` is how many run at once."""

    workers = 1
    where = "in this process"

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop what is still running and free the workers."""

    def run(self, fn: Callable, items: Sequence, names: Sequence[str] | None = None) -> Iterator[Finished]:
        raise NotImplementedError


class SerialRunner(Runner):
    """One item after the other, in this process, in order."""

    def run(self, fn, items, names=None):
        for i, item in enumerate(items):
            try:
                value = fn(item)
            except Exception as exc:  # the caller decides: report it in a row, or raise it
                yield Finished(i, error=exc)
            else:
                yield Finished(i, value)


class ProcessRunner(Runner):
    """Local processes (spawned: never a fork of a process whose solver threads ran).

    The processes have their own process group: a Ctrl-C in the terminal
    reaches this process only, which stops them. (CP-SAT catches SIGINT
    during a solve and ends the search early as if its time were up: a
    variant solved on after a Ctrl-C would not give the same figures.)
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.where = f"{workers} local process" + ("es" if workers > 1 else "")
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_own_process_group
            )
        return self._pool

    def run(self, fn, items, names=None):
        pool = self._executor()
        pending = {pool.submit(fn, item): i for i, item in enumerate(items)}
        try:
            for future in as_completed(pending):
                i = pending.pop(future)
                error = future.exception()
                yield Finished(i, error=error) if error is not None else Finished(i, future.result())
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        # the processes still solving are stopped now, not when their solve ends
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=10)


class DaskRunner(Runner):
    """Tasks on a Dask distributed cluster: an existing scheduler, or a ``LocalCluster``.

    ``address`` is a scheduler address (``tcp://host:8786``) or None for a
    local cluster of ``local_workers`` single-threaded worker processes,
    started here and stopped by ``close``. A worker lost during a task makes
    the scheduler run the task again elsewhere (the solve is deterministic:
    same result); a task that kills workers too often comes back as an error.
    """

    def __init__(self, address: str | None, local_workers: int = 1, timeout: float | None = None):
        self.address = address
        self.local_workers = local_workers
        self.timeout = CONNECT_TIMEOUT if timeout is None else timeout
        self.where = f"Dask scheduler {address}" if address else f"Dask local cluster of {local_workers}"
        self._client: Any = None  # distributed.Client, imported on use
        self._cluster: Any = None

    def __enter__(self) -> DaskRunner:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise PlannerError(
                "--scheduler needs Dask distributed, which is not installed", hint=INSTALL_HINT
            ) from None
        if self.address is None:
            self._cluster = LocalCluster(
                n_workers=self.local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster, set_as_default=False)
        else:
            try:
                self._client = Client(self.address, timeout=self.timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise PlannerError(
                    f"cannot reach the Dask scheduler at {self.address} ({_first_line(exc)})",
                    hint="Start one with `dask scheduler` and workers with `dask worker "
                    f"{self.address}`, check the address and port, or use --scheduler local.",
                ) from None
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise
        return self

    def _check_workers(self) -> None:
        """At least one worker, and every worker running the same planner code as here."""
        client = self._client
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except (TimeoutError, OSError):
            raise PlannerError(
                f"the Dask scheduler at {self.address} has no worker",
                hint=f"Start workers with `dask worker {self.address} --nthreads 1` on the solving machines.",
            ) from None
        mine = code_fingerprint()
        try:
            theirs = client.run(code_fingerprint)
        except Exception as exc:  # planner not importable there, a worker gone meanwhile…
            raise PlannerError(
                f"the Dask workers of {self.address or 'the local cluster'} cannot run planner "
                f"({type(exc).__name__}: {_first_line(exc)})",
                hint=INSTALL_HINT,
            ) from None
        other = sorted(addr for addr, fp in theirs.items() if fp != mine)
        if other:
            raise PlannerError(
                f"Dask workers {', '.join(other)} run another version of planner than this machine",
                hint="Install the same planner on every worker: pip install -e '.[dask]', same commit.",
            )
        self.workers = max(1, sum(client.nthreads().values()))
        if self.address is not None:
            self.where = f"Dask scheduler {self.address} ({self.workers} worker threads)"

    def run(self, fn, items, names=None):
        from distributed import as_completed as dask_completed

        client = self._client
        tag = uuid.uuid4().hex[:8]
        names = names or [str(i) for i in range(len(items))]
        pending = {
            client.submit(fn, item, key=f"planner-{name}-{tag}", pure=False): i
            for i, (item, name) in enumerate(zip(items, names))
        }
        try:
            for future in dask_completed(list(pending), loop=client.loop):
                i = pending.pop(future)
                try:
                    value = future.result()
                except Exception as exc:  # raised by the task, or KilledWorker, CancelledError
                    yield Finished(i, error=exc)
                else:
                    yield Finished(i, value)
                future.release()
        finally:
            if pending:
                client.cancel(list(pending))

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _own_process_group() -> None:
    """A scenario's worker: out of the terminal's process group (Ctrl-C is the parent's to
    handle), ended with the parent."""
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    exit_with_parent()


def code_fingerprint() -> str:
    """A hash of the planner package's source: equal on two machines = same code."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the planner package
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def error_text(error: BaseException) -> str:
    """An error raised by a task, in one line (a task whose workers died says so)."""
    if isinstance(error, PlannerError):
        return str(error)
    name = type(error).__name__
    if name == "KilledWorker":
        return f"the workers solving it died repeatedly ({_first_line(error)})"
    return f"{name}: {_first_line(error)}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def parse_scheduler(text: str) -> tuple[str | None, int]:
    """``local``, ``local:N`` or a scheduler address: (address or None, local workers)."""
    text = text.strip()
    match = LOCAL.match(text)
    if match:
        n = int(match.group(1)) if match.group(1) else os.cpu_count() or 1
        if n < 1:
            raise PlannerError(f"--scheduler {text}: a local cluster needs at least one worker")
        return None, n
    if not re.match(r"^([a-z0-9+]+://)?[^\s/:]+:\d+/?$", text):
        raise PlannerError(
            f"--scheduler {text!r} is not a scheduler address",
            hint="Give tcp://host:port (the address `dask scheduler` prints), local, or local:N.",
        )
    return (text if "://" in text else f"tcp://{text}"), 0


def make_runner(
    *, jobs: int | None = None, scheduler: str | None = None, tasks: int = 1, isolate: bool = False
) -> Runner:
    """The runner for ``--jobs`` / ``--scheduler`` (not both): serial, processes or Dask.

    ``jobs`` defaults to one per core, never more than ``tasks``; 1 is serial:
    in this process, or with ``isolate`` in one worker process (then Ctrl-C
    never reaches a solver: see ``ProcessRunner``).
    """
    if scheduler is not None:
        address, local = parse_scheduler(scheduler)
        return DaskRunner(address, local)
    cores = os.cpu_count() or 1
    workers = max(1, min(jobs or cores, tasks, cores))
    if workers == 1 and not isolate:
        return SerialRunner()
    return ProcessRunner(workers)
