"""Worker processes end with the process that started them, even when it is killed."""

import os
import signal
import subprocess
import sys
import textwrap
import time

# a parent busy with three kinds of workers: an IUT's departments, the week helper, compare's scenarios
PARENT = textwrap.dedent(
    """
    import time
    from planner.helper import Helper
    from planner.interrupt import worker_pool
    from planner.scenarios.runners import ProcessRunner

    if __name__ == "__main__":
        departments = worker_pool(1)  # the pool an IUT's departments are solved in
        departments.apply_async(time.sleep, (120,))
        helper = Helper(parallel=True)
        helper.submit(time.sleep, 120)
        scenarios = ProcessRunner(1)._executor()  # the pool its scenarios run in
        scenarios.submit(time.sleep, 120)
        pids = [p.pid for p in departments._pool]
        pids += list(helper.pool._processes) + list(scenarios._processes)
        time.sleep(3)  # every worker started and busy
        print(" ".join(map(str, pids)), flush=True)
        time.sleep(120)
    """
)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone but for its exit code
        return stat.read().split(") ")[-1][0] != "Z"


def test_busy_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids: list[int] = []
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 3 and all(alive(p) for p in pids)
        parent.send_signal(signal.SIGKILL)  # no handler runs: the workers are on their own
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in pids if alive(p)]  # each ended within a second or so, not in 2 minutes
    finally:
        parent.kill()
        for p in pids:
            if alive(p):
                os.kill(p, signal.SIGKILL)
