// The search page: Pagefind's interface, the query kept in the address (?q=) so a search
// can be linked, results ordered by relevance or end date, and the number of results
// announced to screen readers. Results show as the query is typed: the UI searches at each
// key pressed, and search-api.js (the Pagefind API the UI is given) runs one search at a
// time, the newest next, each after every filter has loaded (see there).
(function () {
  "use strict";
  var container = document.getElementById("app-search");
  if (!container || typeof PagefindUI === "undefined") { return; }
  var status = document.getElementById("search-status");
  // The folder of search-api.js, which Pagefind UI imports as "pagefind.js".
  var api = new URL(container.getAttribute("data-api"), document.baseURI);
  var bundle = new URL(".", api).href;
  var params = new URLSearchParams(window.location.search);
  var term = params.get("q") || "";
  var orders = {
    relevance: null,
    "end-desc": { end_date: "desc" },
    "end-asc": { end_date: "asc" }
  };
  var order = orders.hasOwnProperty(params.get("order")) ? params.get("order") : "relevance";
  var ui = null;
  var ANNOUNCE_AFTER_MS = 500;

  function keepInAddress() {
    var url = new URL(window.location.href);
    if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
    if (order !== "relevance") { url.searchParams.set("order", order); } else { url.searchParams.delete("order"); }
    window.history.replaceState(null, "", url);
  }

  function labelInput() {
    var input = ui && container.querySelector("input.pagefind-ui__search-input");
    if (!input || input.id) { return; }
    input.id = "search-input";
    var label = document.createElement("label");
    label.className = "nhsuk-label nhsuk-label--s";
    label.setAttribute("for", "search-input");
    label.textContent = "Search agreements, organisations, datasets and guidance";
    input.parentNode.parentNode.insertBefore(label, input.parentNode);
  }

  function mount() {
    ui = new PagefindUI({
      element: "#app-search",
      bundlePath: bundle,
      // No fixed delay before searching (Pagefind's is 300 ms): search-api.js keeps searches
      // from queueing up.
      debounceTimeoutMs: 0,
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      // Each result shown fetches its fragment (1 to 5 KB), and results change as the query is
      // typed: five at a time (Pagefind's own default) halves what each change costs.
      pageSize: 5,
      excerptLength: 30,
      sort: orders[order],
      // Weights for the page length and for matches in metadata: see search_ranking in Python.
      ranking: JSON.parse(container.getAttribute("data-ranking")),
      // Result links carry the query (?pagefind-highlight=), which site.js marks on the page.
      highlightParam: "pagefind-highlight",
      translations: {
        placeholder: "For example: cancer, a NIC number, an organisation",
        zero_results: "No results for [SEARCH_TERM]",
        filters_label: "Filter results"
      },
      processTerm: function (value) {
        term = value;
        keepInAddress();
        return value;
      }
    });
    labelInput();
    // The UI loads Pagefind when its box is first focused; load it now, so a first search
    // does not wait for it (a focus event, not focus: the page's focus stays where it is).
    var input = container.querySelector("input.pagefind-ui__search-input");
    if (input) { input.dispatchEvent(new FocusEvent("focus")); }
    if (order !== "relevance") { ui.triggerFilters({ "Type of page": ["Agreement"] }); }
    if (term) { ui.triggerSearch(term); }
  }

  // The order control only makes sense with JavaScript, so it is made here.
  var field = document.createElement("div");
  field.className = "nhsuk-form-group app-search-order";
  field.innerHTML = '<label class="nhsuk-label" for="search-order">Order results by</label>' +
    '<select class="nhsuk-select" id="search-order" name="order">' +
    '<option value="relevance">Best match</option>' +
    '<option value="end-desc">End date, latest first (agreements only)</option>' +
    '<option value="end-asc">End date, earliest first (agreements only)</option></select>';
  container.parentNode.insertBefore(field, container);
  var select = field.querySelector("select");
  select.value = order;
  select.addEventListener("change", function () {
    order = select.value;
    keepInAddress();
    // Pagefind UI 1.5 has no public setter for the order; its component takes the same
    // "sort" property it was built with (re-creating the UI would stop its shared worker).
    ui._pfs.$$set({ sort: orders[order] });
    // Only agreements have end dates: ordering by end date shows agreements only.
    ui.triggerFilters(order === "relevance" ? {} : { "Type of page": ["Agreement"] });
    if (term) { ui.triggerSearch(""); ui.triggerSearch(term); }
  });

  // Announce the result count once it settles: results change at each key pressed, and a
  // screen reader should hear the count for the query typed, not one for every letter.
  var message = "";
  var announce = null;
  new MutationObserver(function () {
    var shown = container.querySelector(".pagefind-ui__message");
    if (!shown || !status || shown.textContent === message) { return; }
    message = shown.textContent;
    window.clearTimeout(announce);
    announce = window.setTimeout(function () { status.textContent = message; }, ANNOUNCE_AFTER_MS);
  }).observe(container, { childList: true, subtree: true, characterData: true });

  mount();
})();
