"""The privacy guard in the editor, without JavaScript: findings beside the field with
redaction buttons that work as plain submissions, the confirmation box, the history
note, the moderators' list and the JSON check the editor's script calls."""

import json
import re

from sqlalchemy import func, select

from forum.auth.models import ModeratorScope
from forum.extensions import db
from forum.privacy.models import PrivacyConfirmation
from forum.threads import service
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user

PHONE = "020 7946 0958"
DOB = "03/04/1950"
BODY = f"Her son called from {PHONE}. DOB {DOB}, admitted overnight with chest pain."
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def _buttons(html: str) -> dict[str, str]:
    """The page's redaction buttons: label -> value."""
    return {
        label: value
        for value, label in re.findall(
            r'name="draft_action" value="([^"]+)"[^>]*>Replace with ([^<]+)</button>', html
        )
    }


def test_a_reply_with_identifiers_is_refused_with_findings_and_kept(client, login):
    login()
    thread = make_thread()
    before = _posts()
    response = client.submit(f"/threads/{thread.id}/reply", {"body": BODY, "submit": "Post reply"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _posts() == before
    assert re.search(r'id="body-error">This may identify a patient', html)
    assert f"<mark>{PHONE}</mark>" in html and f"<mark>{DOB}</mark>" in html
    assert {"[PHONE]", "[DATE]"} <= set(_buttons(html))
    assert 'name="confirm_privacy"' in html
    assert "I confirm this contains no patient identifiers" in html
    # What was typed is kept (HTML-escaped in the textarea).
    assert f"Her son called from {PHONE}" in html


def test_redaction_buttons_rewrite_the_draft_without_saving(client, login):
    login()
    thread = make_thread()
    url = f"/threads/{thread.id}/reply"
    html = client.submit(url, {"body": BODY, "submit": "Post reply"}).get_data(as_text=True)
    token = CSRF.search(html).group(1)
    pressed = {"csrf_token": token, "body": BODY, "draft_action": _buttons(html)["[PHONE]"]}
    html = client.post(url, data=pressed).get_data(as_text=True)
    assert _posts() == 1  # the thread's opening post only
    assert "Her son called from [PHONE]." in html and PHONE not in html
    assert list(_buttons(html)) == ["[DATE]"]  # the date is still found

    # Confirm the other and post: the post has the redaction, the history the note.
    body = BODY.replace(PHONE, "[PHONE]")
    response = client.post(url, data={"csrf_token": token, "body": body, "confirm_privacy": "1",
                                      "submit": "Post reply"})
    assert response.status_code == 302
    post = db.session.scalars(select(Post).order_by(Post.id.desc())).first()
    assert post.body_md == body
    confirmation = db.session.scalar(select(PrivacyConfirmation))
    assert confirmation.post_id == post.id and confirmation.kinds == ["date"]
    history = client.get(f"/posts/{post.id}/history").get_data(as_text=True)
    assert "Posted over a privacy warning" in history and "a date tied to a person" in history
    assert DOB in history  # the author confirmed it: it is the post's text


def test_a_stale_redaction_button_changes_nothing(client, login):
    login()
    thread = make_thread()
    url = f"/threads/{thread.id}/reply"
    token = client.csrf_token(url)
    html = client.post(url, data={"csrf_token": token, "body": "Edited since: no number.",
                                  "draft_action": "privacy:body:20:33"}).get_data(as_text=True)
    assert "Edited since: no number." in html and _posts() == 1


def test_a_new_thread_title_is_checked_in_the_preview(client, login):
    login()
    specialty, topic = make_specialty(), make_topic()
    data = {
        "title": f"Ring {PHONE} about the troponin",
        "kind": "question",
        "specialty": str(specialty.id),
        "topics": [str(topic.id)],
        "body": "Is a delta troponin at three hours enough?",
        "preview": "Preview",
    }
    html = client.submit("/threads/new", data).get_data(as_text=True)
    assert 'class="preview' in html or "Preview" in html
    assert f"<mark>{PHONE}</mark>" in html and ">Title</h3>" in html
    del data["preview"]
    data["submit"] = "Post thread"
    response = client.submit("/threads/new", data, form_url="/threads/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'id="title-error">This may identify a patient', html)
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 0


def test_an_edit_over_a_warning_needs_the_box_too(client, login):
    author = login()
    thread = make_thread(author=author)
    post = make_post(thread, author, "A clean reply to start with.")
    url = f"/posts/{post.id}/edit"
    response = client.submit(url, {"body": BODY, "submit": "Save"})
    assert response.status_code == 200
    assert "This may identify a patient" in response.get_data(as_text=True)
    assert db.session.get(Post, post.id).body_md == "A clean reply to start with."
    response = client.submit(url, {"body": BODY, "submit": "Save", "confirm_privacy": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).body_md == BODY
    assert db.session.scalar(select(PrivacyConfirmation.version)) == 2


def test_the_json_check_reports_findings_with_labels(client, login):
    login()
    thread = make_thread()
    token = client.csrf_token(f"/threads/{thread.id}/reply")
    response = client.post(
        "/privacy/check",
        data=json.dumps({"fields": {"body": BODY}}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    found = response.get_json()["fields"]["body"]
    kinds = {finding["kind"] for finding in found}
    assert {"phone", "date"} <= kinds
    phone = next(finding for finding in found if finding["kind"] == "phone")
    assert BODY[phone["start"] : phone["end"]] == PHONE and phone["placeholder"] == "[PHONE]"
    assert phone["label"].startswith("looks like")


def test_the_json_check_wants_a_token_a_member_and_good_input(client, login):
    assert client.post("/privacy/check", json={"fields": {"body": BODY}}).status_code == 400
    login()
    token = client.csrf_token("/threads/new")
    headers = {"X-CSRFToken": token}
    too_many = {f"field_{n}": "x" for n in range(13)}
    bad_inputs = (
        {"fields": {"body": 5}}, [1], {"fields": {"Not a name!": "x"}}, {"fields": too_many}
    )
    for bad in bad_inputs:
        assert client.post("/privacy/check", json=bad, headers=headers).status_code == 400, bad


def test_a_guest_is_told_to_log_in(app):
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post("/privacy/check", json={"fields": {"body": BODY}})
    assert response.status_code == 401 and "Log in" in response.get_json()["error"]


def test_the_json_check_is_rate_limited(client, login, app):
    app.config.update(PRIVACY_CHECK_LIMIT=3)
    login()
    headers = {"X-CSRFToken": client.csrf_token("/threads/new")}
    codes = [
        client.post("/privacy/check", json={"fields": {"body": "x"}}, headers=headers).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    last = client.post("/privacy/check", json={"fields": {"body": "x"}}, headers=headers)
    assert int(last.headers["Retry-After"]) > 0 and "Too many" in last.get_json()["error"]


def test_moderators_list_posts_confirmed_over_a_warning_in_their_scope(client, auth, app):
    cardiology, oncology = make_specialty("Cardiology"), make_specialty("Oncology")
    author = make_user()
    seen = make_thread(author=author, specialty=cardiology, title="A cardiology case to review")
    unseen = make_thread(author=author, specialty=oncology, title="An oncology case elsewhere")
    for thread in (seen, unseen):
        service.reply_to_thread(author, thread, BODY, confirmed={"privacy"})
    moderator = make_user()
    db.session.add(ModeratorScope(user_id=moderator.id, specialty_id=cardiology.id))
    db.session.commit()
    auth.login(moderator.username)
    html = client.get("/moderation/privacy-confirmations").get_data(as_text=True)
    assert "A cardiology case to review" in html
    assert "An oncology case elsewhere" not in html
    assert "a phone number" in html and PHONE not in html


def test_members_may_not_list_confirmations(client, login):
    login()
    assert client.get("/moderation/privacy-confirmations").status_code == 403


def test_the_moderators_list_costs_the_same_queries_for_many_rows(client, auth, count_queries):
    author = make_user()
    thread = make_thread(author=author)
    admin = make_user(role="admin")
    auth.login(admin.username)

    def cost() -> int:
        with count_queries() as statements:
            assert client.get("/moderation/privacy-confirmations").status_code == 200
        return len(statements)

    service.reply_to_thread(author, thread, BODY, confirmed={"privacy"})
    one = cost()
    for _ in range(5):
        service.reply_to_thread(author, thread, BODY, confirmed={"privacy"})
    assert cost() == one
