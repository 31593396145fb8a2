"""Thread and post forms: shape checks only."""

import re
import secrets

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length

from forum.form_support import choices, optional_int, strip
from forum.threads.models import FORM_KINDS, THREAD_KINDS


def _body_size(form, field):
    limit = current_app.config["POST_MAX_LENGTH"]
    text = field.data or ""
    if not text.strip():
        raise ValidationError("Write something before posting.")
    if len(text) > limit:
        raise ValidationError(
            f"Posts can be at most {limit:,} characters; this one has {len(text):,}."
        )


def _topic_count(form, field):
    count = len(field.data or [])
    if not 1 <= count <= 5:
        raise ValidationError("Choose between one and five research topics.")


def new_submission_key() -> str:
    return secrets.token_urlsafe(18)


def _submission_key(value):
    """A key of the shape we hand out, else a fresh one (an old or tampered form still posts)."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value):
        return value
    return new_submission_key()


def submission_field() -> HiddenField:
    """One key per rendered form, kept through previews and error pages: the service
    stores it with the post, so a second submit of this form lands on the first post."""
    return HiddenField(default=new_submission_key, filters=[_submission_key])


class BodyForm(FlaskForm):
    submission = submission_field()
    body = TextAreaField(
        "Your post",
        validators=[_body_size],
        description="Markdown: **bold**, _italic_, lists, `code`, ``` fenced blocks ```, "
        "tables and [links](https://example.org). Images only from https addresses.",
    )
    preview = SubmitField("Preview")
    submit = SubmitField("Post")


def title_field() -> StringField:
    """A thread's title, as every form that sets one asks for it (new, edit, rename)."""
    return StringField(
        "Title",
        filters=[strip],
        validators=[
            InputRequired(message="Give your thread a title."),
            Length(min=10, max=200, message="Titles are 10–200 characters."),
        ],
        description="A specific question or topic, 10–200 characters.",
    )


def specialty_field() -> SelectField:
    return SelectField(
        "Specialty",
        coerce=optional_int,
        validators=[InputRequired(message="Choose a specialty.")],
    )


def topics_field() -> SelectMultipleField:
    return SelectMultipleField(
        "Research topics",
        coerce=int,
        validators=[_topic_count],
        description="One to five. Hold Ctrl (⌘ on a Mac) to choose several.",
    )


class ThreadForm(BodyForm):
    title = title_field()
    kind = RadioField(
        "This is a",
        choices=choices((kind, THREAD_KINDS[kind]) for kind in FORM_KINDS),
        default="question",
        validators=[InputRequired(message="Choose question or discussion.")],
    )
    specialty = specialty_field()
    similar = SubmitField("Check for similar threads")
    topics = topics_field()


class ReplyForm(BodyForm):
    pass


class EditForm(BodyForm):
    """Editing a post; for the thread's opening post, the thread's title, specialty and
    research topics too (the view removes those fields for replies)."""

    title = title_field()
    specialty = specialty_field()
    topics = topics_field()
    submit = SubmitField("Save changes")

    THREAD_FIELDS = ("title", "specialty", "topics")


class ActionForm(FlaskForm):
    """An empty form: a button whose only field is the CSRF token."""
