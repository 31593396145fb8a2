"""The demo forum, seeded and indexed once per run for the search tests that cite it."""

import pytest

from forum import create_app
from forum.demo.cli import seed_demo
from forum.extensions import db
from forum.search import service


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """`flask seed-demo` and `flask search sync` on a new SQLite database (seconds: once).

    Tests only read it; one that writes belongs on the function-scoped `app`.
    """
    tmp = tmp_path_factory.mktemp("demo")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'rounds.sqlite'}",
            "SEARCH_INDEX_DIR": str(tmp / "search_index"),
            "SEARCH_SYNC": "off",
            "AFTER_COMMIT": "off",
            "SERVER_NAME": "rounds.test",
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo()
        service.sync()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """The demo forum with its app context pushed."""
    with demo_app.app_context():
        yield demo_app
        db.session.remove()
