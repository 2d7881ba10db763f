"""The program's settings: the plugin options of SPEC.md section 2, validated strictly.

The MkDocs adapter (`config.py`) hands its options here; the command line does the same from
`mkdocs.yml`. Both thus agree on defaults and on what is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .problems import Problem


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Points(_Strict):
    """Points per activity type. Keys given in mkdocs.yml override these one by one."""

    case_study: int = 50
    speaking: int = 40
    reference_call: int = 30
    referral: int = 25
    referral_converted: int = 25
    webinar: int = 25
    advisory_board: int = 20
    review: int = 15
    testimonial: int = 10
    user_content: int = 10
    beta_feedback: int = 10
    community_answer: int = 5
    social_share: int = 5


class Tiers(_Strict):
    """Window points needed for each tier."""

    champion: int = 150
    advocate: int = 50
    supporter: int = 1


class ReferenceCap(_Strict):
    window_days: int = Field(90, ge=1)
    max: int = Field(3, ge=0)


class Product(_Strict):
    """The product the reviews are about, for schema.org structured data."""

    name: str | None = None
    type: Literal["Product", "SoftwareApplication"] = "SoftwareApplication"
    offers: dict[str, Any] | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _no_self_serving_types(cls, value: object) -> object:
        if value in ("Organization", "LocalBusiness"):
            raise ValueError(f"{value} cannot carry review stars: Google ignores self-serving ratings of an "
                             "Organization or LocalBusiness; use Product or SoftwareApplication")
        return value


class Settings(_Strict):
    advocates_dir: str = "advocates"
    case_studies_dir: str = "case_studies"
    as_of: dt.date | None = None
    champion_window_days: int = Field(365, ge=1)
    points: Points = Points()
    tiers: Tiers = Tiers()
    milestones: list[int] = [5, 10, 25, 50]
    exclude_incentivized: bool = False
    publish_nps: bool = False
    reference_cap: ReferenceCap = ReferenceCap()
    reengage_after_days: int = Field(180, ge=1)
    page_size: int = Field(48, ge=1)
    industries: list[str] = []
    company_sizes: list[str] = ["1-50", "51-200", "201-1000", "1001-5000", "5000+"]
    product: Product = Product()


def settings_from(options: Mapping[str, Any], config_file: str = "mkdocs.yml") -> tuple[Settings | None, list[Problem]]:
    """Validate plugin options; every problem is reported against `config_file`."""
    try:
        return Settings.model_validate(dict(options)), []
    except ValidationError as e:
        problems = []
        for err in e.errors():
            where = "plugins.advocacy." + ".".join(str(p) for p in err["loc"])
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown option"
            problems.append(Problem(config_file, 0, where, msg))
        return None, problems


def resolve_as_of(configured: dt.date | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """`as_of` from the config, else the UTC date of SOURCE_DATE_EPOCH, else today's UTC date."""
    if configured is not None:
        return configured
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()
