"""forecast: the ensemble conditioned on the record up to a date, read forward; and its backtest."""

from __future__ import annotations

import datetime as dt
import math
from typing import List, Optional

import typer

from . import app
from .common import (JobsOption, SchedulerOption, SeedOption, console, fail, load_or_exit,
                     output_folder, plain, progress, history_or_exit, tell, workers_or_exit)
from .sensitivity import inputs_or_exit

DEFAULT_AHEAD = (14, 30, 90)  # days after the as-of date at which milestones are counted, without --by


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail([f"{option} {text}: not a date; write YYYY-MM-DD, e.g. 2025-03-01"]) from None


def check_dates(history, scenario, as_of: dt.date | None, by: list[dt.date]) -> None:
    """The as-of date inside the record, every --by date after it and inside the horizon; else exit 2."""
    end = scenario.start_date + dt.timedelta(days=scenario.horizon_days)
    if as_of is not None and not history.first_date <= as_of <= history.last_date:
        raise fail([f"--as-of {as_of}: outside the record ({history.first_date} to {history.last_date}); give a date "
                    "the record covers, or add rows up to it"])
    if as_of is not None and as_of >= end:
        raise fail([f"--as-of {as_of}: at or past the scenario's horizon ({end}); nothing is left to forecast"])
    for date in by:
        if as_of is not None and not as_of < date <= end:
            raise fail([f"--by {date}: give a date after the as-of date ({as_of}) and by the horizon ({end})"])


def record_or_exit(loaded, record: str, as_of: str | None, by: list[str]):
    """(the record, the as-of date or None, the dates to count milestones by), checked against the
    scenario; or exit 2 with each problem located, before any run."""
    scenario = loaded.scenario
    history = history_or_exit(record, scenario)
    start_day = _date(as_of, "--as-of") if as_of is not None else None
    ahead = [_date(text, "--by") for text in by]
    check_dates(history, scenario, start_day, ahead)
    if start_day is not None and not ahead:
        end = scenario.start_date + dt.timedelta(days=scenario.horizon_days)
        ahead = sorted({min(start_day + dt.timedelta(days=d), end) for d in DEFAULT_AHEAD})
    return history, start_day, ahead


def _table(summary: dict) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..words.numbers import about
    from ..words.forecast import (agreement, day, headline, input_sentences, milestone_rows, outcome_rows,
                                  unmatched_lines)

    console.print(headline(summary), markup=False)
    console.print(agreement(summary), markup=False)
    if summary["warning"]:
        tell(f"warning: {summary['warning']}")
    if summary["effective_sample_size"] <= 0:
        tell("The facts no run matches:")
        for line in unmatched_lines(summary):
            tell(f"- {line}")
        return  # no forecast: the ensemble without the record is never shown in its place
    weeks = "; ".join(f"{day(step['date'])} {about(step['effective_after_move'])}" + (" (inputs moved)" if step["moved"] else "")
                      for step in summary["walk"])
    console.print(f"Effective sample size, week by week: {weeks}.", markup=False)
    ends = Table(title=f"How it ends: {plain(summary['scenario'])}")
    for column in ("outcome", "before the record", "given the record"):
        ends.add_column(column, justify="left" if column == "outcome" else "right")
    for row in outcome_rows(summary):
        ends.add_row(*row)
    console.print(ends)

    ahead = Table(title=f"Next milestones after {day(summary['as_of'])}")
    ahead.add_column("milestone")
    for date in summary["by"]:
        ahead.add_column(f"by {day(date)}", justify="right")
    ahead.add_column("by the horizon", justify="right")
    ahead.add_column("likely date (10-90%)", justify="right")
    for row in milestone_rows(summary):
        ahead.add_row(*row)
    console.print(ahead)
    sentences = input_sentences(summary)
    if sentences:
        console.print("What the record says about the assumptions:", markup=False)
        for sentence in sentences:
            console.print(f"- {sentence}", markup=False)


def _backtest_table(summary: dict) -> None:
    from rich.table import Table  # only when a table is drawn: a fast start

    from ..words.forecast import backtest_sentence, baseline_rows, day, event_rows

    table = Table(title="Backtest: the record's weight at each as-of date")
    for column in ("as of", "runs agreeing", "effective sample size", "inputs moved"):
        table.add_column(column, justify="right")
    for row in summary["as_of_dates"]:
        table.add_row(day(row["as_of"]), f"{row['agreeing_runs']:,}", f"{row['effective_sample_size']:.0f}",
                      f"yes (from {row['effective_before_move']:.0f})" if row["moved"] else "no")
    console.print(table)
    if summary.get("forecasts"):
        scores = Table(title="Scores of the forecasts (lower is better; 95% ranges)")
        for column in ("forecast", "Brier score", "log score", "Brier, less the forecast's"):
            scores.add_column(column, justify="left" if column == "forecast" else "right")
        for row in baseline_rows(summary):
            scores.add_row(*row)
        console.print(scores)
        events = Table(title="Brier score by event (each the chance of entering a state by the record's last date)")
        for column in ("event", "forecasts", "happened", "given the record", "unweighted", "survival so far",
                       "base rate"):
            events.add_column(column, justify="left" if column == "event" else "right")
        for row in event_rows(summary):
            events.add_row(*row)
        console.print(events)
    console.print(backtest_sentence(summary), markup=False)


OUTSIDE = 3  # exit code when the record lies outside the scenario (no run agrees): no forecast to give


def ensemble_or_exit(loaded, runs: int, points: int | None, seed: int | None, jobs, scheduler):
    """(the prior ensemble, a runner for the walk's new generations): the one way `forecast` and `brief`
    build the forecast's runs, the uncertain inputs included, so that both give the same numbers."""
    from ..analysis.forecast import point_count, prior, runner_on

    scenario = loaded.scenario
    # The days simulated are no assumption about the world: every run keeps the scenario's horizon.
    inputs = [item for item in (inputs_or_exit(loaded, None) if scenario.uncertain else [])
              if item.path != ("horizon_days",)]
    count = point_count(runs, points, inputs)
    if runs < count:
        raise fail([f"--runs {runs}: give at least one run a design point ({count:,} points)"])
    seed = scenario.seed if seed is None else seed
    runner = runner_on(lambda total: workers_or_exit(jobs, scheduler, total),
                       lambda items, total: progress(items, total, "running"))
    return prior(loaded, inputs, count, runs // count, seed, runner), runner


@app.command()
def forecast(
    file: str = typer.Argument(..., help="Scenario file (YAML).", show_default=False),
    record: str = typer.Argument(..., help="Record of what happened (CSV; see docs/records.md).", show_default=False),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", show_default=False,
                                        help="Forecast from the end of this day (YYYY-MM-DD), with the record up to it."),
    by: Optional[List[str]] = typer.Option(None, "--by", metavar="DATE", show_default=False,
                                           help="Count each next milestone by this date (repeat for several; "
                                                "default: 14, 30 and 90 days after the as-of date)."),
    runs: int = typer.Option(2000, "--runs", "-n", min=1, max=1_000_000,
                             help="Replications in the ensemble, spread evenly over the design points."),
    points: Optional[int] = typer.Option(None, "--points", min=1, max=10_000, show_default=False,
                                         help="Design points over the uncertain inputs (default: runs/20, at most "
                                              "200; 1 point without an `uncertain:` block)."),
    tolerance: float = typer.Option(0.2, "--tolerance", show_default=True,
                                    help="How far a recorded count (a total released, trucks, incidents) may be off: "
                                         "the standard deviation of its error, as a share of it, plus one (0 to 5)."),
    days: int = typer.Option(3, "--days", min=0, max=60,
                             help="How many days a recorded date (a change of state, talks, a halt) may be off."),
    reliability: float = typer.Option(1.0, "--reliability", show_default=True,
                                      help="The chance that a report is right, for rows without their own "
                                           "`reliability` (1: a run that contradicts a fact is ruled out; 0.95: "
                                           "it keeps 5% of its weight)."),
    go_on: bool = typer.Option(False, "--go-on",
                               help="When no run agrees with the record, say so and exit 0 instead of 3 (there is "
                                    "still no forecast to give)."),
    backtest: bool = typer.Option(False, "--backtest",
                                  help="Walk the as-of date through the record and score the forecasts (Brier "
                                       "score, reliability chart) against the ensemble without the record."),
    every: int = typer.Option(7, "--every", min=1, max=365, help="--backtest: days between as-of dates."),
    seed: Optional[int] = SeedOption,
    out: Optional[str] = typer.Option(None, "--out", "-o",
                                      help="Folder for forecast.json, forecast.csv and forecast.png (with --backtest: "
                                           "also backtest.csv and reliability.png)."),
    jobs: Optional[int] = JobsOption,
    scheduler: Optional[str] = SchedulerOption,
) -> None:
    """Forecast from a date: weigh the runs by every fact the record holds up to it, and read on.

    Each run's weight is the product, over every fact dated up to --as-of
    (changes of state, totals released, talks begun, broken down or not
    begun, releases postponed, halves held back, aid halted or resumed,
    trucks, incidents), of how likely the fact is given the run: dates may be
    off by --days, counts by --tolerance, a report is right with chance
    --reliability. The uncertain inputs are resampled and moved whenever the
    effective sample falls below half the runs. Reports the chance of each end
    and next milestone by date, before and given the record, with 95% ranges,
    and the effective sample size at each week. When no run agrees, it names
    the facts no run matches, gives no forecast and exits 3 (0 with --go-on).

    Example: `ceasefire-sim forecast scenarios/agreement-2025-01.yaml scenarios/records/record-2025-01-to-03.csv --as-of 2025-02-09 --by 2025-03-18 --runs 2000 --out results/forecast/`
    """
    from ..analysis.backtest import backtest as score
    from ..analysis.forecast import csv_rows, provenance
    from ..analysis.forecast import forecast as read_forward
    from ..analysis.sensitivity import sensitivity_csv
    from ..replay.facts import Observation
    from ..results.files import summary_json, write_atomic

    if not math.isfinite(tolerance) or not 0 <= tolerance <= 5:
        raise fail([f"--tolerance {tolerance}: give a share from 0 to 5 (0.2: a count's error is about 20% of it)"])
    if not 0 <= reliability <= 1:
        raise fail([f"--reliability {reliability}: give a chance from 0 to 1 (1: every report is right)"])
    if as_of is None and not backtest:
        raise fail(["forecast: give --as-of DATE (the day to forecast from), or --backtest"])
    (loaded,) = load_or_exit([file])
    scenario = loaded.scenario
    history, start_day, ahead = record_or_exit(loaded, record, as_of, by or [])
    model = Observation(tolerance, days, reliability)
    with output_folder(out) as folder:
        ensemble, runner = ensemble_or_exit(loaded, runs, points, seed, jobs, scheduler)
        result = None
        if start_day is not None:
            result = read_forward(ensemble, history, start_day, ahead, model, runner)
            _table(result.summary)
        tested = score(ensemble, history, model, every, ensemble.seed, runner) if backtest else None
        if tested is not None:
            _backtest_table(tested.summary)
        if folder:
            from ..charts.forecast import forecast_chart, reliability_chart
            from ..words.forecast import backtest_sentence, day

            document = dict(result.summary) if result else provenance(ensemble, history)
            if tested is not None:
                document["backtest"] = {**tested.summary, "scored": tested.forecasts}
                sources = [source.title for source in scenario.sources] + [
                    f"the record, {day(history.first_date.isoformat())} to {day(history.last_date.isoformat())}"]
                reliability_chart(tested.summary, backtest_sentence(tested.summary), sources,
                                  folder.path("reliability.png"))
                if tested.forecasts:
                    write_atomic(folder.path("backtest.csv"), sensitivity_csv(tested.forecasts))
            if result is not None and result.agreed:
                forecast_chart(result, folder.path("forecast.png"))
                write_atomic(folder.path("forecast.csv"), sensitivity_csv(csv_rows(result.summary)))
            write_atomic(folder.path("forecast.json"), summary_json(document))
    for path in folder.written if folder else []:
        console.print(f"wrote {path}", markup=False)
    if result is not None and not result.agreed and not go_on:
        raise typer.Exit(OUTSIDE)
