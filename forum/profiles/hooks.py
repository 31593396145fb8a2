"""What features above profiles plug into the member profile page (forum/page_hooks.py).

profiles sits below mentorship (and the features after it) and must not import them;
they register here at init_app instead. The page's own query function
(queries.profile_page) calls the loaders, so templates never do I/O. What a feature
can add:

- an extra (`register_page_extra`): `loader(user, viewer)`, the data of its section, as
  `profile.extras[name]`: at most one query, and none for a member the section does not
  concern (return None before querying);
- a template part (`register_template`): a template included at a slot of
  profiles/show.html, reading `profile` (and so `profile.extras`); with `when`, only
  on pages whose extras it approves.
"""

from __future__ import annotations

from forum.page_hooks import PageHooks

# Where profiles/show.html includes registered templates.
SLOTS = ("below_header", "after_sections")

_hooks = PageHooks("profile page", SLOTS)
register_page_extra = _hooks.register_page_extra
page_extras = _hooks.page_extras
register_template = _hooks.register_template
templates = _hooks.templates
