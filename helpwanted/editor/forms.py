"""Forms of the content staff area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Regexp, ValidationError

from ..forms import Form
from ..questionnaire import MAX_SOURCE_BYTES


def no_nul(form: Form, field: Field) -> None:
    """Refuse NUL bytes: PostgreSQL cannot store them (the checker reports other control characters)."""
    if "\x00" in (field.data or ""):
        raise ValidationError(_l("The text contains a NUL character."))


class EditForm(Form):
    """The YAML of a questionnaire and the draft revision it was based on."""

    source = TextAreaField(_l("Questionnaire (YAML)"), validators=[Length(max=MAX_SOURCE_BYTES), no_nul])
    revision = HiddenField(validators=[Regexp(r"^[0-9]{1,9}$")])  # the draft's revision the text was based on


class PublishForm(Form):
    """Publish the saved draft at this revision."""

    revision = HiddenField()
    note = StringField(_l("What changed (for the history)"), validators=[Length(max=500)])
    acknowledge = BooleanField(_l("I have read the warnings and want to publish anyway"))

