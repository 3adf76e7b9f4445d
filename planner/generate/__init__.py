"""Generated inputs for benchmarks and tests.

``scaled``: a department copied k times, in memory; ``iut`` (with
``department`` and ``staff``): an IUT of departments that differ, as input
files (``planner generate``).
"""
