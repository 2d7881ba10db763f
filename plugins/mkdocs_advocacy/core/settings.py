"""The program's settings: the plugin options of SPEC.md section 2, validated strictly.

The MkDocs adapter (`config.py`) hands its options here; the command line does the same from
`mkdocs.yml`. Both thus agree on defaults and on what is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator

from .problems import Problem, field_path
from .program_options import ProgramOptions
from .records import Strict

PointValue = Annotated[int, Field(ge=0)]  # a negative value would make an activity cost points
Threshold = Annotated[int, Field(ge=1)]  # a tier of 0 would be given to everyone, activity or not


class Points(Strict):
    """Points per activity type. Keys given in mkdocs.yml override these one by one."""

    case_study: PointValue = 50
    speaking: PointValue = 40
    reference_call: PointValue = 30
    referral: PointValue = 25
    referral_converted: PointValue = 25
    webinar: PointValue = 25
    advisory_board: PointValue = 20
    review: PointValue = 15
    testimonial: PointValue = 10
    user_content: PointValue = 10
    beta_feedback: PointValue = 10
    community_answer: PointValue = 5
    social_share: PointValue = 5


class Tiers(Strict):
    """Window points needed for each tier."""

    champion: Threshold = 150
    advocate: Threshold = 50
    supporter: Threshold = 1


class ReferenceCap(Strict):
    window_days: int = Field(90, ge=1)
    max: int = Field(3, ge=0)


class Product(Strict):
    """The product the reviews are about, for schema.org structured data."""

    name: str | None = None
    type: Literal["Product", "SoftwareApplication"] = "SoftwareApplication"
    offers: dict[str, Any] | None = None
    # Only reviews of this product (their `product` field) count towards the structured data's rating.
    match: str | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _no_self_serving_types(cls, value: object) -> object:
        if value in ("Organization", "LocalBusiness"):
            raise ValueError(f"{value} cannot carry review stars: Google ignores self-serving ratings of an "
                             "Organization or LocalBusiness; use Product or SoftwareApplication")
        return value


class Action(Strict):
    """A link for visitors to act on: a label and where it goes (http, https or mailto)."""

    label: str = Field(min_length=1, max_length=80)
    url: str

    @field_validator("url")
    @classmethod
    def _web_or_mail(cls, value: str) -> str:
        if not re.match(r"^(https?://[^\s/?#]+|mailto:)\S*$", value, re.IGNORECASE):
            raise ValueError(f"must be an http://, https:// or mailto: address, got {value[:80]!r}")
        return value


class CallToAction(Strict):
    """What a convinced visitor can do next, shown in the header of generated pages, at the end of
    every case study and spotlight, on industry pages and wherever `<!-- advocacy: cta -->` is."""

    text: str | None = Field(None, max_length=200, description="A sentence before the buttons.")
    primary: Action | None = Field(None, description="The main action, e.g. Book a demo.")
    reference: Action | None = Field(None, description="Request a reference call: `{source}` in the URL "
                                     "becomes the page the visitor came from (case-study:<slug>, industry:<slug>, ...).")
    website: Action | None = Field(None, description="A link back to the company's main site.")


class ShareCards(Strict):
    """The share cards: the 1200 x 630 PNG each case study and spotlight story gets for social
    networks (its og:image), in the brand's colours."""

    color: str | None = Field(None, description="The card's background, the brand's main colour, as "
                              "\"#rrggbb\" (quoted: YAML reads an unquoted # as a comment). Unset: Material's "
                              "default indigo, #4051b5.")
    accent: str | None = Field(None, description="The label, the top result and the rules, as #rrggbb "
                               "(made lighter or darker where it would not read). Unset: a tint of `color`.")

    @field_validator("color", "accent")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value):
            raise ValueError(f'must be a colour written "#rrggbb" or "#rgb", got {value[:40]!r}')
        return value


class Settings(Strict):
    """The plugin's options (SPEC.md section 2), declared once: the MkDocs adapter's config scheme
    (`config.py`) is made from these fields, and their descriptions are its documentation."""

    advocates_dir: str = Field("advocates", description="Folder of advocate records, relative to mkdocs.yml; "
                               "must lie outside docs_dir.")
    case_studies_dir: str = Field("case_studies", description="Folder of case studies, relative to mkdocs.yml; "
                                  "must lie outside docs_dir.")
    as_of: dt.date | None = Field(None, description="The date every figure is computed at. Unset: "
                                  "SOURCE_DATE_EPOCH's UTC date, else today (UTC).")
    champion_window_days: int = Field(365, ge=1, description="Window points count activities dated within this "
                                      "many days up to as_of.")
    points: Points = Field(Points(), description="Points per activity type; each key given overrides its default.")
    tiers: Tiers = Field(Tiers(), description="Window points needed for champion, advocate and supporter; each key "
                         "overrides its default.")
    milestones: list[Threshold] = Field([5, 10, 25, 50], description="All-time activity counts that earn a "
                                        "milestone badge.")
    exclude_incentivized: bool = Field(False, description="true: review aggregates leave incentivized reviews out "
                                       "(they are still shown and disclosed).")
    publish_nps: bool = Field(False, description="true: the reviews page and api/reviews.json show the program's NPS.")
    reference_cap: ReferenceCap = Field(ReferenceCap(), description="{window_days, max}: more reference calls than "
                                        "max within window_days is reference fatigue.")
    reengage_after_days: int = Field(180, ge=1, description="Advocates whose latest activity is older than this are "
                                     "listed for re-engagement.")
    page_size: int = Field(48, ge=1, description="Items per page of every listing.")
    industries: list[str] = Field([], description="Optional closed list of industries; empty: any value allowed.")
    company_sizes: list[str] = Field(["1-50", "51-200", "201-1000", "1001-5000", "5000+"],
                                     description="The allowed company sizes.")
    product: Product = Field(Product(), description="{name, type, offers, match}: the product the reviews are "
                             "about, for schema.org structured data; with `match`, only reviews whose `product` "
                             "equals it count towards its rating markup.")
    markup_platforms: list[str] = Field(["internal"], description="Review platforms whose reviews the structured "
                                        "data may count (default: internal, the reviews the company collected "
                                        "itself). Google's review-snippet guidelines exclude reviews taken from "
                                        "third-party sites, and Trustpilot's forbid marking its reviews up; the "
                                        "reviews page still shows and counts every review.")
    program: ProgramOptions = Field(ProgramOptions(), description="{currency, cost, goals, quarters, "
                                    "moves_window_days, recognition_days}: what the internal report measures "
                                    "the program against (never published).")
    cta: CallToAction = Field(CallToAction(), description="{text, primary, reference, website}: the call to action "
                              "of the public pages (each a {label, url}; reference's url may hold {source}).")
    share_cards: ShareCards = Field(ShareCards(), description="{color, accent}: the colours of the share cards, "
                                    "the PNG image social networks show for each case study and spotlight story.")
    render_shortcuts: bool = Field(True, description="MkDocs and ProperDocs: render look-alike pages from shared, "
                                   "pre-rendered chrome and skip Markdown for pages without any (the output is "
                                   "the same; false renders every page the long way, for comparison).")
    shard: str | None = Field(None, description="MkDocs and ProperDocs, for a site too large for one job: "
                              "`i/n` (e.g. `2/4`, or `!ENV [ADVOCACY_SHARD, null]`) renders only part i of n of "
                              "the generated pages (by a stable hash of each URL); the hand-written pages, "
                              "api/ files, feed and badge are written whole by every part. `advocacy "
                              "merge-shards` joins the n sites into one. Ignored by `mkdocs serve`; unset: "
                              "every page.")

    @field_validator("shard")
    @classmethod
    def _shard(cls, value: str | None) -> str | None:
        if value is None:
            return None
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
        if m is None or not 1 <= int(m[1]) <= int(m[2]):
            raise ValueError(f"must be i/n with 1 <= i <= n (part i of n), e.g. 1/4; got {value[:40]!r}")
        return f"{int(m[1])}/{int(m[2])}"

    @field_validator("markup_platforms")
    @classmethod
    def _known_platforms(cls, value: list[str]) -> list[str]:
        from .records import PLATFORMS

        unknown = [p for p in value if p not in PLATFORMS]
        if unknown:
            raise ValueError(f"unknown platform {unknown[0]!r}; platforms: {', '.join(PLATFORMS)}")
        return value


def settings_from(options: Mapping[str, Any], config_file: str = "mkdocs.yml",
                  root: Path | None = None) -> tuple[Settings | None, list[Problem]]:
    """Validate plugin options; every problem is reported against `config_file` (at its line when `root`,
    the folder of the config file, is given)."""
    try:
        return Settings.model_validate(dict(options)), []
    except ValidationError as e:
        node = options_node(root / config_file) if root is not None else None
        return None, [_option_problem(err, config_file, node) for err in e.errors()]


def _option_problem(err: Any, config_file: str, node: yaml.Node | None) -> Problem:
    from .load import _EXPECTED, _describe, _model_at, did_you_mean

    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    where, line, hint = "plugins.advocacy." + field_path(loc), option_line(node, loc), None
    if kind == "extra_forbidden":
        parent = _model_at(Settings, loc[:-1])
        known = list(parent.model_fields) if parent else []
        message = "unknown option"
        hint = did_you_mean(str(loc[-1]), known) or (f"known options: {', '.join(known)}" if known else None)
    elif kind == "literal_error":
        names = [a or b for a, b in re.findall(r"'([^']*)'|(\d+)", err.get("ctx", {}).get("expected", ""))]
        message = f"must be one of {', '.join(names)}; got {_describe(value)}"
    elif kind in ("greater_than_equal", "greater_than"):
        limit = err["ctx"].get("ge", err["ctx"].get("gt"))
        message = f"must be {'at least' if kind == 'greater_than_equal' else 'more than'} {limit}, got {_describe(value)}"
    elif kind == "value_error":
        message = str(err["ctx"]["error"])
    elif kind in _EXPECTED:
        message = f"{_EXPECTED[kind]}, got {_describe(value)}"
        if isinstance(value, bool) and kind == "int_type":
            hint = "true and false are not numbers"
    else:
        message = str(err["msg"])
    return Problem(config_file, line, where, message, hint)


def unreadable_config(config_path: Path, config_name: str) -> list[Problem]:
    """Why MkDocs' own reader fails on mkdocs.yml where it raises a bare error without a line (an
    impossible date such as `as_of: 2026-02-30`, a file that is not UTF-8); empty when none is found."""
    try:
        data = config_path.read_bytes()
    except OSError as e:
        return [Problem(config_name, 1, "", f"cannot be read ({e.strerror or type(e).__name__})")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [Problem(config_name, data.count(b"\n", 0, e.start) + 1, "", "is not UTF-8 text", "save it as UTF-8")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return [Problem(config_name, mark.line + 1 if mark else 1, "", f"malformed YAML: {getattr(e, 'problem', e)}")]
    found: list[Problem] = []
    stack: list[tuple[yaml.Node | None, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, (*path, str(getattr(k, "value", "?")))) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, i)) for i, v in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader(text).construct_yaml_timestamp(node)
            except ValueError as e:
                # `plugins[1].advocacy.as_of` is named as every other option is: plugins.advocacy.as_of
                shown = re.sub(r"^plugins\[\d+\]\.advocacy\.", "plugins.advocacy.", field_path(path))
                found.append(Problem(config_name, node.start_mark.line + 1, shown, f"{node.value} is not a valid date ({e})"))
    return found


def options_node(config_path: Path) -> yaml.Node | None:
    """The node of mkdocs.yml whose `advocacy` key holds the options (or the bare `advocacy` list item),
    composed, not constructed, so `!ENV` and other tags are harmless; None when it cannot be found."""
    try:
        root = yaml.compose(config_path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _child(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins else []
    for item in items:
        if isinstance(item, yaml.MappingNode) and _child(item, "advocacy") is not None:
            return item
        if isinstance(item, yaml.ScalarNode) and item.value == "advocacy":
            return item
    return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def option_line(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int:
    """The line of `plugins.advocacy.<loc>` in mkdocs.yml (`node` from `options_node`): of the option's
    key, else of the nearest enclosing one that is there; 0 when unknown."""
    if node is None:
        return 0
    line = node.start_mark.line + 1
    for part in ("advocacy", *loc):
        if isinstance(node, yaml.MappingNode):
            key = next((k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            if key is None:
                break
            line, node = key.start_mark.line + 1, _child(node, str(part))
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def resolve_as_of(configured: dt.date | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """`as_of` from the config, else the UTC date of SOURCE_DATE_EPOCH, else today's UTC date."""
    if configured is not None:
        return configured
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()
