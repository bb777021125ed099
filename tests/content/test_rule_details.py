"""The content rules in detail: the exact words of their messages, their edges, and what one rule
must not hide or borrow (each test here failed on a change to rules.py that the mutation run found
unnoticed; docs/mutation-testing.md)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from helpwanted.questionnaire import Context, Problem, SourceText, check_source
from helpwanted.questionnaire.fold import PHONE, first_steps_bottom
from helpwanted.questionnaire.problems import ProblemList
from helpwanted.questionnaire.rules import check_content, site_rules

GOOD = (Path(__file__).parent / "trees" / "good.yaml").read_text()
CONTEXT = Context(frozenset({"good"}), frozenset({"emergency", "zelfmoordpreventie", "helpwanted", "kindertelefoon"}))
FIRST = """    first:
      - text: {nl: "**Betaal niet.**", en: "**Don't pay.**"}
      - block: evidence
      - text: {nl: "**Praat met Helpwanted.**", en: "**Talk to Helpwanted.**"}
        contacts: [helpwanted]
"""
TALK = (
    '      - text: {nl: "**Praat met Helpwanted.**", en: "**Talk to Helpwanted.**"}\n        contacts: [helpwanted]\n'
)
WAIT = '      - text: {nl: "**Wacht.**", en: "**Wait.**"}\n'
SENTENCE = "Je hoeft dit niet alleen op te lossen. "


def intro(sentences: int) -> str:
    """An introduction of so many sentences (and the reassurance before them)."""
    return "Het is niet jouw schuld. " + SENTENCE * sentences


def check(text: str, languages: tuple[str, ...] = ("nl", "en")) -> list[Problem]:
    _, problems = check_source(SourceText("good", "good.yaml", text), languages, CONTEXT)
    return list(problems)


def broken(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def found(text: str, code: str, languages: tuple[str, ...] = ("nl", "en")) -> list[Problem]:
    return [problem for problem in check(text, languages) if problem.code == code]


def advice_first(steps: str, intro: str = "") -> str:
    """The good tree with other "do this first" steps for the outcome 'advice' (and an introduction)."""
    head = f'    text: {{nl: "{intro}", en: "Not your fault."}}\n' if intro else ""
    return broken(FIRST, head + "    first:\n" + steps)


def when(step: str, condition: str) -> str:
    return step + f"        when: {condition}\n"


def folds(text: str) -> list[tuple[str, str]]:
    return [
        (p.arguments["language"], p.arguments["bottom"]) for p in found(text, "first-steps") if "bottom" in p.arguments
    ]


# The word lists


def test_word_lists_match_whole_words_in_any_case() -> None:
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** DAN KOMT ALLES GOED."')
    assert [p.arguments["phrase"] for p in found(text, "promise")] == ["DAN KOMT ALLES GOED"]
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Indien nodig, bel ons."')
    assert [p.message for p in found(text, "hard-word")] == ["nl: 'Indien' is above B1; say 'als'"]
    # "indien" inside "indienen" (to file a complaint) is another word.
    assert (
        found(broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Je kunt een klacht indienen."'), "hard-word")
        == []
    )


def test_a_link_is_read_as_its_text() -> None:
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** [Het komt goed](https://example.org/hulp)."')
    assert [p.arguments["phrase"] for p in found(text, "promise")] == ["Het komt goed"]


def test_a_hard_word_after_an_explained_one_is_still_a_warning() -> None:
    sentence = "Ga niet onderhandelen (praten over geld), wellicht wil de ander dat."
    text = broken('nl: "**Betaal niet.**"', f'nl: "**Betaal niet.** {sentence}"')
    assert [p.message for p in found(text, "hard-word")] == ["nl: 'wellicht' is above B1; say 'misschien'"]


def test_a_language_without_word_lists_is_left_to_the_other_rules() -> None:
    text = broken('en: "**Don\'t pay.**"}', 'en: "**Don\'t pay.**", de: "**Lösche den Chat.** Es wird gut."}')
    assert {p.code for p in check(text, ("nl", "en", "de"))} == {"missing-translation"}


def test_each_language_is_read_in_its_own_text_never_in_another() -> None:
    # A Dutch text that happens to hold the English words does not speak for a missing English one.
    text = broken(
        '      en: "**It\'s not your fault.** Talk about it with someone you trust."\n',
        "",
        broken(
            'Praat erover met iemand die je vertrouwt."', 'Praat erover met iemand (talk to someone): not your fault."'
        ),
    )
    assert [p.message for p in found(text, "no-reassurance")] == [
        "outcome 'urgent' must always say it is not the visitor's fault (en)",
        "outcome 'advice' must always say it is not the visitor's fault (en)",
    ]
    step = '      - text: {nl: "**Ben je jonger dan 18 (under 18)?** Bel De Kindertelefoon."}\n        contacts: [kindertelefoon]\n'
    text = broken("      - block: not-your-fault\n\nscenarios", step + "      - block: not-your-fault\n\nscenarios")
    assert [p.message_id for p in found(text, "under18-channel")] == ["under18-channel"]


# "Do this first": how many, how long, and whether they fit on a phone


def test_too_many_first_steps_names_the_outcome_the_count_and_the_limit() -> None:
    steps = TALK + WAIT + WAIT + when(WAIT, "{age: under18}") + when(WAIT, "{age: adult}")
    assert (
        [p.message for p in found(advice_first(steps), "first-steps")]
        == [
            "outcome 'advice' can show 4 'first' steps together (at most 3)"  # the under-18 and the adult step never together
        ]
    )


def test_steps_for_the_same_answer_or_for_different_questions_are_shown_together() -> None:
    steps = TALK + when(WAIT, "{age: under18}") + when(WAIT, "{age: [under18, adult]}") + when(WAIT, "{safety: no}")
    assert [p.arguments["count"] for p in found(advice_first(steps), "first-steps")] == ["4"]


def test_ten_first_steps_are_counted_exactly_and_more_are_counted_all_together() -> None:
    ten = TALK + when(WAIT, "{age: under18}") * 5 + when(WAIT, "{age: adult}") * 4
    assert [p.arguments["count"] for p in found(advice_first(ten), "first-steps")] == ["6"]
    # Past ten, working out which exclude each other is not worth it: a "do this first" that long is wrong anyway.
    eleven = ten + when(WAIT, "{age: adult}")
    assert [p.arguments["count"] for p in found(advice_first(eleven), "first-steps")] == ["11"]


def test_a_lead_of_exactly_the_limit_is_short_enough() -> None:
    lead = "Betaal niet, ook niet als de ander steeds meer dreigt, echt."
    assert len(lead) == 60
    assert found(broken('nl: "**Betaal niet.**"', f'nl: "**{lead}**"'), "first-steps") == []
    (problem,) = found(broken('nl: "**Betaal niet.**"', f'nl: "**{lead}!**"'), "first-steps")
    assert problem.arguments["length"] == "61"


def test_steps_that_end_exactly_at_the_screens_edge_fit() -> None:
    intro = (
        "Het is niet jouw schuld. "
        + SENTENCE
        + "Wij helpen je graag, ook in het weekend en ook als je het lastig vindt om erover te beginnen "
    )
    intro += "met iemand. Echt waar, hoor."
    two_channels = TALK.replace("[helpwanted]", "[helpwanted, emergency]")
    text = advice_first(WAIT + WAIT + two_channels, intro)
    assert found(text, "first-steps") == []
    # One more line of introduction: 27 px more.
    assert folds(broken("Echt waar, hoor.", "Echt waar, hoor. Dat weten we allemaal heel zeker.", text)) == [
        ("nl", "694")
    ]


def test_the_fold_is_measured_in_each_language_with_its_own_title_introduction_and_leads() -> None:
    text = broken(
        "        contacts: [helpwanted]\n    steps:",
        "        contacts: [helpwanted, emergency, zelfmoordpreventie, helpwanted]\n    steps:",
    )
    assert folds(text) == [("nl", "674")]  # "Maak screenshots van de chat." takes two lines, "Screenshot the chat." one
    # A lead followed by more text has a chevron, which here takes a line of its own.
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal de ander nooit iets.** Ook later niet."', text)
    assert folds(text) == [("nl", "691")]
    text = broken('en: "What to do now"', 'en: "What you can do right now, step by step"', text)
    assert folds(text) == [("en", "684"), ("nl", "691")]


def test_a_single_first_step_is_measured_too() -> None:
    assert folds(advice_first(TALK, intro(14))) == [("nl", "772")]


def test_an_outcome_without_first_steps_is_told_so_and_not_also_measured() -> None:
    long_intro = intro(20)
    assert first_steps_bottom("Wat je nu doet", long_intro, []) > PHONE.height  # even without steps
    text = broken(FIRST, f'    text: {{nl: "{long_intro}", en: "Not your fault."}}\n')
    assert [p.message_id for p in found(text, "first-steps")] == ["first-steps"]


def test_the_fold_is_measured_with_the_three_steps_a_page_shows_at_most() -> None:
    text = advice_first(TALK + WAIT + WAIT + WAIT, intro(5))  # three fit; all four would not
    assert [p.message_id for p in found(text, "first-steps")] == ["first-steps.too-many"]


def test_steps_that_exclude_each_other_are_never_measured_together() -> None:
    tall = '      - text: {nl: "**Bel ons.**", en: "**Call us.**"}\n        contacts: [helpwanted, emergency]\n'
    steps = when(tall, "{age: under18}") + when(tall, "{age: adult}") + TALK + WAIT
    assert found(advice_first(steps), "first-steps") == []  # either tall step with the two short ones fits


def test_past_ten_first_steps_only_the_count_is_reported() -> None:
    ten = TALK + WAIT * 9
    assert {p.message_id for p in found(advice_first(ten, intro(7)), "first-steps")} == {
        "first-steps.too-many",
        "first-steps.fold",
    }
    eleven = ten + WAIT
    assert [p.message_id for p in found(advice_first(eleven, intro(7)), "first-steps")] == ["first-steps.too-many"]


# The order of steps, the image, help lines for under-18s


def test_a_negated_delete_is_no_delete_step_in_dutch_either() -> None:
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Verwijder de chat nog niet."')
    assert found(text, "delete-before-evidence") == []
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Verwijder de chat."')
    assert [p.message for p in found(text, "delete-before-evidence")] == [
        "outcome 'advice': step 1 deletes before step 2 saves evidence, reports or blocks; the order is evidence, report, block, then delete"
    ]


def test_a_block_in_several_outcomes_is_read_afresh_for_each_rule() -> None:
    # 'urgent' asks whether the evidence block saves evidence (a delete step comes first); 'advice'
    # asks whether the same block deletes (no: the screenshots after it are in the right order).
    delete_first = '      - text: {nl: "**Verwijder de chat.**", en: "**Delete the chat.**"}\n      - block: evidence\n'
    text = broken(
        "    steps:\n      - block: not-your-fault\n", "    steps:\n" + delete_first + "      - block: not-your-fault\n"
    )
    more = '{nl: "**Maak screenshots van zijn profiel.**", en: "**Screenshot their profile.**"}'
    text = broken('{nl: "**Blokkeer de persoon** in de app.", en: "**Block the person** in the app."}', more, text)
    assert [p.message.split(":")[0] for p in found(text, "delete-before-evidence")] == ["outcome 'urgent'"]


def test_a_step_with_an_unknown_block_hides_no_order_problem_after_it() -> None:
    text = broken("      - block: evidence\n", "      - block: nowhere\n      - block: evidence\n")
    text = broken('nl: "**Betaal niet.**"', 'nl: "**Betaal niet.** Verwijder de chat."', text)
    assert {p.code for p in check(text)} >= {"unknown-block", "delete-before-evidence"}


def test_the_image_copy_message_quotes_the_sentence_and_its_language() -> None:
    sentence = "Maak screenshots van de naaktfoto en van alles wat de ander je heeft gestuurd."
    (problem,) = found(broken('nl: "**Betaal niet.**"', f'nl: "**Betaal niet.** {sentence}"'), "image-copy")
    assert problem.message.startswith(f"nl: {sentence[:60]!r} may tell to copy the image itself")


def test_a_language_with_an_incomplete_image_list_is_skipped_and_hides_no_other() -> None:
    tree, _ = check_source(
        SourceText("good", "good.yaml", broken('en: "**Don\'t pay.**"', 'en: "**Don\'t pay.** Keep the photo."')),
        ("nl", "en"),
        CONTEXT,
    )
    assert tree is not None
    complete = site_rules()
    for incomplete in (
        dataclasses.replace(complete, copy_verbs={"en": complete.copy_verbs["en"]}),
        dataclasses.replace(complete, keep_out={"en": complete.keep_out["en"]}),
        dataclasses.replace(complete, image_nouns={"en": complete.image_nouns["en"]}),
    ):
        problems = ProblemList("good.yaml")
        check_content(tree, problems, incomplete)
        assert [p.code for p in problems] == ["image-copy"]  # nl skipped, en still read


def test_a_block_step_that_says_it_is_for_under_18s_may_name_their_line() -> None:
    block = (
        '  for-under18:\n    text:\n      nl: "**Ben je jonger dan 18?** Bel De Kindertelefoon."\n'
        '      en: "**Under 18?** Call De Kindertelefoon."\n'
    )
    text = broken("nodes:\n", block + "\nnodes:\n")
    step = "      - block: for-under18\n        contacts: [kindertelefoon]\n"
    assert (
        found(
            broken(
                "      - block: not-your-fault\n\nscenarios", step + "      - block: not-your-fault\n\nscenarios", text
            ),
            "under18-channel",
        )
        == []
    )


def test_a_step_after_one_that_says_it_is_for_under_18s_is_still_checked() -> None:
    says = '      - text: {nl: "**Ben je jonger dan 18?** Bel.", en: "**Under 18?** Call."}\n        contacts: [kindertelefoon]\n'
    plain = '      - text: {nl: "**Bel De Kindertelefoon.**", en: "**Call De Kindertelefoon.**"}\n        contacts: [kindertelefoon]\n'
    text = broken(
        "      - block: not-your-fault\n\nscenarios", says + plain + "      - block: not-your-fault\n\nscenarios"
    )
    assert [p.arguments["step"] for p in found(text, "under18-channel")] == ["9"]
