// Search for the offline mirror (file://): the index is loaded by <script src> elements, which
// browsers allow from disk where fetch and WebAssembly are refused. It is an inverted index
// (regsite/search/offline.py): every word of every page, with the pages that use it. All
// results are built with DOM methods and textContent, so register text can never become markup.
(function () {
  "use strict";
  var root = document.getElementById("offline-search");
  if (!root) { return; }
  var base = root.getAttribute("data-base") || "";
  var pages = [];  // [path, title, kind, meta, excerpt], in the index's page order
  var index = Object.create(null);  // word -> postings text ("0 3.2 a": page gaps in base 36, .count)
  var words = null;  // the index's words, sorted, for prefix matching
  window.RegisterOfflineSearch = {
    pages: function (items) { pages = pages.concat(items); },
    words: function (map) { Object.keys(map).forEach(function (w) { index[w] = map[w]; }); }
  };

  // As offline.py's words_of: letters and digits, lower case, without accents.
  function wordsOf(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  // Pagefind matches a word's stem ("competent" finds "competition": both are "compet"). The
  // offline index keeps whole words, so a query word is cut back at least as far as Pagefind's
  // English stemmer cuts it, and every word beginning with what is left matches: more pages
  // than online, never fewer; the word itself ranks first.
  var SUFFIXES = ["ational", "tional", "ization", "fulness", "ousness", "iveness", "ations", "ation", "ements",
    "ement", "ments", "ment", "ences", "ence", "ances", "ance", "able", "ible", "ness", "ings", "ing", "ions",
    "ion", "ents", "ent", "ants", "ant", "ities", "ity", "ously", "ous", "ives", "ive", "izes", "ize", "ises",
    "ise", "ates", "ate", "ists", "ist", "isms", "ism", "ally", "al", "ers", "er", "ics", "ic", "edly", "ed",
    "ly", "ies", "es", "s", "e", "y", "i"];
  function stem(word) {
    if (/[0-9]/.test(word)) { return word; }
    for (var i = 0; i < SUFFIXES.length; i += 1) {
      var suffix = SUFFIXES[i];
      if (word.length - suffix.length >= 3 && word.slice(-suffix.length) === suffix) {
        return stem(word.slice(0, -suffix.length));
      }
    }
    return word;
  }

  // The pages using a word (or one sharing its stem), with a score each: the word's count in
  // the page, three times over for the word itself, twice for longer words it begins.
  function pagesFor(word) {
    if (!words) { words = Object.keys(index).sort(); }
    var root = stem(word), low = 0, high = words.length;
    while (low < high) { var mid = (low + high) >> 1; if (words[mid] < root) { low = mid + 1; } else { high = mid; } }
    var found = Object.create(null);
    for (var i = low; i < words.length && words[i].lastIndexOf(root, 0) === 0; i += 1) {
      var page = 0, weight = words[i] === word ? 3 : words[i].lastIndexOf(word, 0) === 0 ? 2 : 1;
      index[words[i]].split(" ").forEach(function (entry) {
        var parts = entry.split(".");
        page += parseInt(parts[0], 36);
        found[page] = (found[page] || 0) + weight * (parts.length > 1 ? parseInt(parts[1], 36) : 1);
      });
    }
    return found;
  }

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
    var terms = wordsOf(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var scores = null;
    terms.forEach(function (term) {
      var hits = pagesFor(term), next = Object.create(null);
      Object.keys(hits).forEach(function (page) {
        if (scores && !(page in scores)) { return; }  // every word must match
        var d = pages[page];
        var bonus = (wordsOf(d[1]).indexOf(term) >= 0 ? 100 : 0) +
          (wordsOf(Object.keys(d[3]).map(function (k) { return d[3][k]; }).join(" ")).indexOf(term) >= 0 ? 10 : 0);
        next[page] = (scores ? scores[page] : 0) + hits[page] + bonus;
      });
      scores = next;
    });
    var found = Object.keys(scores).map(function (page) { return [scores[page], pages[page]]; });
    found.sort(function (a, b) { return b[0] - a[0] || (a[1][1] < b[1][1] ? -1 : a[1][1] > b[1][1] ? 1 : 0); });
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
      item.appendChild(excerpt(d[4], terms[0]));
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
