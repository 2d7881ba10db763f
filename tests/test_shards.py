"""A build in parts (the `shard` option) joined by `advocacy merge-shards` is the single build: the
same files, every link resolving, the data files in every part, one search index and sitemap.
(`benchmarks/split.py` does the same at 20,000 advocates and times it.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs_advocacy.core.settings import settings_from
from mkdocs_advocacy.publish.shards import MANIFEST, in_shard
from sitegen import ENV

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402
from split import (  # noqa: E402
    build_cmd,
    build_parts,
    compare_sites,
    differing_files,
    finish,
    link_problems,
    start,
    with_shard_option,
)

pytestmark = pytest.mark.slow
SITE_URL = "https://customers.benchmark.example/"


def merge(out: Path, *parts: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_advocacy", "merge-shards", str(out), *map(str, parts)],
                          env=ENV, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("shards")
    program = work / "program"
    generate(program, 30, seed=3)
    config = program / "mkdocs.yml"
    with_shard_option(config)
    # listings of several pages, and a nav entry without a title (the page names it)
    text = config.read_text(encoding="utf-8").replace("      shard:", "      page_size: 4\n      shard:")
    config.write_text(text.replace("  - Reviews: reviews/index.md", "  - reviews/index.md"), encoding="utf-8")
    single = start(build_cmd(work / "single"), program, ENV)
    finish(single)
    parts, _ = build_parts(program, work, 2, ENV)
    result = merge(work / "merged", *parts)
    assert result.returncode == 0, result.stderr
    return {"program": program, "single": work / "single", "merged": work / "merged", "part-1": parts[0],
            "part-2": parts[1]}


def _manifest(site: Path) -> dict:
    return json.loads((site / MANIFEST).read_text(encoding="utf-8"))


def test_each_generated_page_is_rendered_by_exactly_one_part(built):
    one, two = _manifest(built["part-1"]), _manifest(built["part-2"])
    assert one["urls"] == two["urls"] and len(one["urls"]) > 40
    assert one["rendered"] and two["rendered"]
    assert sorted(one["rendered"] + two["rendered"]) == list(range(len(one["urls"])))
    for part, manifest in ((built["part-1"], one), (built["part-2"], two)):
        written = {f for f in manifest["files"] if (part / f).is_file()}
        assert written == {manifest["files"][i] for i in manifest["rendered"]}
    assert not (built["merged"] / MANIFEST).exists()


def test_the_joined_site_is_the_single_build(built):
    assert compare_sites(built["single"], built["merged"], [built["part-1"], built["part-2"]]) == []
    assert differing_files(built["single"], built["merged"]) == []


def test_hard_linked_join_is_the_same_site(built, tmp_path):
    result = merge(tmp_path / "linked", built["part-1"], built["part-2"], "--link")
    assert result.returncode == 0, result.stderr
    assert differing_files(built["single"], tmp_path / "linked") == []
    assert (tmp_path / "linked/index.html").stat().st_nlink >= 2


def test_every_internal_link_of_the_joined_site_resolves(built, tmp_path):
    checked, broken = link_problems(built["merged"], SITE_URL)
    assert checked > 1000 and broken == []
    # and the check sees a page that is missing
    copy = tmp_path / "site"
    shutil.copytree(built["merged"], copy)
    shutil.rmtree(copy / "reviews")
    assert any("reviews/" in b for b in link_problems(copy, SITE_URL)[1])


def test_merge_refuses_parts_that_do_not_join(built, tmp_path):
    result = merge(tmp_path / "a", built["part-1"])
    assert result.returncode == 1 and "expected parts 1/2 to 2/2" in result.stderr
    assert not (tmp_path / "a").exists()
    result = merge(tmp_path / "b", built["part-1"], built["part-1"])
    assert result.returncode == 1 and "each once" in result.stderr
    result = merge(tmp_path / "c", built["part-1"], built["single"])
    assert result.returncode == 1 and "not a site built with the advocacy option `shard`" in result.stderr
    changed = tmp_path / "changed"
    shutil.copytree(built["part-2"], changed)
    (changed / "api/reviews.json").write_text("{}\n", encoding="utf-8")
    result = merge(tmp_path / "d", built["part-1"], changed)
    assert result.returncode == 1 and "api/reviews.json differs" in result.stderr
    assert not (tmp_path / "d").exists()
    assert merge(built["merged"], built["part-1"], built["part-2"]).returncode == 1  # not empty


def test_the_shard_option_is_i_of_n():
    assert settings_from({"shard": " 2 / 4"})[0].shard == "2/4"
    assert settings_from({})[0].shard is None
    for wrong in ("0/2", "3/2", "1", "a/b", "1/0"):
        settings, problems = settings_from({"shard": wrong})
        assert settings is None and "must be i/n" in problems[0].message, wrong
    settings, problems = settings_from({"shard": 2})
    assert settings is None and problems[0].field == "plugins.advocacy.shard"


def test_pages_are_shared_out_evenly_and_stably():
    urls = [f"advocates/person-{i}/" for i in range(4000)]
    for n in (2, 3, 4):
        counts = [sum(in_shard(u, (i, n)) for u in urls) for i in range(1, n + 1)]
        assert sum(counts) == len(urls) and max(counts) - min(counts) < len(urls) / n * 0.1
    assert in_shard("case-studies/lumen-bank/", (1, 2)) == in_shard("case-studies/lumen-bank/", (1, 2))
