"""Every word the public pages print comes from the gettext catalogs (plugins/mkdocs_advocacy/locale/),
in English, German, French, Spanish and Japanese, and Babel writes their dates and numbers.

The catalogs are checked against what babel.cfg extracts (the same map `make messages` uses): a
string added to a template, to advocacy.js's data-* words or to Python without `make messages` and
a translation fails here. So does a word typed into a template outside `_()`, or into advocacy.js.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from mkdocs_advocacy.publish import i18n
from mkdocs_advocacy.publish.render import TEMPLATES, Renderer

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "de", "fr", "es", "ja"]
TRANSLATED = [lang for lang in LANGUAGES if lang != i18n.SOURCE]


def _extracted() -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> the message's forms (msgid, msgid_plural), as `make messages` extracts them."""
    with open(REPO / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    out: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for filename, _line, message, _comments, context in extract_from_dir(str(REPO), method_map, options_map):
        forms = (message,) if isinstance(message, str) else tuple(message)
        assert all(forms), f"{filename}: an empty or non-literal string is marked for translation: {message!r}"
        previous = out.setdefault((context, forms[0]), forms)
        assert previous == forms, f"{forms[0]!r} is used both with and without a plural ({filename})"
    return out


EXTRACTED = _extracted()


def _catalog(lang: str):
    with open(i18n.catalog_path(lang), "rb") as f:
        return read_po(f, locale=lang)


def _tags(text: str) -> Counter:
    return Counter(re.findall(r"</?[a-z]+[^>]*>", text))


def test_the_extraction_finds_the_pages_strings():
    """A sanity check of babel.cfg: strings from templates, the JS words and Python are all there."""
    ids = {msgid for _ctx, msgid in EXTRACTED}
    assert {"Case studies", "Clear filters", "%(size)s employees", "Customer survey", "Page not found",
            "%(average)s ★ · %(num)s review", "Want results like these? Talk to us, or to a customer like you.",
            "%(title)s (page %(page)s)"} <= ids
    assert ("tier", "Champion") in EXTRACTED
    assert len(EXTRACTED) > 150


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_in_every_catalog_and_translated(lang: str):
    catalog = _catalog(lang)
    entries = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    missing = [key for key in EXTRACTED if key not in entries]
    assert not missing, f"{lang}: not in the catalog (run `make messages`, then translate): {missing}"
    stale = [key for key in entries if key not in EXTRACTED]
    assert not stale, f"{lang}: in the catalog but no longer used (run `make messages`): {stale}"
    problems = []
    for key, forms in EXTRACTED.items():
        m = entries[key]
        plural = len(forms) > 1
        if plural != isinstance(m.id, tuple):
            problems.append(f"{key}: plural in the code, not in the catalog (or the reverse)")
            continue
        if "fuzzy" in m.flags:
            problems.append(f"{key}: marked fuzzy (check the translation, then remove the flag)")
        strings = list(m.string) if isinstance(m.string, tuple) else [m.string]
        if lang == i18n.SOURCE:
            continue  # the msgids are the English text
        if plural and len(strings) != catalog.num_plurals:
            problems.append(f"{key}: {len(strings)} plural forms, {lang} has {catalog.num_plurals}")
        if not all(s.strip() for s in strings):
            problems.append(f"{key}: not translated")
            continue
        for s in strings:
            if _tags(s) != _tags(forms[0]):
                problems.append(f"{key}: the translation's HTML tags differ: {s!r}")
        problems += [f"{key}: {error}" for error in m.check(catalog)]
    assert not problems, f"{lang}:\n" + "\n".join(problems)


def test_the_shipped_template_is_current():
    """advocacy.pot, from which a new language starts (`pybabel init`), has what the code uses."""
    with open(i18n.LOCALE_DIR / "advocacy.pot", "rb") as f:
        pot = read_po(f)
    keys = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in pot if m.id}
    assert keys == set(EXTRACTED), "run `make messages`"


# --- no words outside gettext ------------------------------------------------------------------

_TRANSLATED_ATTRS = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
_WORD = re.compile(r"[^\W\d_]{2,}")


def _literal_words(source: str) -> list[str]:
    """Words a template prints as they are (outside `{{ }}`, `{% %}` and `{# #}`): text between
    tags, and the values of the attributes people read (aria-label, alt, title, placeholder)."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    # the template's literal text, with every tag, expression and comment of Jinja's as one \x00
    skeleton = "".join(value if kind == "data" else "\x00" for _line, kind, value in env.lex(source)
                       if kind == "data" or kind.endswith("_begin"))
    skeleton = re.sub(r"<!--.*?-->", "", skeleton, flags=re.S)
    found = []
    for tag in re.findall(r"<[^>]*>", skeleton):
        found += [w for value in _TRANSLATED_ATTRS.findall(tag) for w in _WORD.findall(value)]
    found += _WORD.findall(re.sub(r"<[^>]*>", " ", skeleton))
    return found


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")))
def test_templates_print_no_words_outside_gettext(template: str):
    words = _literal_words((TEMPLATES / template).read_text(encoding="utf-8"))
    assert not words, f"{template}: text outside _() / ngettext(): {words}"


def test_the_script_prints_no_words_of_its_own():
    """advocacy.js reads what it prints from the page's data-* attributes (rendered with `_()`)."""
    source = (TEMPLATES.parent / "assets" / "advocacy.js").read_text(encoding="utf-8")
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', source)
    allowed = re.compile(r"^(use strict|nofollow noopener|adv-[\w -]*|\(max-width: [\d.]+em\))$")
    words = [s for s in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", s) and not allowed.match(s)]
    assert not words, f"advocacy.js prints words of its own (render them into data-* with _()): {words}"


# --- the language module -------------------------------------------------------------------------

def test_a_language_falls_back_to_its_base_then_english():
    assert i18n.language("de-CH").code == "de"
    assert i18n.language("de_AT").code == "de"
    assert i18n.language("ja").code == "ja"
    for other in ("pt-BR", "it", "", None, "../../etc/passwd", "en"):
        lang = i18n.language(other)
        assert lang.code == "en"
        assert lang.fell_back == (other not in ("", None, "en"))
    assert set(LANGUAGES) <= set(i18n.available())


def test_dates_and_numbers_in_each_language():
    day = dt.date(2026, 12, 1)
    expected = {"en": ("1 December 2026", "Dec 2026", "4.6", "1,234"),
                "de": ("1. Dezember 2026", "Dez. 2026", "4,6", "1.234"),
                "fr": ("1 décembre 2026", "déc. 2026", "4,6", "1\u202f234"),
                "es": ("1 de diciembre de 2026", "dic 2026", "4,6", "1.234"),
                "ja": ("2026年12月1日", "2026年12月", "4.6", "1,234")}
    for code, (long_, short, decimal, count) in expected.items():
        lang = i18n.language(code)
        assert (lang.long_date(day), lang.short_date(day), lang.decimal(Fraction(459, 100)), lang.number(1234)) \
            == (long_, short, decimal, count), code
    assert i18n.language("en").decimal(Fraction(445, 100)) == "4.5"  # half up, as SPEC.md rounds
    assert i18n.language("de").decimal(4) == "4,0"
    assert i18n.language("de").number(4.5) == "4,5"


def test_plurals_and_counts_in_python_and_templates():
    de, ja = i18n.language("de"), i18n.language("ja")
    assert de.ngettext("%(num)s review", "%(num)s reviews", 1) == "1 Bewertung"
    assert de.ngettext("%(num)s review", "%(num)s reviews", 1234) == "1.234 Bewertungen"
    assert ja.ngettext("%(num)s review", "%(num)s reviews", 3) == "レビュー3件"
    renderer = Renderer([str(TEMPLATES)], "de")
    template = renderer.env.from_string('{{ ngettext("%(num)s star", "%(num)s stars", n) }}|{{ _("Reviews") }}')
    assert template.render(n=1) == "1 Stern|Bewertungen"
    assert template.render(n=1500) == "1.500 Sterne|Bewertungen"
    fr = Renderer([str(TEMPLATES)], "fr").env.from_string('{{ ngettext("%(num)s star", "%(num)s stars", 0) }}')
    assert fr.render() == "0 étoile"  # French: 0 and 1 are singular


def test_translations_are_escaped_values_and_trusted_markup():
    """A record's text in a placeholder is escaped; the catalog's own markup (<strong>) is kept."""
    env = Renderer([str(TEMPLATES)], "de").env
    out = env.from_string('{{ _("%(title)s at <strong>%(company)s</strong>", title=t, company=c) }}').render(
        t="<script>", c="A & B")
    assert out == "&lt;script&gt; bei <strong>A &amp; B</strong>"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_remembered_words_print_what_jinjas_own_gettext_prints(lang: str):
    """Our `_()` (a memo for calls without placeholders) against Jinja's newstyle gettext over the
    same catalog: every message of the catalog, twice (the second from the memo), and `%%`."""
    renderer = Renderer([str(TEMPLATES)], lang)
    stock = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    stock.install_gettext_translations(renderer.lang.translations, newstyle=True)  # type: ignore[attr-defined]
    ids = [m.id for m in _catalog(lang) if m.id and isinstance(m.id, str) and "%(" not in m.id] + ["100%% sure"]
    assert len(ids) > 100
    source = "|".join("{{ _(" + repr(i) + ") }}{{ gettext(" + repr(i) + ") }}" for i in ids)
    ours = renderer.env.from_string(source)
    assert ours.render() == ours.render() == stock.from_string(source).render()
    assert "100% sure" in ours.render()
