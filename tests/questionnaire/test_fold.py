"""What a phone shows first: a step's lead, and the estimate of where "do this first" ends (fold.py)."""

from __future__ import annotations

from helpwanted.questionnaire.fold import (
    PHONE,
    FirstStep,
    first_steps_bottom,
    lines,
    paragraphs,
    split_lead,
    step_height,
)


def test_the_lead_is_the_bold_opening_else_the_first_sentence() -> None:
    assert split_lead("**Block the account.** Then report it.") == ("Block the account.", "Then report it.")
    assert split_lead("Call [112](tel:112) now. Or chat.") == ("Call 112 now.", "Or chat.")
    assert split_lead("**Don't pay.**") == ("Don't pay.", "")


def test_words_wrap_like_a_browser_and_a_long_word_breaks() -> None:
    assert lines("", 10) == 0
    assert lines("one two", 7) == 1
    assert lines("one two", 6) == 2
    assert lines("one two three", 9) == 2  # "one two" / "three"
    assert lines("a" * 25, 10) == 3  # a word wider than the line breaks over three lines
    assert lines("a" * 25 + " b", 10) == 3  # … and "b" fits after its last five letters


def test_paragraphs_and_list_items_each_start_a_new_line() -> None:
    assert paragraphs("One.\n\n**Two.**\n- three\n- [four](https://x.nl)") == ["One.", "Two.", "- three", "- four"]


def test_a_step_is_a_tap_target_with_a_row_of_buttons_per_channel() -> None:
    plain = step_height(FirstStep("Don't pay.", more=False, contacts=0))
    assert plain == PHONE.step_min + PHONE.step_after
    # A chevron follows a lead with more text: "Don't pay, don't send a thing" plus it needs two lines.
    two_lines = step_height(FirstStep("Don't pay, don't send a thing.", more=True, contacts=0))
    assert two_lines == 2 * PHONE.lead_line + PHONE.lead_padding + PHONE.step_after
    one_channel = step_height(FirstStep("Don't pay.", more=False, contacts=1))
    two_channels = step_height(FirstStep("Don't pay.", more=False, contacts=2))
    assert one_channel - plain == PHONE.contacts_before + PHONE.contact_row
    assert two_channels - one_channel == PHONE.contact_row + PHONE.contact_gap


def test_the_bottom_adds_title_introduction_heading_and_steps() -> None:
    step = FirstStep("Don't pay.", more=False, contacts=0)
    bare = first_steps_bottom("Get help", "", [step])
    assert bare == PHONE.top + PHONE.title_line + PHONE.title_after + PHONE.heading + PHONE.step_min
    with_intro = first_steps_bottom("Get help", "It's not your fault.\n\nYou're not alone.", [step])
    assert with_intro - bare == 2 * PHONE.intro_line + PHONE.intro_gap + PHONE.intro_after
    assert first_steps_bottom("Get help", "", [step, step]) - bare == PHONE.step_min + PHONE.step_after


def test_the_rest_of_a_step_keeps_every_sentence_after_the_lead() -> None:
    assert split_lead("Call us. Or chat. Or mail us.") == ("Call us.", "Or chat. Or mail us.")


def test_the_chevron_after_a_lead_with_more_text_may_take_a_line_of_its_own() -> None:
    one_line = PHONE.step_min + PHONE.step_after  # a lead of one line is a 48 px tap target
    two_lines = 2 * PHONE.lead_line + PHONE.lead_padding + PHONE.step_after
    assert step_height(FirstStep("Block them in the app.", more=True, contacts=0)) == one_line  # 22 + " »»" fit
    assert step_height(FirstStep("Save the chat with dates.", more=False, contacts=0)) == one_line  # 25 fit
    assert step_height(FirstStep("Save the chat with dates.", more=True, contacts=0)) == two_lines  # " »»" does not


def test_a_lead_of_one_sentence_has_no_rest_and_underscore_emphasis_is_dropped() -> None:
    assert split_lead("Don't pay") == ("Don't pay", "")
    assert split_lead("__Block__ the account. Then report it.") == ("Block the account.", "Then report it.")


def test_words_that_exactly_fill_a_line_and_a_word_one_wider_than_it() -> None:
    assert lines("a b c", 5) == 1  # "a b c" is exactly five characters
    assert lines("a" * 9, 10) == 1 and lines("a" * 10, 10) == 1
    assert lines("a" * 11, 10) == 2 and lines("a" * 20, 10) == 2 and lines("a" * 21, 10) == 3
