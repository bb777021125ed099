"""Forms of the public site. Option lists come from the tree, so they are set per request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, InputRequired

from ..forms import Form
from ..questionnaire import Node

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


class SingleAnswerForm(Form):
    """One option of a single-choice question."""

    node = HiddenField()
    answer = RadioField(validators=[InputRequired(message=CHOOSE_ONE)], validate_choice=False)


class MultipleAnswerForm(Form):
    """One or more options of a multiple-choice question."""

    node = HiddenField()
    answer = SelectMultipleField(validators=[InputRequired(message=CHOOSE_SOME)], validate_choice=False)


def answer_form(node: Node, chosen: tuple[str, ...]) -> Form:
    """The form for a node, pre-filled with an earlier answer (WCAG 3.3.7)."""
    if not node.options:
        return EmptyForm()
    form_class = MultipleAnswerForm if node.multiple else SingleAnswerForm
    form = form_class(node=node.id)
    form.answer.choices = [(option.id, option.id) for option in node.options]
    if not form.is_submitted() and chosen:
        form.answer.data = list(chosen) if node.multiple else chosen[0]
    return form
