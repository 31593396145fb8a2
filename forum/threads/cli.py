"""flask --app forum rerender-posts"""

import click
from flask.cli import with_appcontext

from forum.threads import service


@click.command("rerender-posts")
@click.option("--batch", default=500, show_default=True, help="Posts per transaction.")
@with_appcontext
def rerender_posts_command(batch: int) -> None:
    """Render every post again with the current Markdown rules (after an upgrade changes them)."""
    changed = service.rerender_posts(batch)
    click.echo(f"Rendered all posts again; {changed} changed.")
