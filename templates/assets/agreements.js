// The agreements list, filtered and sorted in the browser. Progressive enhancement: without
// this script /agreements/ and its pages list every agreement by reference number. With it,
// a form filters by status and organisation (each option with its count) and sorts by
// reference, title, organisation, start or end date; the choice is kept in the address
// (?status=Active&org=slug&sort=end) so a filtered list can be shared, reloaded and gone
// back through. The rows come from agreements/list.json (regsite/render/agreement_list.py).
// Everything is built with DOM methods and textContent, so register text never becomes markup.
(function () {
  "use strict";
  var root = document.getElementById("agreements-list");
  var plain = document.getElementById("agreements-plain");
  // From disk (the offline mirror) browsers refuse fetch: the plain list stands.
  if (!root || !plain || !window.fetch || !window.history.pushState || window.location.protocol === "file:") { return; }

  var SORTS = [
    ["reference", "Reference number"],
    ["title", "Title (A to Z)"],
    ["organisation", "Organisation (A to Z)"],
    ["start-desc", "Start date (newest first)"],
    ["start", "Start date (oldest first)"],
    ["end", "End date (soonest first)"],
    ["end-desc", "End date (latest first)"]
  ];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var rows = [];  // objects named by the JSON's columns
  var controls = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function link(text, href) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function day(iso) {
    if (!iso) { return ""; }
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function stateFrom(search) {
    var params = new URLSearchParams(search);
    var sorts = SORTS.map(function (s) { return s[0]; });
    return {
      status: params.get("status") || "",
      org: params.get("org") || "",
      sort: sorts.indexOf(params.get("sort")) >= 0 ? params.get("sort") : "reference"
    };
  }

  function isPlain(state) { return !state.status && !state.org && state.sort === "reference"; }

  function address(state) {
    var params = new URLSearchParams();
    if (state.status) { params.set("status", state.status); }
    if (state.org) { params.set("org", state.org); }
    if (state.sort !== "reference") { params.set("sort", state.sort); }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function matches(row, state, except) {
    return (except === "status" || !state.status || row.status === state.status) &&
      (except === "org" || !state.org || row.organisation_slug === state.org);
  }

  function compare(sort) {
    var key = sort.replace("-desc", ""), down = sort.slice(-5) === "-desc";
    var field = { reference: "reference", title: "title", organisation: "organisation", start: "start", end: "end" }[key];
    return function (a, b) {
      var x = a[field], y = b[field];
      if (x !== y) {
        if (!x) { return 1; }  // no date: last, whichever way
        if (!y) { return -1; }
        var order = field === "start" || field === "end" ? (x < y ? -1 : 1) : x.localeCompare(y, "en-GB");
        return down ? -order : order;
      }
      return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
    };
  }

  // Each option with the number of agreements it would show, given the other filter.
  function fillOptions(select, values, counts, anyLabel, total, chosen) {
    select.textContent = "";
    var any = el("option", "", anyLabel + " (" + total + ")");
    any.value = "";
    select.appendChild(any);
    values.forEach(function (v) {
      var n = counts[v[0]] || 0;
      if (!n && v[0] !== chosen) { return; }
      var option = el("option", "", v[1] + " (" + n + ")");
      option.value = v[0];
      select.appendChild(option);
    });
    select.value = chosen;
    if (select.value !== chosen) { select.value = ""; }
  }

  function updateOptions(state) {
    var byStatus = {}, byOrg = {}, statuses = {}, orgs = {}, forStatus = 0, forOrg = 0;
    rows.forEach(function (row) {
      statuses[row.status] = row.status;
      if (row.organisation_slug) { orgs[row.organisation_slug] = row.organisation; }
      if (matches(row, state, "status")) { byStatus[row.status] = (byStatus[row.status] || 0) + 1; forStatus += 1; }
      if (matches(row, state, "org")) { byOrg[row.organisation_slug] = (byOrg[row.organisation_slug] || 0) + 1; forOrg += 1; }
    });
    var statusValues = Object.keys(statuses).sort().map(function (s) { return [s, s]; });
    var orgValues = Object.keys(orgs).map(function (s) { return [s, orgs[s]]; })
      .sort(function (a, b) { return a[1].localeCompare(b[1], "en-GB"); });
    fillOptions(controls.status, statusValues, byStatus, "Any status", forStatus, state.status);
    fillOptions(controls.org, orgValues, byOrg, "Any organisation", forOrg, state.org);
    controls.sort.value = state.sort;
  }

  function table(found, state) {
    var region = el("div", "app-table-region");
    region.setAttribute("role", "region");
    region.setAttribute("aria-labelledby", "agreements-found-caption");
    region.tabIndex = 0;
    var t = el("table", "nhsuk-table app-table");
    t.id = "agreements-found";
    var sortLabel = SORTS.filter(function (s) { return s[0] === state.sort; })[0][1];
    var caption = el("caption", "nhsuk-table__caption nhsuk-table__caption--m",
      "Agreements found: " + found.length + " of " + rows.length + ", by " + sortLabel.charAt(0).toLowerCase() + sortLabel.slice(1));
    caption.id = "agreements-found-caption";
    t.appendChild(caption);
    var head = el("thead", "nhsuk-table__head"), tr = el("tr", "nhsuk-table__row");
    ["Reference", "Title", "Applicant", "Status", "Start date", "End date"].forEach(function (name) {
      var th = el("th", "nhsuk-table__header", name);
      th.scope = "col";
      tr.appendChild(th);
    });
    head.appendChild(tr);
    t.appendChild(head);
    var body = el("tbody", "nhsuk-table__body");
    var agreementUrl = root.getAttribute("data-agreement"), orgUrl = root.getAttribute("data-organisation");
    found.forEach(function (row) {
      var r = el("tr", "nhsuk-table__row");
      var th = el("th", "nhsuk-table__header");
      th.scope = "row";
      th.appendChild(link(row.reference, agreementUrl.replace("SLUG", row.slug)));
      r.appendChild(th);
      var org = el("td", "nhsuk-table__cell");
      org.appendChild(row.organisation_slug ? link(row.organisation, orgUrl.replace("SLUG", row.organisation_slug)) : document.createTextNode(row.organisation));
      [el("td", "nhsuk-table__cell", row.title), org, el("td", "nhsuk-table__cell", row.status),
        el("td", "nhsuk-table__cell", day(row.start)), el("td", "nhsuk-table__cell", day(row.end))]
        .forEach(function (cell) { r.appendChild(cell); });
      body.appendChild(r);
    });
    t.appendChild(body);
    region.appendChild(t);
    return region;
  }

  function show(state) {
    updateOptions(state);
    var found = rows.filter(function (row) { return matches(row, state); }).sort(compare(state.sort));
    controls.results.textContent = "";
    plain.hidden = !isPlain(state);
    controls.clear.hidden = isPlain(state);
    if (!isPlain(state)) {
      controls.results.appendChild(found.length ? table(found, state) : el("p", "", "No agreement matches these filters."));
    }
    controls.status.form.setAttribute("data-shown", String(found.length));
    controls.live.textContent = (found.length === 1 ? "1 agreement" : found.length + " agreements") +
      (isPlain(state) ? " in the list" : " found") + ".";
  }

  function current() {
    return { status: controls.status.value, org: controls.org.value, sort: controls.sort.value };
  }

  function field(form, id, name, label) {
    var group = el("div", "nhsuk-form-group app-list-control");
    var l = el("label", "nhsuk-label", label);
    l.setAttribute("for", id);
    var select = el("select", "nhsuk-select");
    select.id = id;
    select.name = name;
    group.appendChild(l);
    group.appendChild(select);
    form.appendChild(group);
    return select;
  }

  function build() {
    var form = el("form", "app-list-controls");
    form.setAttribute("aria-labelledby", "agreements-controls-heading");
    var heading = el("h2", "nhsuk-heading-s", "Filter and sort the agreements");
    heading.id = "agreements-controls-heading";
    form.appendChild(heading);
    controls.status = field(form, "agreements-status", "status", "Status");
    controls.org = field(form, "agreements-org", "org", "Applicant organisation");
    controls.sort = field(form, "agreements-sort", "sort", "Sort by");
    SORTS.forEach(function (s) {
      var option = el("option", "", s[1]);
      option.value = s[0];
      controls.sort.appendChild(option);
    });
    controls.clear = link("Show every agreement by reference number", window.location.pathname);
    controls.clear.className = "app-list-clear";
    var clearLine = el("p");
    clearLine.appendChild(controls.clear);
    form.appendChild(clearLine);
    controls.live = el("p", "app-list-status");
    controls.live.id = "agreements-count";
    controls.live.setAttribute("role", "status");
    controls.live.setAttribute("aria-live", "polite");
    controls.live.setAttribute("aria-atomic", "true");
    form.appendChild(controls.live);
    controls.results = el("div", "app-list-results");
    root.appendChild(form);
    root.appendChild(controls.results);

    function changed() {
      var state = current();
      window.history.pushState(state, "", address(state));
      show(state);
    }
    [controls.status, controls.org, controls.sort].forEach(function (s) { s.addEventListener("change", changed); });
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
    controls.clear.addEventListener("click", function (event) {
      event.preventDefault();
      var state = stateFrom("");
      window.history.pushState(state, "", address(state));
      show(state);
    });
    window.addEventListener("popstate", function () { show(stateFrom(window.location.search)); });
  }

  fetch(root.getAttribute("data-list"))
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (data) {
      rows = data.rows.map(function (values) {
        var row = {};
        data.columns.forEach(function (name, i) { row[name] = values[i]; });
        return row;
      });
      build();
      show(stateFrom(window.location.search));
    })
    .catch(function () { /* no list data: the plain list stands */ });
})();
