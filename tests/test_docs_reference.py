"""The scenario reference page is generated from the models and must be current."""

from __future__ import annotations

from sim.reference import markdown

from .conftest import ROOT


def test_the_committed_reference_is_current():
    page = ROOT / "docs" / "scenario-reference.md"
    assert page.read_text() == markdown(), "regenerate with: python -m sim.docs"


def test_the_reference_names_every_key_of_every_model():
    from sim.reference import _models

    text = markdown()
    for model in _models():
        for name in model.model_fields:
            assert f"| `{name}` |" in text
