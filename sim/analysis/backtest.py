"""Backtest: walk the as-of date through a record and score the forecasts of what then happened.

At each as-of date (every ``every`` days from the record's first date) the forecast is the one
:func:`sim.analysis.forecast.forecast` gives from that date: the walk's generation in force then,
weighted by every fact dated up to it and by nothing later. For every state the record had not yet
entered, it gives the chance of entering it by the record's last date; what happened is whether the
record entered it by then. Three baselines face it on the same forecasts:

- **the unweighted ensemble**: the prior runs, every one counted;
- **survival so far**: the prior runs still in a ceasefire at the end of the as-of day, and nothing
  else of the record;
- **the base rate**: one chance for every forecast, the share of all scored forecasts whose event
  happened (known only afterwards, so a hard baseline to beat).

Each is scored by the Brier score (the mean squared difference between the chance given and what
happened: 0 is perfect; 0.25 is what a constant 50% earns) and the log score (the mean of
``-ln`` of the chance given to what happened, chances kept within 0.1%-99.9%: lower is better), each
with a 95% interval, and the differences from the forecast with paired bootstrap intervals that
resample whole as-of dates (the forecasts of one date share one record, so they are not
independent). A date where no run agrees with the record gives no forecast: it is counted and said,
never scored with the unweighted ensemble in its place. Only states that some prior run enters by the
record's last date are scored (a state no run can reach says nothing about any forecast).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from ..machine import machine_of
from ..replay.facts import Evidence, Observation, Trace
from ..replay.record import History, Row
from .forecast import (Ensemble, Runner, agree_warning, day_of, deal_words, effective_size, entered_by, milestones,
                       recorded_path, share, unmatched_facts, walk)

DEFAULT_EVERY = 7
BINS = 10
RESAMPLES = 2000
BOOTSTRAP_STREAM = 0x6261636B  # "back"
CLIP = 0.001  # the log score keeps chances within CLIP and 1 - CLIP
FORECASTERS = ("forecast", "unweighted", "survival", "base_rate")
WORDS = {"forecast": "given the record", "unweighted": "the unweighted ensemble",
         "survival": "survival so far only", "base_rate": "the base rate"}


def as_of_dates(history: History, every: int) -> list[dt.date]:
    """Every ``every`` days from the record's first date, before its last (which leaves nothing to forecast)."""
    dates, date = [], history.first_date
    while date < history.last_date:
        dates.append(date)
        date += dt.timedelta(days=every)
    return dates


@dataclass
class Backtest:
    dates: list[dict]  # one an as-of date: its effective size, whether it gave a forecast
    forecasts: list[dict]  # one a (date, state): the chance each forecaster gave, what happened
    summary: dict


def brier(chances: np.ndarray, happened: np.ndarray) -> float:
    return float(np.mean((chances - happened) ** 2))


def log_loss(chances: np.ndarray, happened: np.ndarray) -> np.ndarray:
    """Each forecast's log score: -ln of the chance it gave to what happened (chances clipped)."""
    p = np.clip(chances, CLIP, 1 - CLIP)
    return -np.where(happened > 0, np.log(p), np.log(1 - p))


def reliability(chances: np.ndarray, happened: np.ndarray, bins: int = BINS) -> list[dict]:
    """Forecasts sorted into ``bins`` equal bins of chance: the mean chance given and how often it happened."""
    index = np.minimum((chances * bins).astype(int), bins - 1)
    return [{"bin": f"{k / bins:.1f}-{(k + 1) / bins:.1f}", "forecasts": int((index == k).sum()),
             "mean_chance": round(float(chances[index == k].mean()), 4),
             "happened": round(float(happened[index == k].mean()), 4)}
            for k in range(bins) if (index == k).any()]


def _resamples(groups: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BOOTSTRAP_STREAM,)))
    return rng.integers(0, groups, size=(RESAMPLES, groups))


def _interval(loss: np.ndarray, group: np.ndarray, picks: np.ndarray) -> tuple[float, float]:
    """95% interval of the mean of ``loss``, resampling whole groups (as-of dates)."""
    groups = picks.shape[1]
    sums = np.bincount(group, weights=loss, minlength=groups)
    counts = np.bincount(group, minlength=groups)
    means = sums[picks].sum(axis=1) / np.maximum(counts[picks].sum(axis=1), 1)
    low, high = np.percentile(means, (2.5, 97.5))
    return float(low), float(high)


def scores(forecasts: list[dict], seed: int) -> dict:
    """Every forecaster's Brier and log scores with intervals, the differences from the forecast, the
    breakdown by event and the reliability of the forecast and of the unweighted ensemble."""
    happened = np.array([f["happened"] for f in forecasts], dtype=float)
    dates = sorted({f["as_of"] for f in forecasts})
    group = np.array([dates.index(f["as_of"]) for f in forecasts])
    picks = _resamples(len(dates), seed)
    chance = {name: np.array([f[name] for f in forecasts]) for name in FORECASTERS}
    loss = {name: {"brier": (chance[name] - happened) ** 2, "log": log_loss(chance[name], happened)}
            for name in FORECASTERS}
    out: dict = {"scores": {}, "differences": {}, "by_event": {}}
    for name in FORECASTERS:
        row = {}
        for kind, values in loss[name].items():
            low, high = _interval(values, group, picks)
            row.update({kind: round(float(values.mean()), 4), f"{kind}_low": round(low, 4), f"{kind}_high": round(high, 4)})
        out["scores"][name] = row
    for name in FORECASTERS[1:]:
        row = {}
        for kind in ("brier", "log"):
            gain = loss[name][kind] - loss["forecast"][kind]  # above 0: the forecast does better
            low, high = _interval(gain, group, picks)
            row.update({kind: round(float(gain.mean()), 4), f"{kind}_low": round(low, 4), f"{kind}_high": round(high, 4)})
        out["differences"][name] = row
    for state in dict.fromkeys(f["state"] for f in forecasts):
        mine = np.array([f["state"] == state for f in forecasts])
        out["by_event"][state] = {"forecasts": int(mine.sum()), "happened": int(happened[mine].max()),
                                  **{name: round(float(loss[name]["brier"][mine].mean()), 4) for name in FORECASTERS}}
    out["reliability_forecast"] = reliability(chance["forecast"], happened)
    out["reliability_baseline"] = reliability(chance["unweighted"], happened)
    return out


def backtest(ensemble: Ensemble, history: History, model: Observation, every: int = DEFAULT_EVERY,
             seed: int = 0, runner: Runner | None = None) -> Backtest:
    """Score the forecasts made at each as-of date (see the module's text)."""
    records = ensemble.records
    start = ensemble.loaded.scenario.start_date
    last = day_of(start, history.last_date)
    recorded = {state: day for day, state in recorded_path(history, start, last)}
    flat = np.ones(len(records))
    states = machine_of(ensemble.loaded.scenario).state_names
    words = deal_words(machine_of(ensemble.loaded.scenario))
    ended = np.array([trace.terminal_day for trace in ensemble.traces])
    walked = as_of_dates(history, every)
    generations, steps = walk(ensemble, history, [day_of(start, d) for d in walked], model, runner)
    dates, forecasts = [], []
    evidence_of: dict[int, Evidence] = {}
    for as_of, current, step in zip(walked, generations, steps):
        day = step.day
        if current.generation not in evidence_of:
            evidence_of[current.generation] = Evidence(current.traces, history, start, model)
        evidence = evidence_of[current.generation]
        w = evidence.weights(day) * current.run_importance()
        effective = effective_size(w)
        unmatched = unmatched_facts(evidence, day, words) if effective <= 0 else []
        dates.append({"as_of": as_of.isoformat(), "agreeing_runs": int(evidence.agreeing(day).sum()),
                      "effective_sample_size": round(effective, 2), "moved": step.moved,
                      "effective_before_move": round(step.effective, 2), "generation": current.generation,
                      "forecast": effective > 0, "warning": agree_warning(effective, len(current.records), unmatched)})
        if effective <= 0:
            continue
        alive = ended > day + 1 - 1e-9
        for state in milestones(history, start, day, states):
            hits = entered_by(records, state, last)
            if not hits.any():
                continue
            forecasts.append({
                "as_of": as_of.isoformat(), "state": state, "by": history.last_date.isoformat(),
                "forecast": round(share(entered_by(current.records, state, last), w).value, 4),
                "unweighted": round(share(hits, flat).value, 4),
                "survival": round(share(hits, alive.astype(float)).value, 4) if alive.any() else round(share(hits, flat).value, 4),
                "happened": int(state in recorded)})
    if forecasts:
        rate = float(np.mean([f["happened"] for f in forecasts]))
        for f in forecasts:
            f["base_rate"] = round(rate, 4)
    summary = {"every_days": every, "as_of_dates": dates, "forecasts": len(forecasts),
               "dates_without_forecast": sum(not d["forecast"] for d in dates),
               "observation": {"share": model.share, "days": model.days, "reliability": model.reliability}}
    if forecasts:
        summary.update(scores(forecasts, seed))
    return Backtest(dates, forecasts, summary)


def synthetic_record(truth: Trace, start: dt.date, until: int) -> History:
    """A record of what one run did up to the end of day ``until``, in the record's own rows: its changes
    of state, its releases, its talks begun and broken down, its aid halted. A truth drawn from the
    scenario, for the calibration check."""
    rows: list[Row] = []

    def add(day: float, event: str, **fields) -> None:
        rows.append(Row(0, start + dt.timedelta(days=math.floor(day)), event, source="synthetic", **fields))

    for when, state in truth.entries:
        add(when, "hostilities_resumed" if state == "collapsed" else "phase", state=state)
    for when, living, remains, prisoners, bodies in truth.releases:
        if living or remains or prisoners:
            add(when, "release", hostages=living, remains=remains, prisoners=prisoners,
                given=frozenset({"hostages", "remains", "prisoners"}))
    for when in truth.talks_begun:
        add(when, "talks_begun")
    for when in truth.talks_broken_down:
        add(when, "talks_broken_down")
    for _, end in truth.aid_intervals:
        if end < truth.terminal_day:
            add(end, "aid_halted")
    kept = sorted((row for row in rows if (row.date - start).days <= until), key=lambda row: row.date)
    numbered = tuple(Row(line, *[getattr(row, name) for name in Row.__dataclass_fields__ if name != "line"])
                     for line, row in enumerate(kept, start=2))
    return History("synthetic", "", numbered)


def calibration(ensemble: Ensemble, truths: list[Trace], day: int, ahead: int, model: Observation,
                what: int = 3) -> dict:
    """Does the weighting mean what it says? For each truth (a run drawn from the scenario, apart from the
    ensemble), its record up to ``day`` weighs the ensemble, and the weighted 10-90% range of a count
    released by ``day + ahead`` (``what``: 1 living hostages, 2 bodies, 3 prisoners) is set against what
    the truth released. Calibrated weighting holds the truth in its 80% range about 80% of the time.

    Counts are whole numbers, so many runs tie with the truth: the check reads the randomised
    probability integral transform (where the truth falls in the weighted distribution, a tie
    placed uniformly within the weight of the runs equal to it), which is uniform exactly when the
    weighting is calibrated; "inside the 80% range" is that place lying between 0.1 and 0.9."""
    start = ensemble.loaded.scenario.start_date
    rng = np.random.default_rng(np.random.SeedSequence(ensemble.seed, spawn_key=(BOOTSTRAP_STREAM, 1)))
    ran = np.array([sum(r[what] for r in t.releases if r[0] < day + ahead + 1) for t in ensemble.traces], dtype=float)
    inside = no_forecast = 0
    for truth in truths:
        history = synthetic_record(truth, start, day)
        if not history.rows:
            no_forecast += 1
            continue
        w = Evidence(ensemble.traces, history, start, model).weights(day) * ensemble.run_importance()
        if effective_size(w) <= 0:
            no_forecast += 1
            continue
        actual = sum(r[what] for r in truth.releases if r[0] < day + ahead + 1)
        below, upto = float(w[ran < actual].sum()) / w.sum(), float(w[ran <= actual].sum()) / w.sum()
        place = below + rng.random() * (upto - below)
        inside += int(0.1 <= place <= 0.9)
    scored = len(truths) - no_forecast
    return {"truths": len(truths), "scored": scored, "no_forecast": no_forecast,
            "coverage_80": round(inside / scored, 4) if scored else None}
