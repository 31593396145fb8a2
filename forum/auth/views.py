"""Register, log in and out, change password."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME

from forum import form_support
from forum.auth import service
from forum.auth.forms import LoginForm, PasswordForm, RegisterForm
from forum.auth.models import User
from forum.exceptions import Invalid, RateLimited
from forum.extensions import login_manager
from forum.redirects import redirect_next
from forum.taxonomy.service import specialty_choices

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return service.user_for_session(token)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("browse.home"))
    form = RegisterForm()
    form.specialty_id.choices = form_support.choices(specialty_choices())
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = service.register_user(
                username=form.username.data,
                email=form.email.data,
                password=form.password.data,
                address=request.remote_addr or "unknown",
                **form.profile_data(),
            )
        except RateLimited as error:
            form_support.attach(form, Invalid("username", error.message))
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        except Invalid as error:
            form_support.attach(form, error)
        else:
            login_user(user)
            flash(f"Welcome to Rounds, {user.display_name}.", "success")
            return redirect_next()
    return render_template("auth/register.html", form=form), status, headers


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect_next()
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = service.authenticate(
                form.username.data, form.password.data, request.remote_addr or "unknown"
            )
        except RateLimited as error:
            form_support.attach(form, Invalid("password", error.message))
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        except Invalid as error:
            form_support.attach(form, error)
        else:
            login_user(user, remember=form.remember.data)
            flash(f"Welcome back, {user.display_name}.", "success")
            return redirect_next()
    return render_template("auth/login.html", form=form), status, headers


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("browse.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current.data, form.password.data)
        except Invalid as error:
            form_support.attach(form, error)
        else:
            # Other sessions end with the old password; this one is renewed, and so is
            # its remember-me cookie if it had one.
            cookie = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
            remembered = cookie in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash("Your password has been changed. You were logged out everywhere else.", "success")
            return redirect(url_for("profiles.show", username=current_user.username))
    return render_template("auth/password.html", form=form)
