"""ceasefire-sim: a ceasefire proposal as a state machine, and what-if timelines over it."""

__version__ = "0.1.0"

# Runs in one command at most: a documented limit, here so that the command line can state it
# without importing the engine.
MAX_RUNS = 1_000_000
