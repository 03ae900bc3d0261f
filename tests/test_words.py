"""Reader-facing words: rounding to what the interval supports, dates, and claims only the intervals back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pytest

from sim.analysis.compare import METRICS, Cell, Comparison, Row
from sim.words.findings import NO_CLEAR_DIFFERENCE, Findings
from sim.words.numbers import amount_range, calendar, change, clear, points, share_range

from .conftest import PROPOSAL, SHIPPED


def test_figures_are_rounded_to_what_their_interval_supports():
    assert share_range(0.2834, 0.2512, 0.3133) == "28% (25–31%)"
    assert share_range(0.2834, 0.2801, 0.2866) == "28.3% (28.0–28.7%)"  # narrower than four points: tenths
    assert amount_range(26856.1, 25103.9, 28893.7) == "26,900 (25,100–28,900)"
    assert amount_range(684.9, 643.5, 729.5) == "680 (640–730)"
    assert points(-0.2112, -0.2412, -0.1805) == "21 points lower (18–24)"
    assert change(-5633.5, -6668.8, -4633.4, more="more", less="fewer") == "5,600 fewer (4,600–6,700)"
    assert calendar(dt.date(2024, 5, 31), 61.3) == "31 Jul 2024"


@dataclass
class FakeRuns:
    """Just what the words read of a scenario's runs: its name, start date, horizon and run count."""

    name: str
    count: int = 1000
    scenario: object = field(default_factory=lambda: type("S", (), {"start_date": dt.date(2024, 5, 31),
                                                                   "horizon_days": 365})())

    def __len__(self) -> int:
        return self.count


def constructed(difference: tuple[float, float, float]) -> Findings:
    """Findings over two scenarios whose every figure is 0.3 (0.27-0.33), the second differing from the
    first by ``difference`` (value, low, high) in the share that completes."""
    rows = []
    for metric in METRICS:
        first = Cell(0.3, 0.27, 0.33, date="2024-07-31" if metric.kind == "day" else None)
        other = Cell(0.3, 0.27, 0.33, 0.0, -0.02, 0.02)
        if metric.key == "ended:completed":
            value, low, high = difference
            other = Cell(0.3 + value, 0.27 + value, 0.33 + value, value, low, high)
        rows.append(Row(metric, (first, other)))
    runs = [FakeRuns("Baseline"), FakeRuns("Variant")]
    return Findings(runs, Comparison(tuple(runs), tuple(rows), 1000, 0.95))


def test_a_difference_is_claimed_only_when_its_interval_excludes_zero():
    supported = constructed((0.21, 0.18, 0.24))
    assert "21 points higher (18–24) than under Baseline" in supported.bottom_line()[1]
    assert supported.difference(supported_figure(), 1) == "21 points higher (18–24)"
    assert "Variant raises the share that completes all three phases from 30% to 51%" == supported.title("outcomes")

    noise = constructed((0.02, -0.01, 0.05))
    sentence = noise.bottom_line()[1]
    assert NO_CLEAR_DIFFERENCE in sentence and "higher" not in sentence and "lower" not in sentence
    assert noise.difference(supported_figure(), 1) == NO_CLEAR_DIFFERENCE
    assert noise.title("outcomes").startswith("The share that completes all three phases is about the same")
    # every other row differs by (-0.02, 0.02): never claimed
    assert all(cells[1][1] == NO_CLEAR_DIFFERENCE for _, cells in noise.table().rows if cells[1][1] != "–")
    assert clear(0.001, 0.2) and clear(-0.2, -0.001) and not clear(-0.001, 0.2) and not clear(0.0, 0.0)


def supported_figure():
    from sim.words.findings import KEY_FIGURES

    return KEY_FIGURES[0]


def test_assumptions_are_found_on_their_lines_and_said_in_words(tmp_path):
    from sim.scenario import load
    from sim.scenario.assumptions import marked
    from sim.words.assumptions import assumptions_of

    said = assumptions_of(load(str(PROPOSAL)))
    assert "Chance that Hamas accepts: 70%" in said
    assert "Days allowed for both parties to accept: 60 (two months for both answers)" in said
    assert any(s.startswith("Tension at which the ceasefire breaks: 6") for s in said)  # "incidents: # ASSUMPTION throughout"
    assert not any("_" in s or "." in s.split(":")[0] for s in said)  # words, never key paths
    variant = tmp_path / "v.yaml"
    variant.write_text(f"version: 1\nextends: {PROPOSAL}\nname: V\n"
                       "# ASSUMPTION: a guess for the whole block below\n"
                       "talks:\n  breakdown_hazard_per_day: 0.02\n  start_day: 10\n\n"
                       "aid:\n  fulfilment: 0.9   # a figure the sources give\n"
                       "  target_trucks_per_day: 500   # count ASSUMPTION\n")
    found = {a.path: a for a in marked(str(variant))}
    assert set(found) == {("talks", "breakdown_hazard_per_day"), ("talks", "start_day"),
                          ("aid", "target_trucks_per_day")}
    assert found[("talks", "start_day")].reason == "a guess for the whole block below"
    assert found[("aid", "target_trucks_per_day")].reason == ""


def test_drivers_state_each_effect_with_its_range_and_say_noise_is_noise(proposal):
    from sim.analysis.drivers import Swing
    from sim.analysis.variants import uncertain_inputs
    from sim.words.drivers import Drivers

    named = {i.name: i for i in uncertain_inputs(proposal)}
    first, second, third = (named[path] for path in ("acceptance.parties[0].day.uniform[1]", "acceptance.parties[1].accepts",
                                                      "phases.phase_one.exchanges.remains_per_batch"))
    runs = type("R", (), {"loaded": proposal, "name": proposal.scenario.name})()
    drivers = Drivers(runs, (Swing(first, 0.4, 0.1, -0.3, -0.36, -0.24), Swing(second, 0.3, 0.31, 0.01, -0.02, 0.04),
                             Swing(third, 0.3, 0.3, 0.0, 0.0, 0.0)), 200)
    said = drivers.sentences()
    assert said[0].startswith("Day on which Israel accepts, high end of its range: from 7 to 21, the share of runs "
                              "that complete all three phases goes from 40% to 10%, 30 points lower (24–36)")
    assert said[1] == ("Of the 3 uncertain figures tried, 1 moves it beyond noise; the other 2 move it by less than "
                       "200 runs at each value can tell apart, or not at all.")
    assert drivers.title().startswith("Day on which Israel accepts, high end of its range, moves the share")
    assert drivers.headline() == ("Of the uncertain figures, the one that matters most is the day on which Israel "
                                  "accepts, high end of its range: set from 7 to 21, the share that completes falls "
                                  "from 40% to 10%, by 30 points (24–36).")


def test_drivers_page_names_a_few_and_counts_the_rest(proposal):
    """With dozens of uncertain inputs the page names four, draws eight, and counts the others in one sentence."""
    from sim.analysis.drivers import Swing
    from sim.analysis.variants import uncertain_inputs
    from sim.charts.drivers import chart
    from sim.words.drivers import MOST, SHOWN, Drivers

    inputs = uncertain_inputs(proposal)
    runs = type("R", (), {"loaded": proposal, "name": proposal.scenario.name, "scenario": proposal.scenario})()
    swings = [Swing(item, 0.3, 0.3 + d, d, d - 0.02, d + 0.02) for item, d in zip(inputs[:12], np.linspace(0.3, 0.05, 12))]
    swings += [Swing(item, 0.3, 0.3, 0.0, -0.02, 0.02) for item in inputs[12:]]
    drivers = Drivers(runs, tuple(swings), 200)
    said = drivers.sentences()
    assert len(said) == MOST + 1 and len(drivers.shown) == SHOWN
    assert said[-1] == (f"Of the {len(inputs)} uncertain figures tried, 12 move it beyond noise (the chart shows the 8 "
                        f"that move it most); the other {len(inputs) - 12} move it by less than 200 runs at each value "
                        "can tell apart, or not at all.")
    fig = chart(drivers)
    assert len(fig.axes[0].get_yticklabels()) == SHOWN
    assert fig.get_size_inches()[1] <= 5.5  # fits the page under the sentences


@pytest.mark.parametrize("file", SHIPPED)
def test_every_shipped_scenario_lists_its_assumptions_in_words(file):
    from sim.scenario import load
    from sim.words.assumptions import assumptions_of

    for sentence in assumptions_of(load(str(file))):
        assert "_" not in sentence and "{" not in sentence, sentence


def test_a_median_day_over_all_runs_says_when_half_never_get_there():
    """Day figures are medians over all runs, a run that never gets there counted as later: when half or more
    never do, the words say so instead of a date; an interval whose high end is never reached reads "or later"."""
    from sim.words.findings import date_range, median_day

    start = dt.date(2024, 5, 31)
    assert median_day(np.array([10.0, np.nan, np.nan, np.nan]))[0] is None
    value, low, high = median_day(np.array([10.0, 11.0, 12.0, np.nan, np.nan] * 40))
    assert value == 12.0 and low is not None
    assert date_range(start, 61, 59, None) == "31 Jul 2024 (29 Jul 2024 or later)"


def test_every_step_of_the_machine_has_short_words():
    from sim.machine import TRANSITIONS
    from sim.words.machine import STEPS

    for t in TRANSITIONS:
        assert t.trigger in STEPS and "_" not in STEPS[t.trigger] and len(STEPS[t.trigger]) <= 32, t.trigger
