"""The page model in-process: a program in, pages and HTML out, no MkDocs build. And one committed
golden site (every generated page's body and head, and every data file, of a small fixture),
diffed here: a change to any page shows up as a reviewable diff of tests/golden/page-model/.
Regenerate it after an intended change with ADVOCACY_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core.check import check_site
from mkdocs_advocacy.publish.data import data_files
from mkdocs_advocacy.publish.kinds import KINDS
from mkdocs_advocacy.publish.plan import plan_site
from mkdocs_advocacy.publish.render import TEMPLATES, Renderer
from sitegen import write, write_yaml

GOLDEN = Path(__file__).parent / "golden" / "page-model"
OPTIONS = {"as_of": __import__("datetime").date(2026, 1, 31), "page_size": 2,
           "product": {"name": "Acme", "match": "Forecast"}, "markup_platforms": ["internal"]}


def small_site(root: Path) -> Path:
    people = [("ana-silva", "Ana Silva", "Healthcare"), ("ben-okoro", "Ben Okoro", "Healthcare"),
              ("cara-diaz", "Cara Díaz", "Retail")]
    for i, (slug, name, industry) in enumerate(people):
        write_yaml(root / f"advocates/{slug}.yml", {
            "name": name, "title": "Director", "company": f"Co {i}", "industry": industry,
            "consent": {"public": True, "given": "2025-01-01"},
            "testimonials": [{"quote": f"Quote <b>{i}</b> by {name}.", "date": f"2025-0{i + 1}-10",
                              "product": "Forecast"}],
            "reviews": [{"platform": "internal" if i else "g2", "rating": 5 - i, "date": f"2025-0{i + 1}-11",
                         "product": "Forecast", **({"url": "https://www.g2.com/products/acme/reviews/1?a=1&b=2"}
                                                   if i == 0 else {})}],
            "activities": [{"type": "speaking", "date": "2025-12-01"}] * (3 - i),
            **({"spotlight": {"date": "2025-11-01", "headline": f"{name}'s story",
                              "story": "She **rebuilt** it.\n\n## What changed\n\nEverything."}} if i == 0 else {})})
    write_yaml(root / "advocates/hidden.yml", {"name": "Hidden Person", "company": "X", "industry": "Retail"})
    for n in (1, 2):
        write(root / f"case_studies/case-{n}.md", f"""
            ---
            title: Case {n}
            customer: Customer {n}
            summary: Summary {n}.
            date: 2025-0{n}-15
            industry: Healthcare
            use_cases: [Forecasting]
            advocates: [ana-silva]
            quote: {{text: "It works.", advocate: ana-silva}}
            results:
              - {{value: "{n}0%", label: better}}
            ---

            ## Challenge

            Body {n} with a [link](https://example.com/).
            """)
    (root / "content").mkdir(parents=True, exist_ok=True)
    return root


def plan(root: Path):
    checked = check_site(root, OPTIONS, root / "content")
    assert checked.problems.errors == []
    site, pages, problems = plan_site(checked, "Acme Customers", "https://customers.acme.example/")
    assert problems == []
    return checked, site, pages


def render_all(root: Path) -> dict[str, bytes]:
    checked, site, pages = plan(root)
    renderer = Renderer([str(TEMPLATES)])
    out: dict[str, bytes] = {}
    for page in pages:
        rendered = checked.rendered.get(page.markdown_field) if page.markdown_field else None
        body = renderer.body(page, rendered.html if rendered else "")
        head = renderer.head(page, "Acme Customers", "https://customers.acme.example/")
        text = f"<!-- {page.kind.name}: {page.title} | {page.description} -->\n{head}\n{body}\n"
        out[f"pages/{page.url}index.html"] = text.encode("utf-8")
    for path, content in data_files(site, renderer, {p.url: p.url for p in pages}).items():
        if path.endswith(".png"):  # a share card: its pixels' digest (the PNG's bytes would not diff)
            out[f"data/{path}.txt"] = _card_summary(content)
        elif not path.startswith("assets/advocacy/advocacy."):  # our CSS and JS, as shipped
            out[f"data/{path}"] = content
    return out


def _card_summary(png: bytes) -> bytes:
    import hashlib
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        pixels = img.convert("RGB").tobytes()
        line = f"{img.format} {img.width}x{img.height} {img.mode}, pixels sha256 {hashlib.sha256(pixels).hexdigest()}\n"
    return line.encode("utf-8")


def test_pages_come_from_the_program_in_process(tmp_path):
    checked, site, pages = plan(small_site(tmp_path))
    by_url = {p.url: p for p in pages}
    assert {p.kind.name for p in pages} == set(KINDS)  # every kind, from one small program
    assert "advocates/hidden/" not in by_url and "advocates/ana-silva/" in by_url
    assert [p.url for p in pages if p.kind.name == "testimonials"] == ["testimonials/", "testimonials/page/2/"]
    assert [p.search_exclude for p in pages if p.kind.name == "testimonials"] == [False, True]
    story = by_url["spotlight/ana-silva/"]
    assert story.kind.toc and story.markdown_field == ("story", "ana-silva")
    assert [t["name"] for t in checked.rendered["story", "ana-silva"].toc_tokens] == ["What changed"]
    renderer = Renderer([str(TEMPLATES)])
    html = renderer.body(by_url["case-studies/case-1/"], checked.rendered["body", "case-1"].html)
    assert 'href="../../advocates/ana-silva/"' in html and "Body 1 with a" in html
    assert renderer.body(by_url["testimonials/"]).count("Quote &lt;b&gt;") == 2
    # structured data: the product's first-party reviews only (Ben's and Cara's, internal)
    rating = by_url["reviews/"].json_ld[0]["aggregateRating"]
    assert (rating["reviewCount"], rating["ratingValue"]) == (2, 3.5)


def test_the_golden_site(tmp_path):
    got = render_all(small_site(tmp_path))
    if os.environ.get("ADVOCACY_UPDATE_GOLDEN") == "1":
        import shutil

        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, content in got.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(content)
    want = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(got) == sorted(want), "pages or data files appeared or went: regenerate the golden site"
    changed = [rel for rel in got if got[rel] != want[rel]]
    if changed:
        import difflib

        rel = changed[0]
        diff = "".join(difflib.unified_diff(want[rel].decode(errors="replace").splitlines(True),
                                            got[rel].decode(errors="replace").splitlines(True), rel, rel, n=2))
        pytest.fail(f"{len(changed)} golden file(s) differ, first {rel}:\n{diff[:3000]}")


CTA = {"cta": {"primary": {"label": "Book a demo", "url": "https://acme.example/demo"},
               "reference": {"label": "Talk to a customer like you",
                             "url": "https://acme.example/reference?from={source}"},
               "website": {"label": "acme.example", "url": "https://acme.example/"}}}


def test_the_call_to_action_carries_where_the_visitor_came_from(tmp_path):
    root = small_site(tmp_path)
    checked = check_site(root, {**OPTIONS, **CTA}, root / "content")
    site, pages, _ = plan_site(checked, "Acme Customers", None)
    renderer = Renderer([str(TEMPLATES)])
    by_url = {p.url: p for p in pages}
    html = renderer.body(by_url["case-studies/case-1/"], checked.rendered["body", "case-1"].html)
    assert 'href="https://acme.example/reference?from=case-study%3Acase-1"' in html
    assert '<a class="md-button md-button--primary" href="https://acme.example/demo">Book a demo</a>' in html
    assert "from=industry%3Ahealthcare" in renderer.body(by_url["industries/healthcare/"])
    assert "from=spotlight%3Aana-silva" in renderer.body(by_url["spotlight/ana-silva/"],
                                                          checked.rendered["story", "ana-silva"].html)
    announce = renderer.announce(site)
    assert '<a class="adv-announce__site" href="https://acme.example/">← acme.example</a>' in announce
    # without the option, no empty box and no empty banner
    plain_site, plain_pages, _ = plan_site(check_site(root, OPTIONS, root / "content"), "Acme", None)
    assert renderer.announce(plain_site) == ""
    assert "adv-cta" not in renderer.body(next(p for p in plain_pages if p.url == "industries/healthcare/"))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://acme.example/", "acme.example"])
def test_a_call_to_action_links_only_to_the_web_or_mail(tmp_path, url):
    root = small_site(tmp_path)
    checked = check_site(root, {**OPTIONS, "cta": {"primary": {"label": "Go", "url": url}}}, root / "content")
    assert [p.field for p in checked.problems.errors] == ["plugins.advocacy.cta.primary.url"]
    assert "must be an http://, https:// or mailto: address" in checked.problems.errors[0].message


def test_each_product_has_its_page_and_markup_of_its_first_party_reviews_only(tmp_path):
    checked, site, pages = plan(small_site(tmp_path))
    page = next(p for p in pages if p.url == "products/forecast/")
    assert page.kind.name == "product" and page.title == "Forecast reviews"
    assert page.context["aggregate"].count == 3  # the page counts every review of Forecast
    rating = page.json_ld[0]["aggregateRating"]
    assert (page.json_ld[0]["name"], rating["reviewCount"], rating["ratingValue"]) == ("Forecast", 2, 3.5)
    html = Renderer([str(TEMPLATES)]).body(page)
    assert "3 reviews" in html and html.count('class="adv-review') >= 3


def test_every_tag_of_a_case_study_with_a_page_links_to_it(tmp_path):
    """Industry, size and use case lead to their pages and filters; a product to its page when its
    reviews give it one, and stays text when they do not (no link to a page that is not there)."""
    root = small_site(tmp_path)
    path = root / "case_studies/case-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("use_cases: [Forecasting]",
                                                             "use_cases: [Forecasting]\nproducts: [Forecast, Signals]"),
                    encoding="utf-8")
    checked, site, pages = plan(root)
    page = next(p for p in pages if p.url == "case-studies/case-1/")
    html = Renderer([str(TEMPLATES)]).body(page)
    tags = html[html.index('<ul class="adv-tags"'):html.index("</ul>", html.index('<ul class="adv-tags"'))]
    assert '<a href="../../industries/healthcare/">Healthcare</a>' in tags
    assert '<a href="../?use_case=forecasting">Forecasting</a>' in tags
    assert '<a href="../../products/forecast/">Forecast</a>' in tags
    assert "<li>Signals</li>" in tags  # no review names Signals: it has no page


def test_a_profile_names_its_rank_in_the_top_ten_only(tmp_path):
    """Below the top ranks a profile says the advocate is on the wall: a rank in the thousands tells
    a visitor nothing, and every profile below would change when anyone above moved."""
    for i in range(12):  # ranks 1 to 12: 13 talks for the first, 2 for the last
        write_yaml(tmp_path / f"advocates/person-{i:02}.yml", {
            "name": f"Person {i}", "company": "Co", "industry": "Retail",
            "consent": {"public": True, "given": "2025-01-01"},
            "activities": [{"type": "speaking", "date": "2025-12-01"}] * (13 - i)})
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "content").mkdir()
    checked = check_site(tmp_path, {"as_of": OPTIONS["as_of"]}, tmp_path / "content")
    site, pages, _ = plan_site(checked, "Acme Customers", None)
    renderer = Renderer([str(TEMPLATES)])
    by_url = {p.url: p for p in pages}
    assert [site.ranks[f"person-{i:02}"] for i in (0, 9, 10)] == [1, 10, 11]
    tenth = renderer.body(by_url["advocates/person-09/"])
    assert 'Rank <strong>#10</strong> on the <a href="../../champions/">champion wall</a>' in tenth
    eleventh = renderer.body(by_url["advocates/person-10/"])
    assert "Rank <strong>" not in eleventh
    assert 'On the <a href="../../champions/">champion wall</a>' in eleventh


def test_a_long_listing_links_its_first_last_and_nearby_pages():
    from mkdocs_advocacy.publish.pages import Pager

    def numbers(number, count):
        return [shown[0] if shown else "…" for shown in Pager(number, count, "reviews/").pages]

    assert numbers(1, 3) == [1, 2, 3]
    assert numbers(10, 295) == [1, "…", 9, 10, 11, "…", 295]
    assert numbers(3, 10) == [1, 2, 3, 4, "…", 10]
    assert numbers(4, 10) == [1, 2, 3, 4, 5, "…", 10]  # 2 is shown rather than a gap for it alone
    assert numbers(295, 295) == [1, "…", 294, 295]
    assert Pager(10, 295, "reviews/").pages[2] == (9, "reviews/page/9/")


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 400).flatmap(lambda count: st.tuples(st.integers(1, count), st.just(count))))
def test_every_pager_window_is_ordered_short_and_has_no_pointless_gap(args):
    from mkdocs_advocacy.publish.pages import PAGER_REACH, Pager

    number, count = args
    shown = Pager(number, count, "x/").pages
    links = [s[0] for s in shown if s is not None]
    assert links == sorted(set(links)) and links[0] == 1 and links[-1] == count and number in links
    assert len(links) <= 2 * PAGER_REACH + 5  # the window, the first and last, a number each side for a gap
    for i, s in enumerate(shown):
        if s is None:  # a gap stands for two numbers or more, between two links
            assert 0 < i < len(shown) - 1 and shown[i + 1][0] - shown[i - 1][0] > 2


def test_a_pager_links_exactly_the_numbers_its_rule_names():
    """Its rule, number by number: the first, the last, the window around this page, and a number
    alone between two of those (no gap for it); a gap once for any run of numbers left out."""
    from mkdocs_advocacy.publish.pages import PAGER_REACH, Pager
    from mkdocs_advocacy.publish.urls import listing_url

    def by_the_rule(number: int, count: int) -> list:
        shown = {1, count, *range(number - PAGER_REACH, number + PAGER_REACH + 1)}
        out: list = []
        for n in range(1, count + 1):
            if n in shown or (n - 1 in shown and n + 1 in shown):
                out.append((n, listing_url("x/", n)))
            elif out and out[-1] is not None:
                out.append(None)
        return out

    for count in range(1, 80):
        for number in range(1, count + 1):
            assert Pager(number, count, "x/").pages == by_the_rule(number, count), (number, count)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_JSON_VALUES, max_size=6), st.booleans())
def test_a_file_of_rows_kept_one_by_one_is_the_file_json_writes(items, compact):
    """Large data files are put together from each row's JSON, kept with the row (publish/data.py):
    byte for byte what json writes for the whole list, line breaks and all."""
    import json
    from dataclasses import dataclass

    from mkdocs_advocacy.publish.data import dump, dump_for_script, dump_rows

    @dataclass(frozen=True)
    class Row:
        value: object

    rows = [Row(v) for v in items]
    want = dump_for_script(items) if compact else dump(items)
    for _ in range(2):  # made, then taken from what was kept
        assert dump_rows(rows, "test", lambda r: None, lambda r: r.value, compact) == want
    assert json.loads(want) == json.loads(dump_rows(rows, "test", lambda r: None, lambda r: r.value, compact))


_TEXT_OR_NONE = st.none() | st.text(max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10**6), st.text(max_size=8), _TEXT_OR_NONE, st.text(max_size=8),
                          st.lists(st.text(max_size=6), max_size=3)), max_size=5),
       st.integers(1, 10**6))
def test_the_champions_file_put_together_from_kept_rows_is_the_file_json_writes(rows, shift):
    """api/champions.json keeps each row's JSON without its rank (publish/data.py): byte for byte
    what json writes for the whole file, also when every rank moves and a title changes."""
    import datetime as dt
    from types import SimpleNamespace

    from mkdocs_advocacy.core.standings import Standing, WallRow
    from mkdocs_advocacy.publish.data import champions_json, dump

    class Entry:  # an advocate's entry: what the rows' JSON is kept with
        def __init__(self, title, company):
            self.record = SimpleNamespace(title=title, company=company)

    def standing(n, name, badges):
        return Standing(f"a{n}", name, n + 1, n * 2, n % 7, None, "champion", tuple(badges), None, 0)

    entries = {f"a{i}": Entry(title, company) for i, (_, _, title, company, _) in enumerate(rows)}
    site = SimpleNamespace(program=SimpleNamespace(advocates=entries), as_of=dt.date(2026, 11, 23),
                           settings=SimpleNamespace(champion_window_days=365))

    def want():
        return dump({"as_of": "2026-11-23", "window_days": 365, "champions": [
            {"rank": row.rank, "slug": row.standing.slug, "name": row.standing.name,
             "title": entries[row.standing.slug].record.title, "company": entries[row.standing.slug].record.company,
             "tier": "champion", "points": row.standing.window_points, "all_time_points": row.standing.all_time_points,
             "activities": row.standing.activity_count, "badges": list(row.standing.badges)} for row in site.wall]})

    def wall(offset):
        return [WallRow(rank + offset, standing(i, name, badges)) for i, (rank, name, _, _, badges) in enumerate(rows)]

    for offset in (0, 0, shift):  # made, kept, every rank moved
        site.wall = wall(offset)
        assert champions_json(site) == want()
    if rows:
        entries["a0"].record = SimpleNamespace(title="Now a manager", company=entries["a0"].record.company)
        assert champions_json(site) == want()
