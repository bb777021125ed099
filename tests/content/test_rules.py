"""The site-wide content rules: each one fails on a tree broken in one place (docs: "Content rules")."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpwanted.questionnaire import Context, Problem, Severity, SourceText, check_source, load_catalog

GOOD = (Path(__file__).parent / "trees" / "good.yaml").read_text()
CONTEXT = Context(frozenset({"good"}), frozenset({"emergency", "zelfmoordpreventie", "helpwanted"}))


def check(text: str) -> list[Problem]:
    _, problems = check_source(SourceText("good", "good.yaml", text), ("nl", "en"), CONTEXT)
    return list(problems)


def broken(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def found(text: str, code: str) -> list[Problem]:
    return [problem for problem in check(text) if problem.code == code]


def test_the_good_tree_keeps_every_rule() -> None:
    assert check(GOOD) == []


def test_every_outcome_must_say_it_is_not_your_fault_whatever_the_tree_declares() -> None:
    text = broken("**Het is niet jouw schuld.** ", "")
    assert {p.message for p in found(text, "no-reassurance")} == {
        "outcome 'urgent' must always say it is not the visitor's fault (nl)",
        "outcome 'advice' must always say it is not the visitor's fault (nl)",
    }
    # Said only on a step that is not always shown: not enough.
    text = broken(
        "      - block: not-your-fault\n\nscenarios",
        "      - block: not-your-fault\n        when: {age: adult}\n\nscenarios",
    )
    assert [p.severity for p in found(text, "no-reassurance")] == [Severity.ERROR, Severity.ERROR]


def test_every_outcome_must_say_talk_to_someone_and_name_a_help_channel() -> None:
    text = broken("Talk about it with someone you trust.", "You did well.")
    text = broken('en: "**Talk to Helpwanted.**"', 'en: "**Helpwanted helps.**"', text)
    assert any("(en)" in p.message for p in found(text, "no-talk-to-someone"))
    text = broken("        contacts: [helpwanted]\n", "")
    assert [p.message for p in found(text, "no-talk-to-someone")] == [
        "outcome 'advice' must always name a help channel (contacts)"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Dan komt het goed."'),
        ('en: "**Don\'t pay.**"', "en: \"**Don't pay.** It'll be OK.\""),
        ('nl: "**Gebruik Take It Down.**"', 'nl: "**Gebruik Take It Down.** Dan wordt het weggehaald."'),
        ('en: "**Use StopNCII.**"', 'en: "**Use StopNCII.** Then big apps block it wherever it turns up."'),
        ('summary: {nl: "Voor als iemand je afperst."', 'summary: {nl: "Het komt goed."'),
    ],
)
def test_promises_nobody_can_keep_are_errors_anywhere(old: str, new: str) -> None:
    problems = found(broken(old, new), "promise")
    assert len(problems) == 1 and problems[0].severity is Severity.ERROR


def test_words_above_b1_are_warnings_unless_explained() -> None:
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Ga niet onderhandelen."')
    (problem,) = found(text, "hard-word")
    assert problem.severity is Severity.WARNING and "praten over wat je wel of niet doet" in problem.message
    text = broken('en: "**Use StopNCII.**"', 'en: "**Use StopNCII.** It works in encrypted chats (private chats) too."')
    assert found(text, "hard-word") == []


def test_do_this_first_is_required_and_at_most_three_steps_together() -> None:
    text = broken(
        '    first:\n      - text: {nl: "**Betaal niet.**"', '    steps:\n      - text: {nl: "**Betaal niet.**"'
    )
    text = text.replace("        contacts: [helpwanted]\n    steps:\n", "        contacts: [helpwanted]\n")
    assert [p.message for p in found(text, "first-steps")] == [
        "outcome 'advice' needs 'first' (do this first) with a step always shown"
    ]
    four = broken(
        "        contacts: [helpwanted]\n    steps:\n",
        '        contacts: [helpwanted]\n      - text: {nl: "x", en: "x"}\n    steps:\n',
    )
    assert "can show 4 'first' steps" in found(four, "first-steps")[0].message
    # Two steps that exclude each other (under 18 / 18+) count once: three shown at most.
    either = broken(
        '      - text: {nl: "**Betaal niet.**", en: "**Don\'t pay.**"}\n',
        '      - text: {nl: "A", en: "A"}\n        when: {age: under18}\n      - text: {nl: "B", en: "B"}\n        when: {age: adult}\n',
    )
    assert found(either, "first-steps") == []


def test_the_lead_of_a_first_step_is_one_short_action() -> None:
    long_lead = "**Betaal niet, ook niet als de ander zegt dat het maar een klein bedrag is.** Echt niet."
    (problem,) = found(broken('nl: "**Betaal niet.**"', f'nl: "{long_lead}"'), "first-steps")
    assert problem.severity is Severity.ERROR and problem.message_id == "first-steps.long"
    assert "outcome 'advice', nl: the lead of a 'first' step has 73 characters (at most 60)" in problem.message
    # Only the bold lead shows at first: a long explanation after it is fine.
    short_lead = "**Betaal niet.** " + "Ook niet als de ander zegt dat het maar een klein bedrag is. " * 3
    assert found(broken('nl: "**Betaal niet.**"', f'nl: "{short_lead.strip()}"'), "first-steps") == []


def test_title_introduction_and_first_steps_must_fit_a_phone_screen() -> None:
    intro = "Het is niet jouw schuld. " + "Je hoeft dit niet alleen op te lossen. " * 10
    text = broken(
        '    title: {nl: "Wat je nu doet", en: "What to do now"}\n',
        f'    title: {{nl: "Wat je nu doet", en: "What to do now"}}\n    text: {{nl: "{intro}", en: "Not your fault."}}\n',
    )
    (problem,) = found(text, "first-steps")
    assert problem.message_id == "first-steps.fold" and problem.arguments["language"] == "nl"
    assert int(problem.arguments["bottom"]) > int(problem.arguments["fold"]) == 667
    # Every help channel of a first step is a row of call/chat buttons: three more rows push it below the fold too.
    text = broken("        contacts: [helpwanted]\n    steps:", "        contacts: [helpwanted, emergency, zelfmoordpreventie, helpwanted]\n    steps:")
    assert {p.message_id for p in found(text, "first-steps")} == {"first-steps.fold"}


@pytest.mark.parametrize(
    ("sentence", "fails"),
    [
        ("Maak screenshots van de naaktfoto.", True),
        ("Bewaar de foto als bewijs.", True),
        ("Download de video voor de politie.", True),
        ("Zoek online naar het beeld.", True),
        ("Maak screenshots van de chat, zonder de foto.", False),
        ("Bewaar de foto niet.", False),
        ("Maak screenshots van de chat.", False),
        ("Je kunt de video bewaren voor later.", True),
        ("Bewaren van de foto kan strafbaar zijn.", False),
    ],
)
def test_a_step_may_not_tell_to_copy_the_image_itself_nl(sentence: str, fails: bool) -> None:
    text = broken('nl: "**Betaal niet.**"', f'nl: "**Betaal niet.** {sentence}"')
    assert bool(found(text, "image-copy")) is fails


@pytest.mark.parametrize(
    ("sentence", "fails"),
    [
        ("Take a screenshot of the nude.", True),
        ("Keep the photo to show the police.", True),
        ("Screenshot the chat, but don't screenshot the photo.", False),
        ("Screenshot the chat with the image off the screen.", False),
        ("Keeping the photo is a good idea.", True),
        ("Keeping the photo can be a crime.", False),
    ],
)
def test_a_step_may_not_tell_to_copy_the_image_itself_en(sentence: str, fails: bool) -> None:
    text = broken('en: "**Don\'t pay.**"', f'en: "**Don\'t pay.** {sentence}"')
    assert bool(found(text, "image-copy")) is fails


def test_a_delete_step_may_not_come_before_evidence_report_or_block() -> None:
    text = broken(
        'nl: "**Betaal niet.**", en: "**Don\'t pay.**"', 'nl: "**Verwijder de chat.**", en: "**Delete the chat.**"'
    )
    (problem,) = found(text, "delete-before-evidence")
    assert "step 1 deletes before step 2" in problem.message
    # Deleting after evidence, reporting and blocking is the right order (the good tree); a negated
    # "don't delete your account" is not a delete step.
    text = broken('en: "**Don\'t pay.**"', "en: \"**Don't pay.** Don't delete your own account.\"")
    assert found(text, "delete-before-evidence") == []


def test_an_urgent_outcome_leads_on() -> None:
    text = broken("    see_also: [good]\n", "")
    assert [p.message for p in found(text, "urgent-dead-end")] == [
        "urgent outcome 'urgent' needs 'see_also': a way on to the advice"
    ]
    text = broken("        contacts: [emergency]\n", "")
    text = broken(
        "        contacts: [zelfmoordpreventie]\n    steps:\n      - block: not-your-fault\n",
        "    steps:\n      - block: not-your-fault\n        contacts: [zelfmoordpreventie]\n",
        text,
    )
    assert [p.message for p in found(text, "urgent-dead-end")] == [
        "urgent outcome 'urgent' needs help channels in 'first'"
    ]


UNDER18_LINE = "      - text: {nl: \"**Bel De Kindertelefoon.**\", en: \"**Call De Kindertelefoon.**\"}\n"


@pytest.mark.parametrize(
    ("step", "fails"),
    [
        (UNDER18_LINE + "        contacts: [kindertelefoon]\n", True),  # the visitor may be 18 or older
        (UNDER18_LINE + "        when: {age: under18}\n        contacts: [kindertelefoon]\n", False),
        (UNDER18_LINE + "        when: {age: [under18, adult]}\n        contacts: [kindertelefoon]\n", True),
        (UNDER18_LINE.replace("**Bel", "**Ben je jonger dan 18?** Bel").replace("**Call", "**Under 18?** Call")
         + "        contacts: [kindertelefoon]\n", False),
        # Dutch only says it: the English visitor may still be an adult.
        (UNDER18_LINE.replace("**Bel", "**Ben je jonger dan 18?** Bel") + "        contacts: [kindertelefoon]\n", True),
    ],
)  # fmt: skip
def test_a_line_for_under_18s_is_named_only_to_a_visitor_under_18_or_says_so(step: str, fails: bool) -> None:
    text = broken("      - block: not-your-fault\n\nscenarios", step + "      - block: not-your-fault\n\nscenarios")
    context = Context(CONTEXT.questionnaires, (CONTEXT.contacts or frozenset()) | {"kindertelefoon"})
    _, problems = check_source(SourceText("good", "good.yaml", text), ("nl", "en"), context)
    found_here = [p for p in problems if p.code == "under18-channel"]
    assert bool(found_here) is fails, [p.message for p in problems]
    if fails:
        assert "outcome 'advice', step 8: 'kindertelefoon' is only for under-18s" in found_here[0].message


def test_the_site_refuses_a_tree_that_breaks_a_rule_even_without_required_blocks() -> None:
    catalog = load_catalog([SourceText("good", "good.yaml", broken("**Het is niet jouw schuld.** ", ""))])
    assert list(catalog.refused) == ["good"]
    assert load_catalog([SourceText("good", "good.yaml", GOOD)]).trees
