"""The shipped advice: reassurance and help on every path, never an instruction to keep the image."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpwanted.contacts import load_channels
from helpwanted.questionnaire import (
    DirectorySource,
    Progress,
    Tree,
    advice_steps,
    all_paths,
    load_catalog,
    visitor_texts,
    walk,
)
from helpwanted.questionnaire.rules import plain, site_rules

ROOT = Path(__file__).parent.parent.parent
CHANNELS = load_channels(ROOT / "helpwanted" / "help_channels.yaml")
CATALOG = load_catalog(DirectorySource(ROOT / "questionnaires").read(), ("nl", "en"), frozenset(CHANNELS))
TREES = sorted(CATALOG.trees.values(), key=lambda tree: tree.id)
RULES = site_rules()


def test_all_questionnaires_load_without_problems() -> None:
    assert [tree.id for tree in TREES] == [
        "harassment",
        "pressure",
        "received",
        "sent-on",
        "sextortion",
        "spread",
        "worried",
    ]
    assert CATALOG.problems == ()


@pytest.mark.parametrize("tree", TREES, ids=lambda tree: tree.id)
def test_every_path_ends_with_reassurance_and_someone_to_talk_to(tree: Tree) -> None:
    for path in all_paths(tree):
        progress = Progress(tree.id, tree.version, dict(path.answers))
        outcome = walk(tree, progress).current
        steps = advice_steps(tree, outcome, progress.answers)
        assert any(step.contacts for step in steps), (tree.id, outcome.id)
        for language in ("nl", "en"):
            texts = [text.get(language) for text in [outcome.text, *(s.text for s in steps)] if text is not None]
            assert any(RULES.reassurance[language].search(plain(text)) for text in texts), (
                tree.id,
                outcome.id,
                language,
            )
            assert any(RULES.talk[language].search(plain(text)) for text in texts), (tree.id, outcome.id, language)


@pytest.mark.parametrize("tree", TREES, ids=lambda tree: tree.id)
def test_every_tree_starts_with_the_safety_question_and_has_four_to_eight_outcomes(tree: Tree) -> None:
    first = tree.nodes[tree.start]
    assert first.safety
    assert 4 <= len(tree.outcomes) <= 8
    urgent = [node for node in tree.outcomes if node.tags["urgency"] == "urgent"]
    assert urgent and all("emergency" in {c for s in node.first for c in s.contacts} for node in urgent)


def test_evidence_advice_in_image_trees_always_excludes_the_image_itself() -> None:
    for tree in (t for t in TREES if t.id != "harassment"):  # harassment evidence is about messages
        for _, text, _ in visitor_texts(tree):
            for language, source in text.by_language.items():
                if re.search(r"screenshots? (als bewijs|as evidence)", source):
                    assert re.search(r"(beeld|naaktfoto|image|nude|privébeelden|private images)", source), (
                        tree.id,
                        language,
                        source,
                    )


def test_trees_cross_link_where_situations_overlap() -> None:
    links = {(tree.id, other) for tree in TREES for node in tree.outcomes for other in node.see_also}
    assert ("sextortion", "spread") in links
    assert ("spread", "sextortion") in links
    assert ("harassment", "sextortion") in links


def test_the_help_block_holds_helpwanted_kindertelefoon_112_and_113() -> None:
    everywhere = [c.id for c in CHANNELS.values() if c.everywhere]
    assert everywhere == ["helpwanted", "kindertelefoon", "emergency", "zelfmoordpreventie"]


def test_no_phone_number_or_url_is_written_outside_the_channels_file() -> None:
    """Contact details live in one place: the trees and templates only name channel ids."""
    phone = re.compile(r"\b0[89]00[ -]?\d{4}\b|\b020[ -]?\d{3}")
    for file in [*(ROOT / "questionnaires").glob("*.yaml"), *(ROOT / "helpwanted").rglob("*.html")]:
        assert not phone.search(file.read_text()), file


def test_the_take_it_down_and_stopncii_rule_is_said_the_same_way_in_every_tree() -> None:
    """One rule everywhere: hash it on your own device first, then delete; never send it to anyone."""
    for block_id in ("hash-young", "hash-adult"):
        texts = {tree.id: tree.blocks[block_id].text.by_language for tree in TREES if block_id in tree.blocks}
        assert len(texts) >= 2, block_id
        assert len({tuple(sorted(t.items())) for t in texts.values()}) == 1, f"{block_id} differs: {sorted(texts)}"
        for text in next(iter(texts.values())).values():
            assert re.search(r"eigen telefoon|own phone", text)
            assert re.search(r"Verwijder het beeld daarna|Then delete the image", text)
            assert re.search(r"nooit naar iemand|Never send it to anyone", text)
