"""Pictures drawn in a worker process: the same bytes as drawn here, and drawn here if it is lost."""

import os
import signal
import zlib

from planner.reports.painter import Painter


def test_the_worker_gives_what_this_process_would_in_the_order_asked():
    texts = [bytes([k]) * (1000 + k) for k in range(5)]
    with Painter(parallel=True) as painter:
        assert painter.pool is not None
        drawings = [painter.draw(zlib.compress, t) for t in texts]
        assert [d.png() for d in drawings] == [zlib.compress(t) for t in texts]
    with Painter(parallel=False) as here:
        assert here.pool is None and here.draw(zlib.compress, texts[0]).png() == zlib.compress(texts[0])


def test_a_lost_worker_is_drawn_here():
    with Painter(parallel=True) as painter:
        assert painter.draw(zlib.compress, b"warm").png() == zlib.compress(b"warm")
        (pid,) = painter.pool._processes  # the one worker
        os.kill(pid, signal.SIGKILL)
        drawing = painter.draw(zlib.compress, b"after")
        assert drawing.png() == zlib.compress(b"after")


def test_the_plan_folder_pictures_are_the_same_drawn_apart(shipped_copy, tmp_path):
    from planner.data.inputs import load_inputs
    from planner.options import SolveOptions
    from planner.pipeline import plan

    inputs = load_inputs(shipped_copy)
    solved = plan(inputs, [2], SolveOptions.of(inputs, time_limit=1, weeks_time_limit=0.5))
    solved.write(tmp_path / "here")
    with Painter(parallel=True) as painter:
        solved.write(tmp_path / "apart", painter=painter)
    for name in ("weeks.png", "load.png", "assignments.csv", "weeks.csv"):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "apart" / name).read_bytes(), name
