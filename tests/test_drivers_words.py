"""Titles and sentences about drivers claim an order only where the intervals support it."""

from __future__ import annotations

from sim.words.drivers import idle_line, leaders, order_title


def test_a_largest_input_is_named_only_when_its_interval_is_clear_of_the_others():
    assert leaders([0.37, 0.36, 0.26, 0.10], [0.05, 0.05, 0.04, 0.02]) == [0, 1]
    assert order_title(["incidents a day", "tension each incident adds", "breaking point", "fading"],
                       [0.37, 0.36, 0.26, 0.10], [0.05, 0.05, 0.04, 0.02], "drive", "share of runs that collapse") == \
        "Incidents a day and tension each incident adds drive the share of runs that collapse most; their " \
        "intervals overlap"
    assert order_title(["breaking point", "fading"], [0.5, 0.1], [0.05, 0.05], "drive", "share of runs that collapse") \
        == "Breaking point drives the share of runs that collapse most"
    assert order_title(list("abcd"), [0.3, 0.29, 0.28, 0.27], [0.1] * 4, "move", "it") == \
        "4 inputs move it about equally: their intervals overlap"
    assert order_title([], [], [], "move", "it") == "No input moves it beyond chance"


def test_inputs_without_effect_are_summed_up_in_one_line():
    assert idle_line([], "it") == ""
    assert idle_line(["aid trucks a day"], "the share of runs that collapse") == \
        "1 other input does not move the share of runs that collapse beyond chance (aid trucks a day)."
    line = idle_line([f"input {k}" for k in range(29)], "share of runs that complete every phase")
    assert line == ("29 other inputs do not move the share of runs that complete every phase beyond chance "
                    "(input 0, input 1, input 2 and 26 more).")
