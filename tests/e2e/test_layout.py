"""Layout measured in Chromium: the phone header is one compact bar, its links and the page
links are 44px tall targets, the home page shows the latest threads first, and the search
page has one search box.

Run with `pytest tests/e2e`; screenshots land in test-artifacts/e2e/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.e2e

PHONE = (375, 812)
TARGET = 44  # px: the platforms' touch guidelines (Apple 44pt, Material 48dp)
BAR = 60  # px: one row of 44px targets and a little padding

# Every visible link, button and input in `selector`, with its box.
VISIBLE_BOXES = """(elements) => elements
    .map(e => ({e, r: e.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && r.height > 0)
    .map(({e, r}) => ({
        name: (e.textContent || '').trim() || e.getAttribute('placeholder') || e.tagName,
        top: r.top, left: r.left, width: r.width, height: r.height,
    }))"""
TARGETS = "a, button, summary, input:not([type=hidden]), .pagination span"


def nav(page):
    return page.get_by_role("navigation", name="Main")


def menu(page):
    """The header's "Menu" disclosure (a <summary>, which has no ARIA role to find it by)."""
    return nav(page).locator("summary", has_text="Menu")


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(VISIBLE_BOXES)


def box(page, selector: str) -> dict:
    (found,) = boxes(page, selector)
    return found


def small_targets(page, scope: str, minimum: int = TARGET) -> list[dict]:
    targets = boxes(page, ", ".join(f"{scope} {t}" for t in TARGETS.split(", ")))
    assert targets, f"no targets in {scope}"
    return [t for t in targets if t["height"] < minimum]


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"page scrolls sideways: {widths}"


@pytest.fixture
def busy_site(live_server):
    """30 threads (two pages on /latest) and a member, `reader`, to log in as."""
    with live_server.app.app_context():
        author = factories.make_user(role="moderator", display_name="Dr Tom Adebayo")
        specialty = factories.make_specialty("Oncology", slug="oncology")
        for n in range(30):
            factories.make_thread(author, specialty, title=f"Trial design question number {n}")
        factories.make_user(username="reader", display_name="Dr Amara Osei")
    return live_server


def test_phone_home_has_one_compact_header_bar_and_latest_threads_first(
    make_page, busy_site, browser_errors, screenshot
):
    page = make_page(*PHONE)
    page.goto("/")
    toggle = menu(page)
    expect(toggle).to_be_visible()
    expect(nav(page).get_by_role("link", name="Research topics")).to_be_hidden()

    header = box(page, ".site-header")
    assert header["height"] <= BAR, f"header is {header['height']}px tall on a phone"
    brand, search, more = box(page, ".brand"), box(page, "#nav-search-q"), box(page, ".nav-toggle")
    # One row: brand, search box and menu side by side, the search box aligned with them.
    centres = [b["top"] + b["height"] / 2 for b in (brand, search, more)]
    assert max(centres) - min(centres) <= 2, (brand, search, more)
    assert brand["left"] < search["left"] < more["left"]
    assert small_targets(page, ".site-header") == []

    latest, specialties = box(page, ".home-latest"), box(page, ".home-specialties")
    assert latest["top"] < specialties["top"], "the specialty cards come before the threads"
    # The markup has the same order, so screen readers and the keyboard meet them likewise.
    headings = page.locator("h2").all_inner_texts()
    assert headings.index("Latest threads") < headings.index("Specialties")
    assert_no_sideways_scroll(page)
    screenshot(page, "10-home-phone")

    # The menu drops down below the bar as rows of 44px links, over the page.
    toggle.click()
    expect(nav(page).locator("details")).to_have_attribute("open", "")
    expect(nav(page).get_by_role("link", name="Research topics")).to_be_visible()
    links = boxes(page, ".nav-links a, .nav-links button")
    assert [link["name"] for link in links] == [
        "Latest", "Specialties", "Research topics", "Mentors", "Log in", "Join",
    ]
    assert [link for link in links if link["height"] < TARGET] == []
    assert all(link["top"] >= header["top"] + header["height"] - 1 for link in links)
    assert all(link["width"] > PHONE[0] / 2 for link in links if link["name"] != "Join")
    screenshot(page, "11-home-phone-menu")
    toggle.click()
    expect(nav(page).get_by_role("link", name="Research topics")).to_be_hidden()
    browser_errors.assert_none()


def test_phone_menu_for_a_member_has_44px_rows(make_page, busy_site, browser_errors):
    page = make_page(*PHONE)
    page.goto("/login")
    page.get_by_label("Username or email", exact=True).fill("reader")
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{busy_site.url}/")
    menu(page).click()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
    assert box(page, ".site-header")["height"] <= BAR  # the rows drop down over the page
    assert small_targets(page, ".site-header") == []
    names = [b["name"] for b in boxes(page, ".nav-links a, .nav-links button")]
    assert names[-3:] == ["New thread", "Dr Amara Osei", "Log out"]
    browser_errors.assert_none()


def test_phone_page_links_are_44px_targets(make_page, busy_site, browser_errors, screenshot):
    page = make_page(*PHONE)
    page.goto("/latest")
    expect(page.get_by_role("heading", level=1, name="Latest threads")).to_be_visible()
    expect(page.locator(".thread-row")).to_have_count(25)
    pager = page.get_by_role("navigation", name="Latest threads pages")
    expect(pager).to_be_visible()
    targets = boxes(page, ".pagination a, .pagination span:not(.gap)")
    assert [t["name"] for t in targets] == ["1", "2", "Next ›"]
    assert [t for t in targets if t["height"] < TARGET or t["width"] < TARGET] == []
    assert_no_sideways_scroll(page)
    screenshot(page, "12-latest-phone")
    pager.get_by_role("link", name="Next ›").click()
    expect(page.locator(".thread-row")).to_have_count(5)
    browser_errors.assert_none()


def test_phone_search_page_has_one_search_box(make_page, busy_site, browser_errors, screenshot):
    page = make_page(*PHONE)
    page.goto("/search?q=trial+design")
    expect(page.get_by_role("heading", level=1, name="Search past discussions")).to_be_visible()
    expect(page.locator("input[type=search]")).to_have_count(1)
    expect(page.get_by_role("search")).to_have_count(1)
    assert box(page, ".site-header")["height"] <= BAR
    assert small_targets(page, ".site-header") == []
    assert_no_sideways_scroll(page)
    screenshot(page, "13-search-phone")
    browser_errors.assert_none()


def test_wide_screen_keeps_links_in_the_bar_and_specialties_on_the_left(
    make_page, busy_site, browser_errors
):
    page = make_page(1280, 900)
    page.goto("/")
    expect(menu(page)).to_be_hidden()
    expect(nav(page).get_by_role("link", name="Research topics")).to_be_visible()
    assert box(page, ".site-header")["height"] <= BAR
    assert small_targets(page, ".site-header") == []
    latest, specialties = box(page, ".home-latest"), box(page, ".home-specialties")
    assert specialties["left"] < latest["left"] and abs(specialties["top"] - latest["top"]) < 1
    browser_errors.assert_none()
