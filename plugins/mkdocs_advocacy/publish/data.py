"""The data files of a build: `api/*.json`, the rating badge, the feed, what the filters read beyond
api/ (case-study and testimonial card extras, the reviews page's list),
our CSS and JS, the cleaned photos and logos, and the share cards (each a site-relative path and its
bytes)."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from feedgen.feed import FeedGenerator

from ..core.health import program_nps
from ..core.images import clean_image
from ..core.numbers import rounded
from ..core.public import case_study_json
from .cards import CARDS, site_cards
from .jsontext import indented
from .pages import review_facets, testimonial_facets
from .render import ASSETS, Renderer, hue, initials
from .site import Site
from .urls import (
    API,
    BADGE,
    CARD_EXTRAS,
    FEED,
    REVIEW_LIST,
    TESTIMONIAL_EXTRAS,
    advocate_url,
    case_study_url,
    logo_path,
    photo_path,
    spotlight_url,
)


def dump_for_script(data: Any) -> bytes:
    """What only our script reads: compact, which the standard library writes in C (with `indent`
    it falls back to Python, several times slower on a large program's lists)."""
    return (_compact(data) + "\n").encode("utf-8")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dump(data: Any) -> bytes:
    return (indented(data) + "\n").encode("utf-8")


def dump_rows(rows: Iterable[Any], name: str, token: Callable[[Any], Any], item: Callable[[Any], Any],
              compact: bool = False) -> bytes:
    """`dump([item(row) for row in rows])` (or `dump_for_script`), with each row's JSON kept from the
    last file of this `name` while the row is the same object: `advocacy serve` writes a
    ten-thousand-row file again for one changed row. `token(row)`: whatever else `item` reads (a
    page's address, the language), compared on each use."""
    def text(row: Any) -> str:
        return _compact(item(row)) if compact else indented(item(row), 1)  # one level in

    kept = _KeptTexts(name)
    parts = [kept.text(row, token(row), text, row) for row in rows]
    kept.done()
    if compact:
        return ("[" + ",".join(parts) + "]\n").encode("utf-8")
    # json's own layout of a list at indent 2 (a string's line breaks are escaped, so "\n" is layout)
    return (("[\n  " + ",\n  ".join(parts) + "\n]") if parts else "[]").encode("utf-8") + b"\n"


# The texts made for the rows of the last file of each name, by id (each held with its row, so an
# id is not reused while kept): a dict lookup, where a KeptWith slot per row cost ten times as much.
_LAST_ROWS: dict[str, dict[int, tuple[Any, Any, str]]] = {}


class _KeptTexts:
    """The JSON texts of one file's rows: taken from the last file of its name while the row is the
    same object and `token` (whatever else the text reads) is equal, else made."""

    def __init__(self, name: str) -> None:
        self._name, self._last, self._now = name, _LAST_ROWS.get(name, {}), {}  # type: ignore[var-annotated]

    def text(self, row: Any, token: Any, make: Callable[..., str], *args: Any) -> str:
        """The row's text: kept, or `make(*args)`."""
        hit = self._last.get(id(row))
        if hit is None or hit[0] is not row or hit[1] != token:
            hit = (row, token, make(*args))
            MADE.rows += 1
        self._now[id(row)] = hit
        return hit[2]

    def done(self) -> None:
        _LAST_ROWS[self._name] = self._now


class _Made:
    """How many rows' JSON texts were made afresh, not taken from what was kept (for tests)."""

    rows = 0


MADE = _Made()


def _nothing(row: Any) -> None:
    return None


Remember = Callable[[str, Any, Callable[[], bytes]], bytes]


def _make(name: str, inputs: Any, make: Callable[[], bytes]) -> bytes:
    return make()


def api_files(site: Site, case_study_urls: dict[str, str], remember: Remember = _make) -> dict[str, bytes]:
    """The four public JSON files, in SPEC.md's shapes and orders."""
    program, as_of = site.program, site.as_of
    reviews = site.aggregate.to_json(as_of)
    if site.settings.publish_nps:
        reviews["nps"] = program_nps(program).score
    public = [[program.is_public(s) for s in cs.front.advocates] for cs in site.case_studies]
    return {
        API["reviews"]: dump(reviews),
        API["champions"]: champions_json(site),
        API["testimonials"]: dump_rows(site.testimonials, "api", _nothing, lambda t: t.to_json()),
        API["case_studies"]: remember(API["case_studies"], (site.case_studies, case_study_urls, public),
                                      lambda: dump([case_study_json(program, cs, case_study_urls[cs.slug])
                                                    for cs in site.case_studies])),
    }


def champions_json(site: Site) -> bytes:
    """api/champions.json. A withdrawal or a new review moves every rank below it, so each row's
    JSON is kept with its standing without its rank, which is put in as the file is joined."""
    program = site.program
    head = dump({"as_of": site.as_of.isoformat(), "window_days": site.settings.champion_window_days,
                 "champions": []})
    kept = _KeptTexts("champions")
    parts = []
    for row in site.wall:
        st = row.standing
        record = program.advocates[st.slug].record
        text = kept.text(st, (record.title, record.company), _champion_row, st, record)
        parts.append(text.replace('"rank": 0', f'"rank": {int(row.rank)}', 1))
    kept.done()
    rows = ("[\n    " + ",\n    ".join(parts) + "\n  ]") if parts else "[]"
    assert head.endswith(b'"champions": []\n}\n')
    return head[:-len(b'[]\n}\n')] + rows.encode("utf-8") + b"\n}\n"


def _champion_row(st: Any, record: Any) -> str:
    item = {"rank": 0, "slug": st.slug, "name": st.name, "title": record.title, "company": record.company,
            "tier": st.tier, "points": st.window_points, "all_time_points": st.all_time_points,
            "activities": st.activity_count, "badges": list(st.badges)}
    # the layout of a row two levels in; "rank" is its first key, so the first match is it
    return indented(item, 2)


def card_extras(site: Site) -> bytes:
    """What a filtered card shows beyond api/case-studies.json: its logo, top result and region
    (the library filters by region too; SPEC.md fixes the API's fields)."""
    out = {}
    for cs in site.case_studies:
        top = cs.front.results[0] if cs.front.results else None
        out[cs.slug] = {"logo": logo_path(cs), "result": {"value": top.value, "label": top.label} if top else None,
                        "region": cs.front.region}
    return dump_for_script(out)


def review_list(site: Site, renderer: Renderer, urls: dict[str, str]) -> bytes:
    """The reviews page's list, for its filters: the public advocates' reviews in the page's order
    (`Site.reviews`), each with what its card shows (its date and stars written as the page writes
    them, the advocate's page as the engine writes it) and its value under each filter. Only what
    the page publishes: nothing of a non-public advocate, nothing under `private`."""
    text = renderer.env.filters

    def item(r: Any) -> dict:
        return {"advocate": r.advocate, "name": r.name, "company": r.company, "platform": r.platform,
                "rating": r.rating, "scale": r.scale, "stars": rounded(r.stars, 2), "date": r.date.isoformat(),
                "title": r.title, "body": r.body, "url": r.url, "product": r.product, "incentive": r.incentive,
                "facets": review_facets(r), "profile": urls[advocate_url(r.advocate)],
                "date_text": text["long_date"](r.date), "stars_text": text["one_decimal"](r.stars),
                "rating_text": text["number"](r.rating)}

    # a row's JSON reads the engine's address of its profile and the language's filters
    lang = (renderer.lang.code, renderer.lang.requested)
    return dump_rows(site.reviews, "review-list", lambda r: (lang, urls[advocate_url(r.advocate)]), item,
                     compact=True)


def testimonial_extras(site: Site, renderer: Renderer, urls: dict[str, str]) -> bytes:
    """What a filtered testimonial card shows beyond api/testimonials.json, by advocate slug (their
    page, photo or initials, and industry under the filter), by product name (its value under the
    filter) and by date (as the page writes it). Each advocate's part is kept with their entry."""
    people: dict[str, str] = {}  # slug -> the JSON text of their part
    products: dict[str, str] = {}
    dates: dict[str, str] = {}
    long_date = renderer.env.filters["long_date"]
    kept = _KeptTexts("testimonial-extras")
    for t in site.testimonials:
        if t.advocate not in people:
            url, photo = urls[advocate_url(t.advocate)], site.photo(t.advocate)
            people[t.advocate] = kept.text(site.advocate(t.advocate), (url, photo, t.name),
                                           _extras_part, site, t, url, photo)
        if t.product and t.product not in products and (slug := testimonial_facets(site, t)["product"]):
            products[t.product] = slug
        if (day := t.date.isoformat()) not in dates:
            dates[day] = long_date(t.date)
    # dump_for_script of the whole, its advocates' parts as kept
    advocates = ",".join(_compact(slug) + ":" + people[slug] for slug in sorted(people))
    kept.done()
    return ('{"advocates":{' + advocates + '},"products":' + _compact(dict(sorted(products.items())))
            + ',"dates":' + _compact(dict(sorted(dates.items()))) + "}\n").encode("utf-8")


def _extras_part(site: Site, t: Any, url: str, photo: str | None) -> str:
    return _compact({"url": url, "photo": photo, "initials": initials(t.name), "hue": hue(t.advocate),
                     "industry": testimonial_facets(site, t)["industry"]})


def _width(text: str) -> int:
    """Text width in narrow characters: a wide one (Japanese, Chinese) takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def rating_badge(site: Site, renderer: Renderer) -> bytes:
    agg, t = site.aggregate, site.lang
    average = t.decimal(agg.average)
    text = t.ngettext("%(average)s ★ · %(num)s review", "%(average)s ★ · %(num)s reviews", agg.count,
                      average=average) if agg.count else t.gettext("no reviews yet")
    svg = renderer.render("advocacy/badge-svg.html", link=lambda u: u, aggregate=agg, text=text,
                          label=site.product_name(), average=average,
                          width_text=_width(text), width_label=_width(site.product_name()))
    return svg.encode("utf-8")


def feed(site: Site, site_url: str | None, urls: dict[str, str]) -> bytes:
    """An Atom feed of the 50 newest case studies and spotlights (newest first, then slug)."""
    base = (site_url or "/").rstrip("/") + "/"
    entries: list[tuple[dt.date, str, str, str, str]] = []
    for cs in site.case_studies:
        entries.append((cs.front.date, cs.slug, cs.front.title, cs.front.summary, urls[case_study_url(cs.slug)]))
    for a in site.spotlights:
        sp = a.record.spotlight
        assert sp is not None
        entries.append((sp.date, a.slug, sp.headline,
                        site.lang.gettext("Customer spotlight: %(name)s, %(company)s", name=a.record.name,
                                          company=a.record.company),
                        urls[spotlight_url(a.slug)]))
    entries.sort(key=lambda e: (-e[0].toordinal(), e[1]))
    entries = entries[:50]
    fg = FeedGenerator()
    fg.id(base)
    fg.title(site.site_name)
    fg.link(href=base, rel="alternate")
    fg.link(href=base + "feed.xml", rel="self")
    fg.subtitle(site.lang.gettext("Case studies and customer spotlights from %(site)s", site=site.site_name))
    fg.language(site.lang.code.replace("_", "-"))
    fg.generator("mkdocs-advocacy")
    stamp = dt.datetime.combine(entries[0][0] if entries else site.as_of, dt.time(), dt.timezone.utc)
    fg.updated(stamp)
    # feedgen prepends entries; add oldest first so the file reads newest first
    for date, _slug, title, summary, url in reversed(entries):
        fe = fg.add_entry()
        link = base + url
        fe.id(link)
        fe.title(title)
        fe.summary(summary)
        fe.link(href=link)
        when = dt.datetime.combine(date, dt.time(), dt.timezone.utc)
        fe.published(when)
        fe.updated(when)
    return fg.atom_str(pretty=True)


def data_files(site: Site, renderer: Renderer, urls: dict[str, str], preview: bool = False,
               remember: Remember = _make) -> dict[str, bytes]:
    """Every data file, by site-relative path. `urls` maps each page's URL to the URL the engine
    writes it at (they differ without directory URLs). Under `advocacy serve`, `remember` gives back
    the large files whose inputs are as in the last build (publish/fingerprint.py): the inputs named
    here are all each file is made of."""
    program = site.program
    cs_urls = {cs.slug: urls[case_study_url(cs.slug)] for cs in site.case_studies}
    data = dict(api_files(site, cs_urls, remember))
    data[BADGE] = rating_badge(site, renderer)
    data[FEED] = feed(site, site.site_url, urls)
    data[CARD_EXTRAS] = card_extras(site)
    # put together from each row's kept JSON: cheaper than a digest of their inputs
    data[REVIEW_LIST] = review_list(site, renderer, urls)
    data[TESTIMONIAL_EXTRAS] = testimonial_extras(site, renderer, urls)
    for dest, src in ASSETS.items():
        data[dest] = src.read_bytes()
    for a in program.public_advocates():
        if a.record.photo and (photo := photo_path(a)):
            data[photo] = clean_image(program.advocates_dir / a.record.photo)
    for cs in list(site.case_studies) + (program.unpublished_case_studies() if preview else []):
        if cs.front.logo and (logo := logo_path(cs)):
            data[logo] = clean_image(program.case_studies_dir / cs.front.logo, kind="logo")
    # the share cards (og:image), drawn from the cleaned logos and photos above
    data.update(CARDS.draw_all(site_cards(site, data, preview)))
    return dict(sorted(data.items()))
