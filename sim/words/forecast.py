"""A forecast in words: the headline, the outcome and milestone rows, what the record says about the
assumptions, and the backtest's verdict. Made from ``forecast.json``'s summary and the plain labels;
the command's tables and the chart take their text from here."""

from __future__ import annotations

import datetime as dt

from .numbers import DASH, about, calendar, rounded, share_range, step

SHOWN = 0.005  # a milestone that no forecast gives this chance is left out of the table
END_WORDS = {"completed": "all three phases complete", "collapsed": "the ceasefire collapses",
             "rejected": "the proposal is rejected", "ongoing": "still under way at the horizon"}


def day(text: str) -> str:
    """An ISO date as "31 Jul 2024"."""
    return calendar(dt.date.fromisoformat(text), 0)


def chance(pair: dict, which: str) -> str:
    figure = pair[which]
    return "-" if figure is None else share_range(figure["value"], figure["low"], figure["high"])


def headline(summary: dict) -> str:
    """The finding: the chance of collapse given the record, soon and by the horizon, against that before
    it; or, when the record already shows an end, that end."""
    when = day(summary["as_of"])
    recorded = summary["recorded_states"]
    if recorded and recorded[-1]["state"] in END_WORDS:
        end = recorded[-1]["state"]
        return (f"As of {when}, the record shows the end: {END_WORDS[end]} on {day(recorded[-1]['date'])}; "
                f"before the record, {chance(summary['outcomes'][end], 'prior')} of runs ended so.")
    which = "posterior" if summary["outcomes"]["collapsed"]["posterior"] is not None else "prior"
    collapse = summary["outcomes"]["collapsed"]
    first = summary["by"][0] if summary["by"] else None
    soon = next((row for row in summary["milestones"] if row["state"] == "collapsed"), None)
    if soon is not None and first is not None:
        near = f"{chance(soon['by'][first], which)} by {day(first)}, "
    else:
        near = ""
    given = "given the record" if which == "posterior" else "without the record (no run agreed with it)"
    return (f"As of {when}, {given}: collapse {near}{chance(collapse, which)} by the horizon "
            f"(before the record: {chance(collapse, 'prior')}).")


def agreement(summary: dict) -> str:
    """How many runs agreed and what they are worth."""
    tolerance = summary["tolerance"]
    points = summary["design_points"]
    spread = f" (from {summary['agreeing_points']:,} of {points:,} settings of the uncertain inputs)" if points > 1 else ""
    return (f"{summary['agreeing_runs']:,} of {summary['runs']:,} runs{spread} agree with the record up to "
            f"{day(summary['as_of'])} (each total within {tolerance['share']:.0%}, each change of state within "
            f"{tolerance['days']} days); they are worth {about(summary['effective_sample_size'])} equally "
            "weighted runs (the effective sample size).")


def outcome_rows(summary: dict) -> list[tuple[str, str, str]]:
    """(how it ends, before the record, given the record)."""
    return [(END_WORDS[end], chance(pair, "prior"), chance(pair, "posterior"))
            for end, pair in summary["outcomes"].items()]


def milestone_rows(summary: dict) -> list[tuple[str, ...]]:
    """(milestone, chance by each date, chance by the horizon, likely date with its 10-90% range) given the record."""
    which = "posterior" if summary["effective_sample_size"] > 0 else "prior"
    rows = []
    for row in summary["milestones"]:
        if max(row["ever"]["prior"]["value"], (row["ever"]["posterior"] or {"value": 0})["value"]) < SHOWN:
            continue
        dates = row.get("dates")
        likely = "-" if not dates else day(dates[1]) if dates[0] == dates[2] else (
            f"{day(dates[1])} ({day(dates[0])}{DASH}{day(dates[2])})")
        rows.append((summary["states"][row["state"]], *(chance(pair, which) for pair in row["by"].values()),
                     chance(row["ever"], which), likely))
    return rows


def input_sentences(summary: dict, most: int = 5) -> list[str]:
    """What the record says about the uncertain inputs it narrows most: prior and posterior ranges in words."""
    rows = [row for row in summary["inputs"] if "narrowed" in row]
    rows.sort(key=lambda row: -row["narrowed"])
    out = []
    for row in rows[:most]:
        by = step(row["prior_p10"], row["prior_p90"], smallest=1e-4)
        before = f"{rounded(row['prior_p10'], by)}{DASH}{rounded(row['prior_p90'], by)}"
        after = f"{rounded(row['posterior_p10'], by)}{DASH}{rounded(row['posterior_p90'], by)}"
        if row["narrowed"] >= 0.1:
            verdict = f"the record narrows it by {row['narrowed']:.0%}"
        else:
            verdict = "the record says little about it"
        out.append(f"{row['label'][0].upper()}{row['label'][1:]}: {before} before the record, {after} given it "
                   f"(8 in 10 of the weight; median {rounded(row['posterior_median'], by)}): {verdict}.")
    return out


def backtest_sentence(summary: dict) -> str:
    """The backtest's verdict: the Brier scores, and a difference claimed only when its interval allows."""
    if not summary.get("forecasts"):
        return "The backtest has no forecast to score: no run agreed with the record at any as-of date."
    better = summary["improvement_low"] > 0
    worse = summary["improvement_high"] < 0
    verdict = ("the record makes the forecasts better" if better else
               "the record makes the forecasts worse" if worse else "no clear difference between the two")
    return (f"Backtest over {len(summary['as_of_dates'])} as-of dates, {summary['forecasts']} forecasts: Brier score "
            f"{summary['brier_forecast']:.3f} given the record against {summary['brier_baseline']:.3f} without it "
            f"(lower is better; difference {summary['improvement']:+.3f}, 95% interval "
            f"{summary['improvement_low']:+.3f} to {summary['improvement_high']:+.3f}): {verdict}.")
