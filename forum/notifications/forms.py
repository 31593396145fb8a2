"""Forms of the notifications feature: shape checks only (the service knows the rules)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from forum.form_support import choices
from forum.notifications.models import WATCH_LEVELS, WATCH_TARGETS
from forum.notifications.queries import MENTOR_DEFAULT
from forum.request_guards import MAX_ID

LEVEL_LABELS = {
    "watching": "Watching: every new post",
    "tracking": "Tracking: replies to you, @mentions, your answers accepted",
    "normal": "Normal: replies to you and @mentions",
    "muted": "Muted: nothing at all",
}
MENTOR_DEFAULT_LABEL = "New questions: their first posts (the default for its mentors)"


class WatchForm(FlaskForm):
    """The watch control (notifications/_watch_control.html), on thread, specialty and
    topic pages."""

    target_kind = HiddenField(validators=[AnyOf(WATCH_TARGETS)])
    target_id = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, MAX_ID)]
    )
    level = SelectField(
        "Notifications",
        choices=choices([(MENTOR_DEFAULT, MENTOR_DEFAULT_LABEL), *LEVEL_LABELS.items()]),
        validators=[AnyOf((MENTOR_DEFAULT, *WATCH_LEVELS))],
    )
    next = HiddenField()


class SettingsForm(FlaskForm):
    watch_on_post = BooleanField(
        "Watch the threads I start or reply to",
        description="You are then told about every new post in them; change it for one "
        "thread at the top of its page.",
    )


class ReadForm(FlaskForm):
    """Mark as read, mark all as read, open: the CSRF token, and where to go back to."""

    through = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, None)])
    page = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, 100_000)])
