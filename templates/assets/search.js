// The search page: Pagefind's interface, the query kept in the address (?q=) so a search
// can be linked, results ordered by relevance or end date, and the number of results
// announced to screen readers.
(function () {
  "use strict";
  var container = document.getElementById("app-search");
  if (!container || typeof PagefindUI === "undefined") { return; }
  var status = document.getElementById("search-status");
  var params = new URLSearchParams(window.location.search);
  var term = params.get("q") || "";
  var orders = {
    relevance: null,
    "end-desc": { end_date: "desc" },
    "end-asc": { end_date: "asc" }
  };
  var order = orders.hasOwnProperty(params.get("order")) ? params.get("order") : "relevance";
  var ui = null;

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
      bundlePath: container.getAttribute("data-bundle"),
      showSubResults: false,
      showImages: false,
      resetStyles: false,
      pageSize: 10,
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

  // Announce result counts: Pagefind updates its message element as results arrive.
  new MutationObserver(function () {
    var message = container.querySelector(".pagefind-ui__message");
    if (message && status && status.textContent !== message.textContent) {
      status.textContent = message.textContent;
    }
  }).observe(container, { childList: true, subtree: true, characterData: true });

  // Pagefind UI 1.5 lists the filters of whichever arrives first: its load of every filter,
  // or the first search's counts, which cover only the filter files fetched so far, so a
  // search from the address could leave some filters out. Loading every filter first (the
  // same module the UI imports, so nothing is fetched twice) makes the list complete.
  var bundle = new URL(container.getAttribute("data-bundle") + "pagefind.js", document.baseURI).href;
  import(bundle)
    .then(function (pagefind) { return pagefind.filters(); })
    .catch(function () { /* the UI reports a missing index itself */ })
    .then(mount);
})();
