"""Email settings, and the unsubscribe links in notification emails."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Invalid
from forum.extensions import csrf
from forum.notifications import unsubscribe as unsubscribing
from forum.notifications.email_forms import EmailPreferencesForm
from forum.notifications.email_preferences import (
    KIND_LABELS,
    cadences_for,
    digest_name,
    mail_enabled,
    set_cadences,
)

bp = Blueprint("notification_email", __name__)


@bp.route("/account/email-notifications", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "POST":
        form = EmailPreferencesForm().with_choices()
    else:
        form = EmailPreferencesForm(data=cadences_for(current_user)).with_choices()
    if form.validate_on_submit():
        try:
            set_cadences(current_user, form.cadences())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash("Your email settings are saved.", "success")
            return redirect(url_for("notification_email.settings"))
    return render_template(
        "notifications/email/settings.html",
        form=form,
        mail_on=mail_enabled(),
        digest_name=digest_name(),
    )


# Exempt from CSRF, on purpose and only this endpoint: RFC 8058's one-click unsubscribe
# has the mail client POST "List-Unsubscribe=One-Click" to this URL with no cookies and
# so no session or CSRF token. What authorises the request is the signed token in the
# URL (forum/notifications/unsubscribe.py), which only the recipient's mail holds; the
# worst a replayed one can do is turn that kind of email off. GET only shows a page
# with a button (link scanners that fetch mail links must not unsubscribe anyone).
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    if request.method == "POST":
        link = unsubscribing.unsubscribe(token)
        template = "notifications/email/unsubscribed.html"
    else:
        link = unsubscribing.read_token(token)
        template = "notifications/email/unsubscribe.html"
    return render_template(
        template, link=link, token=token, labels=KIND_LABELS, digest_name=digest_name()
    )
