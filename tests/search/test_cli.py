"""flask --app forum search rebuild | sync | verify | status"""

from sqlalchemy import update

from forum.extensions import db
from forum.search import results, service
from forum.search.index import Filters
from forum.threads.models import Post
from tests.factories import make_thread


def test_sync_then_status(runner):
    make_thread(replies=2)
    result = runner.invoke(args=["search", "sync"])
    # 3 posts, and the opening post once more: its first reply made it answered.
    assert result.exit_code == 0 and "Applied 4 changes." in result.output
    status = runner.invoke(args=["search", "status"]).output
    assert "documents:       3" in status and "pending changes: 0" in status


def test_rebuild_shows_progress_and_counts(runner):
    make_thread(replies=4)
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing" in result.output and "Indexed 5 posts" in result.output
    assert service.status().documents == 5


def test_verify_reports_drift_and_fix_repairs(runner):
    thread = make_thread(replies=1)
    runner.invoke(args=["search", "sync"])
    db.session.execute(update(Post).where(Post.thread_id == thread.id).values(body_text="new"))
    db.session.commit()
    result = runner.invoke(args=["search", "verify"])
    assert result.exit_code != 0 and "stale: 2" in result.output
    fixed = runner.invoke(args=["search", "verify", "--fix"])
    assert fixed.exit_code == 0 and "Repaired." in fixed.output
    assert "The index matches the database." in runner.invoke(args=["search", "verify"]).output


def test_an_index_built_by_an_older_schema_is_rebuilt_by_sync(runner):
    thread = make_thread(title="Lactate clearance targets", body="Serial lactate every hour.")
    runner.invoke(args=["search", "sync"])
    old = service.store().current_dir()
    (old / "schema").write_text("1")  # as an older version of Rounds would have left it
    assert "schema:          outdated" in runner.invoke(args=["search", "status"]).output

    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    new = service.store().current_dir()
    assert new != old and not service.store().outdated()
    assert "outdated" not in runner.invoke(args=["search", "status"]).output
    page = results.search_page("lactate", Filters())
    assert [row.thread.id for row in page.rows] == [thread.id]
