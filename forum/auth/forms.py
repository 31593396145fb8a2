"""Account forms: shape checks only; uniqueness is the service's job."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, Regexp

from forum.auth.models import PROFESSIONS, USERNAME_PATTERN
from forum.form_support import choices, strip

USERNAME_RULE = Regexp(
    USERNAME_PATTERN,
    message="Use 3–30 letters, digits, underscores or hyphens.",
)
PASSWORD_MIN = 10



class ProfileFields(FlaskForm):
    display_name = StringField(
        "Display name",
        filters=[strip],
        validators=[DataRequired(message="Enter the name to show on your posts."), Length(max=80)],
        description="How your name appears on posts, e.g. Dr Jane Okafor.",
    )
    profession = SelectField("Profession", choices=choices(PROFESSIONS.items()))
    specialty_id = SelectField("Primary specialty", coerce=int, validate_choice=True)
    institution = StringField(
        "Institution", filters=[strip], validators=[Optional(), Length(max=120)]
    )
    bio = TextAreaField("About you", filters=[strip], validators=[Optional(), Length(max=2000)])

    def profile_data(self) -> dict:
        """The profile fields as keyword arguments for the account service."""
        return {
            "display_name": self.display_name.data,
            "profession": self.profession.data,
            "specialty_id": self.specialty_id.data,
            "institution": self.institution.data,
            "bio": self.bio.data,
        }


class RegisterForm(ProfileFields):
    username = StringField(
        "Username",
        filters=[strip],
        validators=[InputRequired(), USERNAME_RULE],
        description="3–30 letters, digits, _ or -. Shown in your profile address.",
    )
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            InputRequired(),
            Email(message="Enter a valid email address."),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(min=PASSWORD_MIN, max=200, message="Use at least 10 characters."),
        ],
        description="At least 10 characters.",
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


class LoginForm(FlaskForm):
    username = StringField(
        "Username or email", filters=[strip], validators=[InputRequired(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])
    remember = BooleanField("Remember me on this device")


class ProfileForm(ProfileFields):
    pass


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired(), Length(max=200)])
    password = PasswordField(
        "New password",
        validators=[
            InputRequired(),
            Length(min=PASSWORD_MIN, max=200, message="Use at least 10 characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


class ForgotForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            InputRequired(message="Enter the email address of your account."),
            Email(message="Enter a valid email address."),
            Length(max=254),
        ],
        description="The address you registered with.",
    )


class ResetForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[
            InputRequired(),
            Length(min=PASSWORD_MIN, max=200, message="Use at least 10 characters."),
        ],
        description="At least 10 characters.",
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


class ConfirmForm(FlaskForm):
    """A button and its CSRF token (confirm an address, send its link again)."""
