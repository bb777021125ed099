"""Which questionnaires a visitor may see (catalog.py): checked files, publications over them, the fallback.

A broken publication must never take a questionnaire offline while its shipped file passes, and what the
editor is shown is always the problems of the live text.
"""

from __future__ import annotations

from pathlib import Path

from helpwanted.questionnaire import DirectorySource, SourceText, load_catalog
from helpwanted.questionnaire.catalog import overlay_catalog, read_file
from helpwanted.questionnaire.limits import MAX_SOURCE_BYTES
from helpwanted.questionnaire.loader import content_version

from .helpers import EXAMPLE, broken

SHIPPED = SourceText("example", "questionnaires/example.yaml", EXAMPLE)
# The same questionnaire published from the staff area, with a changed title (a new version).
PUBLISHED = SourceText("example", "published example", EXAMPLE.replace("Iemand stuurt", "Er stuurt iemand"))
BROKEN = SourceText("example", "published example", broken("        next: about", "        next: abuot"))


def test_a_file_that_passes_is_served() -> None:
    catalog = load_catalog([SHIPPED])
    assert list(catalog.trees) == ["example"] and catalog.refused == () and catalog.problems == ()
    assert catalog.trees["example"].version == content_version(EXAMPLE)
    assert catalog.trees["example"].languages == ("nl", "en")


def test_a_publication_is_served_over_its_shipped_file() -> None:
    catalog = overlay_catalog([SHIPPED], [PUBLISHED])
    assert catalog.trees["example"].version == content_version(PUBLISHED.text)
    assert catalog.trees["example"].source == "published example"


def test_a_broken_publication_falls_back_to_the_shipped_file_and_shows_its_own_problems() -> None:
    catalog = overlay_catalog([SHIPPED], [BROKEN])
    assert catalog.trees["example"].version == content_version(EXAMPLE)
    assert catalog.refused == ()
    assert {p.source for p in catalog.problems} == {"published example"}
    assert [(p.code, p.message) for p in catalog.problems if p.severity.value == "error"] == [
        ("unknown-target", "'safety' leads to unknown node 'abuot'")
    ]


def test_a_broken_publication_without_a_passing_file_is_refused_and_only_its_problems_are_shown() -> None:
    assert overlay_catalog([], [BROKEN]).refused == ("example",)
    shipped_broken = SourceText("example", "questionnaires/example.yaml", broken("start: safety", "start: safe"))
    catalog = overlay_catalog([shipped_broken], [BROKEN])
    assert catalog.trees == {} and catalog.refused == ("example",)
    assert {p.source for p in catalog.problems} == {"published example"}


def test_a_good_publication_serves_a_questionnaire_whose_shipped_file_is_broken() -> None:
    shipped_broken = SourceText("example", "questionnaires/example.yaml", broken("start: safety", "start: safe"))
    catalog = overlay_catalog([shipped_broken], [PUBLISHED])
    assert catalog.trees["example"].version == content_version(PUBLISHED.text) and catalog.problems == ()


def test_warnings_do_not_refuse_a_questionnaire_but_are_listed() -> None:
    text = EXAMPLE.replace("scenarios:\n", "scenarios:\n", 1).replace(
        "  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n", ""
    )
    catalog = load_catalog([SourceText("example", "example.yaml", text)])
    assert list(catalog.trees) == ["example"]
    assert [(p.severity.value, p.code) for p in catalog.problems] == [("warning", "outcome-without-scenario")]


def test_questionnaires_may_name_each_other_and_only_the_known_help_channels() -> None:
    lonely = SourceText("example", "example.yaml", broken("see_also: [example]", "see_also: [other]"))
    assert load_catalog([lonely]).refused == ("example",)
    other = SourceText("other", "other.yaml", EXAMPLE)
    assert set(load_catalog([lonely, other]).trees) == {"example", "other"}
    assert set(overlay_catalog([lonely], [other]).trees) == {"example", "other"}
    assert list(load_catalog([SHIPPED], contacts=frozenset({"helpwanted"})).trees) == ["example"]
    refused = load_catalog([SHIPPED], contacts=frozenset({"politie"}))
    assert refused.refused == ("example",)
    assert {p.message for p in refused.problems} == {"there is no help channel 'helpwanted'"}


def test_a_questionnaire_is_offered_in_the_languages_it_is_complete_in() -> None:
    catalog = load_catalog([SHIPPED], ("nl", "en", "de"))
    assert catalog.trees["example"].languages == ("nl", "en")
    assert {(p.severity.value, p.code) for p in catalog.problems} == {("warning", "missing-translation")}


def test_a_rebuild_reuses_what_was_checked_under_the_same_context() -> None:
    first = overlay_catalog([SHIPPED], [BROKEN])
    again = overlay_catalog([SHIPPED], [BROKEN], previous=first)
    assert again.trees["example"] is first.trees["example"] and again.problems == first.problems
    other_channels = overlay_catalog([SHIPPED], [BROKEN], contacts=frozenset({"helpwanted"}), previous=first)
    assert other_channels.trees["example"] is not first.trees["example"]


def test_a_folder_is_read_in_name_order_with_each_stem_as_the_id(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("b: 1\n")
    (tmp_path / "a.yaml").write_text("a: 1\n")
    (tmp_path / "notes.txt").write_text("not a questionnaire\n")
    (tmp_path / "old.yaml").mkdir()  # reading it was an IsADirectoryError on every page
    sources = list(DirectorySource(tmp_path).read())
    assert [(s.tree_id, s.name, s.text) for s in sources] == [
        ("a", str(tmp_path / "a.yaml"), "a: 1\n"),
        ("b", str(tmp_path / "b.yaml"), "b: 1\n"),
    ]


def test_a_file_is_decoded_forgivingly_and_never_read_far_past_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "odd.yaml").write_bytes(b"title: caf\xe9\n")
    assert read_file(tmp_path / "odd.yaml").text == "title: caf\ufffd\n"
    (tmp_path / "huge.yaml").write_bytes(b"#" * (MAX_SOURCE_BYTES + 100))
    huge = read_file(tmp_path / "huge.yaml")
    assert len(huge.text) == MAX_SOURCE_BYTES + 1
    catalog = load_catalog([huge])
    assert catalog.refused == ("huge",)
    assert [p.message for p in catalog.problems] == [f"the file has more than {MAX_SOURCE_BYTES} bytes"]
