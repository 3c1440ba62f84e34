/* Runs before the first paint (a plain <script> in <head>, not deferred): mark that
   scripts run, so CSS can hide what only JavaScript makes useful, and apply the
   reader's chosen text size so the page does not jump. A file, not an inline script,
   because the site's Content-Security-Policy allows scripts from 'self' only. */
document.documentElement.classList.add("js");
try {
  var size = localStorage.getItem("portal-text-size");
  if (size) document.documentElement.style.fontSize = size + "%";
} catch (e) { /* storage disabled: default size */ }
