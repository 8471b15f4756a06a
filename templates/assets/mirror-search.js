// Search for the offline mirror (file://): the index is loaded by <script src> elements, which
// browsers allow from disk where fetch and WebAssembly are refused. All results are built with
// DOM methods and textContent, so register text can never become markup.
(function () {
  "use strict";
  var root = document.getElementById("offline-search");
  if (!root) { return; }
  var base = root.getAttribute("data-base") || "";
  var documents = [];
  window.RegisterOfflineSearch = { add: function (items) { documents = documents.concat(items); } };

  function load(src, done) {
    var script = document.createElement("script");
    script.src = base + "search-offline/" + src;
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var form = el("form", "nhsuk-form-group");
  form.setAttribute("role", "search");
  var label = el("label", "nhsuk-label nhsuk-label--s", "Search the register");
  label.setAttribute("for", "offline-search-input");
  var row = el("div", "app-search-row");
  var input = el("input", "nhsuk-input");
  input.type = "search";
  input.id = "offline-search-input";
  input.name = "q";
  input.autocomplete = "off";
  var button = el("button", "nhsuk-button", "Search");
  button.type = "submit";
  row.appendChild(input);
  row.appendChild(button);
  form.appendChild(label);
  form.appendChild(row);
  var status = el("p", "app-search-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var list = el("ol", "nhsuk-list app-offline-results");
  root.appendChild(form);
  root.appendChild(status);
  root.appendChild(list);

  function href(path) {
    return base + path + (path === "" || path.charAt(path.length - 1) === "/" ? "index.html" : "");
  }

  function excerpt(text, word) {
    var at = text.toLowerCase().indexOf(word);
    var start = Math.max(0, at - 80);
    var part = text.slice(start, at < 0 ? 160 : at + word.length + 80);
    var p = el("p", "app-offline-excerpt");
    if (start > 0) { p.appendChild(document.createTextNode("… ")); }
    if (at < 0) { p.appendChild(document.createTextNode(part)); return p; }
    var local = part.toLowerCase().indexOf(word);
    p.appendChild(document.createTextNode(part.slice(0, local)));
    p.appendChild(el("mark", "", part.slice(local, local + word.length)));
    p.appendChild(document.createTextNode(part.slice(local + word.length) + " …"));
    return p;
  }

  function search(query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = [];
    documents.forEach(function (d) {
      var title = d[1].toLowerCase();
      var meta = Object.keys(d[3]).map(function (k) { return d[3][k]; }).join(" ").toLowerCase();
      var text = d[4].toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i += 1) {
        var w = words[i];
        if (title.indexOf(w) < 0 && meta.indexOf(w) < 0 && text.indexOf(w) < 0) { return; }
        score += (title.indexOf(w) >= 0 ? 100 : 0) + (meta.indexOf(w) >= 0 ? 10 : 0) + text.split(w).length - 1;
      }
      found.push([score, d]);
    });
    found.sort(function (a, b) { return b[0] - a[0] || (a[1][1] < b[1][1] ? -1 : 1); });
    found.slice(0, 20).forEach(function (pair) {
      var d = pair[1];
      var item = el("li", "app-offline-result");
      var heading = el("h2", "nhsuk-heading-s");
      var link = el("a", "", d[1]);
      link.href = href(d[0]);
      heading.appendChild(link);
      item.appendChild(heading);
      var tags = [d[2]].concat(Object.keys(d[3]).map(function (k) { return k + ": " + d[3][k]; }));
      item.appendChild(el("p", "app-muted", tags.join(" · ")));
      item.appendChild(excerpt(d[4], words[0]));
      list.appendChild(item);
    });
    var n = found.length;
    status.textContent = (n === 0 ? "No results" : n + (n === 1 ? " result" : " results")) + " for " + query;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url);
    } catch (ignored) { /* some browsers refuse history changes on file:// */ }
  });

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  load("manifest.js", function () {
    var files = window.RegisterOfflineSearchFiles || [];
    var left = files.length;
    if (!left) { search(query); return; }
    files.forEach(function (name) { load(name, function () { left -= 1; if (!left) { search(query); } }); });
  });
})();
