// The search page: Pagefind's interface, the query kept in the address (?q=) so a search
// can be linked, and the number of results announced to screen readers.
(function () {
  "use strict";
  var container = document.getElementById("search");
  if (!container || typeof PagefindUI === "undefined") { return; }
  var status = document.getElementById("search-status");
  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: container.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    pageSize: 10,
    excerptLength: 30,
    translations: {
      placeholder: "Search agreements, organisations and datasets",
      zero_results: "No results for [SEARCH_TERM]",
      filters_label: "Filter results"
    },
    processTerm: function (term) {
      var url = new URL(window.location.href);
      if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url);
      return term;
    }
  });
  var input = container.querySelector("input[type=text], input[type=search]");
  if (input) {
    input.setAttribute("aria-label", "Search the register");
    input.id = "search-input";
    var label = document.createElement("label");
    label.className = "nhsuk-label nhsuk-u-visually-hidden";
    label.setAttribute("for", "search-input");
    label.textContent = "Search the register";
    input.parentNode.insertBefore(label, input);
  }
  // Announce result counts: Pagefind updates its message element as results arrive.
  var observer = new MutationObserver(function () {
    var message = container.querySelector(".pagefind-ui__message");
    if (message && status && status.textContent !== message.textContent) {
      status.textContent = message.textContent;
    }
  });
  observer.observe(container, { childList: true, subtree: true, characterData: true });
  if (initial) { ui.triggerSearch(initial); }
})();
