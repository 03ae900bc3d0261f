"""The pack as a PDF, laid out by Typst (the ``typst`` package: a typesetter in one pip wheel).

The page layout is ``brief.typ`` beside this module; it reads the pack's content from a
JSON file and sets every string as text (a ``$`` or ``_`` in a scenario's name is never
markup). Charts go in as SVG with their text kept as text, set in the same DejaVu fonts
that matplotlib ships, so the PDF's text is searchable and its bytes depend on nothing but
the inputs: system fonts are ignored, and the date is the pack's own (``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import json
import os
from importlib.resources import files

import matplotlib

from ..escape import pdf_data


def fonts() -> str:
    """The folder of the fonts matplotlib ships (DejaVu): the charts' fonts, for the pages too."""
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf")


def render(document: dict, charts: dict) -> bytes:
    """The PDF's bytes for a pack's :func:`sim.report.pack.document` and its charts."""
    import typst

    sources = {"main.typ": files(__package__).joinpath("brief.typ").read_bytes(),
               "data.json": json.dumps(pdf_data(document), ensure_ascii=False).encode("utf-8"),
               **{chart.file: chart.svg for chart in charts.values()}}
    return typst.compile(sources, font_paths=[fonts()], ignore_system_fonts=True)
