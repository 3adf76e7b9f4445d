"""Write outputs atomically: a failed or interrupted run leaves the old ones intact."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.errors import PlannerError
from planner.numbers import csv_number, number

COUNTS = frozenset({"groups"})  # not hours: a share of groups keeps its two decimals (``1.50``)


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """A CSV file's text: numbers as ``planner.numbers.csv_number`` writes them, ``\\n`` line ends.

    A column of ``COUNTS`` (groups) is written as ``planner.numbers.number`` writes it.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    counts = [name in COUNTS for name in header]
    for row in rows:
        writer.writerow(
            [number(v) if i < len(counts) and counts[i] else csv_number(v) for i, v in enumerate(row)]
        )
    return buf.getvalue()


@contextmanager
def staged_dir(out: str | Path, keep: bool = True) -> Iterator[Path]:
    """Yield a scratch folder; on success its files replace those of ``out``.

    Files of ``out`` that the run did not write are kept (unless ``keep`` is
    off: the folder is then exactly what the run wrote). The swap is two
    renames, so ``out`` is always either the old or the new complete set.
    """
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise PlannerError(f"cannot write to {out} ({exc.strerror})") from None
    try:
        yield stage
        if out.exists():
            if not out.is_dir():
                raise PlannerError(f"{out} exists and is not a folder")
            for item in out.iterdir() if keep else ():
                if not (stage / item.name).exists():
                    if item.is_dir():
                        shutil.copytree(item, stage / item.name)
                    else:
                        shutil.copy2(item, stage / item.name)
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rmdir(old)
            os.replace(out, old)
            os.replace(stage, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def write_file_atomic(path: str | Path, data: bytes | str) -> None:
    """Write one file through a temporary sibling and a rename."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise PlannerError(f"cannot write {path} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
