/* mkdocs-advocacy: case-study filters. Progressive: without JavaScript the paginated cards stay.
   Works with Material's instant navigation (document$ fires on every page change). */
(function () {
  "use strict";
  var KEYS = ["industry", "size", "use_case", "region"];
  // Where each filter reads a case study's value: api/case-studies.json, or (region) the card extras.
  var FIELD = { industry: "industry", size: "company_size", use_case: "use_cases", region: "region" };

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

  // Values in the language's quotation marks (data-quote: "\u201c{value}\u201d"), listed as it lists them.
  function quoted(words, values) {
    var marked = values.map(function (v) { return fill(words.quote || "\u201c{value}\u201d", { value: v }); });
    var lang = document.documentElement.lang || undefined;
    return window.Intl && Intl.ListFormat ? new Intl.ListFormat(lang, { type: "disjunction" }).format(marked)
                                          : marked.join(", ");
  }

  function readState(keys) {
    var params = new URLSearchParams(location.search);
    var state = {};
    (keys || KEYS).forEach(function (key) {
      var values = [];
      // Slugs are lower case: a link typed by hand (?industry=Healthcare) means the same filter.
      params.getAll(key).forEach(function (v) {
        v.split(",").forEach(function (x) { x = x.trim().toLowerCase(); if (x) values.push(x); });
      });
      state[key] = values;
    });
    return state;
  }

  function writeState(state, keys) {
    var params = new URLSearchParams(location.search);
    (keys || KEYS).forEach(function (key) {
      params.delete(key);
      if (state[key].length) params.set(key, state[key].join(","));
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function card(entry, extra, root, maps, words) {
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
    tags.setAttribute("aria-label", words.facts);
    var industry = el("li");
    var industryLink = el("a", null, entry.industry);
    industryLink.href = new URL("industries/" + (maps.industry[entry.industry] || "") + "/", root).href;
    industry.appendChild(industryLink);
    tags.appendChild(industry);
    if (entry.company_size) {
      var size = el("li");
      var sizeLink = el("a", null, fill(words.employees, { size: entry.company_size }));
      sizeLink.href = new URL("case-studies/?size=" + encodeURIComponent(maps.size[entry.company_size] || ""), root).href;
      size.appendChild(sizeLink);
      tags.appendChild(size);
    }
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
    var words = form.dataset;  // what the script prints, in the page's language (case-studies.html)
    var maps = { industry: {}, size: {}, use_case: {}, region: {} };
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
      var note = el("p", "adv-filters__unknown", fill(words.unknown, { values: quoted(words, unknown) }));
      note.setAttribute("role", "status");
      count.parentNode.insertBefore(note, count);
      writeState(state);
    }

    function matches(entry) {
      return KEYS.every(function (key) {
        var wanted = state[key];
        if (!wanted.length) return true;
        var raw = key === "region" ? (extras[entry.slug] || {}).region : entry[FIELD[key]];
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
      count.textContent = fill(words.count, { shown: number(shown.length) });
      if (!active) {
        results.hidden = true;
        staticCards.hidden = false;
        return;
      }
      results.textContent = "";
      shown.forEach(function (entry) { results.appendChild(card(entry, extras[entry.slug], root, maps, words)); });
      if (!shown.length) results.appendChild(el("p", null, words.none));
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

  /* The reviews page and the testimonial wall: the same kind of filters (any value within one
     filter, all filters together, state in the query string, values matched without regard to
     case) over rows read from the site's data files; the reviews also sort. The words printed
     here come from the form's data-* attributes, translated with the page; "{name}" marks where a
     value goes. */
  var LISTS = {
    reviews: { keys: ["platform", "product", "stars"], sorts: ["newest", "oldest", "highest", "lowest"] },
    testimonials: { keys: ["industry", "product"], sorts: null }
  };

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }

  function number(n) {
    return Number(n).toLocaleString(document.documentElement.lang || undefined);
  }

  function disclosure(words, incentive) {
    var p = el("p", "adv-disclosure");
    p.appendChild(el("strong", null, words.incentivized));
    p.appendChild(document.createTextNode(" " + incentive));
    return p;
  }

  function reviewCard(row, root, words, platforms) {
    var article = el("article", "adv-card adv-review");
    var head = el("header", "adv-review__head");
    var stars = el("span", "adv-stars adv-stars--sm");
    stars.setAttribute("role", "img");
    stars.setAttribute("aria-label", fill(words.starsLabel, { stars: row.stars_text }));
    var empty = el("span", "adv-stars__empty", "\u2605\u2605\u2605\u2605\u2605");
    var full = el("span", "adv-stars__fill", "\u2605\u2605\u2605\u2605\u2605");
    empty.setAttribute("aria-hidden", "true");
    full.setAttribute("aria-hidden", "true");
    full.style.width = (row.stars / 5 * 100).toFixed(1) + "%";
    stars.appendChild(empty);
    stars.appendChild(full);
    head.appendChild(stars);
    var platform = platforms[row.platform] || row.platform;
    head.appendChild(el("span", "adv-review__platform",
      platform + (row.scale !== 5 ? " \u00b7 " + row.rating_text + "/" + row.scale : "")));
    article.appendChild(head);
    if (row.title) article.appendChild(el("h3", "adv-review__title", row.title));
    if (row.body) article.appendChild(el("p", "adv-review__body", row.body));
    var meta = el("p", "adv-meta");
    var who = el("a", null, row.name);
    who.href = new URL(row.profile, root).href;
    meta.appendChild(who);
    meta.appendChild(document.createTextNode(", " + row.company + " \u00b7 "));
    var time = el("time", null, row.date_text);
    time.setAttribute("datetime", row.date);
    meta.appendChild(time);
    if (row.product) meta.appendChild(document.createTextNode(" \u00b7 " + row.product));
    if (row.url && /^https?:\/\//i.test(row.url)) {
      meta.appendChild(document.createTextNode(" \u00b7 "));
      var source = el("a", "adv-review__source",
        row.platform === "internal" ? words.readFull : fill(words.readOn, { platform: platform }));
      source.href = row.url;
      source.rel = "nofollow noopener";
      source.target = "_blank";
      source.appendChild(el("span", "adv-visually-hidden", " " + words.newTab));
      meta.appendChild(source);
    }
    article.appendChild(meta);
    if (row.incentive) article.appendChild(disclosure(words, row.incentive));
    return article;
  }

  function testimonialCard(row, extras, root, words) {
    var person = extras.advocates[row.advocate] || {};
    var figure = el("figure", "adv-card adv-quote" + (row.featured ? " adv-quote--featured" : ""));
    var quote = el("blockquote", "adv-quote__text");
    quote.appendChild(el("p", null, row.quote));
    figure.appendChild(quote);
    var caption = el("figcaption", "adv-person");
    var avatar;
    if (person.photo) {
      avatar = el("img", "adv-avatar adv-avatar--sm");
      avatar.src = new URL(person.photo, root).href;
      avatar.alt = "";  // the name follows as text
      avatar.loading = "lazy";
      avatar.decoding = "async";
    } else {
      avatar = el("span", "adv-avatar adv-avatar--sm adv-avatar--initials", person.initials || initials(row.name));
      avatar.setAttribute("aria-hidden", "true");
      avatar.style.setProperty("--adv-hue", String(person.hue || 0));
    }
    caption.appendChild(avatar);
    var text = el("span", "adv-person__text");
    var name = el("a", "adv-person__name", row.name);
    name.href = new URL(person.url || "", root).href;
    text.appendChild(name);
    text.appendChild(el("span", "adv-person__role", (row.title ? row.title + ", " : "") + row.company));
    caption.appendChild(text);
    figure.appendChild(caption);
    var meta = el("p", "adv-meta");
    var time = el("time", null, (extras.dates || {})[row.date] || row.date);
    time.setAttribute("datetime", row.date);
    meta.appendChild(time);
    if (row.product) meta.appendChild(document.createTextNode(" \u00b7 " + row.product));
    figure.appendChild(meta);
    if (row.incentive) figure.appendChild(disclosure(words, row.incentive));
    return figure;
  }

  var ORDER = {
    newest: function (a, b) { return a.at - b.at; },  // the page's own order
    oldest: function (a, b) { return a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : a.at - b.at; },
    highest: function (a, b) { return b.row.stars - a.row.stars || a.at - b.at; },
    lowest: function (a, b) { return a.row.stars - b.row.stars || a.at - b.at; }
  };

  function setupList(form) {
    if (form.dataset.advReady) return;
    form.dataset.advReady = "1";
    var kind = LISTS[form.dataset.advList];
    if (!kind) return;
    var keys = kind.keys;
    var words = form.dataset;
    var root = new URL(form.dataset.base || ".", location.href);
    var chips = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
    var sort = form.querySelector("[data-adv-sort]");
    var results = document.querySelector("[data-adv-results]");
    var staticList = document.querySelector("[data-adv-static]");
    var count = form.querySelector("[data-adv-count]");
    var platforms = {};
    chips.forEach(function (c) { if (c.dataset.filter === "platform") platforms[c.dataset.value] = c.dataset.name; });
    var state = readState(kind.sorts ? keys.concat(["sort"]) : keys);
    var rows = null, extras = null;
    var notes = [];
    var unknown = [];
    keys.forEach(function (key) {
      var offered = chips.filter(function (c) { return c.dataset.filter === key; })
                         .map(function (c) { return c.dataset.value; });
      state[key] = state[key].filter(function (v) {
        if (offered.indexOf(v) !== -1) return true;
        unknown.push(v);
        return false;
      });
    });
    if (unknown.length) {
      notes.push(fill(words.unknown, { values: quoted(words, unknown) }));
    }
    if (kind.sorts) {
      var asked = state.sort[0];
      if (asked && kind.sorts.indexOf(asked) === -1) notes.push(fill(words.unknownSort, { value: quoted(words, [asked]) }));
      // The default order is the page's: it is left out of the query string.
      state.sort = asked && asked !== kind.sorts[0] && kind.sorts.indexOf(asked) !== -1 ? [asked] : [];
    }
    var allKeys = kind.sorts ? keys.concat(["sort"]) : keys;
    notes.forEach(function (text) {
      var note = el("p", "adv-filters__unknown", text);
      note.setAttribute("role", "status");
      count.parentNode.parentNode.insertBefore(note, count.parentNode);
    });
    // The link then says what is shown: known values only, spelled as the chips spell them.
    if (allKeys.some(function (k) { return new URLSearchParams(location.search).has(k); })) writeState(state, allKeys);

    function facets(row) {
      if (row.facets) return row.facets;
      return { industry: (extras.advocates[row.advocate] || {}).industry, product: row.product == null ? null : extras.products[row.product] };
    }

    function matches(row) {
      var values = facets(row);
      return keys.every(function (key) {
        return !state[key].length || state[key].indexOf(values[key]) !== -1;
      });
    }

    function render() {
      chips.forEach(function (c) {
        c.setAttribute("aria-pressed", state[c.dataset.filter].indexOf(c.dataset.value) !== -1 ? "true" : "false");
      });
      if (sort) sort.value = state.sort[0] || kind.sorts[0];
      if (!rows) return;
      var filtered = keys.some(function (k) { return state[k].length; });
      var sorted = kind.sorts && state.sort.length;
      var shown = rows.map(function (row, at) { return { row: row, at: at }; });
      if (filtered) shown = shown.filter(function (item) { return matches(item.row); });
      if (sorted) shown.sort(ORDER[state.sort[0]]);
      count.textContent = fill(words.count, { shown: number(shown.length) });
      if (!filtered && !sorted) {
        results.hidden = true;
        staticList.hidden = false;
        return;
      }
      results.textContent = "";
      shown.forEach(function (item) {
        results.appendChild(kind.sorts ? reviewCard(item.row, root, words, platforms)
                                       : testimonialCard(item.row, extras, root, words));
      });
      if (!shown.length) results.appendChild(el("p", null, words.none));
      results.hidden = false;
      staticList.hidden = true;
    }

    function changed() {
      writeState(state, allKeys);
      render();
    }

    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        var list = state[chip.dataset.filter];
        var at = list.indexOf(chip.dataset.value);
        if (at === -1) list.push(chip.dataset.value); else list.splice(at, 1);
        changed();
      });
    });
    if (sort) {
      sort.addEventListener("change", function () {
        state.sort = sort.value === kind.sorts[0] ? [] : [sort.value];
        changed();
      });
    }
    var toggle = form.querySelector("[data-adv-toggle]");
    var groups = form.querySelector("[data-adv-groups]");
    function fold(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      groups.hidden = !open;
    }
    toggle.addEventListener("click", function () { fold(groups.hidden); });
    // Folded on phones, as the CSS holds its room before this runs, even when a shared link filters:
    // unfolding would push the list down the screen; the count says that a filter applies.
    var narrow = window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches;
    fold(!narrow);
    form.querySelector("[data-adv-clear]").addEventListener("click", function () {
      allKeys.forEach(function (k) { state[k] = []; });
      changed();
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    var wanted = [fetch(new URL(form.dataset.rows, location.href)).then(function (r) { return r.json(); })];
    if (form.dataset.extras) {
      wanted.push(fetch(new URL(form.dataset.extras, location.href)).then(function (r) { return r.json(); }));
    }
    Promise.all(wanted).then(function (data) {
      rows = data[0];
      extras = data[1] || null;
      render();
      form.dataset.advLoaded = "1";  // for tests and embedders: the list is the filtered one now
    }).catch(function () {
      form.hidden = true;  // the paginated list remains
    });
    render();
  }

  function init() {
    var form = document.querySelector("[data-adv-filters]");
    if (form) setup(form);
    var list = document.querySelector("[data-adv-list]");
    if (list) setupList(list);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
