"""Curation forms: shape checks only (unique names and addresses are the service's)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp

from forum.form_support import optional_int, strip
from forum.taxonomy.merging import REASON_LENGTH
from forum.taxonomy.naming import DESCRIPTION_LENGTH, NAME_LENGTH
from forum.taxonomy.service import SLUG_LENGTH, SLUG_PATTERN


def _lower(value):
    return value.lower() if isinstance(value, str) else value


SLUG_MESSAGE = "Use lowercase letters, digits and single hyphens, like heart-rhythm."


class _CuratedForm(FlaskForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[
            InputRequired(message="Give it a name."),
            Length(*NAME_LENGTH, message="Names are {}–{} characters.".format(*NAME_LENGTH)),
        ],
    )
    slug = StringField(
        "Address",
        filters=[strip, _lower],
        validators=[
            Optional(),
            Length(max=SLUG_LENGTH, message=f"Addresses are at most {SLUG_LENGTH} characters."),
            Regexp(SLUG_PATTERN, message=SLUG_MESSAGE),
        ],
    )
    description = TextAreaField(
        "Description",
        filters=[strip],
        validators=[
            Length(
                max=DESCRIPTION_LENGTH,
                message=f"Keep the description under {DESCRIPTION_LENGTH} characters.",
            )
        ],
    )
    submit = SubmitField("Save")


class SpecialtyForm(_CuratedForm):
    """Create or edit a specialty. Scoped moderators get it without the slug field."""


class TopicForm(_CuratedForm):
    """Create, rename or describe a research topic."""


def address_help(path: str, current: str | None = None) -> str:
    """The slug field's help: what it is, and the address it has now."""
    what = "The page's address: lowercase letters, digits and hyphens."
    if current:
        return f"{what} Now {path}{current}: leave it empty to keep it, or to follow a new name."
    return f"{what} Leave it empty to make it from the name."


class MergeForm(FlaskForm):
    target = SelectField(
        "Merge into",
        coerce=optional_int,
        validators=[InputRequired(message="Choose the research topic to merge into.")],
    )
    reason = TextAreaField(
        "Note for the audit log (optional)",
        filters=[strip],
        validators=[
            Optional(),
            Length(max=REASON_LENGTH, message=f"Keep the note under {REASON_LENGTH} characters."),
        ],
    )
    submit = SubmitField("Merge")


class ButtonForm(FlaskForm):
    """A button whose only field is the CSRF token (retire, bring back)."""


class MoveForm(FlaskForm):
    """The up and down buttons: each sends its own direction."""

    direction = HiddenField(validators=[AnyOf(("up", "down"))])
