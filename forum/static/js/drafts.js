// Drafts: what is typed into a form marked data-draft="<user id>" (a new thread, a reply)
// is kept in this browser's localStorage, keyed by the user and the form's action, and
// put back into the empty form after a reload, a crash or a submit that failed.
// Progressive enhancement: without JavaScript (or storage) the forms work as before.
//
// When is a draft done with? The server answers a failed submit with the same form and
// the text still in it (a validation error, a preview, a refusal), or with an error page
// that runs no script (an expired CSRF token, a request too large). It answers a
// successful submit, and only that, with a redirect to the thread page. So on submit the
// draft is flagged with the time and the page it was sent from, and a flagged draft is
// removed on the next page that was reached through a redirect, from that same page (the
// referrer), at an address other than the form's action. Every other page showing the
// form takes the flag off and, if the form is empty, restores the draft: reloading, or
// going back after an error page, brings the text back. A flag older than SUBMIT_WINDOW
// no longer counts, and drafts not touched for MAX_AGE are dropped.
(function () {
  "use strict";
  var PREFIX = "rounds.draft:";
  var SUBMIT_WINDOW = 10 * 60 * 1000;
  var MAX_AGE = 30 * 24 * 60 * 60 * 1000;
  var SAVE_DELAY = 300;
  var NOT_KEPT = { submit: 1, button: 1, reset: 1, image: 1, hidden: 1, file: 1, password: 1 };
  var TYPED = { text: 1, search: 1, email: 1, url: 1, textarea: 1 };
  var storage;
  try {
    storage = window.localStorage;
    storage.getItem(PREFIX);
  } catch (error) {
    return;  // storage is switched off: nothing to keep drafts in
  }

  function read(key) {
    try { return JSON.parse(storage.getItem(key)); } catch (error) { return null; }
  }

  function write(key, draft) {
    try { storage.setItem(key, JSON.stringify(draft)); } catch (error) { /* full: still typing is fine */ }
  }

  function withoutHash(url) { return String(url).split("#")[0]; }

  function kept(element) {
    return element.name && element.name !== "csrf_token" && !element.disabled && !NOT_KEPT[element.type];
  }

  function each(form, callback) { Array.prototype.forEach.call(form.elements, callback); }

  function selected(select) {
    return Array.prototype.filter.call(select.options, function (option) { return option.selected; })
      .map(function (option) { return option.value; });
  }

  // The form's kept fields, and whether anything was typed (choices alone are no draft).
  function collect(form) {
    var fields = {};
    var typed = false;
    each(form, function (element) {
      if (!kept(element)) { return; }
      if (element.type === "radio") {
        if (element.checked) { fields[element.name] = element.value; }
      } else if (element.type === "checkbox") {
        fields[element.name] = fields[element.name] || [];
        if (element.checked) { fields[element.name].push(element.value); }
      } else if (element.type === "select-multiple") {
        fields[element.name] = selected(element);
      } else {
        fields[element.name] = element.value;
        if (TYPED[element.type] && element.value.trim()) { typed = true; }
      }
    });
    return { fields: fields, typed: typed };
  }

  function restore(form, fields) {
    each(form, function (element) {
      if (!kept(element) || !Object.prototype.hasOwnProperty.call(fields, element.name)) { return; }
      var value = fields[element.name];
      if (element.type === "radio") {
        element.checked = element.value === value;
      } else if (element.type === "checkbox") {
        element.checked = value.indexOf(element.value) >= 0;
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = value.indexOf(option.value) >= 0;
        });
      } else {
        element.value = value;
      }
      // Let other scripts (the topic picker, similar threads) see the restored values.
      var name = TYPED[element.type] ? "input" : "change";
      element.dispatchEvent(new Event(name, { bubbles: true }));
    });
  }

  function untouched(form) {
    return !collect(form).typed;
  }

  function announce(form, key) {
    var note = document.createElement("p");
    note.className = "draft-note";
    note.setAttribute("role", "status");
    note.textContent = "Your unsent draft is back (it was kept in this browser). ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = "Discard the draft";
    discard.addEventListener("click", function () {
      storage.removeItem(key);
      form.reset();
      each(form, function (element) {
        if (element.type === "select-multiple") {
          element.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      note.parentNode.removeChild(note);
      var first = form.querySelector("textarea, input[type=text]");
      if (first) { first.focus(); }
    });
    note.appendChild(discard);
    form.insertBefore(note, form.firstChild);
  }

  // 1. Finish the drafts whose submit succeeded (see above), and drop old ones.
  var now = Date.now();
  var navigation = window.performance && performance.getEntriesByType
    ? performance.getEntriesByType("navigation")[0] : null;
  var redirected = navigation ? navigation.type === "navigate" && navigation.redirectCount > 0 : true;
  var here = withoutHash(location.href);
  var keys = [];
  for (var index = 0; index < storage.length; index += 1) {
    var name = storage.key(index);
    if (name && name.indexOf(PREFIX) === 0) { keys.push(name); }
  }
  keys.forEach(function (key) {
    var draft = read(key);
    var sent = draft && draft.sentAt && now - draft.sentAt < SUBMIT_WINDOW;
    if (!draft || !(now - draft.savedAt < MAX_AGE)) {
      storage.removeItem(key);
    } else if (sent && redirected && withoutHash(document.referrer) === draft.sentFrom
               && location.pathname !== draft.action) {
      storage.removeItem(key);
    }
  });

  // 2. Keep and restore the drafts of this page's forms.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
    // The attribute, not form.action, which a field named "action" would shadow.
    var action = new URL(form.getAttribute("action") || location.href, location.href).pathname;
    var key = PREFIX + form.getAttribute("data-draft") + ":" + action;
    var draft = read(key);
    if (draft && draft.sentAt) {  // the form is back: that submit did not finish the draft
      delete draft.sentAt;
      delete draft.sentFrom;
      write(key, draft);
    }
    // Text already in the form (a failed submit, a quote) is the newer version: keep it.
    if (draft && draft.fields && untouched(form)) {
      restore(form, draft.fields);
      announce(form, key);
    }

    var timer = null;
    function save() {
      clearTimeout(timer);
      timer = null;
      var state = collect(form);
      if (state.typed) {
        write(key, { action: action, fields: state.fields, savedAt: Date.now() });
      } else {
        storage.removeItem(key);
      }
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    window.addEventListener("pagehide", function () { if (timer) { save(); } });
    form.addEventListener("submit", function () {
      save();
      var saved = read(key);
      if (saved) {
        saved.sentAt = Date.now();
        saved.sentFrom = here;
        write(key, saved);
      }
    });
  });
})();
