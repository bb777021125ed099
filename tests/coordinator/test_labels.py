"""Every topic of the shipped questionnaires has a title in both languages (words, not codes)."""

from __future__ import annotations

import re
from pathlib import Path

from helpwanted.coordinator.labels import topic_titles

ROOT = Path(__file__).parent.parent.parent


def test_every_shipped_topic_has_a_dutch_and_an_english_title() -> None:
    topics = {
        t for f in (ROOT / "questionnaires").glob("*.yaml") for t in re.findall(r"topic: ([\w-]+)", f.read_text())
    }
    titles = topic_titles()
    assert {t for t in topics if not (titles.get(t, {}).get("nl") and titles.get(t, {}).get("en"))} == set()
