"""Every kind of page passes axe-core in Chromium and the Nu Html Checker.

Both checkers come from the npm registry (package.json; `make test` installs them
with `npm ci --ignore-scripts`). The Nu checker runs on Debian's Java.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from forum.extensions import db
from forum.search import service
from tests.e2e.conftest import REPO_ROOT, TIMEOUT_MS

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PASSWORD = "rounds-demo-password"

READER_PAGES = [
    "/",
    "/latest",
    "/latest?page=2",
    "/specialties/cardiology",
    "/specialties/cardiology?sort=unanswered",
    "/topics",
    "/topics/ai-diagnostics",
    "/threads/1",
    "/threads/1/reply",
    "/posts/1/history",
    "/login",
    "/register",
    "/password/forgot",
    "/password/forgot/sent",
    "/password/reset/not-a-token",
    "/members/rohan_patel",
    "/no-such-page",
    "/search?q=afib+anticoagulation",
    "/search?q=PE&specialty=cardiology&sort=newest",
    "/search?q=robotcs",
    "/search?q=afib+anticoagulation&status=solved",
    "/specialties/cardiology?status=solved",
    "/topics/ai-diagnostics?status=unsolved",
    "/threads/13?order=helpful",
    "/unsubscribe/not-a-token",
]
# the 404 page, and the bad-link pages
NOT_FOUND = {"/no-such-page", "/password/reset/not-a-token", "/unsubscribe/not-a-token"}
MODERATOR_PAGES = [
    "/threads/new", "/threads/2", "/posts/1/edit", "/posts/3/edit", "/account/profile",
    "/posts/3/delete", "/account/verify", "/queue", "/queue?show=unanswered",
    "/notifications", "/settings/notifications", "/account/email-notifications",
    "/threads/13",
    "/moderation/users/victor_hale",  # suspended: the lift form, history, staff notes
    "/moderation/users/kwame_asante",  # the suspend form
    "/members/victor_hale",  # a profile with the "Moderate" link
    # Moderation: the dashboard, the audit log (and its filters with errors), reports.
    "/moderation", "/moderation/log", "/moderation/log?since=2026-13-45&target_id=x",
    "/moderation/flags", "/moderation/posts/12/flags", "/posts/2/flag", "/account/warnings",
    # Curation.
    "/moderation/specialties", "/moderation/specialties/new", "/moderation/specialties/1/edit",
    "/moderation/topics", "/moderation/topics/new", "/moderation/topics/1/edit",
    "/moderation/topics/1/merge",
    # Thread tools.
    *(
        f"/moderation/threads/2/{tool}"
        for tool in ("rename", "move", "topics", "merge", "split", "delete", "restore")
    ),
    "/moderation/posts/3/hide",
    # Mentorship: the directory (and its filters), applying, staff's reviews.
    "/mentors", "/mentors?accepting=y&within=3", "/mentors/apply", "/mentorship/goals",
    "/mentorship/suggestions", "/moderation/mentor-applications", "/moderation/private-reports",
    # Clinical trust: posts confirmed over a privacy warning, credentials and their queue,
    # a case presentation's form and the cases filter, redacting a post.
    "/moderation/privacy-confirmations", "/credentials", "/moderation/credentials",
    "/cases/new", "/specialties/cardiology?status=cases", "/posts/3/redact",
]  # /posts/1/edit: an opening post, whose form has the title too
# (account, [(path, status)]): an admin's roles form; a suspended member's banner and refusal.
OTHER_ACCOUNTS_PAGES = [
    ("ines_marchetti", [("/moderation/users/amara_nwosu/roles", 200)]),
    # A mentor's mentorships (demo: 1 requested, 2 agreeing, 3 active, 4 ended).
    (
        "rohan_patel",
        [
            ("/mentors/profile", 200), ("/mentorships", 200), ("/mentorships/3", 200),
            ("/mentorships/3/checkins", 200), ("/mentorships/3/sessions", 200),
            ("/mentorships/3/end", 200), ("/mentorships/4", 200), ("/mentorships/1", 404),
            ("/threads/67", 200),  # the active mentorship's private conversation
        ],
    ),
    (
        "lena_hoffmann",
        [
            ("/mentorship/suggestions", 200), ("/mentors/mei_chen/request", 200),
            ("/mentorships/3/messages/303/report", 200),  # a message of her mentor's
        ],
    ),
    ("grace_kim", [("/mentorships/2", 200), ("/mentorships/2/compact", 200)]),
    ("tariq_aziz", [("/mentorships/4", 200), ("/mentorships/4/thanks", 200)]),
    (
        "victor_hale",
        [("/", 200), ("/members/victor_hale", 200), ("/account/profile", 403)],
    ),
]

pytestmark = pytest.mark.e2e


def _require(path) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test` (it runs `npm ci --ignore-scripts`).")


@pytest.fixture
def demo_site(live_server):
    with live_server.app.app_context():
        result = live_server.app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        # The background worker may hold the writer lock; wait until the log is applied.
        deadline = time.monotonic() + 60
        while service.status().pending and time.monotonic() < deadline:
            service.sync()
            time.sleep(0.1)
        assert service.status().pending == 0
        db.session.remove()
    return live_server


def _axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run()).violations.map(v => ({
            rule: v.id, impact: v.impact, help: v.help,
            where: v.nodes.slice(0, 3).map(n => n.target.join(' '))
        }))"""
    )


def test_pages_have_no_accessibility_violations_or_html_errors(browser, demo_site, tmp_path):
    _require(AXE)
    _require(VNU)
    # bypass_csp only so the checker script can be injected; CSP itself is tested elsewhere.
    context = browser.new_context(base_url=demo_site.url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: dict[str, list] = {}
    sources = []

    def check(path: str, expect_status: int = 200) -> None:
        response = page.goto(path)
        assert response.status == (404 if path in NOT_FOUND else expect_status), path
        source = tmp_path / f"page{len(sources)}.html"
        source.write_text(response.text())
        sources.append((source, path))
        violations = _axe_violations(page)
        if violations:
            problems[path] = violations

    for path in READER_PAGES:
        check(path)

    # A form with errors next to its fields.
    page.goto("/register")
    page.get_by_label("Username").fill("x")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    problems_register = _axe_violations(page)
    if problems_register:
        problems["/register (with errors)"] = problems_register

    page.goto("/login")
    page.get_by_label("Username or email").fill("tom_adebayo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{demo_site.url}/")
    for path in MODERATOR_PAGES:
        check(path)

    # A case thread's page, with its case card (the demo's cases come last: found by link).
    page.goto("/specialties/cardiology?status=cases")
    case_path = page.locator(".thread-row .thread-title a").first.get_attribute("href")
    check(case_path)

    # The privacy guard's findings beside the editor, as a refused reply shows them.
    page.goto("/threads/1/reply")
    page.locator("#body").fill("Her son called from 020 7946 0958. DOB 03/04/1950.")
    page.get_by_role("button", name="Post", exact=True).click()
    page.locator(".privacy-finding").first.wait_for()
    guarded = tmp_path / "guarded-reply.html"
    guarded.write_text(page.content())
    sources.append((guarded, "/threads/1/reply (privacy findings)"))
    violations = _axe_violations(page)
    if violations:
        problems["/threads/1/reply (privacy findings)"] = violations
    for account, pages in OTHER_ACCOUNTS_PAGES:
        context.clear_cookies()
        page.goto("/login")
        page.get_by_label("Username or email").fill(account)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{demo_site.url}/")
        for path, status in pages:
            check(path, status)
    context.close()

    assert problems == {}, json.dumps(problems, indent=2)

    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless."
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *[str(s) for s, _ in sources],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    by_path = {str(s): p for s, p in sources}
    errors = [
        f"{by_path.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m['message']}"
        for m in messages
    ]
    assert errors == []


def test_similar_threads_appear_while_typing_a_title(browser, demo_site):
    context = browser.new_context(base_url=demo_site.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/login")
    page.get_by_label("Username or email").fill("lena_hoffmann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{demo_site.url}/")
    page.goto("/threads/new")
    page.get_by_label("Title").type("career in surgical robotics", delay=10)
    similar = page.locator("#similar-threads li a")
    similar.first.wait_for()
    assert 1 <= similar.count() <= 5
    assert all(
        link.startswith("/threads/")
        for link in similar.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    assert errors == []  # the script ran under the CSP without violations
    context.close()
