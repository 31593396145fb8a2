"""The search form: read from the query string, no CSRF (a search changes nothing)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from forum.form_support import choices
from forum.threads.models import THREAD_KINDS

SORTS = {"relevance": "Best match", "newest": "Newest"}
# The same states as the query language's is:solved, is:unsolved, is:unanswered, under
# the name the specialty and topic pages give their filter (?status=).
STATUSES = {"solved": "Solved", "unsolved": "Unsolved questions", "unanswered": "Unanswered"}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=2000)])
    specialty = SelectField("Specialty", validators=[Optional()], validate_choice=False)
    topic = SelectField("Research topic", validators=[Optional()], validate_choice=False)
    author = StringField("Author (username)", validators=[Optional(), Length(max=30)])
    kind = SelectField(
        "Kind",
        choices=choices([("", "Every kind"), *THREAD_KINDS.items()]),
        validators=[Optional()],
        validate_choice=False,
    )
    status = SelectField(
        "Status",
        choices=choices([("", "Solved or not"), *STATUSES.items()]),
        validators=[Optional()],
        validate_choice=False,
    )
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])
    sort = SelectField(
        "Sort by", choices=choices(SORTS.items()), validators=[Optional()], validate_choice=False
    )
    # Set by the "Search instead for …" link: search the words as typed, no spelling retry.
    as_typed = BooleanField("Search the words as typed")
