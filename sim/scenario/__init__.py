"""Scenario files: safe YAML, `extends`, the pydantic schema, distributions, located errors.

Nothing here knows about the engine, charts or the command line.
"""

from .distributions import Distribution, Quantity, draw, draw_count
from .loader import LoadedScenario, load, load_many
from .model import ALL, EVENT_KINDS, FORMAT_VERSION, MAX_HORIZON_DAYS, Scenario
from .problems import Mark, Problem, ScenarioError

__all__ = [
    "ALL", "EVENT_KINDS", "FORMAT_VERSION", "MAX_HORIZON_DAYS", "Distribution", "LoadedScenario", "Mark",
    "Problem", "Quantity", "Scenario", "ScenarioError", "draw", "draw_count", "load", "load_many",
]
