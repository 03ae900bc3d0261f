"""Replay: a scenario's ensemble set beside the record of what really happened.

:mod:`.record` reads and checks the record format; :mod:`.fit` computes the
figures of fit. Charts are in :mod:`sim.charts.replay`, the command in
:mod:`sim.cli.replay`.
"""

from .fit import Replay, replay
from .record import EVENTS, History, RecordError, check_against, load_record

__all__ = ["EVENTS", "History", "RecordError", "Replay", "check_against", "load_record", "replay"]
