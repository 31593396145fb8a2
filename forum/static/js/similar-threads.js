// While a thread title is typed, list up to five similar past threads.
// Progressive enhancement: without JavaScript the "Check for similar threads"
// button asks the server for the same list.
(function () {
  "use strict";
  var box = document.getElementById("similar-threads");
  var title = document.getElementById("title");
  if (!box || !title || !window.fetch) { return; }
  var endpoint = box.getAttribute("data-endpoint");
  var timer = null;
  var last = "";

  function render(threads) {
    box.textContent = "";
    if (!threads.length) { return; }
    var intro = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = "Similar threads already on Rounds:";
    intro.appendChild(strong);
    var list = document.createElement("ul");
    threads.forEach(function (thread) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = thread.url;
      link.textContent = thread.title;  // text, never HTML
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(intro);
    box.appendChild(list);
  }

  function lookup() {
    var text = title.value.trim();
    if (text.length < 8 || text === last) { return; }
    last = text;
    fetch(endpoint + "?title=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (threads) { if (text === last) { render(threads); } })
      .catch(function () { /* suggestions are a nicety; stay quiet */ });
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 350);
  });
})();
