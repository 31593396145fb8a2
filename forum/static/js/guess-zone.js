// A first goals form or application to mentor: choose the browser's own time zone in the
// select marked data-guess-zone (when this machine offers it), so most members need not
// look for theirs in the list. Without JavaScript the select stays at what the page chose.
(function () {
  "use strict";
  var select = document.querySelector('select[data-guess-zone="browser"]');
  if (!select || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { return; }
  var option = Array.prototype.find.call(select.options, function (o) { return o.value === zone; });
  if (option) {
    option.selected = true;
    option.defaultSelected = true;  // a form reset keeps the guess, not UTC
  }
})();
