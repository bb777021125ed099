"""Words, not codes: titles for every id a report shows, in the coordinator's language.

Questions and options are named as in the version that was counted; outcomes and questionnaires
as in the live version, else the newest counted version that has them; versions by their number and
first publication date (report.recorded_versions), never by their content hash; topics from
topics.yaml; urgencies, languages and channels from the translations and the configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..opening_hours import AMSTERDAM
from ..questionnaire import Tree
from .report import Recorded

TOPICS_FILE = Path(__file__).with_name("topics.yaml")
URGENCIES = {"urgent": _l("Urgent"), "high": _l("High"), "normal": _l("Normal")}
HELPFUL = {"yes": _l("Helpful"), "no": _l("Not helpful")}
AGES = {"under18": _l("Under 18"), "adult": _l("18 or older")}


@lru_cache(maxsize=1)
def topic_titles() -> dict[str, dict[str, str]]:
    """topic → language → title, from topics.yaml."""
    data = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8")) or {}
    return {str(topic): {str(k): str(v) for k, v in titles.items()} for topic, titles in data.items()}


@dataclass
class Labels:
    """Titles in one language; find(questionnaire, version) gives a counted version's tree."""

    language: str
    live: Mapping[str, Tree]
    find: Callable[[str, str], Tree | None]
    channels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    counted: dict[str, list[str]] = field(default_factory=dict)  # questionnaire → versions, newest first
    recorded: Mapping[tuple[str, str], Recorded] = field(default_factory=dict)  # stored by the staff area
    shipped: Mapping[str, str] = field(default_factory=dict)  # questionnaire → its shipped file's version

    def trees(self, questionnaire: str) -> Iterable[Tree]:
        """The live tree, then every counted version, newest first."""
        if questionnaire in self.live:
            yield self.live[questionnaire]
        for version in self.counted.get(questionnaire, []):
            tree = self.find(questionnaire, version)
            if tree is not None:
                yield tree

    def questionnaire(self, questionnaire: str) -> str:
        """The questionnaire's title."""
        tree = next(iter(self.trees(questionnaire)), None)
        return tree.title.get(self.language) if tree else questionnaire

    def version(self, questionnaire: str, version: str) -> Tree | None:
        """The tree of a counted version."""
        return self.find(questionnaire, version)

    def version_name(self, questionnaire: str, version: str) -> str:
        """'Version 3 · published 12 Nov 2026' (Amsterdam date of its first publication); the shipped
        file gets the number it keeps when a publication first replaces it; a version the database never
        stored (an older shipped file) keeps its id, marked as such."""
        found = self.recorded.get((questionnaire, version))
        if found is None and self.shipped.get(questionnaire) == version:
            number = 1 + sum(1 for q, _v in self.recorded if q == questionnaire)
            return str(_("Version %(number)s · shipped file", number=number))
        if found is None:
            return str(_("Version %(id)s (not recorded)", id=version))
        if found.shipped:
            return str(_("Version %(number)s · shipped file", number=found.number))
        if found.published is None:  # stored but never published: not written by today's editor
            return str(_("Version %(number)s", number=found.number))
        moment = found.published if found.published.tzinfo else found.published.replace(tzinfo=UTC)
        day = format_date(moment.astimezone(AMSTERDAM).date(), "d MMM y", locale=self.language)
        return str(_("Version %(number)s · published %(date)s", number=found.number, date=day))

    def version_rank(self, questionnaire: str, version: str) -> tuple[int, str]:
        """Sorts versions as they were published: recorded ones by number, then the shipped file, then the rest."""
        found = self.recorded.get((questionnaire, version))
        if found is not None:
            return found.number, version
        return (1_000_000 if self.shipped.get(questionnaire) == version else 1_000_001), version

    def outcome(self, questionnaire: str, outcome: str) -> tuple[str, str, str]:
        """(title, topic id, urgency id) of an outcome."""
        for tree in self.trees(questionnaire):
            node = tree.nodes.get(outcome)
            if node is not None:
                return node.title.get(self.language), node.tags.get("topic", ""), node.tags.get("urgency", "")
        return outcome, "", ""

    def outcome_in(self, questionnaire: str, version: str, outcome: str) -> str:
        """An outcome's title as in the counted version (its text may change between versions)."""
        tree = self.find(questionnaire, version)
        node = tree.nodes.get(outcome) if tree else None
        return node.title.get(self.language) if node else self.outcome(questionnaire, outcome)[0]

    def topic(self, topic: str) -> str:
        """A topic's title, else its words."""
        titles = topic_titles().get(topic, {})
        return titles.get(self.language) or titles.get("nl") or topic.replace("-", " ").replace("_", " ")

    def age(self, group: str) -> str:
        """An age group, translated."""
        return str(AGES.get(group, group))

    def urgency(self, urgency: str) -> str:
        """Urgent, high or normal, translated."""
        return str(URGENCIES.get(urgency, urgency))

    def language_name(self, code: str) -> str:
        """A visitor language, named in the coordinator's language."""
        try:
            return Locale.parse(code).get_display_name(self.language) or code
        except (ValueError, TypeError):
            return code

    def channel(self, channel: str) -> str:
        """A configured channel's name."""
        names = self.channels.get(channel, {})
        return names.get(self.language) or names.get("nl") or channel

    def question(self, tree: Tree | None, node: str) -> str:
        """A question's title in the counted version."""
        found = tree.nodes.get(node) if tree else None
        return found.title.get(self.language) if found else node

    def option(self, tree: Tree | None, node: str, option: str) -> str:
        """An option's label in the counted version."""
        found = tree.nodes.get(node) if tree else None
        choice = found.option(option) if found else None
        return choice.label.get(self.language) if choice else option
