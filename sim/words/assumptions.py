"""What the results rest on, in words: the figures a scenario marks ASSUMPTION, and what the model leaves out.

Each assumption reads "Chance that Hamas accepts: 70%" or "Days of talks needed to
agree phase two: typically 40, in 8 runs in 10 between 21 and 76 (two months for both
answers)": the key's plain label (:func:`sim.scenario.labels.key_label`), its value in
words, and the author's reason when the file gives one.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

from ..scenario import LoadedScenario
from ..scenario.assumptions import Assumption, marked
from ..scenario.distributions import EXAMPLES
from ..scenario.labels import key_label
from .numbers import about

Z90 = NormalDist().inv_cdf(0.9)  # a normal's 90th percentile, in standard deviations

# What the model does not represent (docs/model.md shows this list, generated from here).
LEAVES_OUT = (
    "Politics inside each side (coalitions, elections, public opinion, leaders' decisions): they appear "
    "only through the scenario's chances of acceptance, breakdown and incidents.",
    "Fighting and casualties: the model says whether the ceasefire holds, not what happens when it does "
    "not; a collapse ends the run.",
    "A second ceasefire: a collapsed run stays collapsed.",
    "Aid's effects: aid is counted; hunger, health, or the political weight of a halt are not modelled "
    "(a scenario may script an incident for a halt).",
    "More than one withdrawal milestone per phase: the January 2025 agreement had two in phase one "
    "(the return north on day 7, the Netzarim corridor on day 22); its scenario keeps the second.",
    "Who each hostage is: hostages are counts by category; the order within a category and individual "
    "circumstances are not represented.",
    "De facto arrangements: an informal truce without talks (as in March 2025) is not a state of the model.",
    "Third parties: other fronts and other states' military action are not represented except as incidents.",
)


def number(value: float, share: bool) -> str:
    """A figure as written, a share in per cent."""
    if share and 0 <= value <= 1.5:
        return f"{value * 100:g}%"
    return f"{value:,g}"


def value_words(value: Any, share: bool = False) -> str:
    """A scenario value in words: a number, "all", or a distribution's shape."""
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in EXAMPLES:
        (kind, body), = value.items()
        if kind == "uniform":
            return f"anywhere from {number(body[0], share)} to {number(body[1], share)}"
        if kind == "triangular":
            return (f"from {number(body[0], share)} to {number(body[2], share)}, most likely "
                    f"{number(body[1], share)}")
        if kind == "choice":
            return "one of " + ", ".join(number(v, share) for v in body)
        if kind == "lognormal":
            factor = about(math.exp(Z90 * body["sigma"]))
            return f"typically {number(body['median'], share)}, within a factor of {factor} either way in 8 runs in 10"
        if kind == "exponential":  # 10th and 90th percentiles: mean x ln(10/9) and mean x ln(10)
            low, high = (number(round(body["mean"] * math.log(q), 1), share) for q in (10 / 9, 10))
            return f"on average {number(body['mean'], share)}, from {low} to {high} in 8 runs in 10"
        if kind == "normal":
            spread = number(Z90 * body["sd"], share)
            return f"on average {number(body['mean'], share)}, give or take {spread} in 8 runs in 10"
    if value == "all":
        return "all still held"
    if isinstance(value, (int, float)):
        return number(value, share)
    return str(value)


def sentence(assumption: Assumption, data: dict) -> str:
    label = key_label(assumption.path, data)
    share = label.startswith(("chance", "share", "daily chance"))
    text = f"{label[0].upper()}{label[1:]}: {value_words(assumption.value, share)}"
    return text + (f" ({assumption.reason})" if assumption.reason else "")


def assumptions_of(loaded: LoadedScenario) -> list[str]:
    """The scenario's assumptions in words: those of the files it extends first, then its own; a figure
    the scenario itself sets again is said once, with its own value."""
    by_path: dict = {}
    for file in reversed(loaded.files):
        for assumption in marked(file):
            by_path.pop(assumption.path, None)
            by_path[assumption.path] = assumption
    out: list[str] = []
    previous = None
    for assumption in by_path.values():  # figures that share a reason: one item, the reason said once
        said = sentence(Assumption(assumption.path, assumption.value, ""), loaded.data)
        if previous is not None and assumption.reason and assumption.reason == previous.reason:
            out[-1] = out[-1][:-len(f" ({previous.reason})")] + f"; {said[0].lower()}{said[1:]} ({assumption.reason})"
        else:
            out.append(sentence(assumption, loaded.data))
        previous = assumption
    return out
