"""Backtest: walk the as-of date through a record and score the forecasts of what then happened.

At each as-of date the ensemble is weighted by the record up to that date
(:func:`sim.analysis.forecast.weights`); for every state the record had not yet entered, the
forecast is the chance of entering it by the record's last date, and what happened is whether the
record entered it by then. The baseline is the same ensemble without the record. Both are scored
by the Brier score (the mean squared difference between the chance given and what happened: 0 is
perfect; 0.25 is what a constant 50% earns), with a paired bootstrap interval of the difference
that resamples whole as-of dates (the forecasts of one date share one record, so they are not
independent), and sorted into bins for a reliability chart. Only states that some run of the
ensemble enters by the record's last date are scored (a state no run can reach says nothing about
either forecast). One ensemble serves every as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..machine import machine_of
from ..replay.record import History
from .forecast import (Agreement, Ensemble, Tolerance, agree_warning, day_of, effective_size, entered_by,
                       milestones, recorded_path, share)

DEFAULT_EVERY = 7
BINS = 10
RESAMPLES = 2000
BOOTSTRAP_STREAM = 0x6261636B  # "back"


def as_of_dates(history: History, every: int) -> list[dt.date]:
    """Every ``every`` days from the record's first date, before its last (which leaves nothing to forecast)."""
    dates, date = [], history.first_date
    while date < history.last_date:
        dates.append(date)
        date += dt.timedelta(days=every)
    return dates


@dataclass
class Backtest:
    dates: list[dict]  # one an as-of date: its effective size and its forecasts
    forecasts: list[dict]  # one a (date, state): chance given with and without the record, what happened
    summary: dict


def brier(chances: np.ndarray, happened: np.ndarray) -> float:
    return float(np.mean((chances - happened) ** 2))


def reliability(chances: np.ndarray, happened: np.ndarray, bins: int = BINS) -> list[dict]:
    """Forecasts sorted into ``bins`` equal bins of chance: the mean chance given and how often it happened."""
    index = np.minimum((chances * bins).astype(int), bins - 1)
    return [{"bin": f"{k / bins:.1f}-{(k + 1) / bins:.1f}", "forecasts": int((index == k).sum()),
             "mean_chance": round(float(chances[index == k].mean()), 4),
             "happened": round(float(happened[index == k].mean()), 4)}
            for k in range(bins) if (index == k).any()]


def _gain_interval(forecasts: list[dict], prior: np.ndarray, post: np.ndarray, happened: np.ndarray,
                   seed: int) -> tuple[float, float]:
    """95% interval of the baseline's Brier score less the forecast's, resampling whole as-of dates."""
    dates = sorted({f["as_of"] for f in forecasts})
    group = np.array([dates.index(f["as_of"]) for f in forecasts])
    loss = (prior - happened) ** 2 - (post - happened) ** 2
    sums = np.bincount(group, weights=loss, minlength=len(dates))
    counts = np.bincount(group, minlength=len(dates))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(BOOTSTRAP_STREAM,)))
    picks = rng.integers(0, len(dates), size=(RESAMPLES, len(dates)))
    gains = sums[picks].sum(axis=1) / counts[picks].sum(axis=1)
    low, high = np.percentile(gains, (2.5, 97.5))
    return float(low), float(high)


def backtest(ensemble: Ensemble, history: History, tolerance: Tolerance, every: int = DEFAULT_EVERY,
             seed: int = 0) -> Backtest:
    """Score the forecasts made at each as-of date (see the module's text)."""
    records = ensemble.records
    start = ensemble.loaded.scenario.start_date
    last = day_of(start, history.last_date)
    recorded = {state: day for day, state in recorded_path(history, start, last)}
    flat = np.ones(len(records))
    walk = as_of_dates(history, every)
    agreement = Agreement(records, history, start, [day_of(start, d) for d in walk])
    states = machine_of(ensemble.loaded.scenario).state_names
    dates, forecasts = [], []
    for as_of in walk:
        day = day_of(start, as_of)
        w = agreement.weights(day, tolerance)
        effective = effective_size(w)
        dates.append({"as_of": as_of.isoformat(), "agreeing_runs": int((w > 0).sum()),
                      "effective_sample_size": round(effective, 2),
                      "warning": agree_warning(effective, len(records))})
        if effective <= 0:
            continue
        for state in milestones(history, start, day, states):
            hits = entered_by(records, state, last)
            if not hits.any():
                continue
            forecasts.append({"as_of": as_of.isoformat(), "state": state, "by": history.last_date.isoformat(),
                              "prior": round(share(hits, flat).value, 4), "posterior": round(share(hits, w).value, 4),
                              "happened": int(state in recorded)})
    summary = {"every_days": every, "as_of_dates": dates, "forecasts": len(forecasts)}
    if forecasts:
        prior = np.array([f["prior"] for f in forecasts])
        post = np.array([f["posterior"] for f in forecasts])
        happened = np.array([f["happened"] for f in forecasts], dtype=float)
        low, high = _gain_interval(forecasts, prior, post, happened, seed)
        summary.update({
            "brier_forecast": round(brier(post, happened), 4), "brier_baseline": round(brier(prior, happened), 4),
            "improvement": round(brier(prior, happened) - brier(post, happened), 4),
            "improvement_low": round(float(low), 4), "improvement_high": round(float(high), 4),
            "reliability_forecast": reliability(post, happened), "reliability_baseline": reliability(prior, happened),
        })
    return Backtest(dates, forecasts, summary)
