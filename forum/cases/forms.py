"""The case presentation form: shape checks only (forum/cases/service.py owns the rules)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from forum.cases.models import AGE_BANDS, SECTIONS, SETTINGS, SEXES
from forum.form_support import choices, strip
from forum.threads.forms import specialty_field, submission_field, title_field, topics_field

SECTION_MAX = 5_000
SECTION_HELP = {
    "presenting": "What brought the patient in, in general terms.",
    "history": "Only what matters for the question: conditions, medicines, results.",
    "tried": "Investigations and treatments so far, and how they went.",
    "question": "What you would like colleagues' views on.",
}


def _choice(label: str, options: dict[str, str], message: str) -> SelectField:
    return SelectField(
        label,
        choices=choices([("", "Choose…"), *options.items()]),
        validators=[InputRequired(message=message)],
    )


def _section(name: str, required: bool) -> TextAreaField:
    checks = [Length(max=SECTION_MAX, message=f"At most {SECTION_MAX:,} characters.")]
    if required:
        checks.insert(0, InputRequired(message="Write this part of the case."))
    return TextAreaField(SECTIONS[name], filters=[strip], validators=checks,
                         description=SECTION_HELP[name])


class CaseForm(FlaskForm):
    submission = submission_field()
    title = title_field()
    specialty = specialty_field()
    topics = topics_field()
    age_band = _choice("Age band", AGE_BANDS, "Choose an age band.")
    sex = _choice("Sex", SEXES, "Choose one (“Not stated” is fine).")
    setting = _choice("Setting", SETTINGS, "Choose where the patient was seen.")
    presenting = _section("presenting", required=True)
    history = _section("history", required=False)
    tried = _section("tried", required=False)
    question = _section("question", required=True)
    preview = SubmitField("Preview")
    submit = SubmitField("Present the case")

    # The fields the privacy guard reads, one by one.
    GUARDED = ("title", *SECTIONS)
