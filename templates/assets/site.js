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
