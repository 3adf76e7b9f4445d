"""Work done in a helper process: the same results as done here, and done here if it is lost."""

import os
import signal
import zlib

from planner.helper import Helper


def test_the_worker_gives_what_this_process_would_in_the_order_asked():
    texts = [bytes([k]) * (1000 + k) for k in range(5)]
    with Helper(parallel=True) as helper:
        assert helper.pool is not None
        drawings = [helper.submit(zlib.compress, t) for t in texts]
        assert [d.result() for d in drawings] == [zlib.compress(t) for t in texts]
    with Helper(parallel=False) as here:
        assert here.pool is None and here.submit(zlib.compress, texts[0]).result() == zlib.compress(texts[0])


def test_the_worker_imports_what_it_is_told_as_it_starts():
    imported = "'colorsys' in __import__('sys').modules"  # a module nothing else imports
    with Helper(parallel=True, warm=("colorsys",)) as helper:
        assert helper.submit(eval, imported).result() is True
    with Helper(parallel=True) as helper:
        assert helper.submit(eval, imported).result() is False


def test_a_lost_worker_is_drawn_here():
    with Helper(parallel=True) as helper:
        assert helper.submit(zlib.compress, b"warm").result() == zlib.compress(b"warm")
        (pid,) = helper.pool._processes  # the one worker
        os.kill(pid, signal.SIGKILL)
        drawing = helper.submit(zlib.compress, b"after")
        assert drawing.result() == zlib.compress(b"after")


def test_the_plan_folder_pictures_are_the_same_drawn_apart(shipped_copy, tmp_path):
    from planner.data.inputs import load_inputs
    from planner.options import SolveOptions
    from planner.pipeline import plan

    inputs = load_inputs(shipped_copy)
    solved = plan(inputs, [2], SolveOptions.of(inputs, time_limit=1, weeks_time_limit=0.5))
    solved.write(tmp_path / "here")
    with Helper(parallel=True) as helper:
        solved.write(tmp_path / "apart", helper=helper)
    for name in ("weeks.png", "load.png", "assignments.csv", "weeks.csv"):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "apart" / name).read_bytes(), name


def test_the_even_weeks_laid_out_apart_are_those_laid_out_here(shipped_copy):
    from planner.data.inputs import load_inputs
    from planner.options import SolveOptions
    from planner.pipeline import plan
    from planner.weeks.layout import lay_out

    inputs = load_inputs(shipped_copy)
    options = SolveOptions.of(inputs, time_limit=1, weeks_time_limit=0.5)
    result = plan(inputs, [2], options).result
    here = lay_out(inputs, result, options)
    with Helper(parallel=True) as helper:
        apart = lay_out(inputs, result, options, helper=helper)
    assert here.fits and apart.fits
    assert [(p.line, p.week.iso, p.hours) for p in here.placements] == [
        (p.line, p.week.iso, p.hours) for p in apart.placements
    ]
    assert {p.week.parity for p in apart.placements} == {"odd", "even"}
