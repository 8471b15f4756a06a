// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.className += " js-enabled";
  // A permanent link in a casing the host does not know (/Dars-Nic-00574-V2H1F-v4.2) reaches
  // the 404 page: send it on to the agreement.
  if (document.body && document.body.classList.contains("app-not-found")) {
    var nic = /\/(dars-nic-[0-9]+-[a-z0-9]+)(?:-v[0-9.]+)?\/?$/i.exec(window.location.pathname);
    if (nic) { window.location.replace("/agreements/" + nic[1].toLowerCase() + "/"); }
  }
  // A page opened from a search result (?pagefind-highlight=word) marks the words searched
  // for, with Pagefind's own highlighter: loaded only then, from the bundle beside assets/
  // (so it works under any base path), and styled by site.css (the CSP forbids its inline style).
  var script = document.currentScript;
  if (script && /[?&]pagefind-highlight=/.test(window.location.search) && window.location.protocol !== "file:") {
    import(new URL("../pagefind/pagefind-highlight.js", script.src).href)
      .then(function (module) { return new module.default({ highlightParam: "pagefind-highlight", addStyles: false }); })
      .catch(function () { /* no index here (the offline mirror): nothing to mark */ });
  }
  // Print an agreement whole: open every collapsed section before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.setAttribute("open", "");
      el.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (el) {
      el.removeAttribute("open");
      el.removeAttribute("data-opened-for-print");
    });
  });
})();
