from forum.taxonomy.views import bp

__all__ = ["bp"]
