"""What features above browse plug into the specialty page (forum/page_hooks.py).

browse sits below mentorship (and the features after it) and must not import them;
they register here at init_app instead. The page's own query function
(queries.specialty_page) calls the loaders, so templates never do I/O. What a feature
can add:

- an extra (`register_page_extra`): `loader(specialty, viewer)`, the data of its part,
  as `extras[name]` (the page's `page.extra`), at most one query whatever the page shows;
- a template part (`register_template`): a template included at a slot of
  browse/specialty.html, reading `specialty`, `page` and `extras`; with `when`, only
  on pages whose extras it approves.
"""

from __future__ import annotations

from forum.page_hooks import PageHooks

# Where browse/specialty.html includes registered templates.
SLOTS = ("below_header", "after_threads")

_hooks = PageHooks("specialty page", SLOTS)
register_page_extra = _hooks.register_page_extra
page_extras = _hooks.page_extras
register_template = _hooks.register_template
templates = _hooks.templates
