"""ceasefire-sim: a ceasefire proposal as a state machine, and what-if timelines over it."""

__version__ = "0.1.0"
