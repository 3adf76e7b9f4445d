"""The ``planner`` command line: one module per family of commands."""

from planner.cli import compare, inputs, plan, serve, sheets, sweep  # noqa: F401  (registers the commands)
from planner.cli.app import cli, main

__all__ = ["cli", "main"]
