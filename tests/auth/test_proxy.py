"""Client addresses behind reverse proxies."""

from flask import request

from forum import create_app


def _address_seen(app, **environ) -> str:
    @app.route("/_whoami")
    def whoami():
        return request.remote_addr or ""

    return app.test_client().get("/_whoami", **environ).get_data(as_text=True)


def test_forwarded_for_is_ignored_without_trusted_proxies(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SEARCH_INDEX_DIR": str(tmp_path)}
    )
    seen = _address_seen(
        app, headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    assert seen == "10.0.0.1"


def test_one_trusted_proxy_gives_the_client_address(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SEARCH_INDEX_DIR": str(tmp_path),
            "TRUSTED_PROXIES": 1,
        }
    )
    seen = _address_seen(
        app,
        headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.9"},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert seen == "203.0.113.9"
