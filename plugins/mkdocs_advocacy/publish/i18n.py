"""The site's language: the words of every generated page, the feed and the badge, and how dates
and numbers are written, for MkDocs' `theme.language` (default `en`).

The words are gettext catalogs, `locale/<lang>/LC_MESSAGES/advocacy.po`, read with Babel when a
build starts: there is nothing to compile and no `.mo` file in the repository. A language without
a catalog falls back to its base language (`de-CH` to `de`), then to English; a string missing
from a catalog prints in English. Templates call `_()` and `ngettext()` (`render.py` installs this
catalog), Python code `Language.gettext` and `Language.ngettext`; both are newstyle: placeholders
are named (`%(num)s`) and filled in by the call, and `num` is the count written for the locale.
`make messages` re-extracts the strings (babel.cfg) and updates every catalog.

api/*.json is machine data: nothing there passes through this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from decimal import Decimal
from fractions import Fraction
from gettext import GNUTranslations, NullTranslations
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..core.numbers import exact, round_half_up

LOCALE_DIR = Path(str(resources.files("mkdocs_advocacy"))) / "locale"
DOMAIN = "advocacy"
SOURCE = "en"  # the language of the msgids
# English keeps the day-month-year dates the site always printed ("1 December 2026"); other
# languages take CLDR's long date ("1. Dezember 2026", "1 de diciembre de 2026", "2026年12月1日").
LONG_DATE = {"en": "d MMMM y"}
_CODE = re.compile(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})*")


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; it is translated where it is printed."""
    return message


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> list[str]:
    """The languages with a catalog."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if catalog_path(p.name).is_file())


def _remembered(method: Any) -> Any:
    """Babel formats a number or a date in tens of microseconds, and a large site asks for the same
    few ratings and dates tens of thousands of times: answers are kept per language."""
    name = "_memo_" + method.__name__

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> str:
        memo = self.__dict__.get(name)
        if memo is None:
            memo = self.__dict__[name] = {}
        # 4.0 and 4 print differently, so the type is in the key; one argument (the usual call,
        # tens of thousands of times a build) keyed without building tuples of tuples
        key = (type(args[0]), args[0]) if len(args) == 1 and not kwargs else \
            (tuple((type(a), a) for a in args), tuple(sorted(kwargs.items())))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = method(self, *args, **kwargs)
        return hit  # type: ignore[no-any-return]

    return wrapper


class Language:
    """One language's translations and Babel formatters."""

    def __init__(self, code: str, translations: NullTranslations, requested: str | None = None) -> None:
        self.code = code  # the catalog's language ("de"); Babel formats for the same locale
        self.requested = requested or code  # what the site asked for ("de-CH", "it")
        self.locale = Locale.parse(code)
        self.translations = translations

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @property
    def fell_back(self) -> bool:
        """True when the site asked for a language we have no catalog of (the pages are in English)."""
        return self.code == SOURCE and _base(self.requested) != SOURCE

    # ------------------------------------------------------------------ words

    def gettext(self, message: str, **variables: Any) -> str:
        return self.translations.gettext(message) % variables

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", self.number(num))
        return self.translations.ngettext(singular, plural, num) % variables

    def pgettext(self, context: str, message: str, **variables: Any) -> str:
        return self.translations.pgettext(context, message) % variables

    # ------------------------------------------------------------------ dates and numbers

    @_remembered
    def long_date(self, value: dt.date | None) -> str:
        if value is None:
            return ""
        return format_date(value, LONG_DATE.get(self.code, "long"), locale=self.locale)

    @_remembered
    def short_date(self, value: dt.date | None) -> str:
        """Month and year: "Dec 2026", "Dez. 2026", "2026年12月"."""
        return format_skeleton("yMMM", value, locale=self.locale) if value else ""

    @_remembered
    def number(self, value: float | int | Decimal) -> str:
        """A count or a rating as written: 5, not 5.0; 4.5 as 4.5 (4,5 in German); 1,234 grouped."""
        if isinstance(value, float):
            value = Decimal(str(value))
        return format_decimal(value, locale=self.locale)

    @_remembered
    def decimal(self, value: Fraction | float | None, places: int = 1) -> str:
        """Rounded half up (SPEC.md) to `places` decimals, every one of them shown: 4.0, 4,6."""
        if value is None:
            return ""
        v = value if isinstance(value, Fraction) else exact(value)
        return format_decimal(round_half_up(v, places), format="#,##0." + "0" * places, locale=self.locale,
                              decimal_quantization=False)

    @_remembered
    def rank_label(self, rank: int) -> str:
        """A champion's rank as a screen reader says it ("Rank 12"): once per rank, not per row shown."""
        return self.gettext("Rank %(rank)s", rank=self.number(rank))

    def join(self, items: list[str]) -> str:
        """A list as a sentence writes it: "5, 10, and 25", "5, 10 und 25", "5、10、25"."""
        return format_list([str(i) for i in items], locale=self.locale) if items else ""


def _base(code: str) -> str:
    return code.replace("-", "_").split("_")[0].lower()


def _load(code: str) -> NullTranslations:
    with open(catalog_path(code), "rb") as f:
        catalog = read_po(f, locale=code, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)  # fuzzy and empty entries are left out: they print the English msgid
    mo.seek(0)
    return GNUTranslations(mo)


@functools.cache
def language(requested: str | None = None) -> Language:
    """The catalog for `requested` (MkDocs' `theme.language`), else its base language's, else English."""
    wanted = (requested or SOURCE).strip() or SOURCE
    normal = wanted.replace("-", "_")
    if not _CODE.fullmatch(normal):  # a language tag, nothing that could name another folder
        return Language(SOURCE, _load(SOURCE), wanted)
    candidates = [normal, _base(normal)]
    if "_" in normal:  # a Babel-style name with a capitalized territory: pt_br -> pt_BR
        lang, _, territory = normal.partition("_")
        candidates.insert(1, f"{lang.lower()}_{territory.upper()}")
    for code in candidates:
        if catalog_path(code).is_file():
            return Language(code, _load(code), wanted)
    return Language(SOURCE, _load(SOURCE), wanted)
