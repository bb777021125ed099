"""Fixtures of the engine's tests."""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import yamlsource


@pytest.fixture(params=["c", "python"])
def each_builder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test once with the builder in C (what runs) and once with the Python one (the reference)."""
    build = yamlsource.build_in_c if request.param == "c" else yamlsource.build_in_python
    monkeypatch.setattr(yamlsource, "BUILD", build)
