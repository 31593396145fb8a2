"""The email settings form: one choice of cadence per kind of notification."""

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import AnyOf

from forum.notifications.email_preferences import KIND_LABELS, cadence_choices, digest_name
from forum.notifications.models import CADENCES, KINDS


class EmailPreferencesForm(FlaskForm):
    """A radio group per kind (its fields are added below, one per KINDS entry)."""

    def with_choices(self) -> "EmailPreferencesForm":
        """Label the choices, and word the error, for this request: the digest's period
        comes from the config. A value that is not a cadence (or none) is refused next
        to its field."""
        refusal = AnyOf(CADENCES, message=f"Choose immediately, in {digest_name()}, or never.")
        for kind in KINDS:
            self[kind].choices = cadence_choices()
            self[kind].validators = [refusal]
        return self

    def kind_fields(self) -> list:
        return [self[kind] for kind in KINDS]

    def cadences(self) -> dict[str, str]:
        """{kind: cadence} as submitted, for the preferences service."""
        return {kind: self[kind].data for kind in KINDS}


for _kind in KINDS:
    # validate_choice=False: AnyOf (set in with_choices) refuses with our own message.
    setattr(
        EmailPreferencesForm,
        _kind,
        RadioField(KIND_LABELS.get(_kind, _kind), validate_choice=False),
    )
