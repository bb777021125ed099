"""Walking a tree: answer, back, change, stale progress and bad answers."""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import (
    InvalidAnswer,
    Progress,
    ProgressError,
    SourceText,
    StaleProgress,
    Tree,
    advice_steps,
    answer,
    answer_and_walk,
    answered_path,
    check_source,
    start,
    walk,
)

from .helpers import EXAMPLE


@pytest.fixture
def tree() -> Tree:
    loaded, problems = check_source(SourceText("example", "example.yaml", EXAMPLE))
    assert loaded is not None and not problems
    return loaded


def walk_to_advice(tree: Tree, where: tuple[str, ...] = ("chat",), age: str = "under18") -> Progress:
    progress = answer(tree, start(tree), "safety", ("no",))
    progress = answer(tree, progress, "about", ())
    progress = answer(tree, progress, "where", where)
    return answer(tree, progress, "age", (age,))


def test_walk_starts_at_the_safety_question(tree: Tree) -> None:
    current = walk(tree, start(tree))
    assert current.path == ("safety",)
    assert not current.finished


def test_answer_follows_conditions_to_the_outcome(tree: Tree) -> None:
    assert walk(tree, walk_to_advice(tree)).current.id == "chat-advice"
    assert walk(tree, walk_to_advice(tree, ("chat", "game"))).current.id == "game-advice"


def test_advice_steps_apply_conditions_and_blocks(tree: Tree) -> None:
    outcome = tree.nodes["chat-advice"]
    young = [s.text.get("en") for s in advice_steps(tree, outcome, walk_to_advice(tree).answers) if s.text]
    adult = [s.text.get("en") for s in advice_steps(tree, outcome, walk_to_advice(tree, age="adult").answers) if s.text]
    assert "Also tell a parent." in young
    assert "Also tell a parent." not in adult
    assert young[0].startswith("Take screenshots")  # the evidence block, resolved


def test_change_keeps_answers_still_on_the_path(tree: Tree) -> None:
    progress = walk_to_advice(tree)
    changed = answer(tree, progress, "where", ("game",))
    assert changed.answers["age"] == ("under18",)
    assert walk(tree, changed).current.id == "game-advice"


def test_change_drops_answers_no_longer_on_the_path(tree: Tree) -> None:
    progress = answer(tree, walk_to_advice(tree), "safety", ("yes",))
    assert dict(progress.answers) == {"safety": ("yes",)}
    assert walk(tree, progress).current.id == "urgent"


def test_answered_path_lists_questions_in_order(tree: Tree) -> None:
    pairs = [(node.id, choice) for node, choice in answered_path(tree, walk_to_advice(tree))]
    assert pairs == [("safety", ("no",)), ("where", ("chat",)), ("age", ("under18",))]


@pytest.mark.parametrize(
    ("node", "choice"),
    [("age", ("under18",)), ("safety", ("maybe",)), ("safety", ()), ("safety", ("yes", "no")), ("about", ("x",))],
)
def test_answer_refuses_nodes_off_the_path_and_unknown_options(tree: Tree, node: str, choice: tuple[str, ...]) -> None:
    progress = start(tree) if node != "about" else answer(tree, start(tree), "safety", ("no",))
    with pytest.raises(InvalidAnswer):
        answer(tree, progress, node, choice)


def test_answer_refuses_repeated_option(tree: Tree) -> None:
    progress = answer(tree, answer(tree, start(tree), "safety", ("no",)), "about", ())
    with pytest.raises(InvalidAnswer):
        answer(tree, progress, "where", ("chat", "chat"))


def test_progress_from_another_version_is_detected(tree: Tree) -> None:
    progress = walk_to_advice(tree)
    stale = Progress(progress.tree_id, "0" * 12, progress.answers)
    with pytest.raises(StaleProgress):
        walk(tree, stale)


def test_progress_round_trips_through_session_data(tree: Tree) -> None:
    progress = walk_to_advice(tree, ("chat", "game"))
    assert Progress.from_data(progress.to_data()) == progress


@pytest.mark.parametrize("data", [None, {}, {"t": "x"}, {"t": "x", "v": "y", "a": [1]}, "text"])
def test_progress_from_garbage_raises_progress_error(data: object) -> None:
    with pytest.raises(ProgressError):
        Progress.from_data(data)


def test_answer_and_walk_gives_the_walk_after_a_change_that_drops_answers(tree: Tree) -> None:
    changed, after = answer_and_walk(tree, walk_to_advice(tree), "safety", ("yes",))
    assert dict(changed.answers) == {"safety": ("yes",)}
    assert after.path == ("safety", "urgent") and after.finished


STEERED = """title: {nl: "T", en: "T"}
summary: {nl: "S", en: "S"}
start: intro
nodes:
  - {id: intro, type: info, title: {nl: "Intro", en: "Intro"}, text: {nl: "Hoi.", en: "Hi."}, next: page}
  - id: page
    type: info
    title: {nl: "Pagina", en: "Page"}
    text: {nl: "Tekst.", en: "Text."}
    next:
      - {when: {second: x}, goto: end-x}
      - {goto: second}
  - id: second
    type: question
    text: {nl: "Tweede?", en: "Second?"}
    options:
      - {id: x, label: {nl: "X", en: "X"}}
      - {id: y, label: {nl: "Y", en: "Y"}}
    next: end-second
  - {id: end-x, type: outcome, title: {nl: "X", en: "X"}}
  - {id: end-second, type: outcome, title: {nl: "Twee", en: "Two"}}
"""


def test_the_walk_given_back_is_the_walk_of_the_answers_kept() -> None:
    # A condition before a question reads its answer (the checker calls that condition impossible,
    # but the engine must still be consistent): answering x leads away from 'second', so that answer
    # is dropped, and the walk given back is the one without it, as every later page replays it.
    steered, _ = check_source(SourceText("steered", "steered.yaml", STEERED))
    assert steered is not None
    progress = answer(steered, answer(steered, start(steered), "intro", ()), "page", ())
    assert walk(steered, progress).current.id == "second"
    kept, after = answer_and_walk(steered, progress, "second", ("x",))
    assert dict(kept.answers) == {"intro": (), "page": ()}
    assert after == walk(steered, kept) and after.path == ("intro", "page", "second")
    # The same in the editor's preview, started at the page: the replay starts there too.
    progress = answer(steered, start(steered), "page", (), start_at="page")
    kept, after = answer_and_walk(steered, progress, "second", ("x",), start_at="page")
    assert after == walk(steered, kept, "page") and after.path == ("page", "second")


def test_progress_with_an_empty_answer_to_a_question_means_start_again(tree: Tree) -> None:
    # An old or damaged session may hold one; the visitor is sent to the start, the page never fails.
    progress = Progress.from_data({"t": tree.id, "v": tree.version, "a": {"safety": []}})
    with pytest.raises(ProgressError):
        walk(tree, progress)


def test_an_exception_that_escapes_says_why_in_the_log(tree: Tree) -> None:
    # Every caller turns these into a page of its own; one that escapes (a bug) is read in the
    # server log, where its words are all there is to go on.
    with pytest.raises(ProgressError, match=r"^unreadable progress$"):
        Progress.from_data({"t": "example"})
    with pytest.raises(StaleProgress, match=r"^progress is for other@v1$"):
        walk(tree, Progress("other", "v1", {}))
    progress = start(tree)
    for node_id, choice, reason in [
        ("age", ("adult",), "'age' is not on the path"),
        ("safety", (), "wrong number of options"),
        ("safety", ("maybe",), "unknown option"),
    ]:
        with pytest.raises(InvalidAnswer, match=f"^{reason}$"):
            answer(tree, progress, node_id, choice)
    progress = answer(tree, progress, "safety", ("no",))
    with pytest.raises(InvalidAnswer, match=r"^an information page takes no answer$"):
        answer(tree, progress, "about", ("yes",))
    progress = answer(tree, answer(tree, progress, "safety", ("yes",)), "safety", ("yes",))
    with pytest.raises(InvalidAnswer, match=r"^an outcome takes no answer$"):
        answer(tree, progress, "urgent", ())
    broken_tree, _ = check_source(
        SourceText("example", "example.yaml", EXAMPLE.replace("next: about", "next: nowhere"))
    )
    assert broken_tree is not None  # refused by the checker, but a walk through it must still stop
    with pytest.raises(ProgressError, match=r"^no way on from 'safety'$"):
        walk(broken_tree, Progress("example", broken_tree.version, {"safety": ("no",)}))
