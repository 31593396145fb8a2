// "Quote" on a post: put the selected part of the post (or, with nothing selected, all
// of it) into this page's reply box as a Markdown block quote that links back to the
// post, and focus the box. Progressive enhancement: without JavaScript the link opens
// the reply page with the post's Markdown quoted (forum/threads/quoting.py).
// The page is not asked for anything: the author and permalink come from the link's
// data attributes, and the text is the post as rendered.
(function () {
  "use strict";
  var box = document.querySelector(".reply-box textarea[name=body]");
  if (!box || !window.getSelection) { return; }
  // Pressing the pointer on the link can clear the selection before the click arrives,
  // so the selection is read when the pointer goes down and used by that click.
  var pressed = null;

  function bodyOf(link) {
    var post = link.closest(".post");
    return post && post.querySelector(".post-body");
  }

  // The selected text that lies inside `body`, with line breaks between its blocks.
  function selectionIn(body) {
    var selection = window.getSelection();
    if (!body || !selection.rangeCount || selection.isCollapsed) { return ""; }
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(body)) { return ""; }
    if (body.contains(range.startContainer) && body.contains(range.endContainer)) {
      return selection.toString();
    }
    // The selection runs past this post: keep its part inside the post. Reading it through
    // the selection (not range.toString) keeps the line breaks between paragraphs.
    var clipped = range.cloneRange();
    if (!body.contains(range.startContainer)) { clipped.setStart(body, 0); }
    if (!body.contains(range.endContainer)) { clipped.setEnd(body, body.childNodes.length); }
    selection.removeAllRanges();
    selection.addRange(clipped);
    return selection.toString();
  }

  function linkText(name) {
    return name.replace(/([\\`*_\[\]])/g, "\\$1").replace(/</g, "&lt;");
  }

  // The same shape as quoting.quote_markdown on the server.
  function quote(text, author, permalink) {
    var lines = text.replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "").split("\n");
    var quoted = lines.map(function (line) { return line.trim() ? "> " + line : ">"; });
    quoted.push(">", "> — [" + linkText(author) + "](" + permalink + ")");
    return quoted.join("\n") + "\n\n";
  }

  function insert(text) {
    var before = box.value;
    var gap = !before || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    box.value = before + gap + text;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollTop = box.scrollHeight;
    // Tell listeners (the draft keeper) that the text changed.
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function quoteLink(event) {
    return event.target.closest ? event.target.closest("a.quote-link") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    var link = quoteLink(event);
    pressed = link ? { link: link, text: selectionIn(bodyOf(link)) } : null;
  }, true);

  document.addEventListener("click", function (event) {
    var link = quoteLink(event);
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;  // a new tab or window gets the reply page, quoted by the server
    }
    var body = bodyOf(link);
    if (!body) { return; }
    event.preventDefault();
    var text = pressed && pressed.link === link && pressed.text ? pressed.text : selectionIn(body);
    pressed = null;
    insert(quote(text || body.innerText, link.dataset.quoteAuthor, link.dataset.quotePermalink));
  });
})();
