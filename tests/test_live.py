"""`advocacy serve`'s rebuilds after a record edit (engines/live.py) write the site a full build of
the edited program writes, byte for byte, while rendering only the pages the edit changes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs_advocacy.engines.live import LiveBuild
from sitegen import ENV, build, site_files

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example program, in a folder of its own, with a fixed as_of."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "site-src"
    for folder in ("advocates", "case_studies", "content", "theme"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - advocacy:\n", "  - advocacy:\n      as_of: 2026-11-23\n", 1)
    assert "as_of: 2026-11-23" in text
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root


def full_build(root: Path, out: Path) -> dict[str, bytes]:
    live = LiveBuild(str(root / "mkdocs.yml"), str(out))
    live.build()
    assert live.last["kind"] == "full"
    return site_files(out)


def edit_yaml(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted({k for k in a.keys() | b.keys() if a.get(k) != b.get(k)})


def first_with(folder: Path, pattern: str) -> Path:
    for path in sorted(folder.glob("*.yml")):
        if re.search(pattern, path.read_text(encoding="utf-8"), re.M):
            return path
    raise AssertionError(f"no record matches {pattern!r}")


def test_every_kind_of_record_edit_matches_a_full_build(example: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    assert live.last["kind"] == "full"
    advocates = example / "advocates"
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (example / "case_studies").glob("*.md"))
    public = next(p for p in sorted(advocates.glob("*.yml"))  # not quoted: withdrawing is then no error
                  if re.search(r"^  public: true", p.read_text(encoding="utf-8"), re.M) and p.stem not in quoted)
    with_testimonial = first_with(advocates, r"^testimonials:")
    with_reviews = first_with(advocates, r"^reviews:")

    def quote_edited(data: dict) -> None:
        data["testimonials"][0]["quote"] = "We closed the quarter two weeks early; edited in the preview."

    def review_added(data: dict) -> None:
        data["reviews"].append({"platform": "g2", "rating": 2, "date": dt.date(2026, 11, 20),
                                "title": "A new review, added in the preview"})

    def consent_withdrawn(data: dict) -> None:
        data["consent"]["public"] = False

    edits = [
        ("a testimonial edited", lambda: edit_yaml(with_testimonial, quote_edited)),
        ("a review added", lambda: edit_yaml(with_reviews, review_added)),
        ("consent withdrawn", lambda: edit_yaml(public, consent_withdrawn)),
        ("an advocate added", lambda: shutil.copy(with_reviews, advocates / "zz-new-advocate.yml")),
        ("an advocate removed", lambda: (advocates / "zz-new-advocate.yml").unlink()),
        ("a case study edited", lambda: _append(sorted((example / "case_studies").glob("*.md"))[0],
                                               "\n## Added in the preview\n\nOne more paragraph.\n")),
    ]
    for n, (what, apply) in enumerate(edits):
        before = site_files(served)
        apply()
        live.build()
        assert live.last["kind"] == "incremental", what
        assert 0 < live.last["rendered"] < live.last["pages"] / 2, (what, live.last)
        after = site_files(served)
        assert after != before, what
        reference = full_build(example, tmp_path / f"full-{n}")
        assert differences(after, reference) == [], what
    # and against `mkdocs build` in a process of its own, which shares none of this one's caches
    done = build(example, site="independent")
    assert done.returncode == 0, done.stderr
    assert differences(site_files(served), site_files(example / "independent")) == []


def test_what_each_page_asked_is_kept_by_difference_as_if_indexed_afresh(example: Path, tmp_path: Path) -> None:
    """The index of which page asked what (it decides what the next edit renders) is updated by
    difference for pages rendered again; after every edit it is the index of the fingerprints."""
    from mkdocs_advocacy.publish.fingerprint import _AnswersAsked

    live = LiveBuild(str(example / "mkdocs.yml"), str(tmp_path / "served"))
    live.build()
    advocates = example / "advocates"
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (example / "case_studies").glob("*.md"))
    public = next(p for p in sorted(advocates.glob("*.yml"))
                  if re.search(r"^  public: true", p.read_text(encoding="utf-8"), re.M) and p.stem not in quoted)
    reviewed = first_with(advocates, r"^reviews:")
    original = public.read_bytes()
    edits = [lambda: edit_yaml(public, lambda d: d["consent"].update(public=False)),
             lambda: public.write_bytes(original),
             lambda: edit_yaml(reviewed, lambda d: d["reviews"].append(
                 {"platform": "g2", "rating": 5, "date": dt.date(2026, 11, 21), "title": "Newest"}))]
    for apply in edits:
        apply()
        live.build()
        assert live.last["kind"] == "incremental" and live.last["rendered"] > 3
        assert live.kept is not None and live.kept.site.tracer is not None
        tracer = live.kept.site.tracer
        afresh = _AnswersAsked()
        for url, fp in tracer.fingerprints.items():
            afresh.add(url, fp.answers)
        assert tracer._rendering == {}
        assert tracer._asked._pages == afresh._pages
        assert tracer._asked.unanswered == afresh.unanswered


@pytest.mark.parametrize("own_sitemap", [False, True], ids=["mkdocs-sitemap", "theme-sitemap"])
def test_the_sitemap_after_pages_come_and_go_is_a_full_builds_sitemap(example: Path, tmp_path: Path,
                                                                      own_sitemap: bool) -> None:
    """MkDocs' own sitemap is joined from each page's kept entry (engines/sitemap_text.py); a
    theme's own, which may read anything of a page (here its title), is rendered in full."""
    if own_sitemap:
        (example / "theme" / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset>{% for file in pages %}<url title="'
            '{{ file.page.title|e }}"><loc>{{ file.page.abs_url|e }}</loc></url>{% endfor %}</urlset>\n',
            encoding="utf-8")
    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    assert live.kept is not None and live.kept.sitemap_text.usable is not own_sitemap
    advocates = example / "advocates"
    quoted = " ".join(p.read_text(encoding="utf-8") for p in (example / "case_studies").glob("*.md"))
    public = next(p for p in sorted(advocates.glob("*.yml"))
                  if re.search(r"^  public: true", p.read_text(encoding="utf-8"), re.M) and p.stem not in quoted)
    renamed = first_with(advocates, r"^testimonials:")
    edits = [lambda: edit_yaml(public, lambda d: d["consent"].update(public=False)),
             lambda: shutil.copy(renamed, advocates / "zz-new-advocate.yml"),
             lambda: edit_yaml(advocates / "zz-new-advocate.yml", lambda d: d.update(name="Renamed In Preview"))]
    for n, apply in enumerate(edits):
        before = (served / "sitemap.xml").read_bytes()
        apply()
        live.build()
        assert live.last["kind"] == "incremental"
        reference = full_build(example, tmp_path / f"full-{n}")
        assert differences(site_files(served), reference) == []
        assert (served / "sitemap.xml").read_bytes() != before or (n == 2 and not own_sitemap)
    if own_sitemap:
        assert b"Renamed In Preview" in (served / "sitemap.xml").read_bytes()


def test_a_failed_rebuild_keeps_the_site_and_the_next_one_is_full(example: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    before = site_files(served)
    record = first_with(example / "advocates", r"^testimonials:")
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("testimonials:", "testimonials: [", 1), encoding="utf-8")
    live.build()
    assert live.last["kind"] == "failed"
    assert site_files(served) == before
    record.write_text(text, encoding="utf-8")
    live.build()
    assert live.last["kind"] == "full"
    assert differences(site_files(served), full_build(example, tmp_path / "full")) == []


def test_a_content_page_edit_builds_in_full(example: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    _append(example / "content" / "index.md", "\nOne more line on the home page.\n")
    live.build()
    assert live.last["kind"] == "full"
    assert differences(site_files(served), full_build(example, tmp_path / "full")) == []


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_rebuild_makes_again_only_what_the_edited_record_is_in(example: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged records keep their entries and rows (so their pages are fingerprinted by identity),
    a large data file is made again only when its inputs changed, and no photo or logo is decoded
    again: that is what makes the fixed part of a rebuild follow the edit, not the program's size."""
    from mkdocs_advocacy.core import images
    decoded: list[str] = []
    encode_raster = images._encode_raster
    monkeypatch.setattr(images, "_encode_raster", lambda *a: decoded.append(a[0]) or encode_raster(*a))
    live = LiveBuild(str(example / "mkdocs.yml"), str(tmp_path / "served"))
    live.build()
    # the example's raster photos, each decoded once: the check cleans it, the publishing step
    # takes the bytes it made (its SVG photos and logos are parsed, not decoded)
    rasters = [p for p in (example / "advocates").rglob("*") if p.suffix in (".png", ".jpg", ".webp")]
    assert len(rasters) >= 5 and sorted(decoded) == sorted(p.read_bytes() for p in rasters)
    decoded.clear()
    assert live.kept is not None
    before = live.kept.site.site
    pages_before = {p.url: p for p in live.kept.site.pages.values()}
    from mkdocs_advocacy.publish.data import MADE

    remember = live.kept.site.tracer.remember  # type: ignore[union-attr]
    advocates = example / "advocates"
    edited = first_with(advocates, r"^testimonials:")
    made, rows_made = remember.made, MADE.rows
    edit_yaml(edited, lambda d: d["testimonials"][0].update(quote="Edited for the identity check."))
    live.build()
    assert live.last["kind"] == "incremental"
    after = live.kept.site.site
    # the case-study API is kept whole; of the files joined from each row's JSON, only the edited
    # person's rows are made again: testimonials, reviews, their card extras, their wall row
    assert remember.made == made
    mine = edited.stem
    assert MADE.rows - rows_made == (sum(t.advocate == mine for t in after.testimonials)
                                     + sum(r.advocate == mine for r in after.reviews) + 1 + (mine in after.ranks))
    rows = {id(t) for t in before.testimonials}
    moved = [t for t in after.testimonials if id(t) not in rows]
    assert [t.advocate for t in moved] == [edited.stem] * len(moved) and moved
    kept = [s for s, entry in after.program.advocates.items() if entry is before.program.advocates.get(s)]
    assert edited.stem not in kept and len(kept) == len(after.program.advocates) - 1
    # the profiles are planned as the same page objects, but the edited person's
    profiles_before = {url: page for url, page in pages_before.items() if url.startswith("advocates/")}
    profiles_after = {p.url: p for p in live.kept.site.pages.values() if p.url.startswith("advocates/")}
    made_again = sorted(url for url, page in profiles_after.items() if page is not profiles_before.get(url))
    assert made_again == [f"advocates/{mine}/"]
    assert decoded == []
    assert "Edited for the identity check." in [t.quote for t in profiles_after[made_again[0]].context["testimonials"]]


def test_a_save_without_an_edit_rebuilds_nothing_and_a_changed_byte_rebuilds(example: Path, tmp_path: Path) -> None:
    """An editor's save of an unchanged file (or a checkout that touches it) leaves the site as it
    is; a photo or record whose bytes changed, at the same size and time, is still an edit."""
    import os

    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    before = site_files(served)
    record = first_with(example / "advocates", r"^testimonials:")
    record.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")  # saved as it was
    live.build()
    assert live.last["kind"] == "unchanged"
    assert site_files(served) == before

    photos = sorted(p for p in (example / "advocates").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    assert photos, "the example program has photos"
    photo = photos[0]
    st = photo.stat()
    data = bytearray(photo.read_bytes())
    data[-3] ^= 0xFF  # one byte of the image data, the size kept
    photo.write_bytes(bytes(data))
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    live.build()
    assert live.last["kind"] != "unchanged"  # rendered again, or refused with the file named

    photo.write_bytes(bytes(data[:-3]) + bytes([data[-3] ^ 0xFF]) + bytes(data[-2:]))  # as it was
    live.build()
    record.write_text(record.read_text(encoding="utf-8") + "# a comment: the same record, other bytes\n",
                      encoding="utf-8")
    live.build()
    assert live.last["kind"] != "unchanged"
    assert differences(site_files(served), full_build(example, tmp_path / "full")) == []


def test_a_folder_link_that_loops_in_the_records_does_not_hang_a_rebuild(example: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    live = LiveBuild(str(example / "mkdocs.yml"), str(served))
    live.build()
    before = site_files(served)
    (example / "advocates" / "loop").symlink_to(example / "advocates", target_is_directory=True)
    live.build()
    assert live.last["kind"] == "failed"  # a new folder is a change, and the check refuses this one
    assert site_files(served) == before
