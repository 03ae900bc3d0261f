"""A deal's words come from its file: no page, chart, table or chronology of a deal prints another deal's words.

One small two-phase deal of detainees for prisoners of war is run through the commands an analyst
uses (one of them as a separate process, as a user starts it) and the briefing pack; nothing it
prints may say hostage, Palestinian, three phases, phase one, or prisoner except as "prisoner(s) of
war", the words its file names. A deal that holds nobody shows no "still held" figure, column or chart. A
Gaza file keeps its own words.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from sim.cli import app

from .conftest import SCENARIOS, cli

DEAL = """\
version: 1
name: Detainee exchange
start_date: 2030-03-01
horizon_days: 120
seed: 7
words:
  held: {one: detainee, many: detainees}
  freed: {one: prisoner of war, many: prisoners of war}
  remains: {one: body of a detainee, many: bodies of detainees}
  categories: {civilians: civilians detained}
hostages:
  living: {civilians: 30, officers: 6}
  remains: 4
acceptance:
  deadline_days: 10
  parties: [{name: North, day: 0}, {name: South, day: {uniform: [0, 4]}}]
phases:
  first_round:
    label: First round
    duration_days: 20
    exchanges:
      batches: 3
      interval_days: 5
      hostages_per_batch: {civilians: 10}
      remains_per_batch: 1
      prisoners_per_hostage: {civilians: 2}
      prisoners_per_remains: 1
      dispute: {probability: 0.2, delay_days: 2}
    then: {needs: [releases_complete]}
  second_round:
    label: Second round
    duration_days: 20
    exchanges: {batches: 1, hostages_per_batch: {officers: all}, remains_per_batch: all,
                prisoners_per_hostage: {officers: 5}}
    then: {needs: [all_living_released]}
incidents:
  rate_per_day: {first_round: 0.2, second_round: 0.2}
  severity: {lognormal: {median: 1, sigma: 0.8}}
  breaking_point: 4
uncertain:
  incidents.breaking_point: [3, 6]
"""
# The same deal with nobody held and nobody freed: a ceasefire of obligations only.
NOBODY = DEAL.replace("living: {civilians: 30, officers: 6}", "living: {civilians: 0, officers: 0}").replace(
    "remains: 4", "remains: 0")

# Words of another deal: "prisoner" is allowed only as the file's own "prisoner(s) of war".
FOREIGN = re.compile(r"hostage|palestinian|three phases|phase (?:one|two|three)|prisoners?\b(?! of war)",
                     re.IGNORECASE)


def foreign(text: str) -> list[str]:
    """Each other deal's word in ``text``, with a little of what is around it."""
    return [text[max(m.start() - 40, 0):m.end() + 40] for m in FOREIGN.finditer(text)]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words")
    (folder / "deal.yaml").write_text(DEAL)
    (folder / "nobody.yaml").write_text(NOBODY)
    (folder / "stricter.yaml").write_text("version: 1\nextends: deal.yaml\nname: Stricter\n"
                                          "incidents: {breaking_point: 3}\n")
    return folder


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_speaks_the_deals_own_words(files):
    deal, stricter = str(files / "deal.yaml"), str(files / "stricter.yaml")
    started = cli("run", deal, "--runs", "40", columns=250)  # as a user starts it
    assert started.returncode == 0, started.stderr
    run = started.stdout
    assert "living detainees released" in run and "prisoners of war released" in run
    assert "bodies of detainees returned" in run and "bodies of the other side" not in run  # none returned here
    told = invoke("explain", deal)
    assert "10 civilians detained, 1 body of a detainee for 21 prisoners of war; 26 living detainees" in told
    outputs = {
        "run": run, "explain": told,
        "compare": invoke("compare", deal, stricter, "--runs", "40"),
        "diff": invoke("diff", deal, stricter, "--runs", "20", "--measure", "hostages_still_held"),
        "sweep": invoke("sweep", deal, "--param", "incidents.breaking_point=3:5:2",
                        "--runs", "20"),
        "sensitivity": invoke("sensitivity", deal, "--method", "oat", "--runs", "20", "--vary",
                              "phases.second_round.exchanges.prisoners_per_hostage.officers=2:8"),
    }
    assert "Living detainees still held at the end" in outputs["compare"]
    assert "detainees held" in outputs["sweep"]  # the measure's column, in the deal's words
    assert "prisoners of war freed for each of the officers in second round" in outputs["sensitivity"]
    for command, text in outputs.items():
        assert not foreign(text), (command, foreign(text))


def test_the_briefing_and_its_charts_speak_the_deals_own_words(files, tmp_path):
    out = tmp_path / "brief"
    invoke("brief", str(files / "deal.yaml"), "--runs", "40", "--driver-runs", "10", "--out", str(out))
    html = (out / "brief.html").read_text()
    assert "Complete both phases" in html and "Living detainees still held at the end" in html
    assert "Prisoners of war released (average)" in html and "Detainees still held" in html
    assert not foreign(html), foreign(html)
    charts = {svg.name: svg.read_text() for svg in out.glob("*.svg")}
    assert "fan.svg" in charts and "Living detainees still held" in charts["fan.svg"]  # matplotlib's text, as text
    for name, svg in charts.items():
        assert not foreign(svg), (name, foreign(svg))


def test_a_deal_that_holds_nobody_shows_no_figure_of_people_held(files, tmp_path):
    nobody = str(files / "nobody.yaml")
    run = invoke("run", nobody, "--runs", "20")
    assert "detainees" not in run and "prisoners of war" not in run and "aid trucks entered" in run
    assert "detainees" not in invoke("sweep", nobody, "--param", "incidents.breaking_point=3:5:2", "--runs", "10")
    refused = CliRunner().invoke(app, ["chart", nobody, "--kind", "fan", "--out", str(tmp_path / "fan.svg")])
    assert refused.exit_code == 2 and "no one is still held" in refused.output
    out = tmp_path / "brief"
    invoke("brief", nobody, "--runs", "20", "--driver-runs", "0", "--out", str(out))
    html = (out / "brief.html").read_text()
    assert "Complete both phases" in html and "still held" not in html and "released (average)" not in html
    assert not (out / "fan.svg").exists()


def test_a_gaza_file_keeps_its_own_words():
    told = invoke("explain", str(SCENARIOS / "plan-2025-10.yaml"))
    assert "20 hostages for 1,957 prisoners" in told
    assert re.search(r"bodies of hostages for \d+ Palestinian bodies", told)
    assert "living hostages still held" in told or "living hostages released" in told
    run = invoke("run", str(SCENARIOS / "proposal-2024-05-31.yaml"), "--runs", "20")
    for words in ("living hostages released", "bodies of hostages returned", "prisoners released",
                  "living hostages still held at the end"):
        assert words in run
    pause = invoke("run", str(SCENARIOS / "pause-2023-11.yaml"), "--runs", "20")
    assert "bodies of hostages" not in pause  # the pause returns no bodies: no such row
