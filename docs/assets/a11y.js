/* Accessibility fixes for Material's own markup, applied on every page load (instant
   navigation included): the search dialog gets an accessible name. */
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search the site");
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(label);
  } else {
    document.addEventListener("DOMContentLoaded", label);
  }
})();
