"""Small glue between services and WTForms forms."""

from collections.abc import Iterable

from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

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


def optional_int(value) -> int | None:
    """Coerce for selects led by an empty placeholder option: "" means nothing chosen."""
    if value in ("", None):
        return None
    return int(value)
