/* Comfort only: every page works without this file.
   - A− A A+ text size, remembered in localStorage (applied before paint in <head>);
   - "In bài": prints the page, writing its address and today's date on the paper;
   - the phone menu toggle (aria-expanded), closed again by Escape;
   - Escape also dismisses a desktop submenu opened by hover or focus (WCAG 1.4.13). */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "portal-text-size";
  var SIZES = [87.5, 100, 112.5, 125, 150];

  function stored() {
    try { return parseFloat(localStorage.getItem(KEY)) || 100; } catch (e) { return 100; }
  }
  function apply(size) {
    root.style.fontSize = size === 100 ? "" : size + "%";
    try {
      if (size === 100) { localStorage.removeItem(KEY); } else { localStorage.setItem(KEY, String(size)); }
    } catch (e) { /* private mode: the size lasts for this page only */ }
    var buttons = document.querySelectorAll("[data-text-size]");
    for (var i = 0; i < buttons.length; i++) {
      var step = buttons[i].getAttribute("data-text-size");
      buttons[i].setAttribute("aria-pressed", String(step === "0" && size === 100));
    }
  }

  var group = document.querySelector(".text-size");
  if (group) {
    group.hidden = false;
    apply(stored());
    group.addEventListener("click", function (event) {
      var button = event.target.closest("[data-text-size]");
      if (!button) { return; }
      var step = parseInt(button.getAttribute("data-text-size"), 10);
      var index = SIZES.indexOf(stored());
      if (index < 0) { index = 1; }
      index = step === 0 ? 1 : Math.min(SIZES.length - 1, Math.max(0, index + step));
      apply(SIZES[index]);
    });
  }

  var submenus = document.querySelectorAll(".has-submenu");
  for (var j = 0; j < submenus.length; j++) {
    (function (item) {
      var reopen = function () { item.classList.remove("submenu-closed"); };
      item.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" || item.classList.contains("submenu-closed")) { return; }
        item.classList.add("submenu-closed");
        item.querySelector("a").focus();
        event.stopPropagation();
      });
      item.addEventListener("focusout", function (event) {
        if (!item.contains(event.relatedTarget)) { reopen(); }
      });
      item.addEventListener("mouseleave", reopen);
    })(submenus[j]);
  }

  var nav = document.querySelector(".main-nav");
  var toggle = nav && nav.querySelector(".menu-toggle");
  if (toggle) {
    var setOpen = function (open) {
      nav.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // "In bài" and the address and date printed under the title.
  function pad(number) { return (number < 10 ? "0" : "") + number; }
  function fillPrintInfo() {
    var now = new Date();
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-url]"), function (el) {
      el.textContent = window.location.href.split("#")[0];
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-date]"), function (el) {
      el.textContent = " · In ngày " + pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
    });
  }
  window.addEventListener("beforeprint", fillPrintInfo);
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { fillPrintInfo(); window.print(); });
  });

  /* Search costs nothing until it is used: search.js (which then loads Pagefind)
     is added on the first focus of a header search box. Its address is in the
     box's <template>, where the build's fingerprinting rewrites it. The search
     page loads it itself. */
  var searchScript = document.querySelector("template[data-search-script]");
  if (searchScript && !document.querySelector("[data-search-page]")) {
    var loadSearch = function (event) {
      var target = event.target;
      if (!target.closest || !target.closest("form.search-box")) return;
      document.removeEventListener("focusin", loadSearch);
      var script = document.createElement("script");
      script.src = searchScript.content.querySelector("script").getAttribute("src");
      document.head.appendChild(script);
    };
    document.addEventListener("focusin", loadSearch);
  }
})();
