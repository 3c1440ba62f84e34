// Comfort only: every form works without this script.
// - A form gets a fresh token when the reader first moves into it, so the service
//   takes it at once (without one, the service asks the citizen to confirm first).
//   Not on page load: a page nobody fills in asks the service for nothing.
// - A thank-you page shows the reference code from ?ma= when the web server did not.
(function () {
  "use strict";
  var CODE = /^(HD|GY|DG)-[0-9A-HJKMNP-TV-Z]{8}$/;
  document.querySelectorAll("form[data-feedback-form]").forEach(function (form) {
    var action = form.getAttribute("action");
    var url = action.slice(0, action.lastIndexOf("/") + 1) + "the?loai=" +
      encodeURIComponent(form.getAttribute("data-feedback-form"));
    form.addEventListener("focusin", function () {
      fetch(url, { credentials: "omit", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && typeof data.the === "string") {
            form.querySelector("input[name=the]").value = data.the;
          }
        })
        .catch(function () { /* the confirm step takes over */ });
    }, { once: true });
  });
  var output = document.getElementById("ma-tiep-nhan");
  if (output && !output.textContent.trim()) {
    var code = new URLSearchParams(window.location.search).get("ma") || "";
    if (CODE.test(code)) {
      output.textContent = code;
    }
  }
})();
