"""Write a synthetic advocacy program (SPEC.md sections 2-4) for benchmarks.

    python benchmarks/generate.py DIR --advocates 10000 [--case-studies 1000] [--seed 1] [--photos 0.5]

The output is a complete site: `mkdocs.yml`, `content/index.md`, `advocates/<slug>.yml` and
`case_studies/<slug>.md`. Every record is valid, every date lies within the three years before
`as_of` (none after it), and the same seed always gives the same bytes. With `--photos`, that share
of the advocates has a photo: an 800 x 800 JPEG of about 50 KB, the size of a headshot exported for
the web often is (one of a few drawn once, linked under each advocate's own name, so the disk holds
a few; the build reads, decodes and publishes each name as its own file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
from pathlib import Path

import yaml


def _names(text: str) -> list[str]:
    return text.split()


AS_OF = dt.date(2026, 11, 23)
SPAN_DAYS = 3 * 365

FIRST = _names("""Aisha Ben Camila Chloe Claire Daniel David Elena Emily Fatima Grace Hannah Isabel James Kenji
Lucia Lukas Marco Maria Nina Noah Oliver Priya Rahul Robert Samuel Sofia Tomas Amara Bjorn Carmen
Dmitri Eszter Farid Giulia Hiro Ines Jonas Kofi Leila Mateo Nadia Omar Paula Quentin Rosa Sven Tara
Umar Vera Wei Ximena Yusuf Zara Anders Beatriz Chen Dalia Emeka Freya Gabriel Helena Ivan Julia Kai
Lena Malik Nora Otto Pilar Ravi Sana Theo Uma Viktor Willa Yara Zoltan Adele Bruno Cyrus Dora""")
LAST = _names("""Bello Pillai Carter Rojas Dubois Donovan Kim Okafor Petrova Chen El-Idrissi Nakamura Lindqvist
Moreno Whitfield Watanabe Fernandez Brandt Bianchi Gonzalez Kowalski Fischer Hughes Raman Mehta Haines
Osei Almeida Novak Andersen Baptiste Castillo Dimitrov Eriksen Fontaine Greco Horvat Ibrahim Jansen
Kaur Laurent Mensah Nilsson Oyelaran Park Quinn Romano Schmidt Tanaka Ueda Vargas Wagner Xu Yilmaz
Zhou Abara Brennan Cortez Duarte Ekwueme Falk Gupta Holm Ito Jovanovic Keller Lindgren Moretti Ng
O'Brien Pereira Rasmussen Sato Torres Ulloa Varga Weiss Yamada Ziegler""")
CO_A = _names("""North Blue Bright Clear Silver Iron Cedar Harbor Summit Lumen Quill Stack Tide River Maple
Granite Beacon Falcon Orbit Pioneer Vertex Willow Crest Aurora Keystone Meridian Sterling Evergreen
Juniper Copper Atlas Nimbus Prairie Coral Cobalt Ember Alder Hawk Sable""")
CO_B = _names("""wind line works stack field point gate forge wave path bridge ridge light mark port stone
craft leaf sight grove""")
CO_C = ["Health", "Bank", "Logistics", "Labs", "Systems", "Fabrication", "Energy", "Foods", "Retail",
        "Insurance", "Media", "Software", "Capital", "Networks", "Analytics", "Group", "Inc.", "Partners"]
INDUSTRIES = ["Healthcare", "Financial Services", "Manufacturing", "Software", "Retail", "Logistics",
              "Energy", "Insurance", "Education", "Media", "Telecommunications", "Professional Services"]
SIZES = ["1-50", "51-200", "201-1000", "1001-5000", "5000+"]
REGIONS = ["North America", "Europe", "Asia Pacific", "Latin America", "Middle East", "Africa"]
TITLES = ["VP of Sales", "Director of Revenue Operations", "Chief Revenue Officer", "Sales Operations Manager",
          "Head of Finance", "Senior Sales Analyst", "VP of Finance", "Director of Sales Enablement",
          "RevOps Lead", "Chief Financial Officer", "Regional Sales Director", "Head of Customer Success"]
PRODUCTS = ["Forecast", "Pipeline", "Signals"]
USE_CASES = ["Forecasting", "Pipeline reviews", "Territory planning", "Quota setting", "Deal inspection",
             "Capacity planning", "Board reporting", "Churn prediction"]
PLATFORMS = ["g2", "capterra", "trustradius", "gartner", "trustpilot", "google", "internal"]
PLATFORM_WEIGHTS = [30, 20, 12, 8, 6, 4, 5]
ACTIVITY_TYPES = ["reference_call", "referral", "speaking", "webinar", "advisory_board", "social_share",
                  "user_content", "community_answer", "beta_feedback"]
ACTIVITY_WEIGHTS = [14, 8, 5, 6, 3, 22, 10, 20, 12]
AWARDS = ["Champion of the Year", "Community MVP", "Rising Star", "Top Reference"]
INCENTIVES = ["US$25 charity donation", "US$50 gift card", "Conference pass", "Swag pack"]

WORDS = _names("""forecast pipeline quarter revenue team data review accuracy planning territory quota deal stage
model insight dashboard report leader manager sales finance operations customer process weekly monthly
trust signal variance coverage target growth visibility meeting decision accountability number commit
region plant account renewal churn capacity rollout adoption training workflow integration""")
SENTENCES = [
    "Our forecast finally matches what the field is seeing.",
    "We cut the time spent on pipeline reviews by half.",
    "Every manager now looks at the same numbers on Monday morning.",
    "Territory planning used to take a month; now it takes a week.",
    "The board deck builds itself from live data.",
    "We stopped arguing about whose spreadsheet was right.",
    "Quota setting is grounded in real capacity for the first time.",
    "Deal inspection surfaces the risky opportunities before the quarter ends.",
    "Onboarding new reps is faster because the process is written into the tool.",
    "Finance and sales finally agree on the commit number.",
    "Support answered every question within a day.",
    "The rollout took less than a quarter across three regions.",
]
REVIEW_TITLES = ["Forecasts we trust", "Great for pipeline reviews", "Solid, with a learning curve",
                 "Pricey but worth it", "Changed how we run the quarter", "Good product, slow support",
                 "Reporting is excellent", "Not for very small teams", "Our RevOps backbone"]
HEADINGS = [("Challenge", "Solution", "Results"), ("The problem", "What changed", "Outcome"),
            ("Background", "Approach", "Impact")]


class _Dumper(yaml.SafeDumper):
    """Never write anchors or aliases (the loader refuses them)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def date(self) -> dt.date:
        return AS_OF - dt.timedelta(days=self.r.randint(0, SPAN_DAYS - 1))

    def company(self) -> str:
        r = self.r
        return f"{r.choice(CO_A)}{r.choice(CO_B)} {r.choice(CO_C)}"

    def words(self, n: int) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(n))

    def sentences(self, n: int) -> str:
        return " ".join(self.r.choice(SENTENCES) for _ in range(n))

    def paragraph(self, n_words: int) -> str:
        # roughly sentence-shaped filler
        out, left = [], n_words
        while left > 0:
            k = min(left, self.r.randint(8, 16))
            s = self.words(k)
            out.append(s[0].upper() + s[1:] + ".")
            left -= k
        return " ".join(out)

    def advocate(self, name: str) -> dict:
        r = self.r
        company = self.company()
        rec: dict = {"name": name, "title": r.choice(TITLES), "company": company,
                     "industry": r.choice(INDUSTRIES), "company_size": r.choice(SIZES),
                     "region": r.choice(REGIONS)}
        if r.random() < 0.3:
            rec["linkedin"] = f"https://www.linkedin.com/in/example-{_slugify(name)}"
        if r.random() < 0.7:
            rec["customer_since"] = self.date()
        if r.random() < 0.10:
            rec["previous_companies"] = [{"company": self.company(), "title": r.choice(TITLES),
                                          "until": self.date()}]
        public = r.random() < 0.95
        rec["consent"] = {"public": public, "given": self.date()} if public else {"public": False}
        rec["private"] = {
            "email": f"{_slugify(name)}@{_slugify(company)}.example",
            "nps": r.choice([10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3]),
            "feature_adoption": round(r.random(), 2),
            "health_score": r.randint(20, 100),
            "positive_social_mentions": r.randint(0, 6),
            "responded_to_last_request": r.random() < 0.8,
            "notes": self.sentences(1),
        }
        rec["testimonials"] = []
        for _ in range(r.randint(1, 2)):
            t: dict = {"quote": self.sentences(r.randint(1, 3)), "date": self.date()}
            if r.random() < 0.4:
                t["product"] = r.choice(PRODUCTS)
            if r.random() < 0.05:
                t["featured"] = True
            if r.random() < 0.05:
                t["incentive"] = r.choice(INCENTIVES)
            rec["testimonials"].append(t)
        reviews = []
        for _ in range(r.randint(0, 3)):
            platform = r.choices(PLATFORMS, PLATFORM_WEIGHTS)[0]
            scale = 10 if r.random() < 0.15 else 5
            stars = r.choices([1, 2, 3, 4, 5], [3, 4, 10, 33, 50])[0]
            rating = stars * 2 - r.randint(0, 1) if scale == 10 else stars
            rv: dict = {"platform": platform, "rating": rating}
            if scale == 10:
                rv["scale"] = 10
            rv["date"] = self.date()
            if r.random() < 0.7:
                rv["title"] = r.choice(REVIEW_TITLES)
            if r.random() < 0.6:
                rv["body"] = self.sentences(r.randint(2, 5))
            if r.random() < 0.5 and platform != "internal":
                rv["url"] = f"https://reviews.example/{platform}/{r.randint(10000, 99999)}"
            if r.random() < 0.4:
                rv["product"] = r.choice(PRODUCTS)
            if r.random() < 0.08:
                rv["incentive"] = r.choice(INCENTIVES)
            reviews.append(rv)
        if reviews:
            rec["reviews"] = reviews
        activities = []
        for _ in range(r.randint(0, 12)):
            kind = r.choices(ACTIVITY_TYPES, ACTIVITY_WEIGHTS)[0]
            a: dict = {"type": kind, "date": self.date()}
            if r.random() < 0.5:
                a["title"] = self.words(r.randint(3, 7)).capitalize()
            if kind == "referral" and r.random() < 0.4:
                a["converted"] = True
            if r.random() < 0.2:
                a["private"] = {"deal_value": r.randint(5, 500) * 1000, "notes": self.sentences(1)}
            activities.append(a)
        if activities:
            rec["activities"] = sorted(activities, key=lambda a: a["date"])
        if r.random() < 0.02:
            story = "\n\n".join([self.paragraph(60), "## What changed", self.paragraph(80),
                                 "- " + self.sentences(1) + "\n- " + self.sentences(1)])
            rec["spotlight"] = {"date": self.date(), "headline": f"How {name} rebuilt forecasting at {company}",
                                "story": story + "\n"}
        if r.random() < 0.01:
            rec["awards"] = [{"name": r.choice(AWARDS), "year": r.randint(AS_OF.year - 2, AS_OF.year)}]
        return rec

    def case_study(self, customer: str, advocates: list[tuple[str, dict]]) -> tuple[dict, str]:
        r = self.r
        first = advocates[0][1]
        use_cases = r.sample(USE_CASES, r.randint(1, 3))
        front: dict = {
            "title": f"How {customer} improved {use_cases[0].lower()} with Tidewater",
            "customer": customer,
            "summary": f"{customer} moved {use_cases[0].lower()} onto one model. " + self.sentences(1),
            "date": self.date(),
            "industry": first["industry"],
            "company_size": r.choice(SIZES),
            "region": first.get("region", r.choice(REGIONS)),
            "use_cases": use_cases,
            "products": r.sample(PRODUCTS, r.randint(1, 2)),
            "advocates": [slug for slug, _ in advocates],
            "results": [{"value": f"{r.randint(10, 80)}%", "label": self.words(r.randint(2, 4))}
                        for _ in range(r.randint(2, 3))],
        }
        if first["consent"]["public"] and r.random() < 0.6:
            front["quote"] = {"text": self.sentences(2), "advocate": advocates[0][0]}
        front["featured"] = r.random() < 0.03
        h1, h2, h3 = r.choice(HEADINGS)
        body = "\n\n".join([
            self.paragraph(50), f"## {h1}", self.paragraph(70),
            "- " + "\n- ".join(self.sentences(1) for _ in range(3)),
            f"## {h2}", self.paragraph(80), f"## {h3}", self.paragraph(70),
        ])
        return front, body + "\n"


def generate(root: Path, advocates: int, case_studies: int | None = None, seed: int = 1,
             photos: float = 0.0) -> dict:
    """Write a program of `advocates` records and `case_studies` (default advocates // 10) into `root`.

    Returns counts (advocates, public advocates, case studies). Existing `advocates/`,
    `case_studies/` and `content/` folders under `root` are replaced.
    """
    root = Path(root)
    if case_studies is None:
        case_studies = advocates // 10
    g = _Gen(seed)
    r = g.r
    for sub in ("advocates", "case_studies", "content", "site"):
        shutil.rmtree(root / sub, ignore_errors=True)
    (root / "advocates").mkdir(parents=True)
    (root / "case_studies").mkdir()
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content" / "index.md").write_text(INDEX_MD, encoding="utf-8")

    records: list[tuple[str, dict]] = []
    seen: set[str] = set()
    pictures = _Photos(root / "advocates" / "photos", seed) if photos > 0 else None
    chance = random.Random(seed + 1)  # its own draws: without photos, the records are as they were
    for _ in range(advocates):
        name = f"{r.choice(FIRST)} {r.choice(LAST)}"
        slug = base = _slugify(name)
        n = 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        rec = g.advocate(name)
        if pictures is not None and chance.random() < photos:
            rec["photo"] = pictures.add(slug)
        records.append((slug, rec))
        (root / "advocates" / f"{slug}.yml").write_text(_dump(rec), encoding="utf-8")

    cs_seen: set[str] = set()
    for _ in range(case_studies):
        customer = g.company()
        slug = base = _slugify(customer)
        n = 2
        while slug in cs_seen:
            slug, n = f"{base}-{n}", n + 1
        cs_seen.add(slug)
        chosen = r.sample(records, min(len(records), r.randint(1, 2)))
        front, body = g.case_study(customer, chosen)
        text = "---\n" + _dump(front) + "---\n\n" + body
        (root / "case_studies" / f"{slug}.md").write_text(text, encoding="utf-8")
    return {"advocates": advocates, "public": sum(1 for _, a in records if a["consent"]["public"]),
            "case_studies": case_studies}


class _Photos:
    """Photos for advocates: a few distinct JPEGs, each advocate's a hard link to one of them."""

    KINDS = 12

    def __init__(self, folder: Path, seed: int) -> None:
        from PIL import Image, ImageFilter

        folder.mkdir(parents=True)
        self.folder, self.sources, self.n = folder, [], 0
        for i in range(self.KINDS):
            grey = Image.effect_noise((800, 800), 30 + i).filter(ImageFilter.GaussianBlur(2))
            img = Image.merge("RGB", (grey, Image.linear_gradient("L").resize((800, 800)).rotate(i * 30), grey))
            path = folder / f".source-{seed}-{i}.jpg"
            img.save(path, format="JPEG", quality=88)
            self.sources.append(path)

    def add(self, slug: str) -> str:
        path = self.folder / f"{slug}.jpg"
        source = self.sources[self.n % len(self.sources)]
        self.n += 1
        try:
            os.link(source, path)
        except OSError:  # a file system without hard links
            shutil.copyfile(source, path)
        return f"photos/{slug}.jpg"


MKDOCS_YML = """\
# Synthetic advocacy program written by benchmarks/generate.py
site_name: Benchmark Customers
site_url: https://customers.benchmark.example/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
plugins:
  - search
  - advocacy:
      as_of: 2026-11-23
nav:
  - Home: index.md
  - Case studies: case-studies/index.md
  - Testimonials: testimonials/index.md
  - Reviews: reviews/index.md
  - Champions: champions/index.md
  - Spotlight: spotlight/index.md
"""

INDEX_MD = """\
# Benchmark Customers

A synthetic customer-advocacy program, generated for build benchmarks.

- [Case studies](case-studies/index.md)
- [Testimonials](testimonials/index.md)
- [Reviews](reviews/index.md)
- [Champions](champions/index.md)
"""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path)
    p.add_argument("--advocates", type=int, required=True)
    p.add_argument("--case-studies", type=int, default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--photos", type=float, default=0.0, help="share of the advocates with a photo (0 to 1)")
    args = p.parse_args(argv)
    counts = generate(args.dir, args.advocates, args.case_studies, args.seed, args.photos)
    print(f"wrote {counts['advocates']} advocates ({counts['public']} public) and "
          f"{counts['case_studies']} case studies to {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
