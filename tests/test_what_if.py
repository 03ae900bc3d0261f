"""A what-if as a new analyst writes it works on the first try, and a file's mistakes come in one pass
(issue 22, item 1): inherited ranges the variant replaced are left out with one note on its own line,
a problem is told once where the user wrote it, and each message says what to write instead."""

from __future__ import annotations

import shutil

import pytest

from sim.scenario import ScenarioError, load

from .conftest import PROPOSAL, SHIPPED, cli


@pytest.fixture
def folder(tmp_path):
    """A folder of the user's own, holding copies of the shipped scenarios to extend."""
    for file in SHIPPED:
        shutil.copy(file, tmp_path)
    return tmp_path


def write(folder, text: str, name: str = "what-if.yaml") -> str:
    (folder / name).write_text(f"version: 1\nextends: {PROPOSAL.name}\n{text}")
    return name


def test_five_lines_that_fix_a_range_explored_in_the_base_validate_with_one_note(folder):
    name = write(folder, 'name: "Talks take exactly 40 days"\ntalks:\n  duration_days: 40\n')
    done = cli("validate", name, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok: what-if.yaml (Talks take exactly 40 days)\n"
    (note,) = done.stderr.splitlines()
    assert note.startswith("what-if.yaml:5:3: talks.duration_days: note: this value replaces the one that "
                           "the inherited range for talks.duration_days.lognormal.median explored")
    assert "uncertain: {talks.duration_days: [LOW, HIGH]}" in note
    loaded = load(str(folder / name))
    assert loaded.scenario.talks.duration_days == 40.0
    assert "talks.duration_days.lognormal.median" not in loaded.scenario.uncertain
    assert "talks.breakdown_hazard_per_day" in loaded.scenario.uncertain  # untouched ranges stay


def test_a_replaced_list_leaves_out_every_range_inside_it_with_one_note(folder):
    name = write(folder, 'name: "Hamas accepts only after 45 days"\nacceptance:\n  parties:\n'
                 "    - {name: Israel, accepts: 0.85, day: 10}\n    - {name: Hamas, accepts: 0.7, day: 45}\n")
    loaded = load(str(folder / name))
    (note,) = loaded.notes
    assert (note.mark.line, note.path) == (5, ("acceptance", "parties"))
    assert "acceptance.parties[0].accepts, acceptance.parties[0].day.uniform[1], acceptance.parties[1].accepts" \
        in note.message
    assert not [text for text in loaded.scenario.uncertain if text.startswith("acceptance.parties")]


def test_a_range_the_variant_gives_itself_is_kept(folder):
    name = write(folder, "name: v\ntalks:\n  duration_days: 40\nuncertain:\n  talks.duration_days: [30, 50]\n")
    loaded = load(str(folder / name))
    assert loaded.notes == ()
    assert loaded.scenario.uncertain["talks.duration_days"] is not None


def test_quiet_silences_the_note(folder):
    done = cli("validate", write(folder, "name: v\ntalks:\n  duration_days: 40\n"), "--quiet", cwd=folder)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def lines_of(folder, text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load(str(folder / write(folder, text)))
    return [str(problem).replace(f"{folder}/", "") for problem in caught.value.problems]


def test_three_kinds_of_mistake_in_one_pass_each_once_in_plain_words(folder):
    found = lines_of(folder, "name: v\nstart_date: 31 May 2024\ntalks:\n  duraton_days: 4\n"
                     "phases:\n  phase_one:\n    exchanges:\n      hostages_per_batch: {woman: 1}\n")
    assert found == [
        "what-if.yaml:4:13: start_date: write a date as YYYY-MM-DD, e.g. 2024-05-31, not '31 May 2024'",
        "what-if.yaml:6:3: talks.duraton_days: unknown key; did you mean 'duration_days'?",
        "what-if.yaml:10:28: phases.phase_one.exchanges.hostages_per_batch.woman: unknown hostage category "
        "'woman'; the categories in hostages.living are women, elderly, wounded, civilian_men, soldiers",
    ]


def test_an_impossible_date_does_not_hide_the_other_mistakes(folder):
    found = lines_of(folder, "name: v\nstart_date: 2024-02-30\nhorizon_days: abc\n")
    assert [line.split(": ")[1] for line in found] == ["start_date", "horizon_days"]
    assert "write a whole number here, e.g. 400, not 'abc'" in found[1]


def test_a_tab_in_the_indentation_is_told_in_plain_words(folder):
    (found,) = lines_of(folder, "name: v\ntalks:\n\tduration_days: 40\n")
    assert found == ("what-if.yaml:5:1: invalid YAML: a tab in the indentation; YAML indents with spaces only: "
                     "replace the tab with spaces")


def test_a_range_inherited_that_this_file_breaks_is_told_once_on_its_extends_line(folder):
    found = lines_of(folder, "name: v\nphases:\n  phase_one:\n    exchanges: {batches: 5, hostages_per_batch: "
                     "{women: 2}}\n  phase_two:\n    exchanges: {hostages_per_batch: {women: 0}}\n")
    (line,) = found
    assert line.startswith("what-if.yaml:2:10: uncertain.hostages.living.women: the range inherited from "
                           f"{PROPOSAL.name}:")
    assert line.endswith("to leave it out, write uncertain: {hostages.living.women: null} in this file")


def test_a_problem_of_the_variant_is_not_told_again_for_every_range(folder):
    found = lines_of(folder, "name: v\nphases:\n  phase_one:\n    exchanges: {prisoners_per_hostage: {woman: 1}}\n")
    assert found == ["what-if.yaml:6:41: phases.phase_one.exchanges.prisoners_per_hostage.woman: unknown hostage "
                     "category 'woman'; the categories in hostages.living are women, elderly, wounded, civilian_men, "
                     "soldiers"]
