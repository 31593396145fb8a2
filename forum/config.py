"""Settings, each read from the environment with a laptop-safe default."""

import os

DEFAULT_SECRET_KEY = "dev-only-change-me"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip().isdigit() else default


class Config:
    # Signs sessions and CSRF tokens; must be a long random value in production.
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # SQLAlchemy URL; None means the SQLite file instance/rounds.sqlite (WAL mode).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # Where the Whoosh index lives; rebuildable from the database at any time.
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", "search_index")
    # This index's name in the change-log cursors (default: host name and directory).
    SEARCH_INDEX_NAME = os.environ.get("SEARCH_INDEX_NAME")
    # After-commit effects (search changes, mail): "background" runs them in a thread of
    # each serving process after each commit, at start-up and every
    # AFTER_COMMIT_POLL_SECONDS; "off" runs nothing by itself (tests, or a separate
    # process running `flask search sync`). SEARCH_SYNC is the older name. Unset means
    # "background", except under TESTING, where a stray runner would outlive its test.
    AFTER_COMMIT = os.environ.get("AFTER_COMMIT", os.environ.get("SEARCH_SYNC"))
    AFTER_COMMIT_POLL_SECONDS = _env_int("AFTER_COMMIT_POLL_SECONDS", 5)
    # Applied change-log entries are pruned; entries older than this are pruned even if
    # an index that stopped checking in has not applied them (it must then be rebuilt).
    SEARCH_LOG_RETENTION_DAYS = _env_int("SEARCH_LOG_RETENTION_DAYS", 7)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Cookies: never readable by scripts, not sent on cross-site POSTs.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30

    # Largest request body accepted (bytes); larger requests get the 413 page.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 512 * 1024)
    # Longest post body in characters.
    POST_MAX_LENGTH = _env_int("POST_MAX_LENGTH", 50_000)
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session

    # Failed logins allowed per account and per client address in the window.
    LOGIN_LIMIT_PER_ACCOUNT = _env_int("LOGIN_LIMIT_PER_ACCOUNT", 5)
    LOGIN_LIMIT_PER_ADDRESS = _env_int("LOGIN_LIMIT_PER_ADDRESS", 20)
    LOGIN_LIMIT_WINDOW = _env_int("LOGIN_LIMIT_WINDOW", 15 * 60)
    # Accounts one client address may register in the window.
    REGISTER_LIMIT_PER_ADDRESS = _env_int("REGISTER_LIMIT_PER_ADDRESS", 5)
    REGISTER_LIMIT_WINDOW = _env_int("REGISTER_LIMIT_WINDOW", 60 * 60)
    # Posts (threads and replies) one user may write in the window.
    POST_LIMIT = _env_int("POST_LIMIT", 10)
    POST_LIMIT_WINDOW = _env_int("POST_LIMIT_WINDOW", 60)
    # Privacy checks of a draft (POST /privacy/check, sent as the author pauses typing)
    # one user may ask for in the window; more answer 429.
    PRIVACY_CHECK_LIMIT = _env_int("PRIVACY_CHECK_LIMIT", 300)
    PRIVACY_CHECK_WINDOW = _env_int("PRIVACY_CHECK_WINDOW", 10 * 60)
    # Professional credentials one member may add in the window; more answer 429.
    CREDENTIAL_LIMIT = _env_int("CREDENTIAL_LIMIT", 5)
    CREDENTIAL_LIMIT_WINDOW = _env_int("CREDENTIAL_LIMIT_WINDOW", 60 * 60)
    # How many proxies sit in front of the app (X-Forwarded-For hops to trust).
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # --- Mail, password reset and email verification (forum/mail, forum/auth/recovery.py)
    # and notification email (forum/notifications/email.py).
    # SMTP host; unset means mail is written to the log instead of being sent, and no
    # notification is emailed at all (nothing is queued for them).
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    # SMTP port: 25 for a local relay, usually 587 with MAIL_USE_TLS for a provider.
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    # SMTP login name, when the server wants one (sent only after STARTTLS if TLS is on).
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    # SMTP password for MAIL_USERNAME.
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    # Upgrade the SMTP connection with STARTTLS (certificate checked) before logging in.
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    # The From address of every mail the forum sends.
    MAIL_FROM = os.environ.get("MAIL_FROM", "Rounds <no-reply@rounds.invalid>")
    # Tries per mail before it is given up (the server down, or refusing it for now).
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 8)
    # Wait before the first retry, in seconds; it doubles after each failed try (max 6 h).
    MAIL_RETRY_SECONDS = _env_int("MAIL_RETRY_SECONDS", 60)
    # Public host (and port) for links in mail; without it they use the request's Host
    # (notification mail, built after the request, then uses the first TRUSTED_HOSTS entry).
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    # Scheme of links built outside a request (notification mail, unsubscribe links):
    # https when cookies are marked secure, else http, unless set.
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME") or (
        "https" if _env_bool("SESSION_COOKIE_SECURE") else "http"
    )
    # Hours between a member's notification digests (and how long a digest gathers).
    DIGEST_HOURS = _env_int("DIGEST_HOURS", 24)
    # Days after its acceptance or last review until an accepted answer shows a notice.
    ANSWER_REVIEW_AFTER_DAYS = _env_int("ANSWER_REVIEW_AFTER_DAYS", 548)
    # New accounts must confirm their address by a mailed link before they may post.
    EMAIL_VERIFICATION = _env_bool("EMAIL_VERIFICATION")
    # Reset and verification mails one email address may ask for in the window.
    RESET_LIMIT_PER_EMAIL = _env_int("RESET_LIMIT_PER_EMAIL", 3)
    # Password-reset requests one client address may make in the window.
    RESET_LIMIT_PER_ADDRESS = _env_int("RESET_LIMIT_PER_ADDRESS", 10)
    # The reset-request window, in seconds.
    RESET_LIMIT_WINDOW = _env_int("RESET_LIMIT_WINDOW", 60 * 60)

    THREADS_PER_PAGE = 25
    POSTS_PER_PAGE = 20

    # --- New accounts and repeated posts (forum/moderation/new_accounts.py) ---
    # Hours an account counts as new and has the limits below (0 turns them off).
    NEW_ACCOUNT_HOURS = _env_int("NEW_ACCOUNT_HOURS", 24)
    # Links (bare or Markdown, images included) a new account may put in one post.
    NEW_ACCOUNT_MAX_LINKS = _env_int("NEW_ACCOUNT_MAX_LINKS", 2)
    # Members a new account may @mention in one post.
    NEW_ACCOUNT_MAX_MENTIONS = _env_int("NEW_ACCOUNT_MAX_MENTIONS", 2)
    # Threads a new account may start while it is new.
    NEW_ACCOUNT_MAX_THREADS = _env_int("NEW_ACCOUNT_MAX_THREADS", 3)
    # Replies a new account may post while it is new.
    NEW_ACCOUNT_MAX_REPLIES = _env_int("NEW_ACCOUNT_MAX_REPLIES", 10)
    # Minutes within which a post identical to the author's previous one is refused (0: off).
    DUPLICATE_POST_MINUTES = _env_int("DUPLICATE_POST_MINUTES", 5)

    # --- Reports (forum/moderation/flags.py) ---
    # Posts a member may report in FLAG_LIMIT_WINDOW seconds (site-wide staff are exempt).
    FLAG_LIMIT = _env_int("FLAG_LIMIT", 10)
    FLAG_LIMIT_WINDOW = _env_int("FLAG_LIMIT_WINDOW", 60 * 60)
