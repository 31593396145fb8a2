"""Forms of the moderators' thread and post tools: shape checks only (the service rules)."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from forum.form_support import choices, strip
from forum.moderation.posts import REASON_LENGTH
from forum.moderation.thread_surgery import TARGET_HELP
from forum.threads.forms import specialty_field, title_field, topics_field
from forum.threads.models import THREAD_KINDS


def _reason(required: bool = False, description: str | None = None) -> TextAreaField:
    too_long = f"Keep the reason under {REASON_LENGTH} characters."
    validators = [Length(max=REASON_LENGTH, message=too_long)]
    if required:
        validators.insert(
            0, DataRequired(message="Say why: the author and the audit log will see it.")
        )
    return TextAreaField(
        "Reason" if required else "Reason (optional)",
        filters=[strip],
        validators=validators,
        description=description or "Kept in the moderators' audit log with this action.",
    )


class RenameForm(FlaskForm):
    title = title_field()
    reason = _reason()
    submit = SubmitField("Rename thread")


class MoveForm(FlaskForm):
    specialty = specialty_field()
    reason = _reason()
    submit = SubmitField("Move thread")


class TopicsForm(FlaskForm):
    topics = topics_field()
    reason = _reason()
    submit = SubmitField("Save topics")


class MergeForm(FlaskForm):
    """First "Continue" names the target and shows it; then "Merge threads" with the
    shown thread's id in `confirmed` does it (a changed target asks again)."""

    target = StringField(
        "Merge into thread",
        filters=[strip],
        validators=[InputRequired(message=TARGET_HELP)],
        description="Its number (as in /threads/123), its address, or the address of one "
        "of its posts.",
    )
    reason = _reason()
    confirmed = HiddenField()
    check = SubmitField("Continue")
    merge = SubmitField("Merge threads")


class SplitForm(FlaskForm):
    posts = SelectMultipleField("Posts to move", coerce=int)
    title = title_field()
    kind = RadioField("The new thread is a", choices=choices(THREAD_KINDS.items()))
    specialty = specialty_field()
    topics = topics_field()
    reason = _reason()
    submit = SubmitField("Split into a new thread")


class DeleteThreadForm(FlaskForm):
    reason = _reason(description="Told to the thread's author, and kept in the audit log.")
    submit = SubmitField("Delete thread")


class RestoreThreadForm(FlaskForm):
    reason = _reason()
    submit = SubmitField("Restore thread")


class HideForm(FlaskForm):
    reason = _reason(
        required=True,
        description="The author sees this reason on their post; readers see only that it "
        "was hidden.",
    )
    submit = SubmitField("Hide post")


class UnhideForm(FlaskForm):
    reason = _reason()
