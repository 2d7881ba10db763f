"""The schema: advocate records (`advocates/<slug>.yml`) and case-study front matter.

Strict pydantic models: no coercion (`rating: "5"` is an error), no unknown fields, every limit of
SPEC.md section 8. Rules across the fields of one item (a rating and its scale, a referral and
`converted`) are validators of that item, so pydantic reports them together with every other
error of the file. Rules that need the files around or the configuration live in `program.py`;
these models only say what one file may contain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from .images import EXTENSIONS
from .numbers import plain
from .yamlsource import CONTROL

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLATFORMS = ("g2", "capterra", "trustradius", "gartner", "trustpilot", "google", "internal")
ACTIVITY_TYPES = ("reference_call", "referral", "speaking", "webinar", "advisory_board", "social_share",
                  "user_content", "community_answer", "beta_feedback")
DERIVED_TYPES = ("review", "testimonial", "case_study")
_URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _error(message: str, hint: str | None = None, at: tuple[str | int, ...] = ()) -> PydanticCustomError:
    """Our own message and hint, used as is by the loader. They travel in the context, not in the
    template, so braces in a quoted value are left alone; `at` is the field inside the item that
    raised it (`rating` for a review's rule on its rating and scale)."""
    return PydanticCustomError("advocacy", "{message}", {"message": message, "hint": hint, "at": at})


def _text(limit: int, required: bool = False) -> AfterValidator:
    """At most `limit` characters; `required` text must hold more than spaces."""

    def check(value: str) -> str:
        if required and not value.strip():
            raise _error("must not be empty")
        if len(value) > limit:
            raise _error(f"is {len(value):,} characters long; the limit is {limit:,}")
        return value

    return AfterValidator(check)


def _between(lo: float, hi: float) -> AfterValidator:
    def check(value: float) -> float:
        if not lo <= value <= hi:
            raise _error(f"must be between {plain(lo)} and {plain(hi)}, got {plain(value)}")
        return value

    return AfterValidator(check)


def _check_url(value: str) -> str:
    if not _URL_RE.match(value):
        raise _error(f"must be an http:// or https:// address, got {value[:80]!r}")
    return value


# A file name needs none of these, and each makes a name that reads as another (a line break in
# a message, a tab, a zero-width space): refused, whatever the file system allows. Those refused in
# any text (yamlsource.CONTROL) are said once, there.
_NOT_IN_PATHS = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _check_relative_path(value: str) -> str:
    bad = next((c for c in value if unicodedata.category(c) in _NOT_IN_PATHS and not CONTROL.match(c)), None)
    if bad is not None:
        raise _error(f"must be a file name without invisible characters, got one (U+{ord(bad):04X}) in {value!r}",
                     "write the path again by hand: it came in with a pasted character")
    norm = value.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        raise _error(f"must be a path inside its folder, not an absolute path, got {value!r}")
    if ".." in norm.split("/"):
        raise _error(f"must stay inside its folder ('..' is not allowed), got {value!r}")
    return value


def _check_image_name(value: str) -> str:
    if not value.lower().endswith(EXTENSIONS):
        raise _error(f"must be a PNG, JPEG, WebP or SVG file, got {value!r}")
    return value


Text = Annotated[str, _text(200)]
RequiredText = Annotated[str, _text(200, required=True)]
QuoteText = Annotated[str, _text(1000, required=True)]
SummaryText = Annotated[str, _text(500, required=True)]
BodyText = Annotated[str, _text(10000)]
StoryText = Annotated[str, _text(20000, required=True)]
Url = Annotated[str, AfterValidator(_check_url)]
RelPath = Annotated[str, AfterValidator(_check_relative_path)]
ImagePath = Annotated[str, AfterValidator(_check_relative_path), AfterValidator(_check_image_name)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PreviousCompany(Strict):
    company: RequiredText = Field(description="Where this person championed us before.")
    title: Text | None = Field(None, description="Their title there.")
    until: dt.date | None = Field(None, description="When they left (YYYY-MM-DD).")


class Consent(Strict):
    public: bool = Field(False, description="true: the person agreed to be named publicly. Default false.")
    given: dt.date | None = Field(None, description="When consent was given; required when public is true.")
    expires: dt.date | None = Field(None, description="From this date on the record is not public.")

    @model_validator(mode="after")
    def _dates(self) -> Consent:
        if self.public and self.given is None:
            raise _error("is required when consent.public is true",
                         "add the date the person agreed, e.g. given: 2025-01-10", ("given",))
        if self.given and self.expires and self.expires <= self.given:
            raise _error(f"must be after consent.given ({self.given.isoformat()})", at=("expires",))
        return self


CHANNELS = ("phone", "video", "email", "in_person")
REQUEST_STATUSES = ("asked", "accepted", "declined", "no_answer")


class NpsAnswer(Strict):
    """One dated Net Promoter answer (`private.nps` as a list)."""

    score: Annotated[int, _between(0, 10)] = Field(description="The answer, 0..10.")
    date: dt.date = Field(description="When it was given (YYYY-MM-DD).")


def _check_nps(value: Any) -> int | tuple[NpsAnswer, ...] | None:
    """`nps: 9` (one answer, undated) or `nps: [{score: 9, date: 2026-03-01}, ...]` (dated answers).

    Checked by hand rather than as a pydantic union, so that a wrong value gets one message on its
    own line (a union would report a failure per branch, under made-up field names)."""
    if value is None:
        return None
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise _error("each answer must be a set of fields: {score: 0..10, date: YYYY-MM-DD}", at=(i,))
            for key in item:
                if key not in ("score", "date"):
                    raise _error("unknown field", "an answer has only score and date", (i, str(key)))
            for key in ("score", "date"):
                if key not in item:
                    raise _error("is required", at=(i, key))
            score, date = item["score"], item["date"]
            if isinstance(score, bool) or not isinstance(score, int):
                raise _error("must be a whole number", at=(i, "score"))
            if not 0 <= score <= 10:
                raise _error("must be between 0 and 10", at=(i, "score"))
            if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
                raise _error("must be a date (YYYY-MM-DD)", at=(i, "date"))
            out.append(NpsAnswer(score=score, date=date))
        return tuple(out)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error("must be a whole number from 0 to 10, or a list of {score, date}")
    if not 0 <= value <= 10:
        raise _error(f"must be between 0 and 10, got {value}")
    return value


NpsValue = Annotated[Any, PlainValidator(_check_nps), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 0, "maximum": 10},
              {"type": "array", "items": {
                  "type": "object", "additionalProperties": False, "required": ["score", "date"],
                  "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 10},
                                 "date": {"type": "string", "format": "date"}}}},
              {"type": "null"}],
    "description": "Net Promoter answer, 0..10; or a list of dated answers {score, date}."})]


class ReferenceAvailability(Strict):
    """Whether and how the person takes reference calls (`private.references`)."""

    available: bool = Field(True, description="true: takes reference calls now; false: do not ask.")
    topics: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []},
                                       description="What they speak to (e.g. Migration from spreadsheets).")
    use_cases: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []},
                                          description="Use cases they can vouch for.")
    products: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []},
                                         description="Products they use and speak about.")
    languages: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []},
                                          description="Languages they take calls in.")
    channel: Literal[CHANNELS] | None = Field(None, description="Preferred channel: "  # type: ignore[valid-type]
                                               + ", ".join(CHANNELS) + ".")
    cap: Annotated[int, _between(0, 1000)] | None = Field(
        None, description="Their own limit of asks within reference_cap.window_days; overrides reference_cap.max.")


class ReferenceRequest(Strict):
    """One time a rep asked this person for a reference (`private.reference_requests`)."""

    date: dt.date = Field(description="When they were asked (YYYY-MM-DD).")
    status: Literal[REQUEST_STATUSES] = Field(  # type: ignore[valid-type]
        "asked", description="asked (no answer yet), accepted, declined or no_answer.")
    rep: Text | None = Field(None, description="Who asked: the sales rep.")
    deal: Text | None = Field(None, description="The deal or prospect it was for.")
    notes: Text | None = None


class ThankedMilestone(Strict):
    """A milestone badge that has been thanked for (`private.thanked_milestones`)."""

    milestone: Annotated[int, _between(1, 10**6)] = Field(description="The activity count, e.g. 10.")
    thanked: dt.date = Field(description="When the thank-you went out (YYYY-MM-DD).")


class AdvocatePrivate(Strict):
    """Never published: read only by the internal program report."""

    email: Text | None = None
    nps: NpsValue = None
    feature_adoption: Annotated[float, _between(0, 1)] | None = Field(None, description="0..1")
    health_score: Annotated[float, _between(0, 100)] | None = Field(None, description="0..100")
    positive_social_mentions: Annotated[int, _between(0, 10**9)] | None = None
    responded_to_last_request: bool | None = None
    notes: Text | None = None
    references: ReferenceAvailability | None = Field(None, description="Reference availability: whether they "
                                                     "take calls, on what, how, and their own cap.")
    reference_requests: list[ReferenceRequest] = Field(default_factory=list, json_schema_extra={"default": []},
                                                       description="Every ask for a reference, answered or not.")
    thanked_milestones: list[ThankedMilestone] = Field(default_factory=list, json_schema_extra={"default": []},
                                                       description="Milestone badges already thanked for.")

    def nps_answers(self) -> tuple[NpsAnswer, ...]:
        """The dated answers (none when `nps` is one undated number)."""
        return self.nps if isinstance(self.nps, tuple) else ()

    def nps_at(self, as_of: dt.date) -> int | None:
        """The current answer: the number, or the latest dated answer on or before `as_of`."""
        if isinstance(self.nps, int):
            return self.nps
        dated = sorted((a for a in self.nps_answers() if a.date <= as_of), key=lambda a: a.date)
        return dated[-1].score if dated else None


class Testimonial(Strict):
    quote: QuoteText = Field(description="The words, as plain text.")
    date: dt.date = Field(description="When it was said (YYYY-MM-DD).")
    company: Text | None = Field(None, description="Employer when said; default: the current company.")
    title: Text | None = Field(None, description="Title when said; default: the current title.")
    product: Text | None = None
    featured: bool = False
    incentive: Text | None = Field(None, description="What was given in return, disclosed next to the quote.")


class Review(Strict):
    platform: Literal[PLATFORMS] = Field(description="Where the review was posted.")  # type: ignore[valid-type]
    rating: float = Field(description="1 <= rating <= scale.")
    scale: Literal[5, 10] = 5
    date: dt.date
    title: Text | None = None
    body: BodyText | None = None
    url: Url | None = None
    product: Text | None = None
    company: Text | None = None
    incentive: Text | None = None

    @model_validator(mode="after")
    def _rating_within_scale(self) -> Review:
        if not 1 <= self.rating <= self.scale:
            raise _error(f"must be between 1 and {self.scale}, got {plain(self.rating)}",
                         "set scale: 10 for a 10-point rating" if self.scale == 5 and 5 < self.rating <= 10
                         else None, ("rating",))
        return self


def _check_currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise _error("must be a three-letter currency code in capitals, such as USD or EUR")
    return value


Currency = Annotated[str, AfterValidator(_check_currency)]


class ActivityPrivate(Strict):
    deal_value: Annotated[float, _between(0, 10**12)] | None = None
    notes: Text | None = None
    deal: Text | None = Field(None, description="The deal this referral or reference call is for (name or CRM id); "
                              "the same name on several activities is one deal.")
    won: bool | None = Field(None, description="Reference calls: the deal was won (a referral says converted).")
    currency: Currency | None = Field(None, description="The currency of deal_value; must be the program's "
                                      "(program.currency); default: the program's.")


class Activity(Strict):
    type: str = Field(description="One of: " + ", ".join(ACTIVITY_TYPES) + ".",
                      json_schema_extra={"enum": list(ACTIVITY_TYPES)})
    date: dt.date
    title: Text | None = None
    converted: bool | None = Field(None, description="Referrals only: the referral became a customer.")
    thanked: dt.date | None = Field(None, description="When the advocate was thanked for it (internal; never "
                                    "published).")
    private: ActivityPrivate | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value in DERIVED_TYPES:
            raise _error(f"{value!r} is counted from its own records, not from activities",
                         f"remove this entry; every {value.replace('_', ' ')} already earns its points")
        if value not in ACTIVITY_TYPES:
            close = difflib.get_close_matches(value, ACTIVITY_TYPES, n=1)
            raise _error(f"unknown activity type {value!r}",
                         f"did you mean {close[0]!r}?" if close else "one of: " + ", ".join(ACTIVITY_TYPES))
        return value

    @model_validator(mode="after")
    def _converted_referrals_only(self) -> Activity:
        if self.converted is not None and self.type != "referral":
            raise _error("only a referral can be converted", "remove converted, or set type: referral",
                         ("converted",))
        return self


class Spotlight(Strict):
    date: dt.date
    headline: RequiredText
    story: StoryText = Field(description="Markdown.")


class Award(Strict):
    name: RequiredText
    year: Annotated[int, _between(1900, 2200)]


class Advocate(Strict):
    """One person who speaks for us: `advocates/<slug>.yml`."""

    name: RequiredText
    title: Text | None = None
    company: RequiredText = Field(description="Current employer.")
    industry: RequiredText
    company_size: Text | None = None
    region: Text | None = None
    photo: ImagePath | None = Field(None, description="Path inside the advocates folder (PNG, JPEG, WebP or SVG).")
    linkedin: Url | None = None
    customer_since: dt.date | None = None
    previous_companies: list[PreviousCompany] = Field(default_factory=list, json_schema_extra={"default": []})
    consent: Consent = Consent()
    private: AdvocatePrivate | None = None
    testimonials: list[Testimonial] = Field(default_factory=list, json_schema_extra={"default": []})
    reviews: list[Review] = Field(default_factory=list, json_schema_extra={"default": []})
    activities: list[Activity] = Field(default_factory=list, json_schema_extra={"default": []})
    spotlight: Spotlight | None = None
    awards: list[Award] = Field(default_factory=list, json_schema_extra={"default": []})


class Result(Strict):
    value: RequiredText
    label: RequiredText


class Quote(Strict):
    text: QuoteText
    advocate: RequiredText


class CaseStudy(Strict):
    """The front matter of `case_studies/<slug>.md`."""

    title: RequiredText
    customer: RequiredText
    summary: SummaryText = Field(description="One or two sentences for cards.")
    date: dt.date = Field(description="Publication date; later than today means scheduled.")
    industry: RequiredText
    company_size: Text | None = None
    region: Text | None = None
    use_cases: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []})
    products: list[RequiredText] = Field(default_factory=list, json_schema_extra={"default": []})
    advocates: list[RequiredText] = Field([], description="Slugs of advocate records.")
    logo: ImagePath | None = Field(None, description="Path inside the case-studies folder.")
    results: list[Result] = Field(default_factory=list, json_schema_extra={"default": []})
    quote: Quote | None = None
    featured: bool = False
    draft: bool = Field(False, description="true: never published by mkdocs build.")

    @field_validator("advocates")
    @classmethod
    def _listed_once(cls, value: list[str]) -> list[str]:
        for i, slug in enumerate(value):
            if slug in value[:i]:
                raise _error(f"{slug!r} is listed twice", "keep one of them", (i,))
        return value

    @field_validator("quote")
    @classmethod
    def _quoted_advocate_is_listed(cls, value: Quote | None, info: ValidationInfo) -> Quote | None:
        listed: Any = info.data.get("advocates")  # absent when `advocates` itself is wrong
        if value is not None and listed is not None and value.advocate not in listed:
            raise _error(f"{value.advocate!r} is not listed in advocates",
                         "add them to advocates, or quote someone who is", ("advocate",))
        return value
