"""A forecast in words: the headline, the outcome and milestone rows, what the record says about the
assumptions, and the backtest's verdict. Made from ``forecast.json``'s summary and the plain labels;
the command's tables and the chart take their text from here."""

from __future__ import annotations

import datetime as dt

from .numbers import DASH, about, calendar, rounded, share_range, step

SHOWN = 0.005  # a milestone that no forecast gives this chance is left out of the table


def end_words(summary: dict) -> dict[str, str]:
    """How a run can end, in the words of the forecast's deal: "all three phases complete", "the pause and any
    extensions complete", "the ceasefire collapses"..."""
    course = summary["words"]["course"]
    together = course.startswith(("all ", "both ", "every ")) or " and " in course
    return {"completed": f"{course} complete{'' if together else 's'}", "collapsed": "the ceasefire collapses",
            "rejected": "the proposal is rejected", "ongoing": "still under way at the horizon"}


def fact_words(fact, words: dict, labels: dict[str, str] | None = None) -> str:
    """A fact of the record (:class:`sim.replay.facts.Fact`) in plain words, for a reader; ``labels``: the
    deal's states in words (its machine's); ``words``: the deal's words (``forecast.json``'s ``words``)."""
    from ..machine import FRAME_LABELS

    labels = {**FRAME_LABELS, **(labels or {})}
    when = calendar(fact.date, 0)
    count = "" if fact.value is None else f"{fact.value:,.0f}"
    return {
        "state": f"{labels.get(fact.what, fact.what.replace('_', ' ').capitalize())} entered on {when}",
        "total": f"{count} {words['counted'].get(fact.what, fact.what)} in all by {when}",
        "talks_begun": f"talks began on {when}", "talks_broken_down": f"talks broke down on {when}",
        "talks_not_begun": f"talks had not begun by {when}",
        "release_postponed": f"a release was postponed on {when}",
        "held_back": f"the {words['freed'] if fact.what == 'prisoners' else words['held']} due on {when} were held back",
        "aid_halted": f"aid halted on {when}", "aid_resumed": f"aid resumed on {when}",
        "aid": f"{count} aid trucks on {when}", "incidents": f"{count} incidents on {when}",
    }[fact.kind]


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
    if recorded and recorded[-1]["state"] in end_words(summary):
        end = recorded[-1]["state"]
        return (f"As of {when}, the record shows the end: {end_words(summary)[end]} on {day(recorded[-1]['date'])}; "
                f"before the record, {chance(summary['outcomes'][end], 'prior')} of runs ended so.")
    if summary["outcomes"]["collapsed"]["posterior"] is None:
        return (f"As of {when}, no run of the scenario agrees with the record, so there is no forecast: the "
                "record lies outside what the scenario can do.")
    which = "posterior"
    collapse = summary["outcomes"]["collapsed"]
    first = summary["by"][0] if summary["by"] else None
    soon = next((row for row in summary["milestones"] if row["state"] == "collapsed"), None)
    if soon is not None and first is not None:
        near = f"{chance(soon['by'][first], which)} by {day(first)}, "
    else:
        near = ""
    return (f"As of {when}, given the record: collapse {near}{chance(collapse, which)} by the horizon "
            f"(before the record: {chance(collapse, 'prior')}).")


def agreement(summary: dict) -> str:
    """How many runs agreed, what they are worth, and how the record was weighed."""
    model = summary["observation"]
    points = summary["design_points"]
    spread = f" (from {summary['agreeing_points']:,} settings of the uncertain inputs)" if points > 1 else ""
    trust = ("a run that contradicts a fact is ruled out" if model["reliability"] >= 1 else
             f"each report right with a chance of {model['reliability']:.0%}")
    moved = (f"; the uncertain inputs were resampled and moved {summary['generations']} "
             f"time{'s' if summary['generations'] != 1 else ''} on the way" if summary.get("generations") else "")
    return (f"{summary['agreeing_runs']:,} of {summary['runs']:,} runs{spread} contradict none of the "
            f"{summary['facts_weighed']} facts of the record up to {day(summary['as_of'])} (dates within "
            f"{model['days']} days, counts about {model['share']:.0%} off, {trust}{moved}); weighted by how well "
            f"they fit, they are worth {about(summary['effective_sample_size'])} equally weighted runs (the "
            "effective sample size).")


def unmatched_lines(summary: dict) -> list[str]:
    """The facts no run matches, one a line, for a reader: where the record lies outside the scenario."""
    return [f"{item['words'][0].upper()}{item['words'][1:]} (line {item['line']} of the record): "
            + ("no run does this" if item["alone"] else "no run fits both this and every fact before it")
            for item in summary.get("unmatched", [])]


def unweighed_sentence(summary: dict) -> str:
    """What the record cannot tell the model: its rows in words only, which weigh nothing."""
    rows = summary.get("unweighed", [])
    if not rows:
        return (f"Every row of the record up to {day(summary['as_of'])} is a fact the model weighs; what the model "
                "leaves out (see the assumptions page) the record cannot tell it.")
    dates = ", ".join(day(row["date"]) for row in rows[:4]) + (" and more" if len(rows) > 4 else "")
    return (f"What the record cannot tell the model: {len(rows)} of its rows up to {day(summary['as_of'])} "
            f"({dates}) say in words what the model has no place for, such as a withdrawal or a return put off, "
            "and weigh nothing.")


def outcome_rows(summary: dict) -> list[tuple[str, str, str]]:
    """(how it ends, before the record, given the record)."""
    return [(end_words(summary)[end], chance(pair, "prior"), chance(pair, "posterior"))
            for end, pair in summary["outcomes"].items()]


def milestone_rows(summary: dict) -> list[tuple[str, ...]]:
    """(milestone, chance by each date, chance by the horizon, likely date with its 10-90% range) given the record."""
    which = "posterior"
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
    """The backtest's verdict against the unweighted ensemble: a difference claimed only when its interval
    allows; and the dates without a forecast."""
    missing = summary.get("dates_without_forecast", 0)
    gap = (f" On {missing} of {len(summary['as_of_dates'])} dates no run agreed with the record: no forecast, "
           "not scored." if missing else "")
    if not summary.get("forecasts"):
        return "The backtest has no forecast to score: no run agreed with the record at any as-of date." + gap
    mine, plain = summary["scores"]["forecast"], summary["scores"]["unweighted"]
    gain = summary["differences"]["unweighted"]
    verdict = ("the record makes the forecasts better" if gain["brier_low"] > 0 else
               "the record makes the forecasts worse" if gain["brier_high"] < 0 else "no clear difference")
    return (f"Backtest over {len(summary['as_of_dates'])} as-of dates, {summary['forecasts']} forecasts: Brier score "
            f"{mine['brier']:.3f} given the record against {plain['brier']:.3f} for the unweighted ensemble (lower is "
            f"better; difference {gain['brier']:+.3f}, 95% interval {gain['brier_low']:+.3f} to "
            f"{gain['brier_high']:+.3f}): {verdict}.{gap}")


def baseline_rows(summary: dict) -> list[tuple[str, ...]]:
    """(forecaster, Brier score with its range, log score with its range, Brier difference from the forecast)."""
    rows = []
    for name, words in (("forecast", "given the record"), ("unweighted", "the unweighted ensemble"),
                        ("survival", "survival so far only"), ("base_rate", "the base rate")):
        row = summary["scores"][name]
        gain = summary["differences"].get(name)
        rows.append((words, f"{row['brier']:.3f} ({row['brier_low']:.3f}{DASH}{row['brier_high']:.3f})",
                     f"{row['log']:.2f} ({row['log_low']:.2f}{DASH}{row['log_high']:.2f})",
                     "-" if gain is None else f"{gain['brier']:+.3f} ({gain['brier_low']:+.3f} to {gain['brier_high']:+.3f})"))
    return rows


def event_rows(summary: dict) -> list[tuple[str, ...]]:
    """(state, forecasts, whether it happened, each forecaster's Brier score) for the breakdown by event."""
    from ..machine import FRAME_LABELS

    labels = {**FRAME_LABELS, **summary.get("states", {})}
    return [(labels.get(state, state.replace("_", " ").capitalize()), str(row["forecasts"]), "yes" if row["happened"] else "no",
             *(f"{row[name]:.3f}" for name in ("forecast", "unweighted", "survival", "base_rate")))
            for state, row in summary["by_event"].items()]
