// The research-topics picker: the form's <select multiple name="topics"> shown as a list
// of checkboxes with a box that narrows it, so several topics are chosen without
// Ctrl-clicking. Progressive enhancement: the select stays in the form (hidden) and is
// what gets submitted; without JavaScript it is shown and works as it is.
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // Case and accents do not matter when narrowing: "pediatrie" finds "Pédiatrie".
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var id = select.id;
    var field = select.parentNode;
    var label = field.querySelector('label[for="' + id + '"]');
    var help = document.getElementById(id + "-help");

    var picker = element("fieldset", { "class": "topic-picker" });
    var describedBy = select.getAttribute("aria-describedby");
    if (describedBy) { picker.setAttribute("aria-describedby", describedBy); }
    picker.appendChild(element("legend", {}, label ? label.textContent : "Research topics"));
    picker.appendChild(element("label", { "for": id + "-filter", "class": "topic-filter-label" }, "Narrow the list"));
    var filter = element("input", {
      type: "search", id: id + "-filter", "class": "topic-filter", autocomplete: "off",
      "aria-controls": id + "-choices"
    });
    picker.appendChild(filter);
    var list = element("ul", { "class": "topic-choices", id: id + "-choices" });
    var boxes = Array.prototype.map.call(select.options, function (option, index) {
      var item = element("li");
      var choice = element("label", { "class": "checkbox", "for": id + "-choice-" + index });
      var box = element("input", { type: "checkbox", id: id + "-choice-" + index, value: option.value });
      box.checked = box.defaultChecked = option.selected;
      choice.appendChild(box);
      choice.appendChild(document.createTextNode(" " + option.text));
      item.appendChild(choice);
      list.appendChild(item);
      box.addEventListener("change", function () {
        option.selected = box.checked;
        count();
      });
      return { box: box, option: option, item: item, text: folded(option.text) };
    });
    picker.appendChild(list);
    var none = element("p", { "class": "topic-none help", hidden: "" });
    picker.appendChild(none);
    var chosen = element("p", { "class": "topic-count help", "aria-live": "polite" });
    picker.appendChild(chosen);

    function count() {
      var names = boxes.filter(function (entry) { return entry.box.checked; })
        .map(function (entry) { return entry.option.text; });
      chosen.textContent = names.length ? "Chosen (" + names.length + "): " + names.join(", ") : "None chosen yet.";
    }

    function narrow() {
      var wanted = folded(filter.value.trim());
      var shown = 0;
      boxes.forEach(function (entry) {
        var match = !wanted || entry.text.indexOf(wanted) >= 0;
        entry.item.hidden = !match;
        if (match) { shown += 1; }
      });
      none.hidden = shown > 0;
      none.textContent = shown ? "" : "No topic matches “" + filter.value.trim() + "”.";
    }

    filter.addEventListener("input", narrow);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // narrowing, not sending the form
      if (event.key === "Escape" && filter.value) { filter.value = ""; narrow(); }
    });
    // Another script (a restored draft) or a form reset changed the select: follow it.
    select.addEventListener("change", function () {
      boxes.forEach(function (entry) { entry.box.checked = entry.option.selected; });
      count();
    });

    if (label) { label.hidden = true; }
    select.hidden = true;
    field.insertBefore(picker, select.nextSibling);
    if (help) { help.textContent = help.textContent.replace(/\s*Hold Ctrl[^.]*\./, "") + " Tick each topic; type in the box to narrow the list."; }
    count();
  }

  Array.prototype.forEach.call(document.querySelectorAll('select[multiple][name="topics"]'), function (select) {
    if (select.id && select.options.length) { enhance(select); }
  });
})();
