/* Hetero Space search: the header's search box and the results page (cari/?q=…).
   The engine and index are Pagefind's, written by hetero/search.py into
   pagefind/ on this site; they load on the first search, never with the page.
   Nothing is fetched from another host. */
(function () {
  "use strict";

  // This file is assets/search.js: the site's root is one folder up, so the
  // links work wherever the site is published (a domain or a /repo/ path).
  var ROOT = new URL("../", document.currentScript.src);
  var BOX_RESULTS = 5;
  var PAGE_RESULTS = 20;
  // Past events carry the filter `arsip: ya` (hetero/search.py); nothing
  // else carries it, which keeps the index byte-identical between builds.
  var PAST = { arsip: "ya" };
  var KEEP_STATE = { Dibatalkan: true, Ditunda: true };
  var engine = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", ROOT).href).then(function (module) {
        return module.options({ baseUrl: ROOT.pathname, excerptLength: 24 }).then(function () {
          return module;
        });
      });
    }
    return engine;
  }

  // Every result for `query`: upcoming events and other pages first, then past events.
  function search(query) {
    return pagefind().then(function (module) {
      return Promise.all([module.search(query), module.search(query, { filters: PAST })]);
    }).then(function (found) {
      var all = found[0] ? found[0].results : [];
      var past = {};
      (found[1] ? found[1].results : []).forEach(function (result) { past[result.id] = true; });
      return all.filter(function (result) { return !past[result.id]; })
        .concat(all.filter(function (result) { return past[result.id]; }));
    });
  }

  // The state an event shows: the build's word, or "Selesai" once the
  // visitor's clock has passed its end (a page may be a day old).
  function stateOf(meta) {
    if (!meta.status) return "";
    if (!KEEP_STATE[meta.status] && Date.now() >= Date.parse(meta.akhir)) return "Selesai";
    return meta.status;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words; only its
  // text and the marks are copied, so no markup from the index reaches the page.
  function excerpt(html) {
    var paragraph = element("p", "hs-result__excerpt");
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      paragraph.appendChild(node.nodeName === "MARK"
        ? element("mark", "", node.textContent)
        : document.createTextNode(node.textContent));
    });
    return paragraph;
  }

  function facts(meta) {
    var line = element("p", "hs-result__facts", [meta.jenis, meta.waktu].filter(Boolean).join(" · "));
    var state = stateOf(meta);
    if (state) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "hs-badge hs-result__state", state));
    }
    return line;
  }

  // One result: in the header's box the theme's layout (the whole result is
  // one link); on the results page a heading with the link, then the facts.
  function resultItem(data, inBox) {
    var title = data.meta.title || data.url;
    var item = element("li", inBox ? "md-search-result__item" : "hs-result");
    var link = element("a", inBox ? "md-search-result__link" : "", inBox ? "" : title);
    var heading = element(inBox ? "h1" : "h2", "hs-result__title", inBox ? title : "");
    var body = item;
    // A showcase business is a place on the showcase page, not a page of its
    // own. Pagefind read each page from a file `acara/x.html` (hetero/search.py);
    // the page itself is acara/x/.
    link.href = data.meta.tautan
      ? new URL("." + data.meta.tautan, ROOT).href
      : data.url.replace(/\.html$/, "/");
    if (inBox) {
      body = link.appendChild(element("article", "md-search-result__article md-typeset"));
      item.appendChild(link);
    } else {
      heading.appendChild(link);
    }
    body.appendChild(heading);
    body.appendChild(facts(data.meta));
    body.appendChild(excerpt(data.excerpt));
    return item;
  }

  function show(list, results, from, count, inBox) {
    return Promise.all(results.slice(from, from + count).map(function (result) { return result.data(); }))
      .then(function (found) {
        found.forEach(function (data) { list.appendChild(resultItem(data, inBox)); });
      });
  }

  function countText(count, query) {
    return count === 0
      ? "Tidak ada hasil untuk “" + query + "”. Coba kata lain atau lebih sedikit kata."
      : count + " hasil untuk “" + query + "”";
  }

  // --- The results page: cari/?q=… ------------------------------------------

  function resultsPage(form) {
    var field = form.elements.q;
    var status = document.querySelector(".hs-search__status");
    var list = document.querySelector("ol.hs-results");
    var more = document.querySelector(".hs-search__more");
    var query = (new URLSearchParams(location.search).get("q") || "").trim();
    field.value = query;
    if (!query) {
      field.focus();
      return;
    }
    document.title = "“" + query + "” – " + document.title;
    status.textContent = "Mencari…";
    search(query).then(function (results) {
      var shown = 0;
      function next() {
        return show(list, results, shown, PAGE_RESULTS, false).then(function () {
          shown = Math.min(results.length, shown + PAGE_RESULTS);
          more.hidden = shown >= results.length;
        });
      }
      more.addEventListener("click", next);
      return next().then(function () {
        status.textContent = countText(results.length, query);
        list.dataset.ready = "";
      });
    }).catch(function () {
      status.textContent = "Pencarian tidak tersedia di salinan ini. Buka daftar acara untuk melihat semua acara.";
    });
  }

  // --- The header's search box ----------------------------------------------

  function searchBox(form) {
    var toggle = document.getElementById("__search");
    var field = form.elements.q;
    var box = form.closest(".md-search");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var waiting = null;
    var latest = "";

    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
    }

    function update() {
      var query = field.value.trim();
      latest = query;
      if (!query) {
        list.textContent = "";
        meta.textContent = "Ketik untuk mencari, lalu tekan Enter untuk semua hasil.";
        return;
      }
      search(query).then(function (results) {
        if (query !== latest) return null;
        var shown = element("ol", "md-search-result__list");
        return show(shown, results, 0, BOX_RESULTS, true).then(function () {
          if (query !== latest) return;
          list.replaceWith(shown);
          list = shown;
          meta.textContent = countText(results.length, query);
          if (results.length > BOX_RESULTS) {
            var all = element("a", "", "Lihat semua hasil");
            all.href = new URL("cari/?q=" + encodeURIComponent(query), ROOT).href;
            meta.appendChild(document.createTextNode(" · "));
            meta.appendChild(all);
          }
        });
      }).catch(function () {
        meta.textContent = "Tekan Enter untuk mencari.";
      });
    }

    field.addEventListener("focus", open);
    field.addEventListener("input", function () {
      open();
      clearTimeout(waiting);
      waiting = setTimeout(update, 150);
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) field.focus();
      });
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
      if (event.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false;
        field.blur();
      } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
                 (event.key === "/" || event.key === "s" || event.key === "f")) {
        // The theme's own shortcuts for its search, kept for this one.
        event.preventDefault();
        open();
        field.focus();
      }
    });
  }

  function start() {
    document.querySelectorAll("form.hs-search-box").forEach(searchBox);
    var page = document.querySelector("form.hs-search");
    if (page) resultsPage(page);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
