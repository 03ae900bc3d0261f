"""Charts for briefings: one module per chart kind, one shared style (:mod:`sim.charts.style`)."""
