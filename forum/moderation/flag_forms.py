"""Forms for flagging a post and for resolving its flags: shape checks only.

The queue shows the resolution forms of many posts on one page, so each is made with
a prefix naming its action and post (`resolution_prefix`): field ids stay unique on
the page, and the view that receives one builds it with the same prefix.
"""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from forum.form_support import choices, strip
from forum.moderation.flags import NOTE_LENGTH, TEXT_LENGTH
from forum.moderation.models import FLAG_REASONS
from forum.moderation.posts import REASON_LENGTH
from forum.moderation.warnings import MESSAGE_LENGTH


class FlagForm(FlaskForm):
    # Sent by this form only: the thread page's "Flag" button posts just its CSRF token
    # to the same address, which opens this form instead of reporting anything.
    sent = HiddenField(default="1")
    reason = RadioField(
        "Why should a moderator look at this post?",
        choices=choices(FLAG_REASONS.items()),
        validators=[InputRequired(message="Choose why you are flagging this post.")],
    )
    text = TextAreaField(
        "Anything the moderators should know",
        filters=[strip],
        validators=[Length(max=TEXT_LENGTH, message=f"Keep it under {TEXT_LENGTH} characters.")],
        description="Needed for “Something else”; optional for the others. Only moderators "
        "read it.",
    )
    submit = SubmitField("Send report")

    def validate_text(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError("Say what is wrong: the moderators need a few words.")

    @property
    def was_sent(self) -> bool:
        return self.is_submitted() and self.sent.raw_data == ["1"]


def _note_field() -> TextAreaField:
    return TextAreaField(
        "Note to the members who flagged it (optional)",
        filters=[strip],
        validators=[
            Length(max=NOTE_LENGTH, message=f"Keep the note under {NOTE_LENGTH} characters.")
        ],
        description="Added to the notice that tells them the outcome.",
    )


def _reason_field(label: str = "Reason (the author and the audit log see it)") -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters.")
        ],
    )


class HideForm(FlaskForm):
    reason = _reason_field()
    note = _note_field()
    submit = SubmitField("Hide the post")

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError("Say why: the author and the audit log will see it.")


class DismissForm(FlaskForm):
    note = _note_field()
    submit = SubmitField("Keep the post: dismiss the flags")


class WarnForm(FlaskForm):
    message = TextAreaField(
        "Warning to the author",
        filters=[strip],
        validators=[
            InputRequired(message="Write the warning: the member will read it."),
            Length(
                max=MESSAGE_LENGTH, message=f"Keep the warning under {MESSAGE_LENGTH:,} characters."
            ),
        ],
        description="Only the author and staff read it, on the author's warnings page.",
    )
    hide = BooleanField("Hide the post too")
    reason = _reason_field("Reason for hiding (needed when hiding it too)")
    note = _note_field()
    submit = SubmitField("Warn the author")

    def validate_reason(self, field):
        if self.hide.data and not field.data:
            raise ValidationError("Say why the post is hidden: the author will see it.")


def _body_size(form, field):
    limit = current_app.config["POST_MAX_LENGTH"]
    text = field.data or ""
    if not text.strip():
        raise ValidationError("The post cannot be empty: hide it instead.")
    if len(text) > limit:
        raise ValidationError(
            f"Posts can be at most {limit:,} characters; this one has {len(text):,}."
        )


class EditForm(FlaskForm):
    body = TextAreaField(
        "The post",
        validators=[_body_size],
        description="Markdown. The post's history keeps the version before your edit.",
    )
    note = _note_field()
    submit = SubmitField("Save and resolve as edited")


class WarningReadForm(FlaskForm):
    """A button whose only field is the CSRF token."""


RESOLUTION_FORMS = {"hide": HideForm, "dismiss": DismissForm, "warn": WarnForm, "edit": EditForm}


def resolution_prefix(action: str, post_id: int) -> str:
    return f"{action}-{post_id}"


def resolution_form(action: str, post_id: int, **kwargs) -> FlaskForm:
    """The `action` form for the post `post_id` (bound to the request's data, if any)."""
    return RESOLUTION_FORMS[action](prefix=resolution_prefix(action, post_id), **kwargs)
