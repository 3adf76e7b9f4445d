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
