"""Scenarios on Dask: the same tables as serial, on a local cluster, a real scheduler, with a worker lost."""

import threading
import time

import pytest
from sweeps import dask_cluster, department, free_port, table, without_timing, write_grid

from planner.data.inputs import load_inputs
from planner.scenarios import runners
from planner.scenarios.compare import compare, scenario_jobs
from planner.scenarios.sweep import grid_variants, load_grid
from planner.scenarios.sweep_report import sweep_csv as sweep_table_csv

LIMITS = ("--time-limit", "2", "--weeks-time-limit", "2")
TD4 = 'name = "td-4"\n[[groups]]\nyear = 1\nparcours = "commun"\ngrouping = "td"\ngroups = 4\n'
TP21 = 'name = "tp-21"\n[[cohorts]]\nyear = 1\nparcours = "commun"\ntp_size = 21\n'


@pytest.fixture
def dept(tmp_path):
    return department(tmp_path / "d")


def sweep_csv(cli, dept, grid, out, *where) -> str:
    run = cli("sweep", grid, "--year", "1", "--inputs", dept, "--out", out, *LIMITS, *where)
    assert run.code == 0, run.err
    return (out / "sweep.csv").read_text()


def test_compare_on_a_local_cluster_gives_the_serial_table(cli, dept, tmp_path):
    folder = tmp_path / "sc"
    folder.mkdir()
    paths = []
    for name, text in (("baseline", 'name = "baseline"\n'), ("td4", TD4), ("tp21", TP21)):
        paths.append(folder / f"{name}.toml")
        paths[-1].write_text(text)
    texts = []
    for where in (("--jobs", "1"), ("--scheduler", "local:2")):
        out = tmp_path / f"cmp{len(texts)}"
        run = cli("compare", "--year", "1", *paths, "--inputs", dept, "--out", out, *LIMITS, *where)
        assert run.code == 0, run.err
        texts.append((out / "compare.csv").read_text())
    serial, dask = texts
    assert len(table(serial)) == 3 and table(serial)[1]["td_groups_delta"] == "1"
    assert "seconds" in table(serial)[0] and "weeks_seconds" in table(serial)[0]
    assert without_timing(dask) == without_timing(serial)


def test_sweep_on_a_local_cluster_gives_the_serial_table(cli, dept, tmp_path):
    grid = write_grid(tmp_path)
    serial = sweep_csv(cli, dept, grid, tmp_path / "serial", "--jobs", "1")
    dask = sweep_csv(cli, dept, grid, tmp_path / "dask", "--scheduler", "local:2")
    assert len(table(serial)) == 8 and {r["state"] for r in table(serial)} == {"done"}
    assert without_timing(dask) == without_timing(serial)
    assert serial != without_timing(serial)  # there are timing columns, and only they may differ


def test_a_real_scheduler_and_two_workers_give_the_serial_table_even_when_a_worker_dies(
    cli, dept, tmp_path, monkeypatch
):
    import sweeps
    from distributed import Client

    grid = write_grid(tmp_path)
    serial = sweep_csv(cli, dept, grid, tmp_path / "serial", "--jobs", "1")
    inputs = load_inputs(dept)
    variants = grid_variants(load_grid(grid), inputs)
    jobs, _, _ = scenario_jobs(
        inputs, [v.scenario for v in variants], [1], overrides={"time_limit": 2, "weeks_time_limit": 2}
    )
    with dask_cluster(2) as (address, workers):
        # the command, against `dask scheduler` and two `dask worker` processes
        assert without_timing(sweep_csv(cli, dept, grid, tmp_path / "real", "--scheduler", address)) == (
            without_timing(serial)
        )
        # again, each solve made slower so that a worker can be killed while it solves a variant
        monkeypatch.setattr("planner.scenarios.compare.run_job", sweeps.slow_run_job)
        killed: list[str] = []

        def kill_a_busy_worker():
            with Client(address, timeout=10, set_as_default=False) as watch:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not killed:
                    names = {a: w["name"] for a, w in watch.scheduler_info()["workers"].items()}
                    for addr, keys in watch.processing().items():
                        if keys and len(killed) == 0 and any("td-4" in str(k) for k in keys):
                            time.sleep(0.3)  # well inside the task
                            workers[names[addr]].kill()
                            killed.append(names[addr])
                    time.sleep(0.05)

        watcher = threading.Thread(target=kill_a_busy_worker)
        with runners.DaskRunner(address) as runner:
            watcher.start()
            result = compare(jobs, runner=runner, keep_going=True)
        watcher.join()
    assert killed, "no worker was seen solving a variant"
    assert [o.state for o in result.outcomes] == ["done"] * 8  # the lost task ran again elsewhere
    grid_ = load_grid(grid)
    assert without_timing(sweep_table_csv(grid_, variants, result)) == without_timing(serial)


def test_an_unreachable_scheduler_is_an_error_naming_it_and_nothing_is_written(
    cli, dept, tmp_path, monkeypatch
):
    monkeypatch.setattr(runners, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{free_port()}"  # nobody listens there
    out = tmp_path / "out"
    run = cli(
        "sweep", write_grid(tmp_path), "--year", "1", "--inputs", dept, "--out", out, "--scheduler", address
    )
    assert run.code == 2
    assert f"cannot reach the Dask scheduler at {address}" in run.err and "dask scheduler" in run.err
    assert not out.exists()
    scenario = tmp_path / "baseline.toml"
    scenario.write_text('name = "baseline"\n')
    run = cli("compare", "--year", "1", scenario, "--inputs", dept, "--out", out, "--scheduler", address)
    assert run.code == 2 and f"cannot reach the Dask scheduler at {address}" in run.err
    assert not out.exists()
    run = cli("compare", "--year", "1", scenario, "--inputs", dept, "--out", out, "--scheduler", "nowhere")
    assert run.code == 2 and "'nowhere' is not a scheduler address" in run.err
    # a grid given to compare says what it is
    run = cli("compare", "--year", "1", write_grid(tmp_path), "--inputs", dept, "--out", out)
    assert run.code == 2 and "is a grid" in run.err and "planner sweep" in run.err
    assert not out.exists()


def test_jobs_and_scheduler_together_are_a_usage_error(cli, dept, tmp_path):
    run = cli(
        "sweep", write_grid(tmp_path), "--year", "1", "--inputs", dept, "--jobs", "2", "--scheduler", "local"
    )
    assert run.code == 2 and "not both" in run.err


def test_scheduler_addresses():
    import os

    from planner.errors import PlannerError

    assert runners.parse_scheduler("local") == (None, os.cpu_count() or 1)
    assert runners.parse_scheduler("local:3") == (None, 3)
    assert runners.parse_scheduler("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", 0)
    assert runners.parse_scheduler("head-node:8786") == ("tcp://head-node:8786", 0)
    for bad in ("local:0", "nowhere", "tcp://10.0.0.5", "local:two"):
        with pytest.raises(PlannerError):
            runners.parse_scheduler(bad)
