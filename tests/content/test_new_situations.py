"""The new situations of issue 10: each rule a counsellor expects, read from the shipped trees."""

from __future__ import annotations

import re

import pytest

from helpwanted.questionnaire import Node, Progress, Tree, advice_steps, walk
from helpwanted.questionnaire.graph import all_paths

from .test_questionnaires import CATALOG

NEW = ("pressure", "sent-on", "worried")


def outcome_of(tree_id: str, answers: dict[str, str | list[str]]) -> tuple[Tree, Node, dict[str, tuple[str, ...]]]:
    """Walk a tree with the given answers and return the outcome reached."""
    tree = CATALOG.trees[tree_id]
    given = {key: tuple(value) if isinstance(value, list) else (value,) for key, value in answers.items()}
    return tree, walk(tree, Progress(tree.id, tree.version, given)).current, given


def advice(tree_id: str, answers: dict[str, str | list[str]], language: str = "nl") -> list[str]:
    """The shown advice texts (intro first, then the steps) for one walk."""
    tree, node, given = outcome_of(tree_id, answers)
    texts = [node.text.get(language)] if node.text else []
    return texts + [step.text.get(language) for step in advice_steps(tree, node, given) if step.text]


def every_advice(tree_id: str, language: str) -> list[tuple[str, list[str]]]:
    """(outcome id, shown texts) for every path through a tree."""
    tree = CATALOG.trees[tree_id]
    found = []
    for path in all_paths(tree):
        given = dict(path.answers)
        node = walk(tree, Progress(tree.id, tree.version, given)).current
        steps = advice_steps(tree, node, given)
        found.append((node.id, [node.text.get(language)] * bool(node.text) + [s.text.get(language) for s in steps]))
    return found


def first_index(texts: list[str], pattern: str) -> int:
    """Index of the first text matching pattern (case-insensitive), or a large number."""
    return next((i for i, text in enumerate(texts) if re.search(pattern, text, re.IGNORECASE)), 10_000)


def test_grooming_questions_tell_apart_nice_secret_meet_and_pictures() -> None:
    reached = {
        outcome_of("pressure", {"safety": "no", "what": "adult", **signs})[1].id
        for signs in (
            {"signs": "nice"},
            {"signs": "secret"},
            {"signs": "meet"},
            {"signs": "images", "adult-sent": "no"},
        )
    }
    assert reached == {"adult-nice", "adult-secret", "adult-meet", "adult-sexual"}


def test_pressure_from_a_partner_never_only_sends_the_visitor_to_people_close_by() -> None:
    texts = advice("pressure", {"safety": "no", "what": "pressure", "who": "partner", "sent": "no", "age": "under18"})
    joined = " ".join(texts)
    assert "Veilig Thuis" in joined
    passwords = first_index(texts, r"wachtwoord")
    assert passwords < 10_000 and "Veilig Thuis" in texts[passwords]  # rule 6: say what is safe first


def test_threats_to_come_home_are_urgent_and_say_not_alone_112_and_police() -> None:
    _, node, _ = outcome_of(
        "pressure", {"safety": "no", "what": "threat", "threat-who": "partner", "address": "yes", "age": "under18"}
    )
    assert node.tags["urgency"] == "urgent"
    texts = advice(
        "pressure", {"safety": "no", "what": "threat", "threat-who": "partner", "address": "yes", "age": "under18"}
    )
    assert first_index(texts, r"112") < first_index(texts, r"screenshot")
    assert any("Blijf niet alleen" in text for text in texts)
    assert any("Veilig Thuis" in text for text in texts)
    contacts = {c for step in node.first + node.steps for c in step.contacts}
    assert {"emergency", "politie", "veilig-thuis"} <= contacts


@pytest.mark.parametrize("tree_id", ["pressure", "worried"])
def test_evidence_comes_before_reporting_and_blocking_before_deleting(tree_id: str) -> None:
    for outcome, texts in every_advice(tree_id, "nl"):
        evidence = first_index(texts, r"screenshot|schrijf eerst op")
        block = first_index(texts, r"blokkeer")
        delete = first_index(texts, r"\bverwijder")
        if block < 10_000:
            assert evidence <= block, (tree_id, outcome)  # one step may say both, evidence first
        if delete < 10_000 and evidence < 10_000:
            assert evidence < delete, (tree_id, outcome)


def test_forwarding_advice_states_the_current_law_without_frightening() -> None:
    for outcome, texts in every_advice("sent-on", "nl"):
        if outcome == "urgent":
            continue
        joined = " ".join(texts)
        assert re.search(r"kan (wel )?strafbaar zijn", joined), outcome
        assert "Wat doet de politie?" in joined, outcome
        assert "De echte politie vraagt nooit geld of foto's via een app" in joined, outcome  # fake-police scams
        assert first_index(texts, r"Stuur het aan niemand meer") < first_index(texts, r"Verwijder het daarna"), outcome
        assert not re.search(r"\bis strafbaar\b|gevangenis|cel\b", joined), outcome
    young = advice("sent-on", {"safety": "no", "how": "sent", "their-age": "under18", "age": "under18", "police": "no"})
    assert any("krijgen is niet strafbaar" in text for text in young)
    assert any("gratis advocaat" in text for text in young)


def test_both_doors_for_forwarding_give_the_same_law_and_police_texts() -> None:
    """received's 'I forwarded one' and the sent-on tree: one answer, whichever door a scared visitor takes."""
    for their_age, sent_on_age in (("yes", "under18"), ("no", "adult"), ("unknown", "unknown")):
        for my_age in ("under18", "adult"):
            received = advice(
                "received", {"safety": "no", "what": "forwarded", "who": "known", "age": their_age, "my-age": my_age}
            )
            sent_on = advice(
                "sent-on", {"safety": "no", "how": "sent", "their-age": sent_on_age, "age": my_age, "police": "no"}
            )
            law = [
                text
                for text in sent_on
                if text.startswith(("**Wat zegt de wet?", "**Wat doet de politie?", "**Vraagt 'de politie'"))
            ]
            assert law and all(text in received for text in law), (their_age, my_age)
            assert not re.search(r"\bis strafbaar\b|\bHalt\b|misdrijf", " ".join(received)), (their_age, my_age)


def test_a_mutual_exchange_between_peers_is_not_treated_as_an_unasked_nude() -> None:
    _, node, _ = outcome_of(
        "received", {"safety": "no", "what": "received", "who": "partner", "age": "yes", "my-age": "under18"}
    )
    texts = advice(
        "received", {"safety": "no", "what": "received", "who": "partner", "age": "yes", "my-age": "under18"}
    )
    assert node.id == "exchange" and "pressure" in node.see_also
    assert any("niet strafbaar" in text for text in texts)
    assert not any(re.search(r"blokkeer|aangifte", text, re.I) for text in texts)


def test_no_outcome_advises_new_contact_with_a_possible_offender() -> None:
    for tree_id in NEW:
        for language in ("nl", "en"):
            for outcome, texts in every_advice(tree_id, language):
                for text in texts:
                    assert not re.search(r"\bsorry\b|zeg .* tegen de (dader|afzender)|message them back", text, re.I), (
                        tree_id,
                        outcome,
                        text,
                    )


def test_someone_else_gets_advice_for_their_role_and_the_young_persons_trees() -> None:
    for role, expected in (("friend", "friend"), ("parent", "parent"), ("adult", "other-adult")):
        _, node, _ = outcome_of("worried", {"safety": "no", "role": role, "what": "unsure"})
        assert node.id == expected
        assert {"sextortion", "spread", "pressure", "sent-on"} <= set(node.see_also)
        texts = advice("worried", {"safety": "no", "role": role, "what": "unsure"})
        assert first_index(texts, r"Kijk niet naar het beeld") <= 3, role  # among the first steps
    parent = advice("worried", {"safety": "no", "role": "parent", "what": "blackmail"})
    assert any("Pak de telefoon niet af" in text for text in parent)


@pytest.mark.parametrize("tree_id", NEW)
def test_crisis_outcomes_lead_on_to_the_full_advice(tree_id: str) -> None:
    tree = CATALOG.trees[tree_id]
    for node in tree.outcomes:
        if node.tags["urgency"] != "urgent" or node.id != "urgent":
            continue
        contacts = {c for step in node.first + node.steps for c in step.contacts}
        assert {"emergency", "zelfmoordpreventie"} <= contacts
        assert node.see_also, "a way on to the full advice"


def test_the_home_page_lists_the_entry_for_someone_else(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    assert "Ik maak me zorgen om iemand anders" in html
    assert "zonder het over te nemen" in html
