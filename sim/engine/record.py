"""What one replication hands to the results: a small, plain, picklable record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    replication: int
    final_state: str
    end_day: float
    entered: dict[str, float]  # state -> day it was first entered ('proposed': 0)
    # (day, source, dest, trigger, {guard: bool}) for each transition taken
    transitions: list[tuple[float, str, str, str, dict[str, bool]]]
    # (day, state, trigger, {guard: bool}) for each transition refused at a deadline
    refusals: list[tuple[float, str, str, dict[str, bool]]]
    # (day, living hostages, remains, prisoners, the other side's bodies) for each release
    releases: list[tuple[float, int, int, int, int]]
    hostages_at_start: int
    remains_at_start: int
    aid_trucks_per_day: float  # while aid flows
    aid_intervals: list[tuple[float, float]]  # (from day, to day) while aid flowed
    incidents: int
    max_tension: float
    events: list[dict[str, Any]] | None = field(default=None)  # the chronology, when asked for
    incidents_by_kind: dict[str, int] = field(default_factory=dict)  # the named kinds' incidents (ceasefire only)
    # for each obligation of the scenario, in order: (status, day due, day met, share met); status is met (on
    # time), late, partly, not_met, pending (the run ended first) or not_begun (its phase never began)
    obligations: tuple[tuple[str, float | None, float | None, float], ...] = ()
    released_outside: int = 0  # living people freed on a separate track (in hostages_released, not in the exchange)

    @property
    def hostages_released(self) -> int:
        return sum(r[1] for r in self.releases)

    @property
    def remains_returned(self) -> int:
        return sum(r[2] for r in self.releases)

    @property
    def prisoners_released(self) -> int:
        return sum(r[3] for r in self.releases)

    @property
    def bodies_returned(self) -> int:
        return sum(r[4] for r in self.releases)

    @property
    def released_in_exchange(self) -> int:
        """Living people freed in the exchange itself: those of a separate track left out."""
        return self.hostages_released - self.released_outside

    @property
    def hostages_still_held(self) -> int:
        return self.hostages_at_start - self.hostages_released

    @property
    def aid_trucks(self) -> float:
        return self.aid_trucks_per_day * sum(end - start for start, end in self.aid_intervals)
