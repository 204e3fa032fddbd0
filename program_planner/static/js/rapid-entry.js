// Rapid entry of paper forms: an optional jump to the next question after a one-key answer.
// The page works without this file: Tab moves between fields and Enter saves.
(function () {
  "use strict";
  var form = document.getElementById("rapid-entry");
  if (!form) { return; }
  var STORE = "rapid-entry-advance";
  var list = form.querySelector(".rapid-questions");
  if (!list) { return; }

  var wrapper = document.createElement("div");
  wrapper.className = "form-check rapid-advance";
  var box = document.createElement("input");
  box.type = "checkbox";
  box.className = "form-check-input";
  box.id = "rapid-advance";
  var label = document.createElement("label");
  label.className = "form-check-label";
  label.htmlFor = box.id;
  label.textContent = form.getAttribute("data-advance-label") ||
    "Jump to the next question after a one-key answer";
  wrapper.appendChild(box);
  wrapper.appendChild(label);
  list.parentNode.insertBefore(wrapper, list);
  try { box.checked = window.localStorage.getItem(STORE) === "1"; } catch (e) { box.checked = false; }
  box.addEventListener("change", function () {
    try { window.localStorage.setItem(STORE, box.checked ? "1" : "0"); } catch (e) { /* private mode */ }
  });

  // a field refused with an error gets the focus: select its key so the next one replaces it
  // (the browser may apply autofocus after this script runs, caret first: focus it here unless
  // the person has already moved on)
  var focused = form.querySelector(".rapid-input[autofocus]");
  var active = document.activeElement;
  var untouched = !active || active === document.body || active === focused;
  if (focused && untouched && focused.value && focused.select) {
    focused.focus();
    focused.select();
  }

  function nextControl(input) {
    var controls = Array.prototype.slice.call(
      form.querySelectorAll(".rapid-input, button[type=submit]"));
    var index = controls.indexOf(input);
    return index >= 0 ? controls[index + 1] : null;
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!box.checked || !input.matches || !input.matches("input[data-rapid=single]")) { return; }
    // the question's kind (evaluation/kinds/) says which keys are a whole answer
    var keys = input.getAttribute("data-keys");
    if (keys && new RegExp(keys, "i").test(input.value)) {
      var next = nextControl(input);
      if (next) { next.focus(); if (next.select) { next.select(); } }
    }
  });
})();
