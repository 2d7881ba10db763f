/* mkdocs-advocacy: case-study filters. Progressive: without JavaScript the paginated cards stay.
   Works with Material's instant navigation (document$ fires on every page change). */
(function () {
  "use strict";
  var KEYS = ["industry", "size", "use_case"];
  var FIELD = { industry: "industry", size: "company_size", use_case: "use_cases" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function initials(name) {
    var parts = String(name).replace(/-/g, " ").split(/\s+/).filter(function (p) { return /^\p{L}/u.test(p); });
    if (!parts.length) return String(name).slice(0, 1).toUpperCase();
    return (parts[0][0] + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {};
    KEYS.forEach(function (key) {
      var values = [];
      // Slugs are lower case: a link typed by hand (?industry=Healthcare) means the same filter.
      params.getAll(key).forEach(function (v) {
        v.split(",").forEach(function (x) { x = x.trim().toLowerCase(); if (x) values.push(x); });
      });
      state[key] = values;
    });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams(location.search);
    KEYS.forEach(function (key) {
      params.delete(key);
      if (state[key].length) params.set(key, state[key].join(","));
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function card(entry, extra, root, maps) {
    var article = el("article", "adv-card adv-cs-card");
    var head = el("div", "adv-cs-card__head");
    if (extra && extra.logo) {
      var img = el("img", "adv-cs-card__logo");
      img.src = new URL(extra.logo, root).href;
      img.alt = "";  // the customer name follows as text
      img.loading = "lazy";
      head.appendChild(img);
    } else {
      var avatar = el("span", "adv-avatar adv-avatar--md adv-avatar--initials", initials(entry.customer));
      avatar.setAttribute("aria-hidden", "true");
      avatar.style.setProperty("--adv-hue", String(entry.hue || 210));
      head.appendChild(avatar);
    }
    head.appendChild(el("span", "adv-cs-card__customer", entry.customer));
    article.appendChild(head);
    var h3 = el("h3", "adv-cs-card__title");
    var a = el("a", null, entry.title);
    a.href = new URL(entry.url, root).href;
    h3.appendChild(a);
    article.appendChild(h3);
    article.appendChild(el("p", "adv-cs-card__summary", entry.summary));
    if (extra && extra.result) {
      var p = el("p", "adv-cs-card__result");
      p.appendChild(el("strong", null, extra.result.value));
      p.appendChild(document.createTextNode(" " + extra.result.label));
      article.appendChild(p);
    }
    var tags = el("ul", "adv-tags");
    tags.setAttribute("aria-label", "Facts");
    var industry = el("li");
    var industryLink = el("a", null, entry.industry);
    industryLink.href = new URL("industries/" + (maps.industry[entry.industry] || "") + "/", root).href;
    industry.appendChild(industryLink);
    tags.appendChild(industry);
    if (entry.company_size) tags.appendChild(el("li", null, entry.company_size + " employees"));
    article.appendChild(tags);
    return article;
  }

  function setup(form) {
    if (form.dataset.advReady) return;
    form.dataset.advReady = "1";
    var root = new URL(form.dataset.base || ".", location.href);
    var chips = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
    var results = document.querySelector("[data-adv-results]");
    var staticCards = document.querySelector("[data-adv-static]");
    var count = form.querySelector("[data-adv-count]");
    var maps = { industry: {}, size: {}, use_case: {} };
    chips.forEach(function (c) { maps[c.dataset.filter][c.dataset.name] = c.dataset.value; });
    var state = readState();
    var entries = null, extras = {};
    // A value no chip offers (a mistyped or outdated link) is said as such and set aside, rather
    // than filtering the library down to "0 of 11".
    var unknown = [];
    KEYS.forEach(function (key) {
      var offered = chips.filter(function (c) { return c.dataset.filter === key; })
                         .map(function (c) { return c.dataset.value; });
      state[key] = state[key].filter(function (v) {
        if (offered.indexOf(v) !== -1) return true;
        unknown.push(v);
        return false;
      });
    });
    if (unknown.length) {
      var note = el("p", "adv-filters__unknown", "No case study has " + unknown.map(function (v) {
        return "\u201c" + v + "\u201d";
      }).join(", ") + ": showing the filters that apply.");
      note.setAttribute("role", "status");
      count.parentNode.insertBefore(note, count);
      writeState(state);
    }

    function matches(entry) {
      return KEYS.every(function (key) {
        var wanted = state[key];
        if (!wanted.length) return true;
        var raw = entry[FIELD[key]];
        var values = Array.isArray(raw) ? raw : raw == null ? [] : [raw];
        return values.some(function (v) { return wanted.indexOf(maps[key][v]) !== -1; });
      });
    }

    function render() {
      chips.forEach(function (c) {
        c.setAttribute("aria-pressed", state[c.dataset.filter].indexOf(c.dataset.value) !== -1 ? "true" : "false");
      });
      var active = KEYS.some(function (k) { return state[k].length; });
      if (!entries) return;
      var shown = active ? entries.filter(matches) : entries;
      count.textContent = shown.length + " of " + entries.length + " case studies";
      if (!active) {
        results.hidden = true;
        staticCards.hidden = false;
        return;
      }
      results.textContent = "";
      shown.forEach(function (entry) { results.appendChild(card(entry, extras[entry.slug], root, maps)); });
      if (!shown.length) results.appendChild(el("p", null, "No case study matches all of these filters."));
      results.hidden = false;
      staticCards.hidden = true;
    }

    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        var list = state[chip.dataset.filter];
        var at = list.indexOf(chip.dataset.value);
        if (at === -1) list.push(chip.dataset.value); else list.splice(at, 1);
        writeState(state);
        render();
      });
    });
    var toggle = form.querySelector("[data-adv-toggle]");
    var groups = form.querySelector("[data-adv-groups]");
    function fold(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      groups.hidden = !open;
    }
    toggle.addEventListener("click", function () { fold(groups.hidden); });
    // Folded on phones unless a shared link already filters: then the reader sees which filters apply.
    var narrow = window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches;
    fold(!narrow || KEYS.some(function (k) { return state[k].length; }));
    form.querySelector("[data-adv-clear]").addEventListener("click", function () {
      KEYS.forEach(function (k) { state[k] = []; });
      writeState(state);
      render();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    Promise.all([
      fetch(new URL(form.dataset.api, location.href)).then(function (r) { return r.json(); }),
      fetch(new URL(form.dataset.extras, location.href)).then(function (r) { return r.json(); })
    ]).then(function (data) {
      entries = data[0];
      extras = data[1];
      render();
    }).catch(function () {
      form.hidden = true;  // the paginated cards remain
    });
    render();
  }

  function init() {
    var form = document.querySelector("[data-adv-filters]");
    if (form) setup(form);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
