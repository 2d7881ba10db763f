"""The plugin's options (SPEC.md section 2). Types here are MkDocs' first pass; `core.settings`
then validates every value strictly (a bool is not a number, unknown keys under `points` fail)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class AdvocacyConfig(base.Config):
    advocates_dir = c.Type(str, default="advocates")
    """Folder of advocate records, relative to mkdocs.yml; must lie outside docs_dir."""

    case_studies_dir = c.Type(str, default="case_studies")
    """Folder of case studies, relative to mkdocs.yml; must lie outside docs_dir."""

    as_of = c.Optional(c.Type(dt.date))
    """The date every figure is computed at. Unset: SOURCE_DATE_EPOCH's UTC date, else today (UTC)."""

    champion_window_days = c.Type(int, default=365)
    """Window points count activities dated within this many days up to as_of."""

    points = c.Type(dict, default={})
    """Points per activity type; each key given overrides its default."""

    tiers = c.Type(dict, default={})
    """Window points needed for champion, advocate and supporter; each key overrides its default."""

    milestones = c.Type(list, default=[5, 10, 25, 50])
    """All-time activity counts that earn a milestone badge."""

    exclude_incentivized = c.Type(bool, default=False)
    """true: review aggregates leave incentivized reviews out (they are still shown and disclosed)."""

    publish_nps = c.Type(bool, default=False)
    """true: the reviews page and api/reviews.json show the program's NPS."""

    reference_cap = c.Type(dict, default={})
    """{window_days, max}: more reference calls than max within window_days is reference fatigue."""

    reengage_after_days = c.Type(int, default=180)
    """Advocates whose latest activity is older than this are listed for re-engagement."""

    page_size = c.Type(int, default=48)
    """Items per page of every listing."""

    industries = c.Type(list, default=[])
    """Optional closed list of industries; empty: any value allowed."""

    company_sizes = c.Type(list, default=["1-50", "51-200", "201-1000", "1001-5000", "5000+"])
    """The allowed company sizes."""

    product = c.Type(dict, default={})
    """{name, type, offers, match}: the product the reviews are about, for schema.org structured data;
    with `match`, only reviews whose `product` equals it count towards its rating markup."""

    markup_platforms = c.Type(list, default=["internal"])
    """Review platforms whose reviews the structured data may count (default: internal, i.e. reviews
    the company collected itself). Google's review-snippet guidelines exclude reviews taken from
    third-party sites, and Trustpilot's guidelines forbid marking its reviews up: the reviews page
    still shows and counts every review, only the JSON-LD is limited."""
