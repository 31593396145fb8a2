"""Attempt counting kept in the database, so limits hold across workers and hosts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.exceptions import RateLimited
from forum.extensions import db


class RateLimitHit(db.Model):
    """One counted attempt (for example a failed login) under `bucket` for `key`."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def recent_hits(bucket: str, key: str, window: int) -> tuple[int, datetime | None]:
    """How many hits `key` has in the last `window` seconds, and the oldest of them."""
    since = utcnow() - timedelta(seconds=window)
    count, oldest = db.session.execute(
        select(func.count(), func.min(RateLimitHit.at)).where(
            RateLimitHit.bucket == bucket, RateLimitHit.key == key, RateLimitHit.at > since
        )
    ).one()
    return count, oldest


def retry_after(oldest: datetime | None, window: int) -> int:
    """Seconds until the oldest hit in the window expires."""
    if oldest is None:
        return 1
    return max(1, int((oldest + timedelta(seconds=window) - utcnow()).total_seconds()) + 1)


def check(bucket: str, key: str, limit: int, window: int, message: str) -> None:
    """Refuse when `key` already has `limit` hits in the window.

    :raises RateLimited: with `message`, then when to try again, and the seconds to wait.
    """
    count, oldest = recent_hits(bucket, key, window)
    if count >= limit:
        wait = retry_after(oldest, window)
        minutes = max(1, round(wait / 60))
        raise RateLimited(
            f"{message} Try again in about {minutes} minute{'s' if minutes != 1 else ''}.",
            retry_after=wait,
        )


def add_hit(bucket: str, key: str, window: int) -> None:
    """Record a hit and forget this key's hits older than the window (caller commits)."""
    db.session.execute(
        delete(RateLimitHit).where(
            RateLimitHit.bucket == bucket,
            RateLimitHit.key == key,
            RateLimitHit.at <= utcnow() - timedelta(seconds=window),
        )
    )
    db.session.add(RateLimitHit(bucket=bucket, key=key))


def clear_hits(bucket: str, key: str) -> None:
    """Forget every hit for `key` (caller commits)."""
    db.session.execute(
        delete(RateLimitHit).where(RateLimitHit.bucket == bucket, RateLimitHit.key == key)
    )
