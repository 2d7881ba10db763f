"""Hostile checks of `advocacy serve`'s incremental rebuilds (engines/live.py, publish/fingerprint.py):
edits and inputs for which the served site must still be what a full build of the edited program
writes, byte for byte. Each test builds the example site in full, applies one edit, rebuilds
incrementally and compares with a full build into a fresh folder."""

from __future__ import annotations

import datetime as dt
import gc
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import Markup
from mkdocs_advocacy.engines.live import LiveBuild
from mkdocs_advocacy.publish.fingerprint import Digests, Unhashable
from sitegen import photo, site_files
from test_live import example as example_fixture

SERVE_URL = "http://127.0.0.1:8000/"

pytestmark = pytest.mark.slow


# the example program with a fixed as_of, as tests/test_live.py makes it
example = example_fixture


# ---------------------------------------------------------------------------------------- helpers

def serve(root: Path, out: Path, serve_url: str | None = None) -> LiveBuild:
    live = LiveBuild(str(root / "mkdocs.yml"), str(out), serve_url)
    live.build()
    assert live.last["kind"] == "full"
    assert live.kept is not None, "incremental rebuilds are off for this site"
    return live


def full_build(root: Path, out: Path, serve_url: str | None = None) -> dict[str, bytes]:
    live = LiveBuild(str(root / "mkdocs.yml"), str(out), serve_url)
    live.build()
    assert live.last["kind"] == "full"
    return site_files(out)


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted({k for k in a.keys() | b.keys() if a.get(k) != b.get(k)})


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_front(path: Path, change: Callable[[dict], None]) -> None:
    """Change a case study's front matter (the body stays as it is)."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body,
                    encoding="utf-8")


def edit_config(root: Path, change: Callable[[str], str]) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text
    path.write_text(new, encoding="utf-8")


def incremental_matches(live: LiveBuild, root: Path, tmp_path: Path, name: str,
                        serve_url: str | None = None, kind: str = "incremental") -> list[str]:
    """Rebuild (incrementally, unless the edit needs a full build: `kind`), and the files that
    differ from a full build of the same sources."""
    live.build()
    assert live.last["kind"] == kind, live.last
    return differences(site_files(Path(live.site_dir)), full_build(root, tmp_path / f"full-{name}", serve_url))


def unquoted_public(root: Path) -> Path:
    """A public advocate no case study quotes or lists: withdrawing them is no error."""
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (root / "case_studies").glob("*.md"))
    return next(p for p in sorted((root / "advocates").glob("*.yml"))
                if re.search(r"^  public: true", p.read_text(encoding="utf-8"), re.M) and p.stem not in quoted)


# ------------------------------------------------------------ page order without a change of pages

def test_a_case_study_moved_up_the_index_reorders_the_sitemap(example: Path, tmp_path: Path) -> None:
    """The case-study pages are in index order (newest first): a date edit reorders them without
    adding or removing any, and the sitemap lists pages in the files' order."""
    live = serve(example, tmp_path / "served")
    oldest = example / "case_studies" / "quillstack.md"  # 2026-02-11, not featured

    def newest(front: dict) -> None:
        front["date"] = dt.date(2026, 11, 22)

    edit_front(oldest, newest)
    assert incremental_matches(live, example, tmp_path, "reordered") == []


def test_a_spotlight_moved_up_reorders_the_sitemap(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    dates = {p: yaml.safe_load(p.read_text(encoding="utf-8"))["spotlight"]["date"]
             for p in sorted((example / "advocates").glob("*.yml"))
             if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("spotlight")}
    oldest = min(dates, key=lambda p: dates[p])

    def newest(data: dict) -> None:
        data["spotlight"]["date"] = dt.date(2026, 11, 22)

    edit_yaml(oldest, newest)
    assert incremental_matches(live, example, tmp_path, "spotlight-reordered") == []


# ------------------------------------------------------------------------- the nav and the pages

def _nav_entry(root: Path, entry: str) -> None:
    edit_config(root, lambda t: t.replace("  - Spotlight: spotlight/index.md\n",
                                          f"  - Spotlight: spotlight/index.md\n  - {entry}\n", 1))


def test_an_untitled_nav_entry_of_a_generated_page_follows_its_record(example: Path, tmp_path: Path) -> None:
    """A nav entry without a title shows the page's title, on every page of the site."""
    _nav_entry(example, "advocates/chloe-dubois/index.md")
    live = serve(example, tmp_path / "served")
    edit_yaml(example / "advocates" / "chloe-dubois.yml", lambda d: d.update(name="Chloé Dubois-Martin"))
    assert incremental_matches(live, example, tmp_path, "nav-title", kind="full") == []


@pytest.mark.allow_warnings  # MkDocs warns of the nav entry whose page is not there yet
def test_a_nav_entry_whose_page_appears(example: Path, tmp_path: Path) -> None:
    """The nav names a profile that does not exist yet; adding the advocate makes the link a page."""
    _nav_entry(example, "Newest: advocates/zz-new-advocate/index.md")
    live = serve(example, tmp_path / "served")
    shutil.copy(example / "advocates" / "chloe-dubois.yml", example / "advocates" / "zz-new-advocate.yml")
    assert incremental_matches(live, example, tmp_path, "nav-appears", kind="full") == []


@pytest.mark.allow_warnings  # MkDocs warns of the nav entry whose page is gone
def test_a_nav_entry_whose_page_vanishes(example: Path, tmp_path: Path) -> None:
    record = unquoted_public(example)
    _nav_entry(example, f"Them: advocates/{record.stem}/index.md")
    live = serve(example, tmp_path / "served")
    edit_yaml(record, lambda d: d["consent"].update(public=False))
    assert incremental_matches(live, example, tmp_path, "nav-vanishes", kind="full") == []


# ------------------------------------------------- hand-written pages linking to generated pages

@pytest.mark.allow_warnings  # MkDocs warns of the link whose target is gone
def test_a_hand_written_link_to_a_withdrawn_profile(example: Path, tmp_path: Path) -> None:
    """MkDocs rewrites a link to a page it has (`x/index.md` -> `x/`) and leaves one to a page it
    has not: a hand-written page without embeds depends on which generated pages exist."""
    record = unquoted_public(example)
    (example / "content" / "people.md").write_text(
        f"# People\n\nMeet [them](advocates/{record.stem}/index.md).\n", encoding="utf-8")
    edit_config(example, lambda t: t.replace("  /join.md\n", "  /join.md\n  /people.md\n", 1))
    live = serve(example, tmp_path / "served")
    edit_yaml(record, lambda d: d["consent"].update(public=False))
    assert incremental_matches(live, example, tmp_path, "link-gone") == []


# ----------------------------------------------------------------------- photos, logos and cards

def test_a_photo_replaced_in_place(example: Path, tmp_path: Path) -> None:
    """Same file name, new pixels: the cleaned photo and the spotlight card change, no record does."""
    live = serve(example, tmp_path / "served")
    before = site_files(tmp_path / "served")
    photo(example / "advocates" / "photos" / "maria-gonzalez.jpg", colour=(200, 30, 30))
    assert incremental_matches(live, example, tmp_path, "photo") == []
    after = site_files(tmp_path / "served")
    changed = differences(before, after)
    assert "assets/advocacy/photos/maria-gonzalez.jpg" in changed
    assert "assets/advocacy/cards/spotlight-maria-gonzalez.png" in changed
    assert live.last["rendered"] == 0, live.last  # no page's HTML shows a photo's bytes


def test_a_logo_replaced_in_place(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    logo = example / "case_studies" / "logos" / "quillstack.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                    '<rect width="10" height="10" fill="#e11d48"/></svg>\n', encoding="utf-8")
    assert incremental_matches(live, example, tmp_path, "logo") == []


def test_a_broken_photo_fails_the_rebuild_and_its_fix_builds_in_full(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    before = site_files(tmp_path / "served")
    target = example / "advocates" / "photos" / "maria-gonzalez.jpg"
    good = target.read_bytes()
    target.write_bytes(b"not a jpeg at all")
    live.build()
    assert live.last["kind"] == "failed"
    assert site_files(tmp_path / "served") == before
    target.write_bytes(good)
    live.build()
    assert live.last["kind"] == "full"
    assert differences(site_files(tmp_path / "served"), full_build(example, tmp_path / "full")) == []


def test_a_withdrawn_advocates_photo_and_card_are_deleted(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    # a public advocate with a photo and a spotlight whom no case study names
    edit_yaml(example / "advocates" / "ben-carter.yml", lambda d: d["consent"].update(public=False))
    assert incremental_matches(live, example, tmp_path, "withdrawn") == []
    served = site_files(tmp_path / "served")
    assert not [p for p in served if "ben-carter" in p]


# ------------------------------------------------------------------- preview (serve_url) mode

def test_a_draft_case_study_published_under_serve(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served", SERVE_URL)
    draft = next(p for p in sorted((example / "case_studies").glob("*.md"))
                 if "\ndraft: true\n" in p.read_text(encoding="utf-8"))
    edit_front(draft, lambda f: f.update(draft=False, date=dt.date(2026, 11, 1)))
    assert incremental_matches(live, example, tmp_path, "draft", SERVE_URL) == []
    edit_front(draft, lambda f: f.update(draft=True))
    assert incremental_matches(live, example, tmp_path, "draft-again", SERVE_URL) == []


def test_a_scheduled_case_study_edited_under_serve(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served", SERVE_URL)
    scheduled = next(p for p in sorted((example / "case_studies").glob("*.md"))
                     if "\ndate: 2027-" in p.read_text(encoding="utf-8"))
    edit_front(scheduled, lambda f: f.update(title="Retitled while scheduled"))
    assert incremental_matches(live, example, tmp_path, "scheduled", SERVE_URL) == []


# ---------------------------------------------------------------------------------- pagination

def test_pagination_grows_and_shrinks(example: Path, tmp_path: Path) -> None:
    edit_config(example, lambda t: t.replace("      as_of: 2026-11-23\n",
                                             "      as_of: 2026-11-23\n      page_size: 4\n", 1))
    live = serve(example, tmp_path / "served")
    pages = len(live.kept.site.pages) if live.kept else 0
    source = example / "advocates" / "maria-gonzalez.yml"
    for n in range(3):
        shutil.copy(source, example / "advocates" / f"zz-copy-{n}.yml")
    assert incremental_matches(live, example, tmp_path, "grown") == []
    assert live.kept is not None and len(live.kept.site.pages) > pages + 3  # profiles, and listing pages
    for n in range(3):
        (example / "advocates" / f"zz-copy-{n}.yml").unlink()
    assert incremental_matches(live, example, tmp_path, "shrunk") == []
    assert live.kept is not None and len(live.kept.site.pages) == pages


# ------------------------------------------------------------------- Markdown, warnings, errors

@pytest.mark.allow_warnings  # the raw HTML the sanitizer removes is a warning
def test_a_spotlight_story_edit_with_a_warning_and_its_fix(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "priya-raman.yml"
    original = record.read_text(encoding="utf-8")

    def story(data: dict) -> None:
        data["spotlight"]["story"] += "\n\n## A new heading\n\nWith <script>alert(1)</script> text.\n"

    edit_yaml(record, story)
    assert incremental_matches(live, example, tmp_path, "story-warning") == []
    record.write_text(original, encoding="utf-8")
    assert incremental_matches(live, example, tmp_path, "story-fixed") == []


def test_an_error_then_its_fix_then_an_edit(example: Path, tmp_path: Path) -> None:
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "maria-gonzalez.yml"
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("rating: 5", "rating: 11", 1), encoding="utf-8")
    live.build()
    assert live.last["kind"] == "failed"
    record.write_text(original, encoding="utf-8")
    live.build()
    assert live.last["kind"] == "full"
    edit_yaml(record, lambda d: d.update(title="Chief Revenue Officer"))
    assert incremental_matches(live, example, tmp_path, "after-fix") == []


# ---------------------------------------------------------------------------- time passing

def test_the_next_day_under_serve(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`as_of` unset, as in the example's own mkdocs.yml: a rebuild after midnight judges the program
    (and dates the pages) on the new day."""
    edit_config(example, lambda t: t.replace("      as_of: 2026-11-23\n", "", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc)
                                                    .timestamp())))
    live = serve(example, tmp_path / "served")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc)
                                                    .timestamp())))
    _append(example / "case_studies" / "quillstack.md", "\nOne more line.\n")
    assert incremental_matches(live, example, tmp_path, "next-day", kind="full") == []


# ------------------------------------------------------------------------------ many rebuilds

def test_many_rebuilds_keep_memory_bounded(example: Path, tmp_path: Path) -> None:
    """The digest memo holds what the latest two builds showed, the fingerprints and the card cache
    what the latest build shows, and the index of questions asked is the one the fingerprints kept
    would make afresh."""
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "maria-gonzalez.yml"
    sizes = []
    for n in range(8):
        edit_yaml(record, lambda d, n=n: d["testimonials"][0].update(quote=f"Edit number {n} of many."))
        live.build()
        assert live.last["kind"] == "incremental"
        assert live.kept is not None and live.kept.site.tracer is not None
        tracer = live.kept.site.tracer
        gc.collect()
        sizes.append((len(tracer.digests._models) + len(tracer.digests._older), len(tracer.digests._build), len(tracer.fingerprints),
                      len(tracer._answers), sum(map(len, tracer._asked._pages.values()))))
        _same_index(tracer)
    assert sizes[-1] == sizes[2], sizes
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (example / "case_studies").glob("*.md"))
    leaving = next(p for p in sorted((example / "advocates").glob("*.yml"))  # not quoted: no error
                   if re.search(r"^  public: true", p.read_text(encoding="utf-8"), re.M) and p.stem not in quoted)
    edit_yaml(leaving, lambda d: d["consent"].update(public=False))  # their pages go, and what they asked
    live.build()
    assert live.last["kind"] == "incremental" and live.kept is not None
    tracer = live.kept.site.tracer
    _same_index(tracer)
    gone = [url for url in _urls_asking(tracer) if leaving.stem in url]
    assert gone == [] and len(tracer.fingerprints) < sizes[-1][2]
    assert sizes[-1][3] == 0



def _urls_asking(tracer: Any) -> set[str]:
    return {url for held in tracer._asked._pages.values() for _, urls in held.values() for url in urls}


def _same_index(tracer: Any) -> None:
    from mkdocs_advocacy.publish.fingerprint import _AnswersAsked
    afresh = _AnswersAsked()
    for url, fp in tracer.fingerprints.items():
        afresh.add(url, fp.answers)
    assert afresh._pages == tracer._asked._pages and afresh.unanswered == tracer._asked.unanswered


def test_what_rebuilds_leave_to_the_collector_is_collected(example: Path, tmp_path: Path) -> None:
    """Rebuilds freeze what they leave out of the cycle collector's reach (a full collection of a
    large program every other rebuild cost a second); the cycles they leave behind are collected
    every COLLECT_EVERY builds, so a long session does not grow."""
    from mkdocs_advocacy.engines.live import COLLECT_EVERY
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "maria-gonzalez.yml"
    frozen = []
    for n in range(COLLECT_EVERY + 4):
        edit_yaml(record, lambda d, n=n: d["testimonials"][0].update(quote=f"Edit number {n}."))
        live.build()
        assert live.last["kind"] == "incremental" and gc.isenabled()
        frozen.append(gc.get_freeze_count())
    assert frozen[0] > 0
    grew = [b - a for a, b in zip(frozen, frozen[1:], strict=False)]
    assert min(grew) < 0 and frozen[-1] < max(frozen), frozen  # a collection, and the count came down

# ------------------------------------------------------------------ other site configurations

def test_an_edit_without_directory_urls(example: Path, tmp_path: Path) -> None:
    edit_config(example, lambda t: t.replace("docs_dir: content\n", "docs_dir: content\nuse_directory_urls: false\n", 1))
    live = serve(example, tmp_path / "served")
    edit_yaml(example / "advocates" / "maria-gonzalez.yml", lambda d: d.update(title="Chief Revenue Officer"))
    assert incremental_matches(live, example, tmp_path, "flat") == []
    (example / "advocates" / "zz-new.yml").write_text(
        (example / "advocates" / "chloe-dubois.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert incremental_matches(live, example, tmp_path, "flat-added") == []


def test_an_edit_in_german(example: Path, tmp_path: Path) -> None:
    edit_config(example, lambda t: t.replace("\ntheme:\n  name: material\n", "\ntheme:\n  name: material\n  language: de\n", 1))
    live = serve(example, tmp_path / "served")
    edit_yaml(example / "advocates" / "maria-gonzalez.yml",
              lambda d: d["reviews"].append({"platform": "g2", "rating": 3, "date": dt.date(2026, 11, 20),
                                             "title": "Neu", "product": "Forecast"}))
    assert incremental_matches(live, example, tmp_path, "de") == []


def test_an_inherited_config_edited_before_a_record_edit(example: Path, tmp_path: Path) -> None:
    """`INHERIT: base.yml`: the parent configuration is an input of every page too."""
    (example / "base.yml").write_text("copyright: Copyright 2026 Base Inc.\n", encoding="utf-8")
    edit_config(example, lambda t: "INHERIT: base.yml\n" + re.sub(r"^copyright: .*\n", "", t, flags=re.M))
    live = serve(example, tmp_path / "served")
    (example / "base.yml").write_text("copyright: Copyright 2026 Renamed Ltd.\n", encoding="utf-8")
    edit_yaml(example / "advocates" / "maria-gonzalez.yml", lambda d: d.update(title="Chief Revenue Officer"))
    live.build()
    assert differences(site_files(tmp_path / "served"), full_build(example, tmp_path / "full")) == []


# ------------------------------------------------------------- templates of the site's theme

def _override(root: Path, template: str, change: Callable[[str], str]) -> None:
    from mkdocs_advocacy.publish.render import TEMPLATES

    shipped = (TEMPLATES / template).read_text(encoding="utf-8")
    target = root / "theme" / template
    target.parent.mkdir(parents=True, exist_ok=True)
    new = change(shipped)
    assert new != shipped
    target.write_text(new, encoding="utf-8")


def test_a_theme_page_template_counting_the_sites_pages(example: Path, tmp_path: Path) -> None:
    """MkDocs' own template context (`pages`, `nav`) is not traced: a site's main.html that shows
    how many pages there are changes on every page when an advocate is added."""
    (example / "theme" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}{{ super() }}<p class="count">{{ pages | length }} pages'
        '</p>{% endblock %}\n', encoding="utf-8")
    live = LiveBuild(str(example / "mkdocs.yml"), str(tmp_path / "served"))
    live.build()
    assert live.kept is None  # such a theme turns incremental rebuilds off, and the log says why
    shutil.copy(example / "advocates" / "chloe-dubois.yml", example / "advocates" / "zz-new-advocate.yml")
    assert incremental_matches(live, example, tmp_path, "count", kind="full") == []


def test_a_theme_template_printing_a_records_line(example: Path, tmp_path: Path) -> None:
    """`AdvocateEntry.located` is left out of the digest, but a template can read it (a preview's
    "edit this record at line N" link): a comment line added above the name moves it."""
    _override(example, "advocacy/spotlight.html",
              lambda t: t + '\n<p class="src">{{ entry.file }}:{{ entry.located.line_of(("name",)) }}</p>\n')
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "priya-raman.yml"
    record.write_text("# moved down a line\n" + record.read_text(encoding="utf-8"), encoding="utf-8")
    assert incremental_matches(live, example, tmp_path, "located") == []


def test_a_theme_template_asking_the_sites_language_does_not_rerender_everything(
        example: Path, tmp_path: Path) -> None:
    """`site.lang` is a `Language`, a type the digest does not know: every page that asks for it
    renders again on every rebuild (a call to action on every case study, story and industry)."""
    _override(example, "advocacy/partials/cta.html",
              lambda t: t.replace('<aside class="adv-cta"', '<aside lang="{{ site.lang.code }}" class="adv-cta"', 1))
    live = serve(example, tmp_path / "served")
    edit_yaml(example / "advocates" / "chloe-dubois.yml", lambda d: d.update(title="Head of RevOps"))
    assert incremental_matches(live, example, tmp_path, "lang") == []
    assert live.last["rendered"] < 10, live.last


@pytest.mark.allow_warnings  # the failed rebuild logs its error
def test_a_rebuild_that_crashes_then_is_undone(example: Path, tmp_path: Path) -> None:
    """A theme template that fails on some record values (an advocate without a title): the rebuild
    raises after it wrote the data files; undoing the edit must not leave them as the failed build
    wrote them."""
    _override(example, "advocacy/advocate.html", lambda t: t.replace(
        '<h1>{{ r.name }}</h1>', '<h1>{{ r.name }}</h1><!-- {{ r.title | length }} -->', 1))
    live = serve(example, tmp_path / "served")
    record = example / "advocates" / "chloe-dubois.yml"
    original = record.read_text(encoding="utf-8")
    edit_yaml(record, lambda d: d.pop("title"))
    with pytest.raises(TypeError, match="has no len"):
        live.build()
    record.write_text(original, encoding="utf-8")
    live.build()
    assert differences(site_files(tmp_path / "served"), full_build(example, tmp_path / "full")) == []


# ---------------------------------------------------------------- the digest, value by value

def test_markup_and_str_of_the_same_text_digest_differently() -> None:
    """Autoescaping prints them differently: `Markup('<b>')` is bold, `'<b>'` is `&lt;b&gt;`."""
    d = Digests()
    assert d.of(Markup("<b>x</b>")) != d.of("<b>x</b>")


def test_string_boundaries_do_not_collide() -> None:
    d = Digests()
    assert d.of(["ab", "c"]) != d.of(["a", "bc"])
    assert d.of(("s1:a",)) != d.of(("a", "a"))
    assert d.of({"a": "b"}) != d.of(["a", "b"])
    assert d.of(1) != d.of(True) != d.of(1.0)


def test_rows_with_quotes_do_not_collide() -> None:
    from mkdocs_advocacy.core.public import TestimonialRow

    def row(quote: str, title: str | None) -> TestimonialRow:
        return TestimonialRow("a", "A", title, "Co", quote, dt.date(2026, 1, 1), None, False, None)

    d = Digests()
    tricky = [row("x', title='y", None), row("x", "y"), row('x", title="y', None), row("x\\", "y")]
    digests = {d.of(r) for r in tricky} | {d.of([r]) for r in tricky}
    assert len(digests) == 2 * len(tricky)
    # a page of rows and the same rows one at a time, or split differently, differ
    assert d.of([tricky[0], tricky[1]]) != d.of([[tricky[0]], [tricky[1]]])


def test_an_unknown_type_is_refused_not_guessed() -> None:
    d = Digests()
    with pytest.raises(Unhashable):
        d.of(object())
    with pytest.raises(Unhashable):
        d.of(b"bytes")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")



# ------------------------------------------------------------------------ cards kept between rebuilds

def test_a_kept_card_whose_question_is_answered_differently_renders_again(example: Path, tmp_path: Path) -> None:
    """Cards are kept between rebuilds with what they asked of the site (publish/fingerprint.py,
    KeptCards). A site's testimonial card that prints a site-wide figure changes on every page that
    shows one when a review is added to another record, although no testimonial row changed."""
    _override(example, "advocacy/partials/testimonial-card.html",
              lambda t: t.replace("<figure", '<figure data-reviews="{{ site.aggregate.count }}"', 1))
    live = serve(example, tmp_path / "served")
    cards = live.kept.site.tracer.cards  # type: ignore[union-attr]
    made = cards.made
    assert made > 0
    edit_yaml(example / "advocates" / "chloe-dubois.yml", lambda d: d.update(title="Head of RevOps"))
    assert incremental_matches(live, example, tmp_path, "title") == []
    assert cards.made - made < 5  # one person's cards, the others kept
    without = next(p for p in sorted((example / "advocates").glob("*.yml"))
                   if "testimonials:" not in p.read_text(encoding="utf-8"))
    edit_yaml(without, lambda d: d.setdefault("reviews", []).append(
        {"platform": "g2", "rating": 3, "date": dt.date(2026, 11, 1)}))
    made = cards.made
    assert incremental_matches(live, example, tmp_path, "count") == []
    served = (Path(live.site_dir) / "testimonials" / "index.html").read_text(encoding="utf-8")
    assert 'data-reviews="' in served and cards.made - made >= served.count('data-reviews="')


def test_a_kept_card_is_verified_by_the_advocates_changed_since_it_was_last_checked() -> None:
    """A card not shown for some builds is verified against every advocate changed since it was
    last made or verified, not only those of the latest build; too far back, all its answers."""
    from mkdocs_advocacy.publish.fingerprint import HISTORY, KeptCards, _Card

    class Site:  # answers site.photo(slug) from a dict
        def __init__(self, photos: dict[str, str]) -> None:
            self.photos = photos

        def photo(self, slug: str) -> str | None:
            return self.photos.get(slug)

    digests = Digests()
    cards = KeptCards(digests)
    question = ("photo", ("ana",), ())
    card = _Card(None, None, ((("photo", False, (("ana",), ())), (question, digests.of("ana.jpg"))),))
    assert card.about.keys() == {"ana"} and card.general == ()
    moved = Site({"ana": "ana-new.jpg"})  # what an edit of ana's record would answer
    cards.new_build(moved, {}, {"ana"})  # build 1: ana edited
    cards.new_build(moved, {}, {"bo"})  # build 2: bo edited
    assert not cards._alike(card, moved)  # checked in build 0: ana changed since
    card.checked = 1
    assert cards._alike(card, moved)  # checked in build 1, after ana's edit: only bo changed since
    card.checked = 0
    cards.new_build(moved, {}, None)  # build 3: not known what changed
    card.checked = 2
    assert not cards._alike(card, moved)
    for _ in range(HISTORY + 1):
        cards.new_build(moved, {}, set())
    card.checked = 3
    assert not cards._alike(card, moved)  # too far back: every answer asked again
