"""How a plan is searched: time limits, seed, threads, engine, the week layout and retries.

One object, ``SolveOptions``, carries every solver and layout setting of a
plan. ``SolveOptions.of(inputs)`` reads them from the inputs' settings
(``settings.csv``); keyword arguments override some, as the command line's
flags do through one shared click decorator (``cli.app.solve_options``). A
scenario whose ``[settings]`` change a limit gets its own options from its
own inputs, with the same overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.data.inputs import Inputs


@dataclass(frozen=True)
class SolveOptions:
    """The solver and layout settings of a plan.

    Attributes
    ----------
    time_limit
        Deterministic seconds of the assignment search (setting ``time_limit``).
    seed
        Solver seed (same inputs and seed, same plan).
    workers
        Solver threads (compare and sweeps use 1 per process).
    mip
        Solve the assignment's stages with HiGHS first (otherwise CP-SAT only).
    mip_nodes, mip_neighbourhoods
        Deterministic limits of the HiGHS stages.
    wall_limit
        Wall-clock safety net of the whole plan, in seconds (the setting, per
        department in an IUT).
    weeks
        Lay out the weeks (needs a calendar).
    weeks_time_limit
        Deterministic seconds of the week layout.
    weeks_gap
        Relative gap under which the week layout's local search is not
        followed by CP-SAT.
    rounds
        Most assignment tries: the first, then retries where a layout breaks a weekly cap.
    """

    time_limit: float = 20.0
    seed: int = 0
    workers: int = 2
    mip: bool = True
    mip_nodes: int = 500
    mip_neighbourhoods: int = 100
    wall_limit: float = 300.0
    weeks: bool = True
    weeks_time_limit: float = 8.0
    weeks_gap: float = 0.25
    rounds: int = 3

    @classmethod
    def of(cls, inputs: Inputs, **overrides: Any) -> SolveOptions:
        """The options the inputs' settings give, with ``overrides`` (None values ignored).

        Parameters
        ----------
        inputs
            The checked inputs (a scenario's applied inputs have their own settings).
        **overrides
            Fields to replace, such as ``time_limit=5`` or ``weeks=False``; a
            value of None keeps the setting (an option not given on the command line).

        Returns
        -------
        SolveOptions
            The options of a plan of these inputs.

        Raises
        ------
        TypeError
            For a keyword that is not a field.
        """
        s = inputs.settings
        options = cls(
            time_limit=float(s.time_limit),
            seed=s.seed,
            workers=s.workers,
            mip=s.mip,
            mip_nodes=s.mip_nodes,
            mip_neighbourhoods=s.mip_neighbourhoods,
            wall_limit=inputs.wall_limit,
            weeks_time_limit=float(s.weeks_time_limit),
            weeks_gap=float(s.weeks_gap),
        )
        return options.given(**overrides)

    def given(self, **overrides: Any) -> SolveOptions:
        """These options with the fields given (not None) replaced."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise TypeError(f"unknown solve options: {', '.join(unknown)}")
        values = {k: v for k, v in overrides.items() if v is not None}
        for key in ("time_limit", "wall_limit", "weeks_time_limit", "weeks_gap"):
            if key in values:
                values[key] = float(values[key])
        return replace(self, **values)
