"""The ceiling: the smallest Flask + Flask-SQLAlchemy app that shows a thread page.

    DATABASE_URL=sqlite:////tmp/bench.sqlite gunicorn -w 2 'bench.ceiling_app:create_app()'

It reads the forum's tables through its own minimal models (it does not import
`forum`) and renders a thread's title and its first 20 posts, each with the
author's display name, roles and profession and the stored `body_html`, in the
forum's reading order (created_at, then id), from a small template kept in this
file. No sessions, CSRF, login, layout, permissions or security headers: what is
left is Flask routing, one ORM query for the thread, one for the posts with their
authors joined (a LIMIT on the forum's own index, ix_posts_thread_id_created_at_id),
and Jinja. bench/pages.py divides the forum's requests per second by this app's.
"""

from __future__ import annotations

import os
from datetime import datetime

from flask import Flask, abort, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship

POSTS_PER_PAGE = 20

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ thread.title }}</title></head>
<body>
<h1>{{ thread.title }}</h1>
{% for post in posts %}
<article id="post-{{ post.id }}">
  <p>#{{ loop.index }} {{ post.author.display_name }} · {{ post.author.roles }}
     · {{ post.author.profession }}</p>
  <div>{{ post.body_html|safe }}</div>
</article>
{% endfor %}
</body></html>
"""


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    roles: Mapped[str] = mapped_column(String(64))
    profession: Mapped[str] = mapped_column(String(32))


class Thread(db.Model):
    __tablename__ = "threads"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))


class Post(db.Model):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    created_at: Mapped[datetime] = mapped_column(deferred=True)  # ordered by, not shown
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_html: Mapped[str] = mapped_column(Text)
    author: Mapped[User] = relationship()


def create_app(database_url: str | None = None) -> Flask:
    """The ceiling app on `database_url` (default: the DATABASE_URL environment variable)."""
    app = Flask(__name__)
    # From a loader rather than render_template_string, which would compile it per request.
    app.jinja_loader = DictLoader({"thread.html": PAGE})
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.route("/threads/<int:thread_id>")
    def show(thread_id: int):
        thread = db.session.get(Thread, thread_id) or abort(404)
        posts = db.session.scalars(
            select(Post)
            .where(Post.thread_id == thread_id)
            .order_by(Post.created_at, Post.id)
            .limit(POSTS_PER_PAGE)
            .options(joinedload(Post.author))
        )
        return render_template("thread.html", thread=thread, posts=posts)

    return app
