"""The worked examples of docs/drivers.md, made from the code: run them, then write the page's examples.

    python docs/drivers_examples.py            # run sensitivity, discover and diff on the shipped scenarios
                                               # (a few minutes on 2 cores), keep their reports in
                                               # docs/data/drivers/ and their charts in docs/images/, and
                                               # rewrite the examples in docs/drivers.md from them
    python docs/drivers_examples.py diff       # run only the named examples (sensitivity, discover, diff), then rewrite
    python docs/drivers_examples.py --render   # only rewrite docs/drivers.md from the kept reports

Every figure, table and sentence between the page's `<!-- example:NAME -->` markers comes from a
report the commands wrote; tests/test_docs_drivers.py checks that the page matches the reports and
that the reports were made from the scenarios' current ranges, so an example cannot go stale.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from examples_common import ROOT, filled, out_folder, ran, write_atomically  # noqa: E402

PAGE = ROOT / "docs" / "drivers.md"
DATA = ROOT / "docs" / "data" / "drivers"
IMAGES = ROOT / "docs" / "images"
AGREEMENT = "scenarios/agreement-2025-01.yaml"
GUARANTEE = "scenarios/agreement-2025-01-guarantee.yaml"

# name -> (command as the page shows it, the report it writes, its chart, the chart's name in docs/images)
EXAMPLES = {
    "sensitivity": (f"ceasefire-sim sensitivity {AGREEMENT} --trajectories 10 --max-samples 4096 --jobs 2 "
                    "--out results/drivers/", "sensitivity.json", "sensitivity.png", "drivers-agreement-2025.png"),
    "discover": (f"ceasefire-sim discover {AGREEMENT} --samples 200 --runs 50 --jobs 2 --out results/discover/",
                 "discover.json", "discover.png", "discover-agreement-2025.png"),
    "diff": (f"ceasefire-sim diff {AGREEMENT} {GUARANTEE} --group --measure completed --runs 1000 --jobs 2 "
             "--out results/diff/",
             "diff.json", "waterfall.png", "diff-agreement-guarantee.png"),
}


def run(name: str) -> None:
    """Run one example's command as the page shows it; keep its report and chart."""
    command, report, chart, image = EXAMPLES[name]
    with ran(command) as (stdout, folder):
        out = folder / out_folder(command)
        DATA.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / report, DATA / f"{name}.json")
        (DATA / f"{name}.txt").write_text(stdout, encoding="utf-8")
        shutil.copyfile(out / chart, IMAGES / image)


def _measure_rows(rows: list[dict], measure: str) -> list[dict]:
    return [r for r in rows if r["measure"] == measure]


def _range(row: dict) -> str:
    return f"{row['low']:.4g} to {row['high']:.4g}"


def sensitivity_text(report: dict) -> str:
    from sim.words.drivers import idle_line, order_title

    measure, label = report["measure"]["name"], report["measure"]["label"]
    screening, sobol = report["screening"], report.get("sobol")
    inputs = {i["input"]: i for i in report["inputs"]}
    kept = screening["matters"]
    rows = {r["input"]: r for r in _measure_rows(screening["rows"], measure)}
    out = [f"```console\n{EXAMPLES['sensitivity'][0]}\n```", "",
           f"The agreement's file carries {len(inputs)} ranges, one for each figure it marks as an ASSUMPTION. "
           f"The measure is the {label}.", "",
           f"**Screening** ({screening['trajectories']} paths of {len(inputs) + 1} points, {screening['runs_per_point']} "
           f"runs a point, {screening['replications']:,} replications): {len(kept)} of the {len(inputs)} assumptions "
           f"move the {label} beyond chance. "
           + idle_line([inputs[k]["label"] for k in inputs if k not in kept], "it"), "",
           "| assumption (range explored) | effect over its range, 95% interval |", "|---|---|"]
    for name in sorted(kept, key=lambda k: -rows[k]["mu_star"]):
        r = rows[name]
        out.append(f"| {r['label']} ({_range(r)}) | {r['mu_star']:.2f} ± {r['mu_star_conf']:.2f} |")
    if sobol:
        srows = _measure_rows(sobol["rows"], measure)
        runs = sobol["runs_per_point"]
        precision = sobol["precision"]
        out += ["", f"**Variance shares** on those {len(kept)} (the others keep the agreement's values): "
                f"{sobol['blocks']:,} blocks in {len(runs)} rounds at {', '.join(map(str, runs))} runs a point, "
                f"{sobol['replications']:,} replications. The widest interval of a total index is "
                f"±{precision['reached']:.3f} (target ±{precision['target']:.2f}: "
                f"{'met' if precision['met'] else 'not met'}). Chance is "
                f"{sobol['noise_share'][measure]:.0%} of the spread between design points, and is corrected for.", "",
                "| assumption | alone (first-order) | with interactions (total) |", "|---|---|---|"]
        for r in sorted(srows, key=lambda r: -r["ST"]):
            out.append(f"| {r['label']} | {r['S1']:.2f} ± {r['S1_conf']:.2f} | {r['ST']:.2f} ± {r['ST_conf']:.2f} |")
        title = order_title([r["label"] for r in srows], [r["ST"] for r in srows], [r["ST_conf"] for r in srows],
                            "drive", label)
        out += ["", f"In all {report['replications']:,} replications. The chart's title, and the finding: "
                f"**{title}.**"]
    out += ["", "![Variance shares under the agreement of January 2025](images/drivers-agreement-2025.png)"]
    return "\n".join(out)


def discover_text(report: dict) -> str:
    out = [f"```console\n{EXAMPLES['discover'][0]}\n```", "",
           f"On the agreement ({report['design_points']} design points, {report['runs_per_point']} runs each, "
           f"each point its own luck; measure: the {report['measure']['label']}; boxes refitted on "
           f"{report['resamples']} resamples):", "", "```text", report["overall"]["sentence"]]
    out += [f"- {box['sentence']}" for box in report["boxes"]]
    out += ["```", "", "![Design points of the agreement of January 2025](images/discover-agreement-2025.png)"]
    return "\n".join(out)


def diff_text(report: dict) -> str:
    label, values = report["measure"]["label"], report["values"]
    scale, unit = (100, " points") if report["measure"]["name"] != "hostages_still_held" else (1, "")
    out = [f"```console\n{EXAMPLES['diff'][0]}\n```", "",
           f"The {label} goes from {values['first'] * scale:.1f} to {values['second'] * scale:.1f}"
           f"{'%' if scale == 100 else ''} ({report['runs']:,} runs of each combination; {report['method']}):", "",
           "| what differs | its share of the difference (95% interval) |", "|---|---|"]
    for change in sorted(report["changes"], key=lambda c: -abs(c["share"])):
        low, high = change["ci"]
        out.append(f"| {change['words']} | {change['share'] * scale:+.1f}{unit} ({low * scale:+.1f} to "
                   f"{high * scale:+.1f}) |")
    out += ["", "![Each change's share of the difference between the agreement and the guarantee]"
                "(images/diff-agreement-guarantee.png)"]
    return "\n".join(out)


RENDER = {"sensitivity": sensitivity_text, "discover": discover_text, "diff": diff_text}


def rendered(page: str) -> str:
    """The page with every example block rewritten from its kept report."""
    def block(name: str):
        return lambda: RENDER[name](json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")))
    return filled(page, PAGE, {name: block(name) for name in RENDER})


def main() -> None:
    if "--render" not in sys.argv[1:]:
        for name in [a for a in sys.argv[1:] if a in EXAMPLES] or EXAMPLES:
            print(f"running: {EXAMPLES[name][0]}", flush=True)
            run(name)
    write_atomically(PAGE, rendered(PAGE.read_text(encoding="utf-8")))
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
