"""`advocacy init`: a new site that builds as it is, looks like the README's screenshots (brand
colours, logo, tabs, a hero home page, a join page, champions on the wall), and that never
overwrites anything. The browser test keeps its screenshots in tests/artifacts/screenshots-init/."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs_advocacy.scaffold import DEFAULT_NAME, init_site, render_scaffold

SITE_URL = "https://customers.acme.example/"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots-init"


def _env() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)  # the new site builds "as of" today, like its publish job
    return env


def _build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(args or ("--strict",))],
        cwd=site, env=_env(), capture_output=True, text=True, timeout=300,
    )


def _advocacy(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it; stdin is not a terminal, so nothing is asked."""
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", *args], cwd=cwd, env=_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`advocacy init acme --name Acme --site-url ...`, then `mkdocs build --strict` in it."""
    parent = tmp_path_factory.mktemp("init")
    made = _advocacy(parent, "init", "acme", "--name", "Acme", "--site-url", SITE_URL)
    assert made.returncode == 0, made.stdout + made.stderr
    root = parent / "acme"
    built = _build(root)
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stdout}\n{built.stderr}"
    return {"root": root, "parent": parent, "init": made, "build": built, "site": root / "site"}


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_init_makes_a_site_that_builds_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    written = init_site(site, site_url=SITE_URL)

    for rel in ("mkdocs.yml", "content/index.md", "content/join.md", "content/assets/brand.css",
                "content/assets/logo.svg", "content/assets/favicon.svg", "README.md", ".gitignore",
                "requirements.txt", ".github/workflows/pr.yml", ".github/workflows/publish.yml",
                ".vscode/settings.json", "schemas/advocate.schema.json", "case_studies/brightwater-logistics.md"):
        assert site / rel in written, f"{rel} not reported as written"
        assert (site / rel).is_file(), f"{rel} missing"
    assert all(p.is_file() for p in written)
    advocates = sorted((site / "advocates").glob("*.yml"))
    assert len(advocates) == 2
    for path in advocates:
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schemas/advocate.schema.json\n")
    assert "private" in (site / "README.md").read_text(encoding="utf-8").lower()

    proc = _build(site)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    out = site / "site"
    assert (out / "case-studies" / "index.html").is_file()
    assert (out / "api" / "reviews.json").is_file()

    # The examples are public on any day: both people and the case study are published.
    reviews = json.loads((out / "api" / "reviews.json").read_text(encoding="utf-8"))
    assert reviews["count"] == 2
    for slug in (p.stem for p in advocates):
        assert (out / "advocates" / slug / "index.html").is_file(), f"{slug} is not public"
    assert (out / "case-studies" / "brightwater-logistics" / "index.html").is_file()
    # ... and their private data is not.
    for html in out.rglob("*"):
        if html.is_file() and html.suffix in (".html", ".json", ".xml", ".svg"):
            assert "brightwater.example" not in html.read_text(encoding="utf-8", errors="replace"), html


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not empty"):
        init_site(site)
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"], "init wrote into a non-empty folder"


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        init_site(target)


def test_init_accepts_an_empty_git_repository(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    written = init_site(site, name='Acme: "Tools"')
    assert site / "mkdocs.yml" in written
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Acme: \\"Tools\\" Customers"' in text


# --- what a first build shows ----------------------------------------------------------------------


@pytest.mark.slow
def test_the_first_build_has_champions_and_no_stale_notices(acme: dict) -> None:
    champions = json.loads((acme["site"] / "api/champions.json").read_text(encoding="utf-8"))
    assert champions["as_of"] == dt.datetime.now(dt.timezone.utc).date().isoformat()
    tiers = {c["slug"]: c["tier"] for c in champions["champions"]}
    assert tiers == {"maria-santos": "champion", "daniel-okafor": "advocate"}, "the wall must not be empty"
    podium = _soup(acme["site"], "champions")
    assert "Maria Santos" in podium.get_text() and "Daniel Okafor" in podium.get_text()
    # No "no activity since ... (442 days)" and no other notice: the examples are recent whenever init runs.
    assert "program notice" not in acme["build"].stderr, acme["build"].stderr
    validate = _advocacy(acme["root"], "validate")
    assert validate.returncode == 0
    assert validate.stdout.strip().splitlines() == ["0 errors, 0 warnings (2 advocates, 1 case studies)"]


@pytest.mark.slow
def test_the_site_uses_the_examples_features_and_the_name(acme: dict) -> None:
    site = acme["site"]
    home = _soup(site, "")
    assert home.title and home.title.get_text().endswith("Acme Customers")
    assert home.select_one(".md-header__topic").get_text(" ", strip=True).startswith("Acme Customers")
    hero = home.select_one(".brand-hero")
    assert hero is not None and hero.h1.get_text(strip=True).startswith("Teams that rely on Acme")
    assert [a.get_text(strip=True) for a in hero.select("a.md-button")] == ["Read the case studies",
                                                                         "Talk to a customer"]
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs == ["Home", "Case studies", "Testimonials", "Reviews", "Champions", "Spotlight"]
    assert home.select_one('link[rel="stylesheet"][href$="assets/brand.css"]') is not None
    assert home.select_one(".md-header__button.md-logo img")["src"].endswith("assets/logo.svg")
    assert home.select_one('link[rel="icon"]')["href"].endswith("assets/favicon.svg")
    assert (site / "assets/brand.css").is_file() and (site / "assets/logo.svg").is_file()
    assert "Copyright © " in home.get_text() and "Acme" in home.select_one(".md-copyright").get_text()
    # The home page's embeds: rating, a case study with results, testimonials.
    assert home.select_one(".adv-embed--rating .adv-rating") is not None
    assert "80%" in home.select_one(".adv-embed--case-studies").get_text()
    assert "We plan our quarter in one afternoon" in home.select_one(".adv-embed--testimonials").get_text()
    # A review with a platform, an incentivized one disclosed; the product name in the JSON-LD.
    reviews = json.loads((site / "api/reviews.json").read_text(encoding="utf-8"))
    assert {p["platform"] for p in reviews["platforms"]} == {"g2", "capterra"}
    assert reviews["incentivized"] == 1
    ld = [json.loads(s.string) for s in _soup(site, "reviews").find_all("script", type="application/ld+json")]
    assert any(item.get("name") == "Acme" for item in ld), ld
    # The join page, with the call to action, and the 404 page.
    join = _soup(site, "join")
    assert "Book a demo" in join.get_text() and "Talk to a customer like you" in join.get_text()
    assert any("mailto:references@example.com" in a["href"] and "join" in a["href"] for a in join.find_all("a"))
    assert (site / "404.html").is_file()
    assert "Spotlight" in tabs and (site / "spotlight/maria-santos/index.html").is_file()


@pytest.mark.slow
def test_site_url_given_is_used(acme: dict) -> None:
    config = yaml.safe_load((acme["root"] / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == SITE_URL
    assert _soup(acme["site"], "")("link", rel="canonical")[0]["href"] == SITE_URL
    sitemap = (acme["site"] / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}case-studies/brightwater-logistics/</loc>" in sitemap


@pytest.mark.slow
def test_without_site_url_the_config_explains_and_the_build_warns_once(tmp_path: Path) -> None:
    made = _advocacy(tmp_path, "init", "site", "--name", "Acme")  # no terminal: nothing is asked
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "site/mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url" not in yaml.safe_load(text)
    assert "# site_url: https://" in text and "Settings > Pages" in text
    assert "site_url is not set" in made.stdout
    built = _build(tmp_path / "site", "--clean")  # not strict
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "advocacy: mkdocs.yml: site_url: not set" in warnings[0], built.stderr
    strict = _build(tmp_path / "site", "--strict")
    assert strict.returncode == 1 and "site_url: not set" in strict.stderr


def test_the_terminal_is_asked_for_the_name_and_site_url(tmp_path: Path, monkeypatch, capsys) -> None:
    from mkdocs_advocacy import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["Acme Robotics", "acme.example", "https://acme.example/customers"])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert cli.main(["init", str(tmp_path / "site")]) == 0
    config = yaml.safe_load((tmp_path / "site/mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Acme Robotics Customers"
    assert config["site_url"] == "https://acme.example/customers/"
    assert "must start with http:// or https://" in capsys.readouterr().err  # the bad answer, asked again


def test_a_bad_site_url_option_writes_nothing(tmp_path: Path) -> None:
    made = _advocacy(tmp_path, "init", "site", "--site-url", "javascript:alert(1)")
    assert made.returncode == 1 and "must start with http:// or https://" in made.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_next_steps_work_without_an_activated_environment(acme: dict) -> None:
    """Every command printed can run as it is: no bare `mkdocs`, the interpreter named exists and has
    the plugin, and the site's own environment is made from what init wrote."""
    commands = [line.strip().split("  #")[0].strip() for line in acme["init"].stdout.splitlines()
                if line.startswith("  ") and line.strip()]
    assert commands, acme["init"].stdout
    assert not any(shlex.split(c)[0] in ("mkdocs", "advocacy") for c in commands), commands
    cwd = acme["parent"]
    for command in commands:
        argv = shlex.split(command)
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            assert cwd.is_dir(), command
        elif argv[1:3] == ["-m", "mkdocs"]:
            assert Path(argv[0]).is_file(), command
            version = subprocess.run([argv[0], "-m", "mkdocs", "--version"], cwd=cwd, env=_env(),
                                     capture_output=True, text=True, timeout=120)
            assert version.returncode == 0, version.stderr
        elif argv[1:3] == ["-m", "venv"]:
            assert shutil.which(argv[0]), f"{argv[0]} is not on PATH"
        elif argv[0].startswith(".venv/"):
            assert argv[0] in (".venv/bin/python", ".venv/bin/mkdocs"), command  # made by `-m venv` + pip
            if "-r" in argv:
                requirement = (cwd / argv[argv.index("-r") + 1]).read_text(encoding="utf-8")
                assert re.search(r"(?m)^mkdocs-advocacy\b", requirement)
        else:
            pytest.fail(f"unexpected command {command!r}")
    assert any(c.endswith("mkdocs serve") for c in commands)


# --- what init renders -------------------------------------------------------------------------------


def test_example_dates_are_relative_to_the_day_of_init() -> None:
    for today in (dt.date(2027, 3, 1), dt.date(2031, 12, 31)):
        files = render_scaffold("Acme", today=today)
        dates = [dt.date.fromisoformat(d) for rel, text in files.items()
                 if rel.startswith(("advocates/", "case_studies/"))
                 for d in re.findall(r"\b\d{4}-\d\d-\d\d\b", text)]
        assert dates and all(today - dt.timedelta(days=1000) < d <= today for d in dates), (today, dates)
        assert max(dates) >= today - dt.timedelta(days=30), "something recent"
        assert not any("@@" in text for text in files.values()), "a token was left unreplaced"


def test_a_name_with_markup_is_escaped_where_it_lands() -> None:
    name = 'Ax <b>&</b> "Co" */ --- *bold*'
    files = render_scaffold(name)
    config = yaml.safe_load(files["mkdocs.yml"])
    assert config["site_name"] == f"{name} Customers"
    advocacy = next(p["advocacy"] for p in config["plugins"] if isinstance(p, dict) and "advocacy" in p)
    assert advocacy["product"]["name"] == name
    for rel in ("content/assets/logo.svg", "content/assets/favicon.svg"):
        ET.fromstring(files[rel])  # still well-formed XML
    assert ET.fromstring(files["content/assets/logo.svg"]).get("aria-label") == name
    assert "theme.favicon in mkdocs.yml" in files["content/assets/brand.css"].split("*/")[0]  # not cut short
    assert "<b>" not in files["content/index.md"] and "&lt;b&gt;" in files["content/index.md"]
    assert r"\*bold\*" in files["content/index.md"]


def test_default_name_and_help_drafts() -> None:
    files = render_scaffold()
    config = yaml.safe_load(files["mkdocs.yml"])
    assert config["site_name"] == f"{DEFAULT_NAME} Customers"
    assert config["draft_docs"].split() == ["help/"], "pages for editors stay out of the published site"
    assert "navigation.tabs" in config["theme"]["features"]
    assert config["extra_css"] == ["assets/brand.css"]
    assert config["theme"]["logo"] == "assets/logo.svg" and config["theme"]["favicon"] == "assets/favicon.svg"
    assert all(entry["primary"] == "custom" for entry in config["theme"]["palette"])
    css = files["content/assets/brand.css"]
    assert css.startswith(f"/* {DEFAULT_NAME} brand colours") and "logo.svg" in css


# --- the browser -------------------------------------------------------------------------------------


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.mark.slow
@pytest.mark.browser
def test_the_home_page_in_a_browser(acme: dict) -> None:
    """At 1280 and 375 px: brand colours in the header, the hero's gradient, the tabs (wide only),
    the logo, no console error, no horizontal overflow; screenshots for a human to compare with the
    README's."""
    from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser
    from playwright.sync_api import sync_playwright

    require_browser()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(acme["site"])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width, height in ((1280, 900), (375, 812)):
                context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
                context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"),
                              lambda route: route.fulfill(status=200, body=""))
                page = context.new_page()
                page.on("console", lambda m, w=width: errors.append(f"{w}: {m.text}") if m.type == "error" else None)
                page.on("pageerror", lambda e, w=width: errors.append(f"{w}: {e}"))
                page.goto(url)
                page.wait_for_load_state("networkidle")
                page.evaluate("document.fonts.ready")
                header = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
                assert header == "rgb(36, 59, 99)", f"the header is not in the brand colour: {header}"
                hero = page.eval_on_selector(".brand-hero", "el => getComputedStyle(el).backgroundImage")
                assert hero.startswith("linear-gradient"), hero
                assert page.is_visible(".brand-hero h1") and page.is_visible(".brand-hero .md-button--primary")
                assert page.is_visible(".md-tabs") == (width > 1000), "tabs on wide screens only"
                if width > 1000:
                    assert page.eval_on_selector(".md-header .md-logo img", "img => img.naturalWidth") > 0
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{width}px: the page scrolls sideways ({scroll}px)"
                page.screenshot(path=str(ARTIFACTS / f"home-{width}.png"), full_page=True, animations="disabled")
                page.goto(url + "case-studies/")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(ARTIFACTS / f"case-studies-{width}.png"), animations="disabled")
                context.unroute_all(behavior="ignoreErrors")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not errors, "\n".join(errors)
