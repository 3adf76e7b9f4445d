"""The one error type for problems a user can fix."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem in the user's inputs or request, reported without a traceback.

    ``where`` names the file (and sheet), ``row`` and ``column`` locate the cell
    as a spreadsheet shows it (header = row 1), ``hint`` says how to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ):
        self.message = message
        self.where = where
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        place = [self.where] if self.where else []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column {self.column!r}")
        text = f"{', '.join(place)}: {self.message}" if place else self.message
        if self.hint:
            text += ("" if text.endswith((".", "?", "!")) else ".") + f" {self.hint}"
        return text


def did_you_mean(word: str, known: list[str], otherwise: str) -> str:
    """A hint naming the known words closest to ``word``, or ``otherwise`` when none is close."""
    import difflib

    close = difflib.get_close_matches(word, known, 3)
    return f"Did you mean {', '.join(close)}?" if close else otherwise


class PlannerErrors(PlannerError):
    """Several problems found at once (every bad cell and row of the inputs, say), in order.

    ``problems`` lists them; the message is one line each, so that a user
    fixes them all in one go rather than one run at a time.
    """

    def __init__(self, problems: list[PlannerError]):
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(
            first.message, where=first.where, row=first.row, column=first.column, hint=first.hint
        )

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class Problems:
    """Collects the problems of a reading loop so that every one is reported, not the first.

    ``with problems.each():`` around one row's work records its ``PlannerError``
    and goes on with the next row; ``raise_any()`` then raises them all (one
    as itself, several as ``PlannerErrors``).
    """

    def __init__(self) -> None:
        self.found: list[PlannerError] = []

    def __bool__(self) -> bool:
        return bool(self.found)

    @staticmethod
    def of(problems: Problems | None) -> Problems:
        """The collector a reader records into: the caller's, or its own."""
        return Problems() if problems is None else problems

    def close(self, given: Problems | None) -> None:
        """At a reader's end: raise what it found when it had no caller's collector (``given``)."""
        if given is None:
            self.raise_any()

    def each(self) -> _Each:
        return _Each(self)

    def add(self, error: PlannerError) -> None:
        self.found.extend(error.problems if isinstance(error, PlannerErrors) else [error])

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise PlannerErrors(self.found)


class _Each:
    """The context of one row: its ``PlannerError`` is recorded and suppressed."""

    def __init__(self, problems: Problems):
        self.problems = problems

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if isinstance(error, PlannerError):
            self.problems.add(error)
            return True
        return False
