"""Forms of the public site. The answer form is built per question from the tree's options."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, InputRequired

from ..forms import Form
from ..questionnaire import Node
from ..security import csrf

CHOOSE_ONE = _l("Choose an answer.")
CHOOSE_SOME = _l("Choose at least one answer.")


class StartForm(Form):
    """Start a questionnaire; its id travels in the body, never in the URL."""

    questionnaire = StringField(validators=[InputRequired()])


class LanguageForm(Form):
    """Switch the interface language and return to the same page."""

    lang = StringField(validators=[InputRequired()])
    back = HiddenField()


class EmptyForm(Form):
    """A form with nothing but its CSRF token (restart, continue)."""


class HelpfulForm(Form):
    """Was the advice helpful: yes or no, nothing else (free text would invite personal data)."""

    helpful = StringField(validators=[InputRequired(), AnyOf(("yes", "no"))])


@dataclass
class Answer:
    """The answer field as the step page reads it: the options chosen (a list, or one id, or None)."""

    data: list[str] | str | None


class AnswerForm:
    """The answer to one question: the options chosen, and a message when none was.

    Lighter than a WTForms form (built on every question page): the page needs only the earlier
    answer and one message, and the options are checked by the engine. CSRF stays Flask-WTF's:
    CSRFProtect (security.py) validates the token of every POST before any view runs, and
    validate_on_submit insists that it did, as FlaskForm does.
    """

    def __init__(self, node: Node, chosen: tuple[str, ...]) -> None:
        self.node = node
        self.errors: dict[str, list[str]] = {}
        data: list[str] | str | None = list(chosen) if node.multiple else (chosen[0] if chosen else None)
        self.answer = Answer(data) if node.options else None

    def validate_on_submit(self) -> bool:
        """True for a POST with a valid CSRF token and an answer (any answer: the engine checks it)."""
        if request.method != "POST":
            return False
        if not g.get("csrf_valid"):
            csrf.protect()  # raises CSRFError (400) on a missing or wrong token
        if self.answer is None:
            return True
        given = request.form.getlist("answer")
        self.answer.data = given if self.node.multiple else (given[0] if given else None)
        if given and given[0]:
            return True
        self.errors["answer"] = [str(CHOOSE_SOME if self.node.multiple else CHOOSE_ONE)]
        return False


def answer_form(node: Node, chosen: tuple[str, ...]) -> AnswerForm:
    """The form for a node, pre-filled with an earlier answer (WCAG 3.3.7)."""
    return AnswerForm(node, chosen)
