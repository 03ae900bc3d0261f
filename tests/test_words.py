"""Reader-facing words: rounding to what the interval supports, dates, and claims only the intervals back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pytest

from sim.analysis.compare import Cell, Comparison, Row, metrics
from sim.machine import machine_of
from sim.words.findings import NO_CLEAR_DIFFERENCE, Findings
from sim.words.numbers import amount_range, calendar, change, clear, points, share_range

from .builders import scenario
from .conftest import PROPOSAL, SCENARIOS, SHIPPED


def test_figures_are_rounded_to_what_their_interval_supports():
    assert share_range(0.2834, 0.2512, 0.3133) == "28% (25–31%)"
    assert share_range(0.2834, 0.2801, 0.2866) == "28% (28–29%)"  # one rule: never finer than whole per cents
    assert share_range(0.065, 0.051, 0.081) == "6% (5–8%)"
    assert amount_range(26856.1, 25103.9, 28893.7) == "26,900 (25,100–28,900)"
    assert amount_range(684.9, 643.5, 729.5) == "680 (640–730)"
    assert points(-0.2112, -0.2412, -0.1805) == "21 points lower (18–24)"
    assert change(-5633.5, -6668.8, -4633.4, more="more", less="fewer") == "5,600 fewer (4,600–6,700)"
    assert calendar(dt.date(2024, 5, 31), 61.3) == "31 Jul 2024"


def test_no_point_ranges_whole_people_and_nothing_rounded_to_none():
    assert share_range(0.0, 0.0, 0.0) == "0%" and share_range(1.0, 1.0, 1.0) == "100%"
    assert amount_range(24.0, 24.0, 24.0) == "24"
    assert amount_range(28.9, 28.1, 29.6) == "29 (28–30)"  # whole people
    assert share_range(0.003, 0.001, 0.006).startswith("under 1%")
    assert points(0.004, 0.001, 0.007) == "under 1 point higher (0–1)"
    assert points(0.01, 0.005, 0.015) == "1 point higher (0–2)"


@dataclass
class FakeRuns:
    """Just what the words read of a scenario's runs: its name, start date, horizon and run count."""

    name: str
    count: int = 1000
    records: tuple = ()
    scenario: object = field(default_factory=lambda: type("S", (), {"start_date": dt.date(2024, 5, 31),
                                                                   "horizon_days": 365})())
    machine: object = field(default_factory=lambda: machine_of(scenario()))

    def __len__(self) -> int:
        return self.count


def constructed(difference: tuple[float, float, float]) -> Findings:
    """Findings over two scenarios whose every figure is 0.3 (0.27-0.33), the second differing from the
    first by ``difference`` (value, low, high) in the share that completes."""
    rows = []
    runs = [FakeRuns("Baseline"), FakeRuns("Variant")]
    for metric in metrics(runs):
        first = Cell(0.3, 0.27, 0.33, date="2024-07-31" if metric.kind == "day" else None)
        other = Cell(0.3, 0.27, 0.33, 0.0, -0.02, 0.02)
        if metric.key == "ended:completed":
            value, low, high = difference
            other = Cell(0.3 + value, 0.27 + value, 0.33 + value, value, low, high)
        rows.append(Row(metric, (first, other)))
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
    assert all(cells[1][-1] == NO_CLEAR_DIFFERENCE for _, cells in noise.table().rows if cells[1][-1] != "–")
    assert clear(0.001, 0.2) and clear(-0.2, -0.001) and not clear(-0.001, 0.2) and not clear(0.0, 0.0)


def supported_figure():
    from sim.words.findings import key_figures

    return key_figures(machine_of(scenario()))[0]


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
    from sim.analysis.measures import measure
    from sim.analysis.variants import uncertain_inputs
    from sim.words.drivers import Drivers

    named = {i.name: i for i in uncertain_inputs(proposal)}
    first, second, third = (named[path] for path in ("acceptance.parties[0].day.uniform[1]", "acceptance.parties[1].accepts",
                                                      "phases.phase_one.exchanges.remains_per_batch"))
    runs = type("R", (), {"loaded": proposal, "name": proposal.scenario.name, "machine": machine_of(proposal.scenario)})()
    drivers = Drivers(runs, (Swing(first, 0.4, 0.1, -0.3, -0.36, -0.24), Swing(second, 0.3, 0.31, 0.01, -0.02, 0.04),
                             Swing(third, 0.3, 0.3, 0.0, 0.0, 0.0)), 200, measure("completed"))
    said = drivers.sentences()
    assert said[0].startswith("Day on which Israel accepts, high end of its range: from 7 to 21, the share of runs "
                              "that complete every phase goes from 40% to 10%, 30 points lower (24–36)")
    assert said[1] == ("Of the 3 uncertain figures tried, 1 moves it beyond noise; the other 2 move it by less than "
                       "200 runs at each value can tell apart, or not at all.")
    assert drivers.title().startswith("Day on which Israel accepts, high end of its range, moves the share")
    assert drivers.headline() == ("Of the uncertain figures, the one that matters most is the day on which Israel "
                                  "accepts, high end of its range: set from 7 to 21, the share of runs that complete "
                                  "every phase falls "
                                  "from 40% to 10%, by 30 points (24–36).")


def test_drivers_page_names_a_few_and_counts_the_rest(proposal):
    """With dozens of uncertain inputs the page names four, draws eight, and counts the others in one sentence."""
    from sim.analysis.drivers import Swing
    from sim.analysis.variants import uncertain_inputs
    from sim.charts.drivers import chart
    from sim.words.drivers import MOST, SHOWN, Drivers

    inputs = uncertain_inputs(proposal)
    runs = type("R", (), {"loaded": proposal, "name": proposal.scenario.name, "scenario": proposal.scenario,
                          "machine": machine_of(proposal.scenario)})()
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
    from sim.machine import machine_of
    from sim.words.machine import step_words

    from .builders import scenario

    for shape in (scenario(), scenario(phases={"phase_one": {"label": "The pause"}, "phase_two": None,
                                               "phase_three": None})):
        machine = machine_of(shape)
        for t in machine.transitions:
            words = step_words(t.trigger, machine)
            assert "_" not in words and len(words) <= 32, t.trigger


def findings_of(differences: list[tuple[float, float, float]]) -> Findings:
    """Findings over 1 + len(differences) scenarios, the k-th differing from the first by ``differences[k]``
    (value, low, high) in the share that completes, every other figure alike."""
    rows = []
    runs = [FakeRuns("Baseline"), *(FakeRuns(f"Option {k + 1}") for k in range(len(differences)))]
    for metric in metrics(runs):
        cells = [Cell(0.3, 0.27, 0.33, date="2024-07-31" if metric.kind == "day" else None)]
        for value, low, high in differences:
            if metric.key == "ended:completed":
                cells.append(Cell(0.3 + value, 0.27 + value, 0.33 + value, value, low, high))
            else:
                cells.append(Cell(0.3, 0.27, 0.33, 0.0, -0.02, 0.02))
        rows.append(Row(metric, tuple(cells)))
    return Findings(runs, Comparison(tuple(runs), tuple(rows), 1000, 0.95))


@pytest.mark.parametrize("count", range(1, 7))
def test_the_bottom_line_leads_with_the_largest_clear_differences_for_one_to_six_scenarios(count):
    differences = [(-0.039, -0.06, -0.02), (-0.44, -0.47, -0.41), (0.01, -0.02, 0.04), (0.24, 0.21, 0.27),
                   (0.002, -0.03, 0.03)][:count - 1]
    said = findings_of(differences).bottom_line("Of the uncertain figures, the one that matters most is X.")
    assert said[0].startswith("Under Baseline, 30% (27–33%) of runs complete all three phases")
    assert said[-1] == "Of the uncertain figures, the one that matters most is X."  # the drivers sentence, always
    named = [s for s in said if s.startswith("Under Option")]
    clear = sorted((k for k, d in enumerate(differences) if d[1] > 0 or d[2] < 0), key=lambda k: -abs(differences[k][0]))
    assert [s.split(",")[0] for s in named[:len(clear)]] == [f"Under Option {k + 1}" for k in clear]
    for k, difference in enumerate(differences):  # every option said once, noise said as noise
        mentions = [s for s in said if f"Option {k + 1}" in s]
        assert len(mentions) == 1, (k, said)
        assert ("no clear difference" in mentions[0]) == (difference[1] <= 0 <= difference[2])
    assert not any("table below" in s for s in said)


def test_the_historical_record_is_named_as_such_and_never_compared(proposal):
    from sim.analysis.runs import simulate
    from sim.scenario import load

    runs = simulate([load(str(SCENARIOS / f)) for f in ("agreement-2025-01.yaml", "agreement-2025-01-as-happened.yaml")],
                    11, 20)
    findings = Findings(runs)
    assert findings.records == [False, True]
    said = findings.bottom_line()
    record = [s for s in said if "as it happened" in s]
    assert len(record) == 1 and record[0].startswith("The historical record, not an option and not compared")
    assert "18 Mar 2025" in record[0] and "points" not in record[0]
    table = findings.table()
    assert table.header[2].endswith("(the historical record)")
    assert all(cells[1][-1] == "" for _, cells in table.rows)  # no difference from the first: not an option


def test_key_dates_are_true_shares_of_all_runs_and_dates_among_those_that_reach_them():
    from sim.analysis.runs import simulate
    from sim.scenario import load

    runs = simulate([load(str(SCENARIOS / "agreement-2025-01-aid-halt.yaml"))], 11, 200)
    dates = {d.milestone: d for d in Findings(runs).key_dates()}
    from sim.words.numbers import typical

    talks = next(d for name, d in dates.items() if name.startswith("Talks"))
    due = typical(runs[0].scenario.talks.start_day)  # days after phase one begins
    assert f"(day {due + 1:.0f} of phase one" in talks.milestone  # the agreement's own count: its first day is day 1
    last = next(d for name, d in dates.items() if name.startswith("Last day of phase one"))
    holding = sum("phase_one" in r.entered and not any(
        r.entered.get(s, 1e9) <= r.entered["phase_one"] + 41 for s in ("collapsed", "completed", "rejected"))
        for r in runs[0].records) / len(runs[0])
    assert last.reached == f"{holding:.0%}" and holding < 1  # runs that collapsed before it do not reach it
    month = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                         "Nov", "Dec"))}

    def day(text: str) -> dt.date:
        d, m, y = text.split()[:3]
        return dt.date(int(y), month[m] + 1, int(d))

    for d in dates.values():  # the median among the runs that reach it lies within their own 8 in 10
        low, _, high = d.spread.partition(" to ")
        assert day(low) <= day(d.median) <= day(high or low), d


def test_every_sentence_about_states_names_only_states_the_machine_has():
    import dataclasses

    from sim.words.assumptions import leaves_out

    machine = machine_of(scenario())
    STATES, TRANSITIONS = machine.states, machine.transitions
    labels = {s.label.lower() for s in STATES}
    said = leaves_out(machine)
    for sentence in said:
        assert "not a state" not in sentence.lower()
    named = next(s for s in said if s.startswith("Any arrangement outside"))
    assert all(s.label in named for s in STATES if not s.terminal)
    fewer = tuple(s for s in STATES if s.name != "truce")  # a machine without a truce without talks
    smaller = leaves_out(dataclasses.replace(machine, states=fewer, transitions=tuple(
        t for t in TRANSITIONS if "truce" not in (t.source, t.dest))))
    assert not any("Truce without talks" in s for s in smaller)
    mentioned = {label for sentence in smaller for label in labels if label in sentence.lower()}
    assert mentioned <= {s.label.lower() for s in fewer}
    assert any(s.startswith("Aid's effects") for s in said)  # a deal that promises aid: its effects are left out
    assert not any(s.startswith("Aid's effects") for s in leaves_out(machine, aid=False))  # one that promises none
