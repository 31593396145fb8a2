"""The redact form: shape checks only (forum/redaction/service.py has the rules)."""

from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forum.form_support import strip
from forum.moderation.posts import REASON_LENGTH
from forum.redaction.spans import SPAN_LENGTH


class RedactForm(FlaskForm):
    text = TextAreaField(
        "Text to redact",
        validators=[
            DataRequired(message="Paste the exact text to redact, as the Markdown above has it."),
            Length(
                max=SPAN_LENGTH,
                message=f"Keep it under {SPAN_LENGTH} characters: to take a whole post "
                "away, hide it.",
            ),
        ],
        description=(
            "Exactly as the Markdown above writes it. Every occurrence, in this version "
            "and the earlier ones, becomes [redacted]."
        ),
    )
    reason = TextAreaField(
        "Reason",
        filters=[strip],
        validators=[
            DataRequired(message="Say why: the audit log keeps the reason."),
            Length(max=REASON_LENGTH, message=f"Keep the reason under {REASON_LENGTH} characters."),
        ],
        description="Kept in the audit log. Do not repeat the text you redact.",
    )
    submit = SubmitField("Redact")
