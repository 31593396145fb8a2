"""Register, log in and out, change password; forgotten passwords and confirming an email."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME

from forum import form_support
from forum.auth import recovery, service
from forum.auth.forms import (
    ConfirmForm,
    ForgotForm,
    LoginForm,
    PasswordForm,
    RegisterForm,
    ResetForm,
)
from forum.auth.models import User
from forum.exceptions import Invalid, RateLimited
from forum.extensions import login_manager
from forum.redirects import is_safe_path, redirect_next
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
                verify_email=True,
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
            if not user.is_verified:
                return _to_verify_notice()
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
            if not user.is_verified:
                return _to_verify_notice()
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


def _next_path() -> str | None:
    target = request.args.get("next") or request.form.get("next")
    return target if is_safe_path(target) else None


def _to_verify_notice():
    """After signing in with an unconfirmed address: say so, keeping where they were going."""
    return redirect(url_for("auth.verify_notice", next=_next_path()))


def _bad_link(error: recovery.BadLink):
    status = 404 if error.reason == "invalid" else 410
    return render_template("auth/bad_link.html", error=error), status


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            recovery.request_password_reset(form.email.data, request.remote_addr or "unknown")
        except RateLimited as error:
            form_support.attach(form, Invalid("email", error.message))
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        else:
            # The same page whether or not an account uses the address.
            return redirect(url_for("auth.forgot_sent"))
    return render_template("auth/forgot.html", form=form), status, headers


@bp.route("/password/forgot/sent")
def forgot_sent():
    return render_template("auth/forgot_sent.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    form = ResetForm()
    try:
        if form.validate_on_submit():
            user = recovery.reset_password(token, form.password.data)
            login_user(user)  # with the new session token: every other session has ended
            flash("Your password has been changed. You were logged out everywhere else.", "success")
            return redirect(url_for("browse.home"))
        account = recovery.check_reset_token(token)
    except recovery.BadLink as error:
        return _bad_link(error)
    return render_template("auth/reset.html", form=form, account=account, token=token)


@bp.route("/account/verify", methods=["GET", "POST"])
@login_required
def verify_notice():
    if current_user.is_verified:
        flash("Your email address is confirmed.", "info")
        return redirect(_next_path() or url_for("browse.home"))
    form = ConfirmForm()
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        try:
            recovery.resend_verification(current_user, request.remote_addr or "unknown")
        except RateLimited as refused:
            error, status, headers = refused.message, 429, {"Retry-After": str(refused.retry_after)}
        else:
            flash(f"We sent a new link to {current_user.email}.", "success")
            return redirect(url_for("auth.verify_notice", next=_next_path()))
    page = render_template("auth/verify_notice.html", form=form, error=error, next=_next_path())
    return page, status, headers


@bp.route("/account/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    # Opening the link only shows a button: a GET never writes, and a mail scanner
    # that follows links does not confirm anything.
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            user = recovery.verify_email(token)
            flash("Thank you: your email address is confirmed.", "success")
            if current_user.is_authenticated and current_user.id == user.id:
                return redirect(url_for("browse.home"))
            return redirect(url_for("auth.login"))
        account = recovery.check_verification_token(token)
    except recovery.BadLink as error:
        return _bad_link(error)
    return render_template("auth/verify.html", form=form, account=account, token=token)
