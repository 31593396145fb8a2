// The privacy guard beside the editor: as the author pauses typing, ask the server
// (POST /privacy/check, the same check posting runs) what looks like a patient
// identifier, show each finding with the text around it highlighted, and replace one
// with its placeholder ("[DATE]") in a click. Without JavaScript the server shows the
// same panel when the draft is previewed or refused, with buttons that submit the form.
(function () {
  "use strict";
  var panel = document.getElementById("privacy-guard");
  var form = panel && panel.closest("form");
  if (!form || !window.fetch || !window.JSON) { return; }
  var list = panel.querySelector(".privacy-guard-findings");
  var endpoint = panel.getAttribute("data-endpoint");
  var token = form.elements.csrf_token ? form.elements.csrf_token.value : "";
  // The fields checked, with what the form calls them (a case has several sections).
  var names = {};
  (panel.getAttribute("data-fields") || "title body").split(" ").forEach(function (name) {
    var field = form.elements[name];
    if (!field) { return; }
    var label = form.querySelector('label[for="' + field.id + '"]');
    names[name] = label ? label.textContent.trim() : name;
  });
  var CONTEXT = 32;
  var timer = null;
  var asked = 0;

  function fields() {
    var out = {};
    Object.keys(names).forEach(function (name) {
      var field = form.elements[name];
      if (field && typeof field.value === "string" && field.value) { out[name] = field.value; }
    });
    return out;
  }

  function context(text, start, end) {
    var before = text.slice(Math.max(0, start - CONTEXT), start);
    var after = text.slice(end, end + CONTEXT);
    if (start > CONTEXT) { before = "…" + before.replace(/^\S*\s/, ""); }
    if (end + CONTEXT < text.length) { after = after.replace(/\s\S*$/, "") + "…"; }
    return [before, text.slice(start, end), after];
  }

  function replace(name, finding, sent) {
    var field = form.elements[name];
    // Only the span that was checked: if the text moved since, check again instead.
    if (field.value === sent) {
      field.value = sent.slice(0, finding.start) + finding.placeholder + sent.slice(finding.end);
      field.dispatchEvent(new Event("input", { bubbles: true }));  // drafts.js keeps it
    }
    field.focus();
    check();
  }

  function render(found, sent) {
    list.textContent = "";
    var any = false;
    Object.keys(names).forEach(function (name) {
      var hits = found[name];
      if (!hits || !hits.length) { return; }
      any = true;
      var heading = document.createElement("h3");
      heading.className = "privacy-guard-field";
      heading.textContent = names[name];
      var items = document.createElement("ul");
      items.className = "privacy-findings";
      hits.forEach(function (finding) {
        var parts = context(sent[name], finding.start, finding.end);
        var item = document.createElement("li");
        item.className = "privacy-finding";
        var where = document.createElement("p");
        where.className = "privacy-context";
        var mark = document.createElement("mark");
        mark.textContent = parts[1];  // text, never HTML
        where.appendChild(document.createTextNode(parts[0]));
        where.appendChild(mark);
        where.appendChild(document.createTextNode(parts[2]));
        var label = document.createElement("p");
        label.className = "privacy-label";
        label.appendChild(document.createTextNode(
          finding.label.charAt(0).toUpperCase() + finding.label.slice(1) + " "));
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button-secondary button-small";
        button.textContent = "Replace with " + finding.placeholder;
        button.addEventListener("click", function () { replace(name, finding, sent[name]); });
        label.appendChild(button);
        item.appendChild(where);
        item.appendChild(label);
        items.appendChild(item);
      });
      list.appendChild(heading);
      list.appendChild(items);
    });
    panel.hidden = !any;
  }

  function check() {
    var sent = fields();
    var mine = ++asked;
    if (!Object.keys(sent).length) { render({}, sent); return; }
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ fields: sent })
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        // A slower, older answer must not replace a newer one; a refusal (429) keeps
        // what is shown: posting runs the same check anyway.
        if (answer && mine === asked) { render(answer.fields || {}, sent); }
      })
      .catch(function () { /* the check on posting still runs */ });
  }

  Object.keys(names).forEach(function (name) {
    var field = form.elements[name];
    if (!field || !field.addEventListener) { return; }
    field.addEventListener("input", function (event) {
      if (!event.isTrusted) { return; }  // our own replacement already asked
      clearTimeout(timer);
      timer = setTimeout(check, 500);
    });
  });
  if (!panel.hidden) { check(); }  // the server showed findings: make their buttons ours
})();
