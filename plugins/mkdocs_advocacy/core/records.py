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
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .images import EXTENSIONS
from .numbers import plain

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


def _check_relative_path(value: str) -> str:
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


class AdvocatePrivate(Strict):
    """Never published: read only by the internal program report."""

    email: Text | None = None
    nps: Annotated[int, _between(0, 10)] | None = Field(None, description="Net Promoter answer, 0..10.")
    feature_adoption: Annotated[float, _between(0, 1)] | None = Field(None, description="0..1")
    health_score: Annotated[float, _between(0, 100)] | None = Field(None, description="0..100")
    positive_social_mentions: Annotated[int, _between(0, 10**9)] | None = None
    responded_to_last_request: bool | None = None
    notes: Text | None = None


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


class ActivityPrivate(Strict):
    deal_value: Annotated[float, _between(0, 10**12)] | None = None
    notes: Text | None = None


class Activity(Strict):
    type: str = Field(description="One of: " + ", ".join(ACTIVITY_TYPES) + ".",
                      json_schema_extra={"enum": list(ACTIVITY_TYPES)})
    date: dt.date
    title: Text | None = None
    converted: bool | None = Field(None, description="Referrals only: the referral became a customer.")
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
