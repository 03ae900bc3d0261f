"""Reader-facing text: every sentence, title, label and table cell a reader sees, made here once.

Data flows one way: the analysis (:mod:`sim.analysis`) computes figures with their
intervals; this package turns them into words with the plain labels
(:mod:`sim.machine` for states, :mod:`sim.scenario.labels` for scenario keys);
the charts and the briefing pack (PDF and HTML) take their text from here and
make none of their own.

- :mod:`.numbers`: figures rounded to what their interval supports, ranges, dates.
- :mod:`.findings`: the bottom line, the key-figure table, key dates, chart titles.
- :mod:`.assumptions`: what the scenario files mark ASSUMPTION, and what the model leaves out.
- :mod:`.drivers`: what moves the headline outcome most, in sentences.
- :mod:`.forecast`: a forecast from a dated record, and its backtest's verdict.
- :mod:`.machine`: the machine's steps in words (never a trigger's name).
- :mod:`.methods`: the methods page: how the runs were made, seeds, files, sources.
"""
