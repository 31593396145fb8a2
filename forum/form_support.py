"""Small glue between services and WTForms forms."""

from collections.abc import Iterable

from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from forum.exceptions import Invalid


def attach(form: FlaskForm, error: Invalid) -> None:
    """Show `error` beside its field, or as a flash message when the form has no such field."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        if not isinstance(field.errors, list):
            field.errors = list(field.errors)
        field.errors.append(error.message)
    else:
        flash(error.message, "error")


def choices(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """(value, label) pairs as select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    """A filter: text fields keep what was typed, without the spaces around it."""
    return value.strip() if isinstance(value, str) else value


def optional_int(value) -> int | None:
    """Coerce for selects led by an empty placeholder option: "" means nothing chosen."""
    if value in ("", None):
        return None
    return int(value)


class Chosen(InputRequired):
    """InputRequired for a select whose every option is a real choice. It sets no
    `required` attribute: HTML allows that on a single select only when its first option
    is an empty placeholder. A browser always sends one of the options; a hand-made
    request without one gets the same message beside the field."""

    def __init__(self, message: str | None = None):
        super().__init__(message)
        self.field_flags = {}
