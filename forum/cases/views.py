"""GET/POST /cases/new: present a de-identified case (after Project ECHO)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.auth.service import suspension_refusal
from forum.cases import service
from forum.cases.forms import CaseForm
from forum.cases.models import SECTIONS
from forum.exceptions import Invalid, NeedsConfirmation, NotAllowed, RateLimited
from forum.permissions import is_suspended, require
from forum.taxonomy.service import specialty_choices, topic_choices
from forum.threads import editor
from forum.threads import service as threads

bp = Blueprint("cases", __name__)


def _choices(form: CaseForm) -> None:
    form.specialty.choices = form_support.choices(
        [("", "Choose a specialty…"), *specialty_choices(blank=None, open_only=True)]
    )
    form.topics.choices = form_support.choices(topic_choices(open_only=True))


def _sections(form: CaseForm) -> dict[str, str | None]:
    return editor.fields(form, SECTIONS)


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new():
    require(not is_suspended(current_user), suspension_refusal(current_user, "present cases"))
    form = CaseForm()
    _choices(form)
    preview_html, status, headers = None, 200, {}
    reviewed = editor.rewritten(form, CaseForm.GUARDED)
    if not reviewed and form.validate_on_submit():
        if form.preview.data:
            preview_html = threads.preview(service.compose(_sections(form)))
            reviewed = True
        else:
            try:
                thread = service.present_case(
                    current_user,
                    title=form.title.data,
                    specialty_id=form.specialty.data,
                    topic_ids=form.topics.data,
                    age_band=form.age_band.data,
                    sex=form.sex.data,
                    setting=form.setting.data,
                    sections=_sections(form),
                    submission_key=form.submission.data,
                    confirmed=editor.confirmed(),
                )
            except Invalid as error:
                form_support.attach(form, error)
                reviewed = isinstance(error, NeedsConfirmation)
            except (NotAllowed, RateLimited) as error:
                form_support.attach(form, Invalid("question", error.message))
                if isinstance(error, RateLimited):
                    status, headers = 429, {"Retry-After": str(error.retry_after)}
                else:
                    status = 403
            else:
                flash("Your case is presented.", "success")
                return redirect(url_for("threads.show", thread_id=thread.id))
    page = render_template(
        "cases/new.html",
        form=form,
        preview_html=preview_html,
        **editor.parts(form, CaseForm.GUARDED, reviewed),
    )
    return page, status, headers
