"""Column types shared by every model."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Current time in UTC; used as a column default so nothing is fixed at import."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC in the database and always hands back aware UTC datetimes.

    SQLite keeps no time zone and PostgreSQL's `timestamp` neither; normalising
    here means every comparison and template sees the same kind of value.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
