"""The methods page in words: how the runs were made, how to read the intervals, where it all came from.

Seeds, file paths and hashes belong here, not on the pages a decision maker reads first.
"""

from __future__ import annotations

from .. import __version__
from ..analysis.compare import Comparison
from ..analysis.runs import Runs


def methods(runs: list[Runs], comparison: Comparison, drivers_runs: int | None) -> list[tuple[str, str | list[str]]]:
    """(heading, a paragraph or a list of items) for the methods page."""
    first = runs[0]
    model = (f"Each scenario file turns a ceasefire text into the phases of a state machine. A run draws every "
             f"uncertain figure of the file (acceptance, durations, talks, incidents, disputes, aid) and plays the "
             f"phases out day by day until the deal ends or the days simulated run out. Each scenario ran "
             f"{len(first):,} times; run k of every scenario drew the same random numbers, so differences come "
             "from the scenarios, not from luck.")
    statistics = (f"Ranges in brackets are {comparison.confidence:.0%} intervals: a bootstrap over runs "
                  f"({comparison.resamples:,} resamples, fixed seed), the same resamples for every scenario, so a "
                  "difference is paired run by run. A difference is claimed only where its interval excludes zero; "
                  "otherwise the pack says \u201cno clear difference\u201d or \u201cwithin noise\u201d. Figures are "
                  "rounded to what their interval supports. Bands in the charts hold the middle 80% of the runs "
                  "drawn; lines are medians.")
    states = list(dict.fromkeys(f"{s.label}: {s.meaning}" for r in runs for s in r.machine.states))
    cited: dict[str, None] = {}
    for r in runs:
        for source in r.scenario.sources:
            cited.setdefault(f"{source.title}" + (f" ({source.where})" if source.where else ""), None)
    files = [f"{r.name}: {r.loaded.file}, SHA-256 {r.loaded.sha256[:16]}" for r in runs]
    command = (f"ceasefire-sim brief {' '.join(r.loaded.file for r in runs)} --runs {len(first)} --seed {first.seed}"
               + (f" --driver-runs {drivers_runs}" if drivers_runs is not None else " --driver-runs 0")
               + " --out DIR")
    described = [f"{r.name}: " + (" ".join(r.scenario.description.split()) or "no description") for r in runs]
    return [
        ("The scenarios", described),
        ("The model", model),
        ("The states of a deal", states),
        ("Intervals and differences", statistics),
        ("Sources cited by the scenario files", list(cited) or ["none given"]),
        ("Scenario files", files),
        ("To make this pack again", [f"Random seed {first.seed}; ceasefire-sim {__version__}.", command]),
    ]
