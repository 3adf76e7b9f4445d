"""What the commands print in the terminal (rich), one module per family of commands.

``inputs`` (validate, maquette, demand), ``plan`` (solve: the plan, its
summary and its weeks), ``weeks`` (the week grids of ``planner weeks``),
``fiche`` (``planner sheet``) and ``compare`` (``planner compare``).
"""
