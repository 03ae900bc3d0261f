"""The deal's own terms in sentences: what became of each side's obligations, incidents by side and by
weight, and releases on a separate track. Each figure with its range: a share of runs with its 95% Wilson
interval, a count per run with the middle eight runs in ten. Read from a run's summary (``summary.json``),
so `run` and the briefing say the same; the words are the scenario's own (its sides and `what` strings).
"""

from __future__ import annotations

from ..analysis.discover import wilson
from ..machine import in_text, phase_label
from ..results.explain import obligation_words
from ..results.summary import obligation_name
from .numbers import amount_range, percent, share_range, typical


def obligation_sentence(scenario, entry: dict) -> str:
    """"Israel's withdrawal from southern Lebanon is met in full by day 60 of the 60-day period in 62% of runs
    (59–65%); late in 20% (17–23%), ...": one obligation of the summary's `obligations` list."""
    runs = entry["runs"]
    total = sum(runs.values())
    spec = next(spec for name, place, spec in scenario.obligations() if obligation_name(name, place) == entry["name"])
    of_phase = in_text(phase_label(entry["phase"], scenario.phases[entry["phase"]]))
    who = obligation_words(entry["side"], entry["what"], of_phase)

    def share(status: str) -> str:
        return share_range(runs[status] / total, *wilson(runs[status], total)) if total else "no run"

    due = (f"day {spec.day:g} of {of_phase}" if isinstance(spec.day, (int, float))  # a drawn day: its median
           else f"its due day (about day {typical(spec.day):.0f} of {of_phase})")
    text = f"{who} is met in full by {due} in {share('met')} of runs"
    late, partly = entry["days_late_when_late"], entry["share_when_partly"]
    how = {"late": f"by {late['median']:.0f} days at the median" if late["median"] is not None else "",
           "partly": f"{percent(partly['median'])} of it at the median" if partly["median"] is not None else ""}

    def said(status: str, words: str) -> str:
        figure, detail = share(status), how.get(status)
        if detail:  # inside the figure's brackets: "late in 18% (14–23%; by 16 days at the median)"
            figure = figure[:-1] + f"; {detail})" if figure.endswith(")") else f"{figure} ({detail})"
        return f"{words} in {figure}"

    others = [said(status, words) for status, words in (
        ("late", "late"), ("partly", "partly met"), ("not_met", "not met"),
        ("pending", "still due when the ceasefire ends or the run stops"),
        ("not_begun", "never due (its phase never begins)")) if runs[status]]
    if others:
        text += "; " + ", ".join(others)
    return text + "."


def incidents_sentence(summary: dict) -> str | None:
    """Incidents per run by side and weight, with the middle eight runs in ten; None without named kinds."""
    kinds = summary.get("incidents_by_kind")
    if not kinds:
        return None
    parts = [f"{kind['side']}'s {kind['what']} "
             f"({'can end the ceasefire' if kind['ends_ceasefire'] else 'absorbed: no tension'}) "
             f"{amount_range(kind['mean'], kind['p10'], kind['p90'], by=1)}" for kind in kinds.values()]
    return ("Incidents per run while the ceasefire holds (mean, with the middle eight runs in ten): "
            + "; ".join(parts) + ".")


def outside_sentence(summary: dict) -> str | None:
    """The people freed on a separate track, and the exchange's ratio without them."""
    outside, ratio = summary.get("released_outside"), summary.get("exchange_ratio", {})
    if not outside:
        return None
    figure = amount_range(outside["mean"], outside["p10"], outside["p90"], by=1)
    ranged = " (mean, with the middle eight runs in ten)" if "(" in figure else ""
    text = (f"On a separate track, outside the exchange, {figure} people a run are freed{ranged}: they count in "
            "the totals released, not in the exchange")
    if ratio.get("prisoners_per_living_released") is not None:
        text += f", whose ratio is {ratio['prisoners_per_living_released']:.2g} prisoners for each person freed in it"
    return text + "."


def terms_sentences(scenario, summary: dict) -> list[str]:
    """Every sentence on the deal's own terms, in the order of the file."""
    said = [obligation_sentence(scenario, entry) for entry in summary.get("obligations", ())]
    return said + [s for s in (incidents_sentence(summary), outside_sentence(summary)) if s]
