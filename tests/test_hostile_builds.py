"""Hostile input through real builds and commands: a message with file and line, never a traceback,
and a failed build leaves the published site/ byte for byte as it was (issue 10, classes 2 and 3)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from sitegen import ENV, build, site_files
from test_bad_input import A, C, make_site, put, sub

pytestmark = pytest.mark.slow


def _jpeg(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def _bomb() -> bytes:
    """A small PNG that decodes to 900 million pixels."""
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def with_photo(data: bytes, name: str = "jane.jpg"):
    def apply(root: Path) -> None:
        sub(A, "region: North America", f"region: North America\nphoto: photos/{name}")(root)
        put(f"advocates/photos/{name}", data)(root)
    return apply


def photo_loop(root: Path) -> None:
    sub(A, "region: North America", "region: North America\nphoto: photos/loop.jpg")(root)
    (root / "advocates/photos").mkdir(parents=True)
    os.symlink("loop.jpg", root / "advocates/photos/loop.jpg")


def photo_linked_out(whole_folder: bool):
    """A photo that is a link to an image outside advocates/ (or in a photos/ folder that is one):
    a real image, so only where it lives refuses it. A private file would be published otherwise."""
    def apply(root: Path) -> None:
        outside = root.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / "secret.jpg").write_bytes(_jpeg())
        sub(A, "region: North America", "region: North America\nphoto: photos/secret.jpg")(root)
        if whole_folder:
            os.symlink(outside, root / "advocates/photos", target_is_directory=True)
        else:
            (root / "advocates/photos").mkdir(parents=True)
            os.symlink(outside / "secret.jpg", root / "advocates/photos/secret.jpg")
    return apply


# Each edit would once have crashed the build (after or before site/ was cleaned); now each is
# refused before anything is written, with a message naming the file and line.
FAILING = {
    "control-character-in-feed-text": ([sub(C, "title: How Northwind Health cut forecast variance in half",
                                            'title: "How Northwind\\x01 cut variance"')], rf"{C}:2: title: contains a control"),
    "vertical-tab-in-a-name": ([sub(A, "name: Jane Doe", 'name: "Jane\\x0bDoe"')], rf"{A}:1: name: contains a control"),
    "truncated-jpeg": ([with_photo(_jpeg()[:400])], rf"{A}:7: photo: advocates/photos/jane\.jpg "),
    "decompression-bomb": ([with_photo(_bomb(), "bomb.png")], rf"{A}:7: photo: advocates/photos/bomb\.png "),
    "empty-image": ([with_photo(b"", "empty.jpg")], rf"{A}:7: photo: advocates/photos/empty\.jpg "),
    "600-deep-list": ([sub(A, "region: North America", "region: " + "[" * 600 + "]" * 600)],
                      rf"{A}:6: values are nested more than 32 levels deep"),
    "symlink-loop-photo": ([photo_loop], rf"{A}:7: photo: advocates/photos/loop\.jpg is a symbolic link that loops"),
    "photo-linked-outside": ([photo_linked_out(False)], rf"{A}:7: photo: 'photos/secret\.jpg' leaves the advocates/ folder"),
    "photos-folder-linked-outside": ([photo_linked_out(True)],
                                     rf"{A}:7: photo: 'photos/secret\.jpg' leaves the advocates/ folder"),
    "non-utf8-page": ([put("content/notes.md", b"# Notes\n\ncaf\xe9\n")], r"content/notes\.md:3: file is not UTF-8"),
    "docs-link-into-records": ([lambda root: os.symlink(root / "advocates", root / "content/people")],
                               r"content/people:1: leads into the data folder advocates/"),
    "hand-written-page-at-a-profile-address": ([put("content/advocates/jane-doe.md", "# Jane\n")],
                                               r"content/advocates/jane-doe\.md:1: has the same address as the "
                                               r"generated page /advocates/jane-doe/"),
    "script-in-a-case-study-under-strict": ([sub(C, "The body, in *Markdown*.", "<script>alert(1)</script>")],
                                            rf"{C}:13: body: <script> was removed by the HTML sanitizer"),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A site built once: every failing case starts from a copy of it, site/ included."""
    root = make_site(tmp_path_factory.mktemp("published"))
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:  # a published site has its address
        f.write("site_url: https://customers.test.example/\n")
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root, site_files(root / "site")


@pytest.mark.parametrize("name", list(FAILING))
def test_a_refused_build_names_the_place_and_leaves_site_as_it_was(name, published, tmp_path):
    import shutil

    source, before = published
    root = tmp_path / "site-root"
    shutil.copytree(source, root, symlinks=True)
    edits, message = FAILING[name]
    for edit in edits:
        edit(root)
    result = build(root, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert re.search(message, output), output
    assert site_files(root / "site") == before


def test_a_photo_linked_to_an_image_inside_the_folder_is_published(tmp_path):
    """A link is refused for where it leads, not for being a link."""
    root = make_site(tmp_path)
    put("advocates/shared/jane.jpg", _jpeg())(root)
    sub(A, "region: North America", "region: North America\nphoto: photos/jane.jpg")(root)
    (root / "advocates/photos").mkdir()
    os.symlink("../shared/jane.jpg", root / "advocates/photos/jane.jpg")
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    published = sorted((root / "site").rglob("*.jpg"))
    assert len(published) == 1 and Image.open(published[0]).size == (64, 64)


def _advocacy(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", *args], cwd=root, env=ENV,
                          capture_output=True, text=True, timeout=300)


def test_validate_reports_an_impossible_as_of_at_its_line(tmp_path):
    root = make_site(tmp_path)
    sub("mkdocs.yml", "as_of: 2026-01-31", "as_of: 2026-02-30")(root)
    result = _advocacy(root, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "mkdocs.yml:6: plugins.advocacy.as_of: 2026-02-30 is not a valid date (day is out of range for month)" \
        in result.stdout


@pytest.mark.parametrize(("output", "message"), [
    ("missing-dir/r.json", "advocacy report: cannot write missing-dir/r.json: No such file or directory"),
    ("content/report.html", "advocacy report: content/report.html is inside docs_dir (content/), which is published"),
    ("site/report.json", "advocacy report: site/report.json is inside site_dir (site/), which is published"),
])
def test_report_refuses_what_it_cannot_or_must_not_write(output, message, tmp_path):
    root = make_site(tmp_path)
    result = _advocacy(root, "report", "--format", "json", "-o", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert message in result.stderr
    assert not (root / output).exists()


def test_a_report_saved_into_docs_dir_is_refused_by_the_next_build(tmp_path):
    root = make_site(tmp_path)
    assert _advocacy(root, "report", "--format", "html", "-o", "program-report.html").returncode == 0
    (root / "program-report.html").rename(root / "content/program-report.html")
    result = build(root)
    assert result.returncode != 0
    assert "content/program-report.html:1: is an internal program report" in result.stderr
    assert not (root / "site").exists()


def test_github_annotations_escape_the_file_property(tmp_path):
    root = make_site(tmp_path)
    (root / A).rename(root / "advocates/a,b:c%d.yml")
    result = _advocacy(root, "validate", "--format", "github")
    assert "::error file=advocates/a%2Cb%3Ac%25d.yml,line=1::" in result.stdout


def test_embed_errors_name_the_page_relative_to_mkdocs_yml_under_f(tmp_path):
    root = make_site(tmp_path / "inner")
    sub("content/index.md", 'industry="Healthcare"', 'industry="Nowhere"')(root)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", "inner/mkdocs.yml"]
    result = subprocess.run(cmd, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "content/index.md:3: embed: no advocate or case study is in industry 'Nowhere'" in result.stderr
    assert str(tmp_path) not in result.stderr
