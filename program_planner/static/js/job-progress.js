// Job progress: poll the job's JSON and move the bar; reload the page when the job ends.
// Without JavaScript the page reloads itself (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-active") !== "true" || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");
  var message = document.getElementById("job-message");
  var delay = 1000;

  function show(state) {
    bar.value = state.progress;
    bar.textContent = state.progress + " %";
    percent.textContent = state.progress + " %";
    status.textContent = state.status_label;
    if (message.textContent !== state.message) {
      message.textContent = state.message;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (!state.active) {
          window.location.reload();
          return;
        }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000); // the server is busy or away: ask less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
