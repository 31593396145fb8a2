"""The audit log's filter form: read from the query string, no CSRF (a filter changes
nothing, and a filtered log can be linked to)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import TextInput

from forum.auth.models import USERNAME_PATTERN
from forum.form_support import choices
from forum.moderation import audit
from forum.moderation.log_queries import TARGET_LABELS

TARGET_CHOICES = {kind: TARGET_LABELS[kind] for kind in audit.TARGET_TYPES}
LARGEST_ID = 2**31 - 1  # the integer columns' range on PostgreSQL


class LogFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(
        "Who acted",
        validators=[
            Optional(),
            Length(max=30, message="A username has at most 30 characters."),
            Regexp(USERNAME_PATTERN, message="A username has 3–30 letters, digits, _ or -."),
        ],
        description="A username, or “system” for what the forum did by itself.",
    )
    # Choices are filled per form: features register their actions at init_app.
    action = SelectField("Action", validators=[Optional()], validate_choice=False)
    target_type = SelectField(
        "Target",
        choices=choices([("", "Anything"), *TARGET_CHOICES.items()]),
        validators=[Optional()],
        validate_choice=False,
    )
    # A text box, not type=number: a mistyped value must stay in it (as valid HTML) beside
    # its message.
    target_id = IntegerField(
        "Target number",
        widget=TextInput(),
        validators=[Optional()],
        description="The number in a thread's or post's address, or a member's id.",
    )
    since = DateField("From", validators=[Optional()], description="A date (UTC).")
    until = DateField("To", validators=[Optional()], description="Up to and including this date.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = choices([("", "Any action"), *audit.ACTIONS.items()])

    def validate_action(self, field) -> None:
        if field.data and field.data not in audit.ACTIONS:
            raise ValidationError("Choose an action from the list.")

    def validate_target_type(self, field) -> None:
        if field.data and field.data not in TARGET_CHOICES:
            raise ValidationError("Choose a kind of target from the list.")

    def validate_target_id(self, field) -> None:
        # Only a number out of range: one that is not a number already has its message.
        if field.data is not None and not 1 <= field.data <= LARGEST_ID:
            raise ValidationError("Give the number from the target's address.")

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("This date is before the “From” date.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Here, not in validate_target_type: Optional() skips that one when nothing is chosen.
        if self.target_id.data is not None and not self.target_type.data:
            self.target_type.errors = [
                *self.target_type.errors,
                "Say what the number belongs to: a thread, a post, a member...",
            ]
            valid = False
        return valid

    @property
    def is_filtered(self) -> bool:
        return any(
            f.data not in (None, "")
            for f in (
                self.actor,
                self.action,
                self.target_type,
                self.target_id,
                self.since,
                self.until,
            )
        )
