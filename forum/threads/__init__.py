from forum.threads.views import bp

__all__ = ["bp"]
