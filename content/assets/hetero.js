/* Hetero Space: keeps a page honest when it is older than the visitor's clock,
   and filters the event list and the showcase directory. No framework, no network. */
(function () {
  "use strict";

  // The same words the build writes (hetero/views.py STATE_LABELS).
  var LABELS = {
    open: "Daftar sekarang",
    waitlist: "Masuk daftar tunggu",
    full: "Kuota penuh",
    closed: "Pendaftaran ditutup",
    finished: "Acara selesai",
    cancelled: "Acara dibatalkan",
    postponed: "Acara ditunda",
    none: "Info pendaftaran menyusul"
  };

  // Mirrors hetero/registration.py registration_state: the event's status,
  // then the end, then staff's override, then the dates.
  function stateAt(button, now) {
    var d = button.dataset;
    if (d.override === "cancelled" || d.override === "postponed") return d.override;
    if (now >= Date.parse(d.end)) return "finished";
    if (!d.href) return "none";
    if (d.override) return d.override;
    if (now >= Date.parse(d.closes)) return "closed";
    if (d.opens && now < Date.parse(d.opens)) return "not-yet-open";
    return "open";
  }

  function refreshButton(button, now) {
    var state = stateAt(button, now);
    if (state === button.dataset.state) return;
    var active = state === "open" || state === "waitlist";
    button.dataset.state = state;
    if (state !== "not-yet-open") button.textContent = LABELS[state];
    button.classList.toggle("md-button--primary", active);
    if (active) {
      button.setAttribute("href", button.dataset.href);
      button.removeAttribute("aria-disabled");
    } else {
      button.removeAttribute("href");
      button.setAttribute("aria-disabled", "true");
    }
  }

  function matchesFilters(item, filters) {
    return Object.keys(filters).every(function (name) {
      return !filters[name] || item.dataset[name] === filters[name];
    });
  }

  function refreshLists(now, filters) {
    var shown = 0;
    document.querySelectorAll("ul.hs-events").forEach(function (list) {
      var visible = 0;
      list.querySelectorAll("li.hs-event[data-upcoming]").forEach(function (item) {
        var show = now < Date.parse(item.dataset.end) && matchesFilters(item, filters);
        item.hidden = !show;
        if (show) visible += 1;
      });
      if (!list.querySelector("li.hs-event[data-upcoming]")) return;
      list.hidden = visible === 0;
      // A month heading goes with its list when the list empties.
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("hs-month")) heading.hidden = visible === 0;
      shown += visible;
    });
    document.querySelectorAll(".hs-empty").forEach(function (empty) {
      empty.hidden = shown > 0;
    });
    return shown;
  }

  function currentFilters(form) {
    var filters = {};
    if (!form) return filters;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) filters[field.name] = field.value;
    });
    return filters;
  }

  // A directory (the showcase): a form.hs-filters with data-items names the
  // items it filters by their data attributes; no clock is involved.
  function refreshDirectory(form) {
    var filters = currentFilters(form);
    var shown = 0;
    document.querySelectorAll(form.dataset.items).forEach(function (item) {
      var show = matchesFilters(item, filters);
      item.hidden = !show;
      if (show) shown += 1;
    });
    if (form.dataset.empty) {
      document.querySelectorAll(form.dataset.empty).forEach(function (empty) {
        empty.hidden = shown > 0;
      });
    }
    form.querySelector("output").textContent = shown + " " + (form.dataset.noun || "");
  }

  function refresh() {
    var now = Date.now();
    var form = document.querySelector("form.hs-filters:not([data-items])");
    document.querySelectorAll("a.hs-register").forEach(function (button) {
      refreshButton(button, now);
    });
    if (!document.querySelector("li.hs-event[data-upcoming]")) return;
    var shown = refreshLists(now, currentFilters(form));
    if (form) form.querySelector("output").textContent = shown + " acara";
  }

  function start() {
    var form = document.querySelector("form.hs-filters:not([data-items])");
    if (form) {
      form.hidden = false;
      form.addEventListener("change", refresh);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    document.querySelectorAll("form.hs-filters[data-items]").forEach(function (directory) {
      directory.hidden = false;
      directory.addEventListener("change", function () { refreshDirectory(directory); });
      directory.addEventListener("submit", function (event) { event.preventDefault(); });
      refreshDirectory(directory);
    });
    refresh();
    // A page left open across a registration deadline updates itself.
    window.setInterval(refresh, 60 * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
