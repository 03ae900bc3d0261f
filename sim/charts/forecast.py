"""The forecast chart and the backtest's reliability chart.

The forecast: living people held released (in the deal's words), the record as a black step line up to the as-of date
and the weighted ensemble's fan (10-90%, median) after it, the unconditioned ensemble's band
dashed for contrast; below, the chance that each next milestone is reached by each date, with
and without the record. The reliability chart: forecasts binned by the chance they gave, against
how often the event happened, for the conditioned forecasts and the baseline.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..analysis.forecast import Forecast, day_of, fan, milestone_curves
from ..machine import machine_of
from ..replay.fit import observed
from ..words.forecast import day as date_words
from ..words.forecast import headline
from ..words.numbers import about, calendar
from .base import spread
from .style import SERIES_COLOURS, dated_axis, day_numbers, figure, footer, save, state_colour

RECORD_COLOUR = "#000000"
AHEAD_DAYS = 120  # how far the chart looks past the as-of date
SHOWN = 0.02  # a milestone is drawn when its chance by the chart's end reaches this


def forecast_chart(result: Forecast, path: str) -> None:
    """Draw the forecast and save it to ``path`` (PNG, SVG or PDF)."""
    save(forecast_figure(result), path)


def forecast_figure(result: Forecast):
    """The forecast's figure: the record and the fan above, the next milestones below."""
    summary = result.summary
    ensemble = result.ensemble
    scenario = ensemble.loaded.scenario
    start = scenario.start_date
    as_of = summary["as_of_day"]
    first = day_of(start, result.history.first_date)
    last = min(scenario.horizon_days, as_of + AHEAD_DAYS)
    if not result.agreed:
        raise ValueError("no run agrees with the record: there is no forecast to draw")
    w = result.weights
    prior_runs = result.prior
    fig, (top, bottom) = figure(headline(summary),
                                f"{summary['runs']:,} runs of {scenario.name} and its uncertain inputs, weighted by "
                                f"every fact of the record up to {date_words(summary['as_of'])} (effective sample size "
                                f"{about(summary['effective_sample_size'])}). Band: 10-90% of the weighted runs; "
                                "dashed: the runs without the record (which also counts what the record rules out before it).",
                                size=(10.5, 8.4), nrows=2, sharex=True,
                                gridspec_kw={"height_ratios": [3, 2.4], "hspace": 0.3})
    fig.subplots_adjust(top=1 - (fig.header + 0.3) / 8.4, bottom=0.14, left=0.08, right=0.8)
    sources = [s.title for s in scenario.sources] + [
        f"the record, {calendar(result.history.first_date, 0)} to {calendar(result.history.last_date, 0)}"]

    seen_days = np.arange(first, as_of + 1, dtype=float)
    seen = observed(result.history, start, seen_days)["hostages_released"]
    top.step(day_numbers(start, seen_days), seen, where="post", color=RECORD_COLOUR, linewidth=2,
             label=f"record to {date_words(summary['as_of'])}")
    after = fan(ensemble, w, as_of, last)
    prior = fan(prior_runs, np.ones(len(prior_runs.records)), as_of, last)
    x = day_numbers(start, after["days"])
    colour = SERIES_COLOURS[0]
    top.fill_between(x, after[0.1], after[0.9], step="post", color=colour, alpha=0.25, linewidth=0,
                     label="forecast, 10-90%")
    top.step(x, after[0.5], where="post", color=colour, linewidth=1.6, label="forecast, median")
    for q in (0.1, 0.9):
        top.step(x, prior[q], where="post", color="#777777", linewidth=0.9, linestyle="--",
                 label="without the record, 10-90%" if q == 0.1 else None)
    released = f"{machine_of(scenario).words.living.capitalize()} released"
    top.set_ylabel(released)
    top.set_ylim(bottom=0)
    top.set_title(f"{released}, in all", loc="left", fontsize=10)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)

    days = np.arange(as_of, last + 1, dtype=float)
    states = [row["state"] for row in summary["milestones"]]
    posterior = milestone_curves(ensemble, w, states, days)
    unconditioned = milestone_curves(prior_runs, np.ones(len(prior_runs.records)), states, days)
    drawn = [s for s in states if posterior[s][-1] >= SHOWN]
    machine = machine_of(ensemble.loaded.scenario)
    for state in drawn:
        top_colour = state_colour(state, machine)
        bottom.plot(day_numbers(start, days), posterior[state] * 100, color=top_colour, linewidth=1.8)
        bottom.plot(day_numbers(start, days), unconditioned[state] * 100, color=top_colour, linewidth=0.9,
                    linestyle="--")
    ends = spread([float(posterior[s][-1] * 100) for s in drawn], gap=6.0)
    for state, y in zip(drawn, ends):
        bottom.annotate(f"{machine.labels[state]} {posterior[state][-1]:.0%}", (day_numbers(start, [days[-1]])[0], y),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=8,
                        color=state_colour(state, machine) if state != "truce" else "#7a7000", annotation_clip=False)
    bottom.set_ylim(0, 100)
    bottom.set_ylabel("Chance reached by the date (%)")
    bottom.set_title("Next milestones: solid given the record, dashed without it; "
                     f"at right, the chance by {calendar(start, last)}", loc="left", fontsize=10)
    for row, date in enumerate(summary["by"]):  # each label a line lower than the last: never over each other
        when = day_numbers(start, [day_of(start, dt.date.fromisoformat(date)) + 1])[0]
        if when <= day_numbers(start, [last])[0]:
            bottom.axvline(when, color="#777777", linewidth=0.8, linestyle=":")
            bottom.annotate(f"by {date_words(date)}", (when, 0.98 - 0.09 * row), xycoords=("data", "axes fraction"),
                            xytext=(3, 0), textcoords="offset points", ha="left", va="top", fontsize=8,
                            color="#333333")
    for ax in (top, bottom):
        ax.axvline(day_numbers(start, [as_of + 1])[0], color="#333333", linewidth=0.8, linestyle=":")
    top.annotate(f"as of {date_words(summary['as_of'])}", (day_numbers(start, [as_of + 1])[0], 0.98),
                 xycoords=("data", "axes fraction"), xytext=(-4, 0), textcoords="offset points", ha="right",
                 va="top", fontsize=8)
    dated_axis(bottom)
    footer(fig, sources)
    return fig


def reliability_chart(summary: dict, title: str, sources: list[str], path: str) -> None:
    """Forecasts binned by the chance given, against how often it happened: given the record and without it."""
    fig, ax = figure(title, f"{summary['forecasts']} forecasts at {len(summary['as_of_dates'])} as-of dates, each the "
                     "chance of a milestone by the record's last date. Dot area: forecasts in the bin. On the "
                     "diagonal, a forecast means what it says.", size=(8, 6.6))
    fig.subplots_adjust(top=1 - (fig.header + 0.1) / 6.6, bottom=0.16, left=0.11, right=0.7)
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.8, linestyle=":")
    for key, label, colour, marker, name in (
            ("reliability_forecast", "given the record", SERIES_COLOURS[0], "o", "forecast"),
            ("reliability_baseline", "unweighted runs", "#777777", "s", "unweighted")):
        bins = summary.get(key, [])
        ax.plot([b["mean_chance"] for b in bins], [b["happened"] for b in bins], color=colour, linewidth=1,
                marker=marker, markersize=0, label=None)
        ax.scatter([b["mean_chance"] for b in bins], [b["happened"] for b in bins],
                   s=[20 + 8 * b["forecasts"] for b in bins], color=colour, marker=marker, alpha=0.7,
                   label=f"{label} (Brier {summary['scores'][name]['brier']:.3f})" if bins else None)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("Chance given")
    ax.set_ylabel("Share that happened")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
    footer(fig, sources)
    save(fig, path)
