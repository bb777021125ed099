"""Visitor texts: safe Markdown, plain language at its exact limits, coverage and stale translations.

Written for the survivors of the mutation run (docs/mutation-testing.md): each asserts what an editor,
a translator or a visitor sees.
"""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import SourceText, Tree, check_source, coverage, render_markdown, stale_translations
from helpwanted.questionnaire.markdown import markdown_problems

from .helpers import EXAMPLE, broken, check, codes, only

INFO = 'nl: "We stellen je nu een paar vragen."'  # the information page's text: Markdown


def tree_of(text: str) -> Tree:
    tree, _ = check_source(SourceText("example", "example.yaml", text))
    assert tree is not None
    return tree


def words(count: int) -> str:
    return " ".join(["woord"] * count)


@pytest.mark.parametrize(("count", "warned"), [(20, False), (21, True)])
def test_a_sentence_may_have_twenty_words(count: int, warned: bool) -> None:
    found = check(broken(INFO, f'nl: "{words(count)}."'))
    assert ("long-sentence" in codes(found)) is warned
    if warned:
        problem = only(found, "long-sentence")
        assert problem.arguments == {"language": "nl", "count": "21", "limit": "20", "start": words(21)[:40]}


@pytest.mark.parametrize(("count", "warned"), [(4, False), (5, True)])
def test_a_paragraph_may_have_four_sentences(count: int, warned: bool) -> None:
    paragraph = " ".join(f"Dit is zin nummer {n}." for n in range(count))
    found = check(broken(INFO, f'nl: "{paragraph}"'))
    assert ("long-paragraph" in codes(found)) is warned
    if warned:
        problem = only(found, "long-paragraph")
        assert problem.arguments == {"language": "nl", "count": "5", "limit": "4", "start": paragraph[:40]}


@pytest.mark.parametrize("paragraph", ["**Een.** Twee. Drie. Vier. Vijf.", "_Een._ Twee. Drie. Vier. Vijf."])
def test_emphasis_does_not_hide_where_a_sentence_ends(paragraph: str) -> None:
    found = check(broken(INFO, f'nl: "{paragraph}"'))
    assert only(found, "long-paragraph").arguments["count"] == "5"


def test_a_link_target_is_not_read_as_words() -> None:
    sentence = f"{words(19)} [hier](https://example.org/een/twee/drie/vier)."
    assert "long-sentence" not in codes(check(broken(INFO, f'nl: "{sentence}"')))
    longer = f"{words(20)} [hier](https://example.org/een)."
    assert only(check(broken(INFO, f'nl: "{longer}"')), "long-sentence").arguments["count"] == "21"


@pytest.mark.parametrize(
    "text",
    ["Een. Twee. Drie.\\n\\nVier. Vijf. Zes.", "- Een. Twee.\\n- Drie. Vier.\\n- Vijf.", "1. Een. Twee.\\n2. Drie. Vier. Vijf."],
)
def test_blank_lines_and_list_items_start_a_new_paragraph(text: str) -> None:
    assert "long-paragraph" not in codes(check(broken(INFO, f'nl: "{text}"')))


def test_plain_language_is_checked_in_every_language() -> None:
    text = broken('en: "We will now ask you a few questions."', f'en: "{words(25)}."')
    assert only(check(text), "long-sentence").arguments["language"] == "en"


def test_labels_are_plain_text_not_markdown() -> None:
    # A label is shown escaped, so HTML in it is harmless text; in an advice text it is refused.
    assert "unsafe-markdown" not in codes(check(broken('label: {nl: "Ja"', 'label: {nl: "<b>Ja</b>"')))
    assert "unsafe-markdown" in codes(check(broken(INFO, 'nl: "<b>Ja</b>"')))


def test_unsafe_markdown_names_what_is_refused() -> None:
    tag = '<span class="a-very-long-class-name-indeed-yes-it-is">'
    assert markdown_problems(f"{tag}x</span>") == [
        ("unsafe-markdown.html", {"html": tag[:40]}),
        ("unsafe-markdown.html", {"html": "</span>"}),
    ]
    target = "javascript:" + "a" * 100
    assert markdown_problems(f"[x]({target})") == [("unsafe-markdown.link", {"href": target[:80]})]
    assert markdown_problems("![foto](https://example.org/p.png)") == [("unsafe-markdown.image", {})]


def test_only_https_mail_and_phone_links_are_safe_whatever_their_case() -> None:
    safe = "[a](https://a.example) [b](HTTPS://b.example) [c](mailto:x@y.nl) [d](MAILTO:x@y.nl) [e](tel:112)"
    assert markdown_problems(safe) == []
    unsafe = "[a](http://b.example) [c](ftp://a.example) [d](data:text/html,x)"
    assert [args["href"] for _, args in markdown_problems(unsafe)] == [
        "data:text/html,x",
        "ftp://a.example",
        "http://b.example",
    ]


def test_rendered_markdown_escapes_html_shows_no_image_and_sends_no_referrer() -> None:
    html = render_markdown("Zie [dit](https://a.example) <b>x</b> ![i](https://b.example/p.png)")
    assert '<a rel="noreferrer noopener" href="https://a.example">dit</a>' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    assert "<img" not in html


def test_coverage_is_the_share_of_texts_filled_in_per_language() -> None:
    full = tree_of(EXAMPLE)
    assert coverage(full, ("nl", "en")) == {"nl": 1.0, "en": 1.0}
    gaps = tree_of(broken('en: "Yes"', 'en: " "', broken('en: "No"', "en: ''")))
    shares = coverage(gaps, ("nl", "en", "de"))
    assert shares["nl"] == 1.0 and shares["de"] == 0.0
    assert shares["en"] == pytest.approx(24 / 26)


def test_stale_translations_are_the_ones_whose_source_changed_alone() -> None:
    before = tree_of(EXAMPLE)
    only_dutch = broken('label: {nl: "Ja", en: "Yes"}', 'label: {nl: "Jazeker", en: "Yes"}')
    both = broken('label: {nl: "Nee", en: "No"}', 'label: {nl: "Nee hoor", en: "No way"}', only_dutch)
    english_only = broken('en: "Get help now"', 'en: "Get help right now"', both)
    after = tree_of(english_only)
    stale = stale_translations(before, after, "nl")
    assert [(key, language) for key, language, _ in stale] == [("node:safety:option:yes:label", "en")]
    assert stale[0][2].get("nl") == "Jazeker"
    english = stale_translations(before, after, "en")
    assert [(key, language) for key, language, _ in english] == [("node:urgent:title", "nl")]


@pytest.mark.parametrize("markdown", ["Zie <http://evil.example>.", "Zie [dit][r].\n\n[r]: http://evil.example"])
def test_autolinks_and_reference_links_are_checked_too(markdown: str) -> None:
    # Neither is written '](…)': only the parsed link shows where it goes.
    assert markdown_problems(markdown) == [("unsafe-markdown.link", {"href": "http://evil.example"})]
    assert markdown_problems(markdown.replace("http:", "https:")) == []


def test_a_short_paragraph_of_five_sentences_with_four_full_stops_is_too_long() -> None:
    text = broken('nl: "We stellen je nu een paar vragen."', 'nl: "Ga. Bel. Chat. Mail. Praat"')
    assert only(check(text), "long-paragraph").arguments["count"] == "5"
