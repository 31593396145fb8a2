"""The moderation pages that curate specialties and research topics
(/moderation/specialties, /moderation/topics): the `curation` blueprint.

Its own blueprint, registered with moderation's (forum/moderation/views.py), not the
taxonomy package's: the curation service imports threads, search and notifications,
which import the taxonomy package, so forum/taxonomy/__init__.py must not import it.

Each write view checks the permission (so a member gets 403 whatever they send), then
calls one curation service, which checks again and writes the audit entry.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Conflict, Invalid
from forum.pagination import page_arg
from forum.permissions import can_curate_taxonomy, can_edit_specialty, require
from forum.taxonomy import curation, merging, service
from forum.taxonomy.forms import (
    ButtonForm,
    MergeForm,
    MoveForm,
    SpecialtyForm,
    TopicForm,
    address_help,
)

bp = Blueprint("curation", __name__)

SPECIALTIES, TOPICS = "/specialties/", "/topics/"


def _curator() -> None:
    require(can_curate_taxonomy(current_user), curation.CURATORS_ONLY)


def _fields(item) -> dict:
    return {"name": item.name, "description": item.description}


def _attach(form, error: Invalid) -> None:
    """Show the service's message beside its field; a form without the slug field (a
    scoped moderator's) shows address problems beside the name that gave the address."""
    if error.field == "slug" and form.slug is None:
        error = Invalid("name", error.message)
    form_support.attach(form, error)


def _moved_note(old_slug: str, item, path: str) -> str:
    if item.slug == old_slug:
        return "Saved."
    return f"Saved. Its old address, {path}{old_slug}, now leads to {path}{item.slug}."


# ---- specialties ------------------------------------------------------------------------


def _to_specialties(specialty=None):
    anchor = f"specialty-{specialty.id}" if specialty is not None else None
    return redirect(url_for("curation.specialties", _anchor=anchor))


@bp.route("/moderation/specialties")
@login_required
def specialties():
    require(curation.can_open_curation(current_user), "Only moderators curate specialties.")
    return render_template(
        "taxonomy/manage_specialties.html",
        specialties=service.list_specialties(),
        form=ButtonForm(),
        move_form=MoveForm(),
    )


@bp.route("/moderation/specialties/new", methods=["GET", "POST"])
@login_required
def new_specialty():
    _curator()
    form = SpecialtyForm()
    form.slug.description = address_help(SPECIALTIES)
    if form.validate_on_submit():
        try:
            specialty = curation.create_specialty(
                current_user,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
            )
        except Invalid as error:
            _attach(form, error)
        else:
            flash(f"{specialty.name} is created, at {SPECIALTIES}{specialty.slug}.", "success")
            return _to_specialties(specialty)
    return render_template("taxonomy/specialty_form.html", form=form, specialty=None)


@bp.route("/moderation/specialties/<id:specialty_id>/edit", methods=["GET", "POST"])
@login_required
def edit_specialty(specialty_id: int):
    specialty = service.specialty_by_id(specialty_id)
    require(
        can_edit_specialty(current_user, specialty.id),
        "Only this specialty's moderators can edit it.",
    )
    form = SpecialtyForm(data=_fields(specialty) if request.method == "GET" else None)
    if can_curate_taxonomy(current_user):
        form.slug.description = address_help(SPECIALTIES, specialty.slug)
    else:
        del form.slug  # the address follows the name; only site-wide staff choose one
    if form.validate_on_submit():
        old_slug = specialty.slug
        try:
            curation.edit_specialty(
                current_user,
                specialty,
                name=form.name.data,
                description=form.description.data,
                slug=form.slug.data if form.slug is not None else None,
            )
        except Invalid as error:
            _attach(form, error)
        else:
            flash(_moved_note(old_slug, specialty, SPECIALTIES), "success")
            return redirect(url_for("browse.specialty", slug=specialty.slug))
    return render_template("taxonomy/specialty_form.html", form=form, specialty=specialty)


@bp.route("/moderation/specialties/<id:specialty_id>/move", methods=["POST"])
@login_required
def move_specialty(specialty_id: int):
    specialty = service.specialty_by_id(specialty_id)
    _curator()
    form = MoveForm()
    if form.validate_on_submit():
        curation.move_specialty(current_user, specialty, form.direction.data)
    return _to_specialties(specialty)


@bp.route("/moderation/specialties/<id:specialty_id>/retire", methods=["POST"])
@login_required
def retire_specialty(specialty_id: int):
    specialty = service.specialty_by_id(specialty_id)
    _curator()
    try:
        curation.retire_specialty(current_user, specialty)
    except Conflict as error:
        flash(error.message, "error")
    else:
        flash(
            f"{specialty.name} is retired: it takes no new threads; its threads stay readable.",
            "success",
        )
    return _to_specialties(specialty)


@bp.route("/moderation/specialties/<id:specialty_id>/unretire", methods=["POST"])
@login_required
def unretire_specialty(specialty_id: int):
    specialty = service.specialty_by_id(specialty_id)
    _curator()
    curation.unretire_specialty(current_user, specialty)
    flash(f"{specialty.name} is back: it takes new threads again.", "success")
    return _to_specialties(specialty)


# ---- research topics --------------------------------------------------------------------


def _to_topics(topic=None):
    anchor = f"topic-{topic.id}" if topic is not None else None
    return redirect(url_for("curation.topics", _anchor=anchor))


@bp.route("/moderation/topics")
@login_required
def topics():
    _curator()
    return render_template(
        "taxonomy/manage_topics.html", page=service.curation_topics(page_arg()), form=ButtonForm()
    )


@bp.route("/moderation/topics/new", methods=["GET", "POST"])
@login_required
def new_topic():
    _curator()
    form = TopicForm()
    form.slug.description = address_help(TOPICS)
    if form.validate_on_submit():
        try:
            topic = curation.create_topic(
                current_user,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data,
            )
        except Invalid as error:
            _attach(form, error)
        else:
            flash(f"{topic.name} is created, at {TOPICS}{topic.slug}.", "success")
            return redirect(url_for("browse.topic", slug=topic.slug))
    return render_template("taxonomy/topic_form.html", form=form, topic=None)


@bp.route("/moderation/topics/<id:topic_id>/edit", methods=["GET", "POST"])
@login_required
def edit_topic(topic_id: int):
    topic = service.topic_by_id(topic_id)
    _curator()
    form = TopicForm(data=_fields(topic) if request.method == "GET" else None)
    form.slug.description = address_help(TOPICS, topic.slug)
    if form.validate_on_submit():
        old_slug = topic.slug
        try:
            curation.edit_topic(
                current_user,
                topic,
                name=form.name.data,
                description=form.description.data,
                slug=form.slug.data,
            )
        except Invalid as error:
            _attach(form, error)
        except Conflict as error:  # merged into another topic meanwhile
            flash(error.message, "error")
            return _to_topics(topic)
        else:
            flash(_moved_note(old_slug, topic, TOPICS), "success")
            return redirect(url_for("browse.topic", slug=topic.slug))
    return render_template(
        "taxonomy/topic_form.html", form=form, topic=topic, merged_into=service.merged_into(topic)
    )


@bp.route("/moderation/topics/<id:topic_id>/merge", methods=["GET", "POST"])
@login_required
def merge_topic(topic_id: int):
    topic = service.topic_by_id(topic_id)
    _curator()
    form = MergeForm()
    others = [(tid, name) for tid, name in service.topic_choices(open_only=True) if tid != topic.id]
    form.target.choices = form_support.choices([("", "Choose a topic…"), *others])
    if form.validate_on_submit():
        try:
            target = merging.merge_topics(current_user, topic, form.target.data, form.reason.data)
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(
                f"{topic.name} is merged into {target.name}: its threads are tagged "
                f"{target.name}, and {TOPICS}{topic.slug} leads here.",
                "success",
            )
            return redirect(url_for("browse.topic", slug=target.slug))
    return render_template(
        "taxonomy/merge_topic.html", form=form, topic=topic, merged_into=service.merged_into(topic)
    )


@bp.route("/moderation/topics/<id:topic_id>/retire", methods=["POST"])
@login_required
def retire_topic(topic_id: int):
    topic = service.topic_by_id(topic_id)
    _curator()
    curation.retire_topic(current_user, topic)
    flash(f"{topic.name} is retired: no new thread can choose it.", "success")
    return _to_topics(topic)


@bp.route("/moderation/topics/<id:topic_id>/unretire", methods=["POST"])
@login_required
def unretire_topic(topic_id: int):
    topic = service.topic_by_id(topic_id)
    _curator()
    curation.unretire_topic(current_user, topic)
    flash(f"{topic.name} is back: threads can choose it again.", "success")
    return _to_topics(topic)
