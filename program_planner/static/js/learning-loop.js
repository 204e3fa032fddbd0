// The learning loop follows the program type as it is chosen: the panel of similar past programs
// is fetched again for the new type. Without this file the panel follows it after saving.
(function () {
  "use strict";
  var slot = document.getElementById("learning-slot");
  var select = document.getElementById("program_type");
  if (!slot || !select || !window.fetch) { return; }
  var asked = 0;
  select.addEventListener("change", function () {
    var url = new URL(slot.getAttribute("data-url"), window.location.href);
    url.searchParams.set("program_type", select.value);
    var mine = ++asked;
    fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === asked) { slot.innerHTML = html; }
      })
      .catch(function () { /* offline: the panel follows the type after saving */ });
  });
})();
