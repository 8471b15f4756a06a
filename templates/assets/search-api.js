// Pagefind's API as the search page's interface uses it (search.js gives Pagefind UI this
// module's folder as its bundlePath, so the UI imports it as "pagefind.js"). Everything is
// Pagefind's own (the same module instance, so nothing loads twice) except:
//
// - A large site's index is several bundles (search/pagefind.py): the first, whose runtime
//   this is, and the others pagefind/bundles.js lists, merged into it with Pagefind's
//   mergeIndex once the UI has given its options (ranking, excerpt length, highlight
//   parameter). Pagefind applies those to the first bundle only: each merged one is given
//   them too, so that every bundle's results are scored alike and merge by score. (A sorted
//   search's score is a page's place in its bundle's order: the build makes every bundle's
//   order the whole index's, so results ordered by end date merge in order.)
// - Every filter file of every bundle is loaded before the first search, so a search's
//   filter counts cover every filter: Pagefind UI 1.5 lists the filters of whichever arrives
//   first, its load of every filter or the first search's counts, and a search from the
//   address could otherwise leave some filters (or a bundle's values) out.
// - The UI asks for a search at every key pressed (search.js sets no delay). One search runs
//   at a time and only the newest waits: a search asked for while another runs waits for it,
//   and is dropped (answered null) if a newer one is asked for meanwhile; the UI shows only
//   the answer to the newest search it asked for, so a dropped search's answer is never read.
//   Without this, Pagefind's worker runs every key's search in turn and the last waits for all.
// - A query shorter than SHORT characters (which matches nearly every page) waits until
//   typing pauses for PAUSE_MS: showing its results would fetch a page of result fragments
//   that the next letter replaces.
// - A longer query is searched at once (fetching the index chunks its words need), but its
//   results' fragments (each result's title, address and excerpt) are fetched only once
//   SETTLE_MS have passed since it was asked for with no newer search asked meanwhile: the
//   results of a query the next key replaces are never drawn. Typed at 150 ms a key, the
//   full-size register's first search fetched 129 KB, half the time one page of fragments
//   too many, and now 93 KB.
// - Once the filters have loaded and while nothing is asked for, one search for a term no
//   index chunk holds (a control character) runs: it fetches nothing and finds nothing, but
//   takes the one-off costs of Pagefind's first search ahead of the first query.
import * as pagefind from "../../pagefind/pagefind.js";
import bundles from "../../pagefind/bundles.js";

export * from "../../pagefind/pagefind.js";

var SHORT = 3;
var PAUSE_MS = 300;
var SETTLE_MS = 200;
var asked = 0; // searches the UI has asked for: the newest one's number
var given = null;
var settings = new Promise(function (resolve) { given = resolve; });
// The first bundle's filters start loading now, the others' once they are merged.
var firstFilters = pagefind.filters();
firstFilters.catch(function () {});
var everyFilter = bundles.length ? settings.then(merge).then(function () { return pagefind.filters(); }) : firstFilters;
var ready = false;
var running = false;
var waiting = null;
var timer = null;

export function filters() {
  return everyFilter;
}

export function options(chosen) {
  var applied = pagefind.options(chosen);
  given(chosen);
  return applied;
}

function merge(chosen) {
  var first = new URL("../../pagefind/", import.meta.url);
  return Promise.all(bundles.map(function (part) {
    // A path from the site's root, as the first bundle's is: its pages' addresses are made from it.
    return pagefind.mergeIndex(new URL(part, first).pathname, Object.assign({}, chosen));
  }));
}

function run(search) {
  running = true;
  function done() {
    running = false;
    next();
  }
  var answer = search();
  answer.then(done, done);
  return answer;
}

function next() {
  if (!ready || running || !waiting) { return; }
  var job = waiting;
  var wait = job.at - Date.now();
  window.clearTimeout(timer);
  if (wait > 0) {
    timer = window.setTimeout(next, wait);
    return;
  }
  waiting = null;
  run(function () { return pagefind.search(job.term, job.options); }).then(job.resolve, job.reject);
}

export function search(term, options) {
  if (waiting) { waiting.resolve(null); }
  var short = String(term || "").trim().length < SHORT;
  var number = ++asked;
  var now = Date.now();
  return new Promise(function (resolve, reject) {
    function answered(answer) { resolve(answer && settled(answer, number, now + SETTLE_MS)); }
    waiting = { term: term, options: options, resolve: answered, reject: reject, at: short ? now + PAUSE_MS : 0 };
    next();
  });
}

// The answer to search ``number`` with each result's fragment fetched from ``from`` on, and
// never if a newer search has been asked for by then (the UI shows only the newest's results).
function settled(answer, number, from) {
  answer.results.forEach(function (result) {
    var load = result.data;
    result.data = function () {
      return new Promise(function (resolve, reject) {
        (function fetchWhenSettled() {
          if (number !== asked) { return; }
          var wait = from - Date.now();
          if (wait > 0) {
            window.setTimeout(fetchWhenSettled, wait);
            return;
          }
          load.call(result).then(resolve, reject);
        })();
      });
    };
  });
  return answer;
}

// Registered before the UI's own wait for the filters, so that a waiting search is sent to
// Pagefind's worker before the UI spends the main thread drawing every filter.
function filtersLoaded() {
  ready = true;
  if (!waiting) { run(function () { return pagefind.search("\u0001"); }).catch(function () {}); }
  next();
}
everyFilter.then(filtersLoaded, filtersLoaded);
