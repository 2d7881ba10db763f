"""Fingerprints of generated pages: which pages a record edit changes, without rendering them.

A page's HTML is a function of its fields (title, description, head data, context) and of what
its templates ask the site while it renders (`site.photo(slug)`, `site.settings`, ...). So a
fingerprint is the page as planned and a trace of what it asked: every question asked of the site,
with a digest of its answer. The plan hands back last build's page object when the page made again
is equal to it (`pages.KeptPages`), so on the next build a page is unchanged when it is the same
object and every recorded question, asked again of the new site, gets the same answer (the
"verifying traces" of build systems with dynamic dependencies). Nothing here knows an engine;
`engines/live.py` uses it under `advocacy serve`.

Records are frozen models that the parse cache (`core/cache.py`) hands back unchanged between
rebuilds, and their testimonial and review rows are kept with them (`core/public.py`), so the
digests of answers made of them are kept by identity and an edit re-hashes one record, not ten
thousand.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import PurePath
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from ..core.cache import KeptWith
from ..core.difference import changed_slugs
from ..core.load import AdvocateEntry, CaseStudyEntry
from ..core.public import ProductFigures, ReviewRow, TestimonialRow
from ..core.reviews import Aggregate, PlatformFigure
from ..core.standings import Activity, Standing, WallRow
from .i18n import Language
from .kinds import PageKind
from .pages import KeptPages
from .site import ANSWERED_BY_ONE_ADVOCATE

_SCALARS = (str, int, float, bool, type(None), dt.date, Fraction, Decimal, PurePath, enum.Enum)
# Rows of scalars and of one another only (a test holds them to that), so their dataclass repr says
# all they hold: hashing it is five times faster than walking them.
PLAIN_ROWS = frozenset({TestimonialRow, ReviewRow, Standing, WallRow, Activity, PlatformFigure, Aggregate,
                        ProductFigures})


# Lists, tuples and dicts this long are digested once per build, by identity: the plan does not
# change while a build renders.
LARGE = 16


class Unhashable(TypeError):
    """A value of a type the digest does not know: the page then counts as changed, always."""


def _repr_digest(value: Any) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).digest()


class Digests:
    """Content digests of values. Frozen models are memoised by identity, holding a reference so
    that an id is not reused while its digest is kept, until a build no longer shows them."""

    def __init__(self) -> None:
        # models (records, entries, rows) digested since new_build, and those of the build before
        # not digested again yet: a build keeps what it used without walking all that was kept
        self._models: dict[int, tuple[Any, bytes]] = {}
        self._older: dict[int, tuple[Any, bytes]] = {}
        self._build: dict[int, tuple[Any, bytes]] = {}  # frozen dataclasses, for one build
        self.unknown: set[str] = set()
        self._serial = itertools.count()  # names for values compared by identity, never reused

    def new_build(self) -> None:
        """Forget the rows of the last build, and the records it did not show (edited or gone)."""
        self._build = {}
        self._older, self._models = self._models, {}

    def of(self, value: Any) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        self._feed(h.update, value)
        return h.digest()

    def _feed(self, put: Callable[[bytes], Any], value: Any) -> None:
        if type(value) in PLAIN_ROWS:
            put(self._row(value))
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            # Markup prints as it is, a str escaped: the same text is not the same value
            put(b"s%d:" % len(data) if type(value) is str else b"%s%d:" % (type(value).__name__.encode(), len(data)))
            put(data)
        elif isinstance(value, _SCALARS):
            put(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))
        elif isinstance(value, (list, tuple, dict)):
            if len(value) >= LARGE:  # a listing's filters, a page of rows: the same object on many pages
                put(self._memo(self._build, value, self._container))
            else:
                self._items(put, value)
        elif isinstance(value, (set, frozenset)):
            put(b"<")
            for d in sorted(self.of(item) for item in value):
                put(d)
            put(b">")
        elif isinstance(value, BaseModel):
            put(self._kept(value, self._model))
        elif isinstance(value, (AdvocateEntry, CaseStudyEntry)):
            # by identity too: core/program.py hands back the same entry while its record is unchanged
            put(self._kept(value, self._entry))
        elif isinstance(value, Language):
            put(f"lang:{value.code}:{value.requested};".encode())
        elif isinstance(value, PageKind):
            put(b"K" + value.name.encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            params = getattr(type(value), "__dataclass_params__", None)
            if params is not None and params.frozen:
                put(self._memo(self._build, value, self._dataclass))
            else:
                put(self._dataclass(value))
        else:
            self.unknown.add(type(value).__qualname__)
            raise Unhashable(type(value).__qualname__)

    def _container(self, value: Any) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        self._items(h.update, value)
        return b"C" + h.digest()

    def _items(self, put: Callable[[bytes], Any], value: list | tuple | dict) -> None:
        if isinstance(value, dict):
            put(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(put, key)
                self._feed(put, item)
            put(b"}")
            return
        put(b"[%d" % len(value) if type(value) is list else b"(%d" % len(value))
        if all(type(item) in PLAIN_ROWS for item in value):  # a page of rows
            for item in value:
                put(self._row(item))
        else:
            for item in value:
                self._feed(put, item)
        put(b"]")

    def _row(self, value: Any) -> bytes:
        """A row's digest: by identity when it is the row of an unchanged record (core/public.py keeps
        those between rebuilds), else from its repr, which says all a plain row holds."""
        return self._kept(value, _repr_digest)

    def _kept(self, value: Any, digest: Callable[[Any], bytes]) -> bytes:
        """`digest(value)`, kept by identity from one build to the next while the build shows it."""
        key = id(value)
        hit = self._models.get(key)
        if hit is None and (hit := self._older.pop(key, None)) is not None:
            self._models[key] = hit
        if hit is not None and hit[0] is value:
            return hit[1]
        d = digest(value)
        self._models[key] = (value, d)
        return d

    def _memo(self, memo: dict[int, tuple[Any, bytes]], value: Any, digest: Callable[[Any], bytes]) -> bytes:
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        d = digest(value)
        memo[id(value)] = (value, d)
        return d

    def _entry(self, value: AdvocateEntry | CaseStudyEntry) -> bytes:
        fields = (value.slug, value.file, value.record) if isinstance(value, AdvocateEntry) else \
            (value.slug, value.file, value.front, value.body, value.body_line)
        h = hashlib.blake2b(digest_size=16)
        h.update(b"E" + type(value).__name__.encode())
        self._feed(h.update, fields)
        # The positions kept for error messages (`Located`) by identity: the parse cache hands
        # back the same object while the file is unchanged, and a template may print a line.
        h.update(self._kept(value.located, lambda located: b"L%d" % next(self._serial)))
        return h.digest()

    def _model(self, value: BaseModel) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        h.update(b"M" + type(value).__qualname__.encode())
        for name in type(value).model_fields:
            h.update(name.encode())
            self._feed(h.update, getattr(value, name))
        return h.digest()

    def _dataclass(self, value: Any) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        h.update(b"D" + type(value).__qualname__.encode())
        for f in dataclasses.fields(value):
            h.update(f.name.encode())
            self._feed(h.update, getattr(value, f.name))
        return h.digest()


Question = tuple[str, tuple, tuple]  # a site attribute or method, with the call's arguments


class SiteTrace:
    """The site as templates see it while a page renders: every attribute read and method call is
    recorded with a digest of its answer. `known`: the answers digested so far in this build, by
    question, shared by every page's trace (the site does not change while a build renders)."""

    def __init__(self, site: Any, digests: Digests, known: dict | None = None) -> None:
        object.__setattr__(self, "_site", site)
        object.__setattr__(self, "_digests", digests)
        object.__setattr__(self, "_known", {} if known is None else known)
        object.__setattr__(self, "answers", {})

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if callable(value) and not isinstance(value, type):
            def traced(*args: Any, **kwargs: Any) -> Any:
                result = value(*args, **kwargs)
                self._record((name, args, tuple(sorted(kwargs.items()))), result)
                return result
            return traced
        self._record((name, (), ()), value, attribute=True)
        return value

    def _record(self, question: Question, answer: Any, attribute: bool = False) -> None:
        answers: dict = self.answers
        arguments = question[1:]
        if _plain(arguments):  # slugs, numbers: the arguments are their own key
            key: tuple = (question[0], attribute, arguments)
        else:
            try:
                key = (question[0], attribute, self._digests.of(arguments))
            except Unhashable:
                key = (question[0], attribute, id(question))
        if key not in answers:
            known: dict = self._known
            digest = known.get(key, _UNKNOWN)
            if digest is _UNKNOWN:
                try:
                    digest = self._digests.of(answer)
                except Unhashable:
                    digest = None  # never equal to an answer: the page counts as changed
                if type(key[2]) is not int:  # a key by id() names this call only
                    known[key] = digest
            answers[key] = (question, digest)


_UNKNOWN = object()
_PLAIN = (str, int, type(None))  # not bool: True == 1, and the two could be answered differently


def _plain(value: Any) -> bool:
    """Strings, whole numbers and tuples of them: hashable, and equal exactly when they are the same."""
    if type(value) is tuple:
        return all(_plain(v) for v in value)
    return type(value) in _PLAIN


@dataclasses.dataclass
class Fingerprint:
    # ((name, is_attribute, digest of the arguments), (question, digest of the answer)) pairs: a tuple,
    # not a dict, for the tens of thousands of pages and cards `advocacy serve` keeps
    answers: tuple
    page: Any  # the page object rendered: a build that plans the same object (KeptPages) made it of the same
    extra: Any = None  # what else its HTML depends on (`Tracer.finish`): strings and lists of them


_NO_ANSWER = b""  # the question raised: never equal to a recorded answer's digest


def answered_alike(old: Fingerprint | _Card, site: Any, digests: Digests, asked: dict) -> bool:
    """Whether every question the page asked as it rendered gets the same answer of `site`."""
    for key, (question, answer) in old.answers:
        if answer is None or _answer_now(key, question, site, digests, asked) != answer:
            return False
    return True


def _answer_now(key: tuple, question: Question, site: Any, digests: Digests, asked: dict) -> bytes:
    """The digest of `site`'s answer to a recorded question. `asked`: the answers so far in this
    build, by question (many pages ask the same)."""
    now = asked.get(key)
    if now is None:
        name, attribute, _ = key
        _, args, kwargs = question
        try:
            value = getattr(site, name)
            if not attribute:
                value = value(*args, **dict(kwargs))
            now = digests.of(value)
        except Exception:  # the question has no answer any more (an advocate gone): changed
            now = _NO_ANSWER
        asked[key] = now
    return now  # type: ignore[no-any-return]


class _AnswersAsked:
    """Which pages asked what, for `Tracer.changed`: every recorded (question, answer) pair with the
    pages that recorded it. Ten thousand pages ask ninety thousand questions, a fifth of them
    different ones: each is asked once of the new site, and the pages whose answer moved are the
    union of a few sets, not a walk through every page's answers. A question about one advocate
    (`ANSWERED_BY_ONE_ADVOCATE`) is asked again only when that advocate's entry changed."""

    def __init__(self) -> None:
        # by the advocate a question is about (None: the others), (key, answer) -> (question, page URLs)
        self._pages: dict[str | None, dict[tuple, tuple[Question, set[str]]]] = {}
        self.unanswered: set[str] = set()  # pages with an answer that could not be digested: always changed

    def add(self, url: str, answers: tuple) -> None:
        for key, (question, answer) in answers:
            if answer is None:
                self.unanswered.add(url)
            else:
                held = self._pages.setdefault(_about(key, question), {})
                held.setdefault((key, answer), (question, set()))[1].add(url)

    def replace(self, url: str, before: tuple, after: tuple) -> None:
        """`remove(url, before)` then `add(url, after)`, touching only the pairs that differ: a
        listing page rendered again after its list moved by one shows nearly the same cards."""
        old = {(key, answer): question for key, (question, answer) in before}
        new = {(key, answer): question for key, (question, answer) in after}
        self.remove(url, tuple((key, (question, answer)) for (key, answer), question in old.items()
                               if (key, answer) not in new))
        self.add(url, tuple((key, (question, answer)) for (key, answer), question in new.items()
                            if (key, answer) not in old))
        if any(answer is None for _, answer in new):
            self.unanswered.add(url)

    def remove(self, url: str, answers: tuple) -> None:
        self.unanswered.discard(url)
        for key, (question, answer) in answers:
            about = _about(key, question)
            held = self._pages.get(about, {}).get((key, answer))
            if held is not None:
                held[1].discard(url)
                if not held[1]:
                    del self._pages[about][(key, answer)]
                    if not self._pages[about]:
                        del self._pages[about]

    def moved(self, site: Any, digests: Digests, asked: dict, changed: set[str] | None) -> set[str]:
        """The pages that asked a question `site` now answers differently (or could not answer).
        `changed`: the advocates whose entry is not the one the recorded answers were given of
        (None: not known, every question is asked)."""
        out = set(self.unanswered)
        groups = list(self._pages.values()) if changed is None else \
            [self._pages[about] for about in (None, *changed) if about in self._pages]
        for held in groups:
            for (key, answer), (question, urls) in held.items():
                if _answer_now(key, question, site, digests, asked) != answer:
                    out |= urls
        return out


def _about(key: tuple, question: Question) -> str | None:
    """The advocate a question is about, when its answer depends on their entry alone."""
    name, attribute, _ = key
    if attribute or name not in ANSWERED_BY_ONE_ADVOCATE:
        return None
    _, args, kwargs = question
    return args[0] if len(args) == 1 and not kwargs and type(args[0]) is str else None


class Remembered:
    """Data files made of the same inputs as in the last build: their bytes kept, not made again.
    `inputs` must hold everything the file is made of (the callers in publish/data.py say what)."""

    def __init__(self, digests: Digests) -> None:
        self.digests = digests
        self._kept: dict[str, tuple[bytes, bytes]] = {}
        self.made = 0  # how many files were made afresh, for tests

    def __call__(self, name: str, inputs: Any, make: Callable[[], bytes]) -> bytes:
        try:
            key = self.digests.of(inputs)
        except Unhashable:
            self._kept.pop(name, None)
            self.made += 1
            return make()
        hit = self._kept.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = make()
        self.made += 1
        self._kept[name] = (key, value)
        return value


@dataclasses.dataclass
class _Card:
    macro: Any
    text: Any  # its CardText (publish/render.py)
    answers: tuple  # what it asked of the site, as a page's fingerprint holds it
    checked: int = 0  # the build that last made or verified it (KeptCards.new_build counts them)
    # its answers not about one advocate, and those about each advocate (`_about`)
    general: tuple = ()
    about: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        general, about = [], {}  # type: ignore[var-annotated]
        for item in self.answers:
            slug = _about(item[0], item[1][0]) if item[1][1] is not None else None  # unanswered: always asked
            (general if slug is None else about.setdefault(slug, [])).append(item)
        self.general, self.about = tuple(general), {slug: tuple(items) for slug, items in about.items()}


class KeptCards:
    """Cards kept between rebuilds under `advocacy serve`: a card is a small page of its own, made of
    its record (a row, a case study, kept by identity) and of what it asks the site. It is shown again
    while the record is the same object and every question it asked gets the same answer, and the
    page showing it is given its questions, so that the page's fingerprint covers its cards."""

    def __init__(self, digests: Digests) -> None:
        self.digests = digests
        # by the card's record, dropped with it (a case study's card asks `site.logo(cs)`, so a card
        # holds its case study: one entry is kept too long per edit of a case study)
        self._kept = KeptWith()
        self._asked: tuple[Any, dict] = (None, {})  # the site rendering now, and its answers so far
        # the cards shown in this build so far, by id: a card on several pages is verified once
        self._shown: dict[int, _Card] = {}
        self.made = 0  # cards rendered, not taken from here: for tests
        self._weak_types: set[type] = set()  # the types of record a card was kept with (weakly referenced)
        # the advocates whose entry changed in each build (None: not known), the first one's aside
        self._builds: list[set[str] | None] = [None]
        self._since: dict[int, set[str] | None] = {}

    def new_build(self, site: Any, asked: dict, changed: set[str] | None) -> None:
        """`site` renders now; `asked`: its answers digested so far; `changed`: the advocates whose
        entry changed since the last build (None: not known)."""
        self._asked, self._shown = (site, asked), {}
        self._builds.append(changed)
        self._since = {}

    def _changed_since(self, build: int) -> set[str] | None:
        """The advocates whose entry changed after `build` (None: not known)."""
        if build not in self._since:
            found: set[str] | None = set()
            for changed in self._builds[build + 1:] if build >= len(self._builds) - HISTORY else [None]:
                if changed is None or found is None:
                    found = None
                    break
                found |= changed
            self._since[build] = found
        return self._since[build]

    def _alike(self, hit: _Card, site: Any) -> bool:
        """Whether the card's questions get the answers they got when it was last made or verified:
        of those about one advocate, only those about an advocate whose entry changed since."""
        since = self._changed_since(hit.checked)
        if since is None:
            return answered_alike(hit, site, self.digests, self._asked[1])
        asked = self._asked[1]
        for slug in (since & hit.about.keys()) if len(since) < len(hit.about) else \
                [s for s in hit.about if s in since]:
            for key, (question, answer) in hit.about[slug]:
                if answer is None or _answer_now(key, question, site, self.digests, asked) != answer:
                    return False
        for key, (question, answer) in hit.general:
            if answer is None or _answer_now(key, question, site, self.digests, asked) != answer:
                return False
        return True

    def card(self, renderer: Any, macro: Any, args: tuple) -> Any:
        # The templates' own shape, `card(macro, row, site[, flag])`, keyed without walking the
        # arguments: a listing page shows dozens of cards, a rebuild hundreds of such pages.
        if 2 <= len(args) <= 3 and type(args[1]) is SiteTrace and (len(args) == 2 or type(args[2]) in _FLAGS):
            at = 1
            others: tuple = () if len(args) == 2 else ((type(args[2]).__name__, args[2]),)
        else:
            traces = [i for i, a in enumerate(args) if isinstance(a, SiteTrace)]
            others = tuple((type(a).__name__, a) for i, a in enumerate(args) if i and i not in traces)
            if len(traces) != 1 or traces[0] == 0 or not all(type(a) in _FLAGS for _, a in others):
                return renderer.shown_card(renderer.card_text(macro, args))  # nothing to key it by
            at = traces[0]
        return Markup(self._show(renderer, macro, args, at, (getattr(macro, "name", ""), at, others)))

    def cards(self, renderer: Any, macro: Any, rows: Any, rest: tuple) -> Any:
        """`card(macro, row, *rest)` for each row, the shape `cards(macro, rows, site[, flag])` told once."""
        if not (1 <= len(rest) <= 2 and type(rest[0]) is SiteTrace and (len(rest) == 1 or type(rest[1]) in _FLAGS)):
            return Markup("".join([self.card(renderer, macro, (row, *rest)) for row in rows]))
        key = (getattr(macro, "name", ""), 1, () if len(rest) == 1 else ((type(rest[1]).__name__, rest[1]),))
        show = self._show
        return Markup("".join([show(renderer, macro, (row, *rest), 1, key) for row in rows]))

    def _show(self, renderer: Any, macro: Any, args: tuple, at: int, key: tuple) -> str:
        """The card of `args[0]` with the site traced at `args[at]`, kept under `key` (its HTML)."""
        owner = args[0]
        if type(owner) not in self._weak_types:
            if not _weak(owner):
                return renderer.card_text(macro, args).shown(renderer._link)  # type: ignore[no-any-return]
            self._weak_types.add(type(owner))
        page = args[at]
        site = page._site
        if self._asked[0] is not site:
            self._asked, self._shown = (site, {}), {}
        slot = self._kept.slot(owner)
        hit: _Card | None = slot.get(key)
        if hit is None or hit.macro is not macro or (
                self._shown.get(id(hit)) is not hit and not self._alike(hit, site)):
            trace = SiteTrace(site, self.digests, page._known)
            text = renderer.card_text(macro, tuple(trace if i == at else a for i, a in enumerate(args)))
            hit = slot[key] = _Card(macro, text, tuple(trace.answers.items()))
            self.made += 1
        hit.checked = len(self._builds) - 1
        self._shown[id(hit)] = hit
        page.answers.update(hit.answers)
        return hit.text.shown(renderer._link)  # type: ignore[no-any-return]


_FLAGS = (str, int, bool, type(None))
HISTORY = 64  # builds back that a card's answers are verified by the advocates changed since


def _weak(value: Any) -> bool:
    try:
        weakref.ref(value)
        return True
    except TypeError:
        return False


class Tracer:
    """Fingerprints pages as they render: `rendering(page)` around each render of a page (its head,
    its body), then `finish(page, extra)` with whatever else its HTML depends on."""

    def __init__(self, digests: Digests | None = None) -> None:
        self.digests = digests or Digests()
        self.fingerprints: dict[str, Fingerprint] = {}  # by page URL
        self.remember = Remembered(self.digests)
        self.pages = KeptPages()  # the pages planned last, taken again when made of the same objects
        self.cards = KeptCards(self.digests)
        self._answers: dict[str, dict] = {}
        self._asked = _AnswersAsked()  # what the pages fingerprinted asked, and which asked it
        self._entries: dict[str, Any] | None = None  # the advocates of the site the answers were given of
        self._known: tuple[Any, dict] = (None, {})  # the site rendering now, and its answers digested so far
        # pages `changed` named, by URL, with the fingerprint they had: still in `_asked` until rendered
        self._rendering: dict[str, Fingerprint] = {}

    @contextlib.contextmanager
    def rendering(self, page: Any) -> Iterator[None]:
        site = page.context.get("site")
        if self._known[0] is not site:
            self._known = (site, {})
            self._entries = _entries(site)  # what this build's answers are given of
        trace = SiteTrace(site, self.digests, self._known[1])
        page.context["site"] = trace
        try:
            yield
        finally:
            page.context["site"] = site
            self._answers.setdefault(page.url, {}).update(trace.answers)

    def finish(self, page: Any, extra: Any) -> None:
        old = self.fingerprints.get(page.url) or self._rendering.pop(page.url, None)
        fp = self.fingerprints[page.url] = Fingerprint(tuple(self._answers.pop(page.url, {}).items()), page, extra)
        if old is not None:
            self._asked.replace(page.url, old.answers, fp.answers)
        else:
            self._asked.add(page.url, fp.answers)

    def changed(self, pages: Iterable[Any], site: Any, extra: Callable[[Any], Any]) -> list[Any]:
        """The pages that would not render as they did: new ones, those planned afresh (KeptPages
        hands back the page it planned last when the new one is equal to it, so another object is a
        page that changed), and those whose answers differ. The others keep their fingerprints;
        those of pages gone are let go."""
        self.digests.new_build()
        for url, left in self._rendering.items():  # a rebuild that stopped before rendering them
            self._asked.remove(url, left.answers)
        self._rendering = {}
        asked: dict = {}
        entries = _entries(site)
        changed = changed_slugs(self._entries, entries) if self._entries is not None and entries is not None else None
        self._entries = entries
        moved = self._asked.moved(site, self.digests, asked, changed)
        self.cards.new_build(site, asked, changed)  # a card asks what the pages asked: answered once
        out, kept = [], {}  # type: ignore[var-annotated]
        for page in pages:
            old = self.fingerprints.get(page.url)
            if old is not None and old.page is page and page.url not in moved and old.extra == extra(page):
                kept[page.url] = old
            else:
                out.append(page)
        now = {page.url for page in out}
        for url, old in self.fingerprints.items():
            if kept.get(url) is not old:
                if url in now:  # rendered next: its answers are replaced by difference in finish()
                    self._rendering[url] = old
                else:
                    self._asked.remove(url, old.answers)
        self.fingerprints = kept
        return out


def _entries(site: Any) -> dict[str, Any] | None:
    advocates = getattr(getattr(site, "program", None), "advocates", None)
    return dict(advocates) if isinstance(advocates, dict) else None
