"""One page model, three engines: the example site built by MkDocs, ProperDocs and Zensical through
`advocacy build --engine`, with the same data files byte for byte, and a browser smoke test of the
Zensical output (filters narrow the library, search finds a case study, a profile opens)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser
from sitegen import ENV

pytestmark = pytest.mark.slow
pytest.importorskip("zensical")

ROOT = Path(__file__).resolve().parents[1]
DATA = ["api/reviews.json", "api/champions.json", "api/testimonials.json", "api/case-studies.json", "feed.xml",
        "badges/rating.svg", "assets/advocacy/review-list.json", "assets/advocacy/testimonial-cards.json",
        "assets/advocacy/cards/case-study-quillstack.png", "assets/advocacy/cards/spotlight-maria-gonzalez.png"]
MARKETERS = ("content", "advocates", "case_studies", "theme", "mkdocs.yml")


def _copy_example(dest: Path) -> Path:
    for name in MARKETERS:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for name in MARKETERS:
        for path in sorted((root / name).rglob("*")) if (root / name).is_dir() else [root / name]:
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# The example's records are dated up to today: every build of this module is as of the same today.
TODAY = {**ENV, "SOURCE_DATE_EPOCH": str(int(time.time()))}


def advocacy_build(root: Path, engine: str, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "mkdocs_advocacy", "build", "--engine", engine, "-f", str(root / "mkdocs.yml"), *extra]
    return subprocess.run(cmd, cwd=root, env=TODAY, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for engine in ("mkdocs", "properdocs", "zensical"):
        root = _copy_example(tmp_path_factory.mktemp(engine))
        before = _tree_hash(root)
        result = advocacy_build(root, engine, "--strict")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        assert _tree_hash(root) == before, f"{engine} wrote into the marketer's folders"
        out[engine] = root / "site"
    return out


@pytest.mark.parametrize("name", DATA)
def test_the_data_files_are_byte_identical_on_every_engine(builds, name):
    mkdocs = (builds["mkdocs"] / name).read_bytes()
    assert (builds["properdocs"] / name).read_bytes() == mkdocs
    assert (builds["zensical"] / name).read_bytes() == mkdocs


def test_zensical_writes_every_generated_page_with_its_head(builds):
    zensical, mkdocs = builds["zensical"], builds["mkdocs"]
    generated = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("index.html")
                       if p.relative_to(mkdocs).parts[0] in ("case-studies", "advocates", "reviews", "champions",
                                                              "spotlight", "testimonials", "industries"))
    assert generated and all((zensical / rel).is_file() for rel in generated)
    page = (zensical / "reviews/index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page and 'property="og:title"' in page
    assert '<link rel="canonical" href="https://customers.tidewater.example/reviews/">' in page
    story = (zensical / "spotlight/maria-gonzalez/index.html").read_text(encoding="utf-8")
    card = "https://customers.tidewater.example/assets/advocacy/cards/spotlight-maria-gonzalez.png"
    assert f'<meta property="og:image" content="{card}">' in story
    assert '<meta name="twitter:card" content="summary_large_image">' in story


def test_a_failed_zensical_build_leaves_site_as_it_was(builds, tmp_path):
    root = _copy_example(tmp_path)
    shutil.copytree(builds["zensical"], root / "site")
    before = {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
    record = next((root / "advocates").glob("*.yml"))
    record.write_text(record.read_text(encoding="utf-8").replace("industry:", "industy:", 1), encoding="utf-8")
    result = advocacy_build(root, "zensical")
    assert result.returncode == 1
    assert "unknown field (did you mean 'industry'?)" in result.stdout and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()} == before


@pytest.fixture(scope="module")
def zensical_server(builds):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(builds["zensical"])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.mark.browser
def test_zensical_site_in_a_browser(zensical_server, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    base = zensical_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # filters narrow the library, in the browser over api/case-studies.json
        page.goto(base + "case-studies/?industry=healthcare", wait_until="networkidle")
        assert page.locator("text=3 of 11 case studies").count() == 1
        assert page.locator(".adv-cs-card:visible").count() == 3
        page.screenshot(path=str(tmp_path / "zensical-library-375.png"))
        # search finds a case study
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator("[data-md-component=search] button").first.click()
        page.keyboard.type("Stackwise")
        result = page.locator('a[href$="case-studies/stackwise/"]').locator("visible=true").first
        result.wait_for(timeout=10_000)
        result.click()
        page.wait_for_url("**/case-studies/stackwise/")
        # a profile opens from the story's people
        page.locator(".adv-person-card").first.click()
        page.wait_for_url("**/advocates/**")  # instant navigation: the address first, then the content
        page.locator("h1", has_text="David Okafor").wait_for(timeout=10_000)
        assert "Chief Revenue Officer" in page.locator("main").inner_text()
        page.screenshot(path=str(tmp_path / "zensical-profile-1280.png"))
        browser.close()
    assert errors == []


def _private_values(value, inside=False):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _private_values(item, inside or key == "private")
    elif isinstance(value, list):
        for item in value:
            yield from _private_values(item, inside)
    elif inside and isinstance(value, str) and ("@" in value or len(value) > 30):
        yield value  # e-mail addresses and notes: private words like "Pipeline" are public words too


def test_nothing_private_reaches_any_engines_site(builds):
    """The leak scan of every built file, on the three engines: no value under `private`, and no
    name of an advocate without public consent."""
    import yaml

    secrets, hidden = set(), set()
    for path in (ROOT / "advocates").glob("*.yml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        secrets |= set(_private_values(record))
        if not (record.get("consent") or {}).get("public"):
            hidden.add(record["name"])
    assert secrets and hidden
    for engine, site in builds.items():
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".svg", ".js", ".txt"):
                text = path.read_text(encoding="utf-8", errors="replace")
                leaked = [s for s in secrets | hidden if s in text]
                assert leaked == [], f"{engine}: {path.relative_to(site)} holds {leaked[:3]}"


def test_no_page_asks_another_host_for_anything(builds):
    """Fonts, styles, scripts and images come from the site itself (links to other sites are fine)."""
    from bs4 import BeautifulSoup

    own = "https://customers.tidewater.example/"
    for engine in ("mkdocs", "zensical"):
        for path in builds[engine].rglob("*.html"):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            asked = [t.get("href") for t in soup.find_all("link") if "canonical" not in (t.get("rel") or [])
                     and "alternate" not in (t.get("rel") or [])]
            asked += [t.get("src") for t in soup.find_all(["script", "img", "iframe", "source"])]
            asked += [t.get("srcset") for t in soup.find_all(["img", "source"])]
            foreign = [u for u in asked if u and "//" in u and not u.startswith(own)]
            assert foreign == [], f"{engine}: {path.relative_to(builds[engine])} asks {foreign[:3]}"


def test_the_search_index_holds_text_not_glyphs(builds):
    """Our pages give search their headings and paragraphs: no `¶` of header links (the example has
    toc permalinks), no star glyphs, no avatar initials."""
    import json

    docs = json.loads((builds["mkdocs"] / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    ours = [d for d in docs if d["location"].split("/")[0] in ("case-studies", "advocates", "reviews", "champions")]
    assert ours
    for doc in ours:
        assert "¶" not in doc["text"] and "★" not in doc["text"], doc["location"]
    profile = next(d for d in ours if d["location"] == "advocates/david-okafor/")
    assert not profile["text"].startswith("DO ")  # his initials would stand first, before his name
