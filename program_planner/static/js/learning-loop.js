// The learning loop follows the program type and the target group as they are chosen: the panel
// of similar past programs is fetched again for them. Without this file it follows them after
// saving.
(function () {
  "use strict";
  var slot = document.getElementById("learning-slot");
  var type = document.getElementById("program_type");
  var group = document.getElementById("target_group_id");
  if (!slot || !(type || group) || !window.fetch) { return; }
  var asked = 0;
  function follow() {
    var url = new URL(slot.getAttribute("data-url"), window.location.href);
    if (type) { url.searchParams.set("program_type", type.value); }
    if (group && group.value) { url.searchParams.set("target_group", group.value); }
    var mine = ++asked;
    fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && mine === asked) { slot.innerHTML = html; }
      })
      .catch(function () { /* offline: the panel follows them after saving */ });
  }
  if (type) { type.addEventListener("change", follow); }
  if (group) { group.addEventListener("change", follow); }
})();
