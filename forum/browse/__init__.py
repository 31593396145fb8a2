from forum.browse.views import bp

__all__ = ["bp"]
