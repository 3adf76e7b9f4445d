"""Weekly rooms and crowded parts: what a broken weekly cap changes in the next try."""

from types import SimpleNamespace

from planner.weeks.room import crowded_parts, part_caps


def _plan(overflow):
    """A layout where 'ana' has 5 TP groups of a 10-hour S3 part and 1 group of an 8-hour S3 part."""
    parts = [
        SimpleNamespace(semester=3, hours=10, key="2|S3|QMI|R3.01|TP"),
        SimpleNamespace(semester=3, hours=8, key="2|S3|QMI|R3.02|TD"),
    ]
    lines = [SimpleNamespace(teacher="ana", part=0, group=f"TP{g}") for g in range(1, 6)]
    lines.append(SimpleNamespace(teacher="ana", part=1, group="TD1"))
    lines.append(SimpleNamespace(teacher="bob", part=1, group="TD2"))
    return SimpleNamespace(problem=SimpleNamespace(parts=parts, lines=lines), overflow=overflow)


def test_the_most_crowded_part_is_halved_rounded_up():
    caps: dict = {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps)
    assert caps == {("ana", "2|S3|QMI|R3.01|TP"): 30}  # 3 of 5 groups × 10 h
    (cap,) = part_caps(caps)
    assert (cap.teacher, cap.hours, cap.parts) == ("ana", 30, frozenset({"2|S3|QMI|R3.01|TP"}))


def test_a_room_not_cut_before_is_cut_first():
    caps: dict = {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps, cut=set())
    assert caps == {}
    crowded_parts(_plan({("ana", "odd"): 4}), caps, cut={("ana", "odd")})
    assert caps == {("ana", "2|S3|QMI|R3.01|TP"): 30}


def test_other_parity_and_single_groups_are_left_alone():
    caps: dict = {}
    crowded_parts(_plan({("ana", "even"): 2, ("bob", "odd"): 1}), caps)
    assert caps == {}  # ana teaches nothing in even weeks; bob has a single group
