"""flask --app forum search rebuild | sync | verify [--fix] | status"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from forum.extensions import db
from forum.search import service
from forum.search.index import IndexUnavailable
from forum.threads.models import Post

search_cli = AppGroup("search", help="Keep the Whoosh index in step with the database.")


def _progress(documents):
    """Wrap the rebuild's document stream in a progress bar showing count and rate."""
    total = db.session.scalar(select(func.count()).where(Post.deleted_at.is_(None))) or 0
    started = time.monotonic()

    def rate(_item):
        elapsed = time.monotonic() - started
        return f"{bar.pos / elapsed:,.0f} posts/s" if elapsed > 0 else ""

    with click.progressbar(
        length=total, label="Indexing", show_pos=True, item_show_func=rate
    ) as bar:
        for document in documents:
            yield document
            bar.update(1)


@search_cli.command("rebuild")
def rebuild_command():
    """Rebuild the index from the database into a fresh directory and swap it in."""
    started = time.monotonic()
    count = service.rebuild(progress=_progress)
    if count is None:
        raise click.ClickException("Another process is writing the index; try again shortly.")
    click.echo(f"Indexed {count:,} posts in {time.monotonic() - started:.1f} s.")


@search_cli.command("sync")
def sync_command():
    """Apply pending changes from the change log to this host's index."""
    applied = service.sync()
    if applied is None:
        raise click.ClickException("Another process is writing the index; it will apply them.")
    click.echo(f"Applied {applied:,} changes.")


@search_cli.command("verify")
@click.option("--fix", is_flag=True, help="Repair what is found.")
def verify_command(fix):
    """List posts missing from, stale in, or extra in the index."""
    drift = service.verify()
    for label, ids in (("missing", drift.missing), ("stale", drift.stale), ("extra", drift.extra)):
        shown = ", ".join(map(str, ids[:50])) + (" …" if len(ids) > 50 else "")
        click.echo(f"{label}: {len(ids)}" + (f" (post ids: {shown})" if ids else ""))
    if drift.clean:
        click.echo("The index matches the database.")
    elif fix:
        service.fix(drift)
        click.echo("Repaired." if service.verify().clean else "Some drift remains; run rebuild.")
    else:
        raise click.ClickException("The index has drifted; run with --fix or `search rebuild`.")


@search_cli.command("status")
def status_command():
    """Documents, pending changes, index size and last update."""
    try:
        state = service.status()
    except IndexUnavailable as error:
        raise click.ClickException(
            f"The index cannot be read ({error}); run `flask --app forum search rebuild`."
        ) from error
    click.echo(f"documents:       {state.documents:,}")
    click.echo(f"pending changes: {state.pending:,}")
    click.echo(f"index size:      {state.size_bytes / 1_048_576:.1f} MiB")
    click.echo(f"applied up to:   change {state.applied}")
    click.echo(f"last update:     {state.updated or 'never'}")
    if state.outdated:
        click.echo("schema:          outdated (older version; `search sync` rebuilds it)")
