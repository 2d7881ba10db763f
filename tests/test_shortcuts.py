"""The render shortcuts (engines/shortcuts.py, engines/chrome.py) against the long way.

Case studies and spotlights share their chrome, table of contents included, and Material's search
plugin gets our pages' entries without parsing them: the site is the same, byte for byte, as with
`render_shortcuts: false`, and the shortcuts are shown to have been taken (a comparison alone
would also pass if every page fell back to a full render).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core import halves
from mkdocs_advocacy.engines import shortcuts
from mkdocs_advocacy.engines.chrome import FULL, Chrome
from sitegen import ENV, build, mkdocs_yml, site_files, without_shortcuts, write, write_yaml

search_plugin = pytest.importorskip("material.plugins.search.plugin")

# --------------------------------------------------------------------------- search sections


class _Page:
    """What Material's SearchIndex reads of a page."""

    def __init__(self, content: str, toc: Any = (), url: str = "case-studies/x/") -> None:
        self.content, self.toc, self.url = content, list(toc), url
        self.meta = {"title": "Page &amp; title"}
        self.title = "Page title"


def _index() -> Any:
    return search_plugin.SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})


def material_entries(text: str, toc: Any = ()) -> list[dict]:
    index = _index()
    index.add_entry_from_context(_Page(text, toc))
    return index.entries


def our_entries(text: str, toc: Any = ()) -> list[dict] | None:
    sections = shortcuts.search_sections(text)
    if sections is None:
        return None
    index, page = _index(), _Page("", toc)
    for section in sections:
        index.create_entry_for_section(section, page.toc, page.url, page)
    return index.entries


CASES = [
    "",
    "plain text only",
    '<h1 id="top">Title</h1> <p>One.</p> <h2 id="a">A</h2> <p>Two &amp; three &lt;b&gt; &quot;q&quot; &#39;s&#39;</p>',
    '<p>Before any heading</p> <h2 id="a">A</h2> text <h3 id="b">B <em>x</em></h3> <p> </p> <p>kept</p>',
    '<h2>No id</h2> <p>x</p> <h2 id="c">C</h2> <h2>No id again</h2> <p>y</p>',
    '<p>a</p> <p> </p> <p></p> <h3 id="d" class="x">D</h3> <p>b</p> <p> </p>',
    '<p class="adv-lede">lede</p> <h2 id="e">E</h2> </p> stray close <p>open never closed',
    '<p> <h2 id="f">nested in p</h2> inside </p> after <h2 id="g">G</h2> <p>g</p>',
    '<h1 id="h1">One</h1> <h1 id="h2">Two</h1> &nbsp; <p>&nbsp;</p> <p>&#32;</p> x&ampy &amp',
    '<h2 id="i">I &amp; &lt;i&gt;</h2> <p>Ω — “quotes” ★ ¶</p> <h4 id="j">J</h4>',
]


@pytest.mark.parametrize("text", CASES)
def test_search_sections_give_materials_entries(text):
    text = shortcuts.search_text(text)
    toc = [_Anchor("a"), _Anchor("c", [_Anchor("d")]), _Anchor("g")]
    ours = our_entries(text, toc)
    assert ours is not None, "the usual markup takes the shortcut"
    assert ours == material_entries(text, toc)


class _Anchor:
    def __init__(self, id: str, children: list | None = None) -> None:
        self.id, self.children, self.title, self.level = id, children or [], id, 2

    @property
    def url(self) -> str:
        return "#" + self.id


@pytest.mark.parametrize("text", ['<p data-search-exclude="">x</p>', "<div>x</div>", "a < b",
                                  '<h2 id="a&amp;b">x</h2>', "<p>x</P>", "<p/>"])
def test_markup_outside_search_texts_is_left_to_material(text):
    assert our_entries(text) is None


_pieces = st.sampled_from(["<p>", "</p>", '<p class="c">', "<h1>", "</h1>", '<h1 id="t">', '<h2 id="a">',
                           '<h2 id="b" class="x">', "</h2>", "<h3>", "</p >", '<h3 id="c">', "</h3>", " ", "x", "Ana Silva",
                           "&amp;", "&lt;", "&#39;", "&nbsp;", "&", "—", "\n", "say \"hi\""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_pieces, max_size=30))
def test_search_sections_agree_with_material_on_any_mix(pieces):
    text = " ".join("".join(pieces).split())  # as search_text gives it
    ours = our_entries(text, [_Anchor("a"), _Anchor("b"), _Anchor("c")])
    try:
        theirs = material_entries(text, [_Anchor("a"), _Anchor("b"), _Anchor("c")])
    except ValueError:  # Material's parser fails on some orders of tags: then ours must not answer
        assert ours is None
        return
    assert ours is None or ours == theirs


# --------------------------------------------------------------------------- whole sites

STORY = "{who} rebuilt the forecast.\n\n## Before\n\nIt was slow &amp; manual for {who}.\n\n## After\n\nNow *fast*.\n"


def _site(root: Path, **top: Any) -> Path:
    mkdocs_yml(root, {"page_size": 10}, markdown_extensions=[{"toc": {"permalink": True}}], **top)
    write(root / "content/index.md", "# Home\n\nHand-written words.\n\n<!-- advocacy: rating -->\n")
    people = ["ana-silva", "ben-okoro", "chen-li", "dora-maas", "eli-ward"]
    for i, slug in enumerate(people):
        name = slug.replace("-", " ").title()
        data: dict[str, Any] = {
            "name": name, "title": "Director", "company": f"{name.split()[1]} Co", "industry": "Retail",
            "consent": {"public": True, "given": "2025-01-01"},
            "testimonials": [{"quote": f"Quote by {name}.", "date": f"2025-0{i + 1}-10"}],
            "reviews": [{"platform": "g2", "rating": 5, "date": f"2025-0{i + 1}-11"}]}
        # four stories with headings (one group of look-alike pages), one without
        story = STORY.format(who=name) if i < 4 else f"{name} said it in one line."
        data["spotlight"] = {"date": f"2025-1{i % 3}-0{i + 1}", "headline": f"{name}'s story", "story": story}
        write_yaml(root / f"advocates/{slug}.yml", data)
    for n in range(1, 6):
        body = (f"Intro {n}.\n\n## Challenge {n}\n\nBody {n} & more.\n\n### Detail {n}\n\nDetail text {n}.\n\n"
                f"## Results\n\nIt worked for Customer {n}.\n") if n < 5 else "No headings at all.\n"
        write(root / f"case_studies/case-{n}.md", f"---\ntitle: Case {n}\ncustomer: Customer {n}\n"
              f"summary: Summary {n}.\ndate: 2025-0{n}-15\nindustry: Retail\nuse_cases: [Forecasting]\n"
              f"advocates: [ana-silva]\nresults:\n  - {{value: \"{n}0%\", label: better}}\n---\n\n{body}")
    return root


def _built(root: Path, config: str = "mkdocs.yml") -> tuple[Any, dict[str, bytes]]:
    """Build in this process; the plugin and the site written."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    loaded = load_config(config_file=str(root / config), site_dir=str(root / f"site-{config}"))
    mkdocs_build(loaded)
    return loaded.plugins["advocacy"], site_files(root / f"site-{config}")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return _site(tmp_path_factory.mktemp("shortcuts"))


def test_case_studies_and_spotlights_share_chrome_and_match_the_long_way(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")
    full_renders: list[str] = []
    from mkdocs_advocacy.engines import chrome

    original = chrome.SharedChrome._full

    def counted(self, template, context):  # type: ignore[no-untyped-def]
        full_renders.append(context["page"].url)
        return original(self, template, context)

    monkeypatch.setattr(chrome.SharedChrome, "_full", counted)
    plugin, fast = _built(example)
    shared = plugin.build.shortcuts.chrome
    groups = {key[0]: state for key, state in shared.groups.items() if key[-1]}  # with a table of contents
    assert isinstance(groups["case-studies"], Chrome) and groups["case-studies"].toc is not None
    assert isinstance(groups["spotlight"], Chrome) and groups["spotlight"].toc is not None
    filled = {f"case-studies/case-{n}/" for n in range(1, 5)} - set(full_renders)
    assert filled, "case studies with a table of contents were filled in from the shared chrome"
    stories = {f"spotlight/{s}/" for s in ("ana-silva", "ben-okoro", "chen-li", "dora-maas")}
    assert stories - set(full_renders), "spotlights too"

    _, slow = _built(example, without_shortcuts(example))
    assert fast.keys() == slow.keys()
    assert [k for k in fast if fast[k] != slow[k]] == []

    page = fast["case-studies/case-2/index.html"].decode()
    assert 'href="#challenge-2" class="md-nav__link"' in page and 'href="#detail-2"' in page
    assert 'class="md-skip"' in page and 'href="#challenge-2" class="md-skip"' in page
    docs = json.loads(fast["search/search_index.json"])["docs"]
    by_location = {d["location"]: d for d in docs}
    assert by_location["case-studies/case-2/#detail-2"]["title"] == "Detail 2"
    assert "Detail text 2" in by_location["case-studies/case-2/#detail-2"]["text"]
    assert by_location["spotlight/ben-okoro/#before"]["title"] == "Before"
    assert all("¶" not in d["title"] + d["text"] for d in docs)


def test_the_search_shortcut_makes_every_entry_of_our_pages(example, monkeypatch):
    """Material's parser sees none of our pages; the hand-written home page it still parses."""
    seen: list[str] = []
    original = search_plugin.SearchIndex.add_entry_from_context

    def parsing(self, page):  # type: ignore[no-untyped-def]
        if page.content:
            seen.append(page.url)
        return original(self, page)

    monkeypatch.setattr(search_plugin.SearchIndex, "add_entry_from_context", parsing)
    plugin, site = _built(example)
    assert seen == [""]
    assert any(d["location"] == "" and "Hand-written words." in d["text"]
               for d in json.loads(site["search/search_index.json"])["docs"])


@pytest.mark.parametrize("variant", ["nav and toc.integrate", "no search plugin", "search disabled",
                                     "mkdocs theme and search"])
def test_other_setups_match_the_long_way(tmp_path, monkeypatch, variant):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")
    top: dict[str, Any] = {}
    if variant == "nav and toc.integrate":  # a case study and a story in the nav: their own nav items, with their toc
        top = {"theme": {"name": "material", "features": ["toc.integrate", "navigation.tabs"]},
               "nav": [{"Home": "index.md"}, {"Case studies": "case-studies/index.md"},
                       {"Four": "case-studies/case-4/index.md"}, {"Story": "spotlight/dora-maas/index.md"}]}
    root = _site(tmp_path, **top)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    if variant == "no search plugin":
        config["plugins"] = [p for p in config["plugins"] if p != "search"]
    elif variant == "search disabled":
        config["plugins"] = [{"search": {"enabled": False}} if p == "search" else p for p in config["plugins"]]
    elif variant == "mkdocs theme and search":
        config["theme"] = {"name": "mkdocs"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    fast = build(root, "--strict")
    assert fast.returncode == 0, fast.stderr[-2000:]
    slow = build(root, "--strict", site="site-full", config=without_shortcuts(root))
    assert slow.returncode == 0, slow.stderr[-2000:]
    a, b = site_files(root / "site"), site_files(root / "site-full")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    if variant == "nav and toc.integrate":
        page = a["case-studies/case-4/index.html"].decode()
        assert 'md-nav__link--active' in page and 'href="#detail-4"' in page


def test_a_group_whose_chrome_differs_falls_back_to_full_renders(example, monkeypatch, tmp_path):
    """A theme that prints the table of contents somewhere of its own: the group renders in full."""
    theme = tmp_path / "theme"
    write(theme / "main.html", '{% extends "base.html" %}\n{% block hero %}{% for t in page.toc %}'
          '<p class="own">{{ t.title }}</p>{% endfor %}{% endblock %}\n')
    config = yaml.safe_load((example / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"] = {"name": "material", "custom_dir": str(theme)}
    (example / "mkdocs-theme.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    plugin, site = _built(example, "mkdocs-theme.yml")
    groups = {key[0]: state for key, state in plugin.build.shortcuts.chrome.groups.items() if key[-1]}
    assert groups["case-studies"] is FULL
    assert '<p class="own">Challenge 3</p>' in site["case-studies/case-3/index.html"].decode()


FORKING_BUILD = ("import sys; from mkdocs_advocacy.core import halves; halves.MIN_PAGES = 1; "
                 "from mkdocs.__main__ import cli; cli(['build', '-v', '-f', sys.argv[1], '-d', sys.argv[2]])")


@pytest.mark.skipif(halves.usable_cores() < 2 or sys.platform != "linux",
                    reason="renders are shared with a second process only on Linux with two cores")
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_pages_rendered_by_a_second_process_are_the_pages_of_the_long_way(tmp_path, theme):
    """A full build whose heads, bodies and search entries are made with a forked child (any page
    count: the threshold set to one) against `render_shortcuts: false`, every byte, the search index
    included (Material's sections, or MkDocs' own search given text); and the child did render."""
    root = _site(tmp_path, theme={"name": theme})
    forked = subprocess.run([sys.executable, "-c", FORKING_BUILD, str(root / "mkdocs.yml"), str(root / "site")],
                            cwd=root, env=ENV, capture_output=True, text=True, timeout=600)
    assert forked.returncode == 0, forked.stderr[-2000:]
    by_child = re.search(r"(\d+) rendered by a second process", forked.stderr)
    assert by_child and int(by_child.group(1)) > 0, forked.stderr[-2000:]
    ahead = re.search(r"(\d+) pages' search entries made with their bodies", forked.stderr)
    assert ahead and int(ahead.group(1)) > 0, forked.stderr[-2000:]  # the same bytes, and not by the long way
    slow = build(root, "--strict", site="site-full", config=without_shortcuts(root))
    assert slow.returncode == 0, slow.stderr[-2000:]
    a, b = site_files(root / "site"), site_files(root / "site-full")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
