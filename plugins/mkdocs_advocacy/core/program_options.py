"""`program:` in the plugin options: what the advocacy team measures the program against.

Read only by the internal report (`advocacy report`, `advocacy match`): the currency of every deal
value, what the program costs, the quarterly goals, and the windows of the lists to act on.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator

from .records import Strict

QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
Target = Annotated[int, Field(ge=0)]
Money = Annotated[float, Field(ge=0)]


class Goals(Strict):
    """Targets for each quarter; a goal left out is not tracked."""

    case_studies: Target | None = Field(None, description="Case studies published per quarter.")
    reviews: Target | None = Field(None, description="Reviews posted per quarter.")
    referrals: Target | None = Field(None, description="Referrals per quarter.")
    reference_calls: Target | None = Field(None, description="Reference calls taken per quarter.")
    nps: int | None = Field(None, ge=-100, le=100, description="NPS of the answers given in the quarter, "
                            "at least this (-100..100).")


class ProgramOptions(Strict):
    """The program's currency, cost, goals and report windows."""

    currency: str = Field("USD", description="The currency of every deal_value (three capitals, e.g. USD). A "
                          "record that names another currency is an error: amounts are never mixed.")
    cost: dict[str, Money] = Field({}, description="What the program cost per quarter, e.g. {2026-Q1: 30000}, in "
                                   "the program's currency; a quarter with a cost gets a return on investment.")
    goals: Goals = Field(Goals(), description="Quarterly targets: case_studies, reviews, referrals, "
                         "reference_calls, nps.")
    quarters: int = Field(4, ge=1, le=20, description="How many quarters the report shows, up to as_of's.")
    moves_window_days: int = Field(180, ge=1, description="Champion moves: a previous company left within this "
                                   "many days (its `until`).")
    recognition_days: int = Field(90, ge=1, description="Recognition queue: milestones reached and activities "
                                  "done within this many days.")

    @field_validator("currency")
    @classmethod
    def _currency_code(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"must be a three-letter currency code in capitals, such as USD; got {value!r}")
        return value

    @field_validator("cost")
    @classmethod
    def _quarter_keys(cls, value: dict[str, float]) -> dict[str, float]:
        for key in value:
            if not QUARTER_RE.match(key):
                raise ValueError(f"keys must be quarters such as 2026-Q1; got {key!r}")
        return value
