// Debriefs: a Copy button beside the private link (the link stays selectable without JavaScript).
(function () {
  "use strict";
  var button = document.getElementById("copy-debrief-url");
  if (!button || !navigator.clipboard) {
    return;
  }
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  button.classList.remove("d-none");
  input.addEventListener("focus", function () {
    input.select();
  });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = button.getAttribute("data-copied");
    });
  });
})();
