/* Hetero Space: keeps a page honest when it is older than the visitor's clock,
   and filters the event list and the showcase directory. No framework; the only
   request is the site's own list of upcoming events (assets/upcoming.json,
   hetero/pages/upcoming.py), fetched by pages whose lists are drawn from it. */
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
  // hetero/views.py FORMAT_LABELS and EVENT_STATUS_LABELS, for items drawn from the feed.
  var FORMATS = { offline: "Luring", online: "Daring", hybrid: "Hibrida" };
  var STATUSES = {
    cancelled: "Dibatalkan",
    postponed: "Ditunda",
    rescheduled: "Jadwal diubah",
    "moved-online": "Pindah ke daring"
  };
  // hetero/pages/home.py NEXT_OPEN_LABEL and NEXT_LABEL.
  var NEXT_OPEN_LABEL = "Pendaftaran dibuka";
  var NEXT_LABEL = "Acara berikutnya";
  // Babel's Indonesian "d MMM", as the build writes "Dibuka 5 Des".
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
  // The site shows every time in WIB (UTC+7, no daylight saving), so days are counted on that clock.
  var WIB = 7 * 60 * 60 * 1000;
  var DAY = 24 * 60 * 60 * 1000;
  // Further off than this, "dalam 45 hari" tells a visitor nothing the date does not.
  var NOTE_DAYS = 30;

  // The events of the feed once fetched; feedState is "none" on pages without
  // a feed, then "loading", "loaded" or "failed".
  var feed = null;
  var feedState = "none";

  function own(table, key) {
    return Object.prototype.hasOwnProperty.call(table || {}, key) ? table[key] : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // --- Clock --------------------------------------------------------------------

  function onWibClock(time) {
    return new Date(time + WIB); // read with the getUTC* methods
  }

  function dayNumber(time) {
    return Math.floor((time + WIB) / DAY);
  }

  function shortDate(time) {
    var day = onWibClock(time);
    return day.getUTCDate() + " " + MONTHS[day.getUTCMonth()];
  }

  function clockText(time) {
    var moment = onWibClock(time);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(moment.getUTCHours()) + "." + pad(moment.getUTCMinutes()) + " WIB";
  }

  // "hari ini, 17.00 WIB", "besok, 08.00 WIB", "dalam 3 hari"; empty when further off.
  function fromNow(time, now) {
    var days = dayNumber(time) - dayNumber(now);
    if (days === 0) return "hari ini, " + clockText(time);
    if (days === 1) return "besok, " + clockText(time);
    return days > 1 && days <= NOTE_DAYS ? "dalam " + days + " hari" : "";
  }

  // --- Registration buttons ---------------------------------------------------------

  // Mirrors hetero/registration.py registration_state: the event's status,
  // then the end, then staff's override, then the dates. `d` is a button's
  // dataset or an event's registration from the feed: the same names.
  function stateAt(d, now) {
    if (d.override === "cancelled" || d.override === "postponed") return d.override;
    if (now >= Date.parse(d.end)) return "finished";
    if (!d.href) return "none";
    if (d.override) return d.override;
    if (now >= Date.parse(d.closes)) return "closed";
    if (d.opens && now < Date.parse(d.opens)) return "not-yet-open";
    return "open";
  }

  function isActive(state) {
    return state === "open" || state === "waitlist";
  }

  function refreshButton(button, now) {
    var state = stateAt(button.dataset, now);
    if (state === button.dataset.state) return;
    var active = isActive(state);
    button.dataset.state = state;
    // The build's label: hetero/views.py registration_button.
    button.textContent =
      state === "not-yet-open" ? "Dibuka " + shortDate(Date.parse(button.dataset.opens)) : LABELS[state];
    button.classList.toggle("md-button--primary", active);
    if (active) {
      button.setAttribute("href", button.dataset.href);
      button.setAttribute("rel", "noopener");
      button.removeAttribute("aria-disabled");
    } else {
      button.removeAttribute("href");
      button.removeAttribute("rel");
      button.setAttribute("aria-disabled", "true");
    }
  }

  // What the visitor's clock adds next to a button: how long until sign-up
  // closes or opens, or that the event is today or under way.
  function noteText(button, now) {
    var state = button.dataset.state;
    var holder = button.closest("[data-start]");
    var start = holder ? Date.parse(holder.dataset.start) : NaN;
    var when;
    if (state === "finished" || state === "cancelled" || state === "postponed") return "";
    if (now >= start) return "Sedang berlangsung";
    if (isActive(state)) {
      when = fromNow(Date.parse(button.dataset.closes), now);
      return when && "Pendaftaran tutup " + when;
    }
    if (state === "not-yet-open") {
      when = fromNow(Date.parse(button.dataset.opens), now);
      return when && "Pendaftaran dibuka " + when;
    }
    when = isNaN(start) ? "" : fromNow(start, now);
    return when && "Acara " + when;
  }

  function refreshNote(button, now) {
    var note = button.nextElementSibling;
    if (!note || !note.classList.contains("hs-deadline")) {
      note = element("span", "hs-deadline");
      button.insertAdjacentElement("afterend", note);
    }
    var text = noteText(button, now);
    if (note.textContent !== text) note.textContent = text;
    note.hidden = !text;
  }

  // --- Events, from the page or from the feed -----------------------------------------

  var REGISTRATION = ["href", "opens", "closes", "end", "override"];

  function fromItem(item) {
    var link = item.querySelector(".hs-event__title");
    var button = item.querySelector("a.hs-register");
    return {
      id: item.dataset.id,
      title: link.textContent,
      link: link.getAttribute("href"),
      when: item.querySelector(".hs-event__when").textContent,
      start: item.dataset.start,
      end: item.dataset.end,
      status: item.dataset.status,
      program: item.dataset.program,
      registration: button ? button.dataset : {}
    };
  }

  function fromFeed(data, base) {
    var pages = new URL(data.pages, base);
    // Event links stay on this site; a feed that says otherwise is not used.
    if (pages.origin !== location.origin) throw new Error("event pages elsewhere");
    return (data.events || []).map(function (e) {
      return {
        id: e.id,
        title: e.title,
        link: new URL(encodeURIComponent(e.id) + "/", pages).href,
        when: e.when,
        start: e.start,
        end: e.end,
        status: e.status || "scheduled",
        format: e.format,
        branch: e.branch || "",
        program: e.program || "",
        branchName: own(data.branches, e.branch),
        programTitle: own(data.programs, e.program),
        fee: typeof e.fee === "number" ? e.fee : null,
        registration: {
          // Only https sign-up forms become links.
          href: /^https:\/\//.test(e.href || "") ? e.href : "",
          opens: e.opens || "",
          closes: e.closes || e.start,
          end: e.end,
          override: e.override || ""
        }
      };
    });
  }

  function rupiah(fee) {
    return fee === 0 ? "Gratis" : "Rp" + String(fee).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function setRegistration(button, registration) {
    REGISTRATION.forEach(function (name) {
      button.dataset[name] = registration[name] || "";
    });
    button.dataset.state = ""; // refreshButton writes the label, link and look
  }

  // The same markup as hetero/templates/_macros.html.j2 event_item, built with DOM calls only.
  function drawItem(e) {
    var item = element("li", "hs-event");
    var data = {
      id: e.id,
      status: e.status,
      start: e.start,
      end: e.end,
      branch: e.branch,
      program: e.program,
      format: e.format,
      free: e.fee === null ? "" : e.fee === 0 ? "ya" : "tidak",
      upcoming: ""
    };
    Object.keys(data).forEach(function (name) { item.dataset[name] = data[name]; });
    var title = element("a", "hs-event__title", e.title);
    title.setAttribute("href", e.link);
    var meta = element("span", "hs-event__meta");
    meta.appendChild(element("span", "hs-badge hs-badge--" + e.format, own(FORMATS, e.format)));
    if (own(STATUSES, e.status)) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "hs-badge hs-badge--status", STATUSES[e.status]));
    }
    [e.branchName, e.programTitle, e.fee === null ? "" : rupiah(e.fee)].forEach(function (part) {
      if (part) meta.appendChild(document.createTextNode(" · " + part));
    });
    var button = element("a", "md-button hs-register hs-register--small");
    setRegistration(button, e.registration);
    [title, element("span", "hs-event__when", e.when), meta, button].forEach(function (child) {
      item.appendChild(child);
    });
    return item;
  }

  function upcomingAt(events, now) {
    return events.filter(function (e) { return now < Date.parse(e.end); });
  }

  // views.program_summary's next run (facts.is_coming_run): not over, not cancelled or postponed.
  function comingRuns(events, now) {
    return upcomingAt(events, now).filter(function (e) {
      return e.status !== "cancelled" && e.status !== "postponed";
    });
  }

  // --- Lists drawn from the feed --------------------------------------------------------

  // The home page's list: the first `data-limit` events not over, as /acara/ lists them.
  function drawLists(now) {
    document.querySelectorAll("ul.hs-events[data-feed]").forEach(function (list) {
      var wanted = upcomingAt(feed, now).slice(0, Number(list.dataset.limit) || feed.length);
      var shown = Array.prototype.filter.call(list.children, function (item) {
        return now < Date.parse(item.dataset.end);
      });
      // Items drawn by the build stay while they are still the right ones.
      var same =
        shown.map(function (item) { return item.dataset.id; }).join(" ") ===
        wanted.map(function (e) { return e.id; }).join(" ");
      if (same) return;
      while (list.firstChild) list.removeChild(list.firstChild);
      wanted.forEach(function (e) { list.appendChild(drawItem(e)); });
    });
  }

  // "Berikutnya: ..." on program cards.
  function refreshProgramCards(now) {
    document.querySelectorAll("ul.hs-cards[data-feed] li[data-program]").forEach(function (card) {
      var next = card.querySelector(".hs-card__next");
      if (!next) return; // no run at build time, so none in the feed either
      if (feed) {
        var program = card.dataset.program;
        var run = comingRuns(feed, now).filter(function (e) { return e.program === program; })[0];
        if (run) {
          next.textContent = "Berikutnya: " + run.when;
          next.dataset.end = run.end;
        }
      }
      next.hidden = now >= Date.parse(next.dataset.end);
    });
  }

  function pick(card, events, now) {
    var program = card.dataset.program;
    var candidates = events.filter(function (e) { return !program || e.program === program; });
    if (card.dataset.pick === "open") {
      var open = upcomingAt(candidates, now).filter(function (e) {
        return isActive(stateAt(e.registration, now));
      })[0];
      if (open) return { event: open, label: NEXT_OPEN_LABEL };
    }
    var next = comingRuns(candidates, now)[0];
    return next ? { event: next, label: card.dataset.pick === "open" ? NEXT_LABEL : "" } : null;
  }

  // The card at the top of home and of a program page.
  function refreshNextCards(now) {
    document.querySelectorAll(".hs-next").forEach(function (card) {
      var events;
      if (card.dataset.feed) {
        if (feedState === "loading") return;
        events = feed;
      } else {
        events = Array.prototype.map.call(document.querySelectorAll("li.hs-event[data-upcoming]"), fromItem);
      }
      if (!events) {
        // Without the feed the card stays until its own event is over.
        card.hidden = now >= Date.parse(card.dataset.end);
        return;
      }
      var chosen = pick(card, events, now);
      card.hidden = !chosen;
      if (!chosen) return;
      if (chosen.label) card.querySelector(".hs-next__label").textContent = chosen.label;
      var e = chosen.event;
      if (card.dataset.id === e.id) return;
      card.dataset.id = e.id;
      card.dataset.start = e.start;
      card.dataset.end = e.end;
      var title = card.querySelector(".hs-next__title");
      title.textContent = e.title;
      title.setAttribute("href", e.link);
      card.querySelector(".hs-next__when").textContent = e.when;
      setRegistration(card.querySelector("a.hs-register"), e.registration);
    });
  }

  function loadFeed() {
    var holders = document.querySelectorAll("[data-feed]");
    if (!holders.length) return;
    if (!window.fetch) {
      feedState = "failed";
      return;
    }
    var busy = function (on) {
      holders.forEach(function (holder) {
        if (on) holder.setAttribute("aria-busy", "true");
        else holder.removeAttribute("aria-busy");
      });
    };
    var url = new URL(holders[0].dataset.feed, location.href);
    feedState = "loading";
    busy(true);
    fetch(url.href)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        feed = fromFeed(data, url);
        feedState = "loaded";
      })
      .catch(function () {
        // The lists built with the page stay, with finished events hidden.
        feedState = "failed";
      })
      .then(function () {
        refresh();
        busy(false);
      });
  }

  // --- Lists on the page -------------------------------------------------------------

  function matchesFilters(item, filters) {
    return Object.keys(filters).every(function (name) {
      return !filters[name] || item.dataset[name] === filters[name];
    });
  }

  // The table of contents (Material's sidebar and the phone drawer) lists the
  // month headings; an entry goes with its heading.
  function showTocEntries(heading, show) {
    if (!heading.id) return;
    document.querySelectorAll("a.md-nav__link").forEach(function (link) {
      if (link.getAttribute("href") === "#" + heading.id) (link.closest("li") || link).hidden = !show;
    });
  }

  function refreshLists(now, filters) {
    var shown = 0;
    var lists = 0;
    document.querySelectorAll("ul.hs-events").forEach(function (list) {
      if (!list.dataset.feed && !list.querySelector("li.hs-event[data-upcoming]")) return;
      var visible = 0;
      lists += 1;
      list.querySelectorAll("li.hs-event[data-upcoming]").forEach(function (item) {
        var show = now < Date.parse(item.dataset.end) && matchesFilters(item, filters);
        item.hidden = !show;
        if (show) visible += 1;
      });
      list.hidden = visible === 0;
      // A month heading goes with its list when the list empties.
      var heading = list.previousElementSibling;
      if (heading && heading.classList.contains("hs-month")) {
        heading.hidden = visible === 0;
        showTocEntries(heading, visible > 0);
      }
      shown += visible;
    });
    if (lists === 0) return -1;
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
    if (feed) drawLists(now);
    refreshProgramCards(now);
    refreshNextCards(now);
    document.querySelectorAll("a.hs-register").forEach(function (button) {
      refreshButton(button, now);
      refreshNote(button, now);
    });
    var shown = refreshLists(now, currentFilters(form));
    if (form && shown >= 0) form.querySelector("output").textContent = shown + " acara";
  }

  // A wide table scrolls in its own box; the hint above it shows only while it does
  // (a phone, say), and without this script it always shows.
  function watchScrollHints() {
    document.querySelectorAll(".hs-scroll-hint + .hs-scroll").forEach(function (box) {
      var hint = box.previousElementSibling;
      function update() { hint.hidden = box.scrollWidth <= box.clientWidth; }
      update();
      window.addEventListener("resize", update);
    });
  }

  function start() {
    watchScrollHints();
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
    loadFeed();
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
