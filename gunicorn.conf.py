"""gunicorn settings read from the project root (`make run`, and any `gunicorn wsgi:app` here)."""


def post_worker_init(worker):
    # Each worker applies pending after-commit effects (search changes, mail) as soon as
    # it boots, then on an interval, instead of waiting for the first request or write.
    from forum import effects

    effects.start(worker.wsgi)
