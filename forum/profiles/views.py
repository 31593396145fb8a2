"""Member profiles: show anyone's, edit your own."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.auth import service as accounts
from forum.auth.forms import ProfileForm
from forum.exceptions import Invalid
from forum.permissions import can_edit_profile, require
from forum.profiles import hooks, queries
from forum.taxonomy.service import specialty_choices

bp = Blueprint("profiles", __name__)


@bp.route("/members/<username>")
def show(username: str):
    profile = queries.profile_page(current_user, username)
    return render_template(
        "profiles/show.html", profile=profile, profile_parts=hooks.templates(profile.extras)
    )


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def edit():
    # A suspended member reads the form's refusal, not a form that would refuse on save.
    require(
        can_edit_profile(current_user, current_user),
        accounts.suspension_refusal(current_user, "change your profile"),
    )
    form = ProfileForm(obj=current_user)
    form.specialty_id.choices = form_support.choices(specialty_choices())
    if not form.is_submitted():
        form.specialty_id.data = current_user.specialty_id or 0
    if form.validate_on_submit():
        try:
            accounts.update_profile(current_user, **form.profile_data())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash("Your profile is updated.", "success")
            return redirect(url_for("profiles.show", username=current_user.username))
    return render_template("profiles/edit.html", form=form)
