// Wide tables scroll inside their wrapper (.table-responsive) on small screens. Make each wrapper
// reachable by keyboard, so it can be scrolled with the arrow keys where the browser does not do it
// itself (Safari), and name it after the table's caption or the heading before it, so a screen
// reader says what the region holds. Done once on load, whatever the width, so turning a phone or
// resizing a window never leaves a scrolling table unreachable. Progressive enhancement: without
// this script the tables still scroll, by touch, mouse, or the keyboard in Chrome and Firefox.
(function () {
  "use strict";
  var prefix = document.currentScript.getAttribute("data-label");
  var taken = {};

  function headingBefore(node) {
    for (; node && node !== document.body; node = node.parentElement) {
      for (var el = node.previousElementSibling; el; el = el.previousElementSibling) {
        var found = /^H[1-6]$/.test(el.tagName) ? el : el.querySelector("h1, h2, h3, h4, h5, h6");
        if (found) return found.textContent;
      }
    }
    return "";
  }

  function uniqueName(wrapper) {
    var caption = wrapper.querySelector("caption");
    var text = (caption ? caption.textContent : headingBefore(wrapper)).replace(/\s+/g, " ").trim();
    text = text ? prefix + " — " + text : prefix;
    for (var n = 2, name = text; taken[name]; n += 1) name = text + " (" + n + ")";
    taken[name] = true;
    return name;
  }

  function nameOf(landmark) {
    var by = landmark.getAttribute("aria-labelledby");
    var label = by && document.getElementById(by.split(" ")[0]);
    return label ? label.textContent.replace(/\s+/g, " ").trim() : landmark.getAttribute("aria-label");
  }

  var wrappers = document.querySelectorAll(".table-responsive");
  document.querySelectorAll("section, [role=region]").forEach(function (landmark) {
    taken[nameOf(landmark)] = true;
  });
  wrappers.forEach(function (wrapper) {
    if (wrapper.hasAttribute("tabindex")) return; // the page made it a region itself
    wrapper.setAttribute("tabindex", "0");
    wrapper.setAttribute("role", "region");
    if (!wrapper.hasAttribute("aria-labelledby")) wrapper.setAttribute("aria-label", uniqueName(wrapper));
  });
})();
