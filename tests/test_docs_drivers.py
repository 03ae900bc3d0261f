"""docs/drivers.md's worked examples are made from the commands' reports (docs/drivers_examples.py)."""

from __future__ import annotations

import importlib.util
import json

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("drivers_examples", ROOT / "docs" / "drivers_examples.py")
examples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(examples)


def test_the_worked_examples_are_written_from_the_kept_reports():
    page = examples.PAGE.read_text(encoding="utf-8")
    assert page == examples.rendered(page), "regenerate with: python docs/drivers_examples.py --render"


def test_the_kept_reports_were_made_from_the_scenarios_current_ranges():
    from sim.analysis.variants import uncertain_inputs
    from sim.scenario import load

    current = [{"input": i.name, "low": i.low, "high": i.high} for i in uncertain_inputs(load(str(ROOT / examples.AGREEMENT)))]
    for name in ("sensitivity", "discover"):
        report = json.loads((examples.DATA / f"{name}.json").read_text(encoding="utf-8"))
        kept = [{"input": i["input"], "low": i["low"], "high": i["high"]} for i in report["inputs"]]
        assert kept == current, f"{name}: the agreement's ranges changed; rerun: python docs/drivers_examples.py"


def test_the_page_shows_each_example_command_as_the_script_runs_it():
    page = examples.PAGE.read_text(encoding="utf-8")
    for command, *_ in examples.EXAMPLES.values():
        assert command in page
