"""Renders shared with a forked child (core/halves.py): every item comes back exactly as this
process would render it, whoever rendered it, whatever the child does (fails, is killed, is
stopped early), in any order of asking, and no child outlives the build.

The test process may have threads of its own (pytest-xdist's), which `can_fork` refuses to fork
beside; these tests fork anyway (the child runs only the render, a lock and a file write).
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_advocacy.core import halves
from mkdocs_advocacy.core.halves import Halves

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or os.sys.platform != "linux", reason="fork on Linux only")


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    monkeypatch.setattr(halves, "MIN_PAGES", 1)
    monkeypatch.setattr(halves, "can_fork", lambda: True)


def render(i: int) -> tuple[int, str]:
    return i, f"<p>page {i}</p>" * (i % 7)


def _reaped(pid: int) -> bool:
    """The child has exited and was waited for: no process, no zombie left."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_every_item_is_the_render_and_the_child_did_its_share():
    seen_here: list[int] = []

    def slow_here(i: int) -> tuple[int, str]:  # the child inherits it: slow in both, so they share
        if os.getpid() == parent:
            seen_here.append(i)
        time.sleep(0.002)
        return render(i)

    parent = os.getpid()
    work = Halves(400, slow_here)
    assert work.start()
    child = work._pid
    got = [work.get(i) for i in range(400)]
    work.close()
    assert got == [render(i) for i in range(400)]
    assert 0 < work.by_child < 400 and len(seen_here) + work.by_child == 400
    assert seen_here == list(range(len(seen_here))), "this process renders from the first, the child from the last"
    assert _reaped(child)


@settings(max_examples=15, deadline=None)
@given(count=st.integers(1, 60), order=st.randoms(use_true_random=False), fail=st.sets(st.integers(0, 59)))
def test_any_order_and_any_failures_of_the_child_give_the_same_items(count, order, fail):
    parent = os.getpid()

    def flaky(i: int) -> tuple[int, str]:
        if os.getpid() != parent and i in fail:
            raise RuntimeError("the child fails here")  # the child stops; this process renders the rest
        return render(i)

    work = Halves(count, flaky)
    assert work.start()
    child = work._pid
    asked = list(range(count))
    order.shuffle(asked)
    got = {i: work.get(i) for i in asked}
    work.close()
    assert got == {i: render(i) for i in range(count)}
    assert _reaped(child)


def test_a_child_killed_mid_way_loses_nothing():
    work = Halves(300, lambda i: (time.sleep(0.001), render(i))[1])
    assert work.start()
    child = work._pid
    time.sleep(0.05)
    os.kill(child, signal.SIGKILL)  # its last record may be cut short
    assert [work.get(i) for i in range(300)] == [render(i) for i in range(300)]
    assert _reaped(child)


def test_a_child_killed_holding_the_lock_leaves_no_one_waiting():
    """Killed (say by the out-of-memory killer) between taking the lock and letting it go: the
    semaphore stays taken, and this process must not wait for it forever."""
    parent = os.getpid()

    def dies_locked(i: int) -> tuple[int, str]:
        if os.getpid() != parent and i == 250:
            work._lock.acquire()
            os.kill(os.getpid(), signal.SIGKILL)
        return render(i)

    work = Halves(300, dies_locked)
    assert work.start()
    child = work._pid
    time.sleep(0.2)
    assert [work.get(i) for i in range(300)] == [render(i) for i in range(300)]
    assert _reaped(child)


def test_a_build_that_stops_early_reaps_its_child():
    work = Halves(10_000, lambda i: (time.sleep(0.001), render(i))[1])
    assert work.start()
    child = work._pid
    work.get(0)
    started = time.perf_counter()
    work.close()  # a failed build: the child stops after its current render
    assert time.perf_counter() - started < 5
    assert _reaped(child)
    assert work.get(5) == render(5)  # anything asked after is rendered here


def test_no_fork_where_it_is_not_safe_or_not_worth_it(monkeypatch):
    monkeypatch.undo()
    assert not Halves(halves.MIN_PAGES - 1, render).start()
    monkeypatch.setattr(halves.threading, "active_count", lambda: 2)  # another thread could hold a lock
    assert not halves.can_fork()
    monkeypatch.setattr(halves.threading, "active_count", lambda: 1)
    monkeypatch.setattr(halves, "usable_cores", lambda: 1)
    assert not halves.can_fork()
    work = Halves(halves.MIN_PAGES, render)
    assert not work.start() and work.get(3) == render(3) and work.by_child == 0


def test_a_refused_fork_renders_everything_here(monkeypatch):
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(halves.os, "fork", refused)
    work = Halves(50, render)
    assert not work.start()
    assert [work.get(i) for i in range(50)] == [render(i) for i in range(50)] and work.by_child == 0
    work.close()


def test_markdown_rendered_ahead_by_both_processes_is_the_markdown_rendered_here():
    """Stories and case-study bodies shared with the child: each the render of a converter in this
    process, sanitizer findings included; text nested too deep to render still fails in `render`."""
    from mkdocs_advocacy.core import markdown_fields
    from mkdocs_advocacy.core.markdown_fields import MarkdownFields, MarkdownOptions

    def options() -> MarkdownOptions:
        return MarkdownOptions(["toc", "tables", "attr_list", "md_in_html"], {"toc": {"permalink": True}})

    texts = [("story" if i % 3 else "body", f"## Part {i}\n\nText *{i}* <script>x()</script>\n\n| a |\n|---|\n| {i} |\n")
             for i in range(120)]
    deep = ("body", "a list 600 deep")

    class Fields(MarkdownFields):
        def render(self, kind: str, text: str):  # type: ignore[no-untyped-def]
            if (kind, text) == deep:  # as Python-Markdown does on such a list (test_hostile.py), in no time
                raise RecursionError
            return super().render(kind, text)

    markdown_fields._RENDERS.clear()  # renders are remembered per options: make them here, one by one
    here = MarkdownFields(options())
    expected = {key: here.render(*key) for key in texts}
    markdown_fields._RENDERS.clear()
    ahead = Fields(options())
    ahead.render_ahead([*texts, deep, texts[0]])
    assert {key: ahead._memo[key] for key in texts} == expected
    assert expected[texts[3]].removed, "a body's <script> is reported as removed"
    with pytest.raises(RecursionError):
        ahead.render(*deep)
    markdown_fields._RENDERS.clear()


def test_records_parsed_ahead_by_both_processes_load_as_records_parsed_here(tmp_path, monkeypatch):
    """Advocate files and case studies parsed by the two processes: the same records, lines and
    problems (a bad value, a file that is not UTF-8) as parsed one by one in this process."""
    import datetime as dt

    from mkdocs_advocacy.core.cache import ParseCache
    from mkdocs_advocacy.core.program import load_program
    from mkdocs_advocacy.core.settings import Settings
    from sitegen import write, write_yaml

    (tmp_path / "content").mkdir()
    for n in range(60):
        write_yaml(tmp_path / f"advocates/person-{n:02}.yml",
                   {"name": f"Person {n}", "company": "C", "industry": "I", "consent": {"public": True, "given": "2025-01-01"},
                    "testimonials": [{"quote": f"Quote {n}", "date": "2025-02-01"}], **({"region": 5} if n == 7 else {})})
    (tmp_path / "advocates/latin.yml").write_bytes(b"name: Jos\xe9\ncompany: C\nindustry: I\n")
    for n in range(5):
        write(tmp_path / f"case_studies/case-{n}.md",
              f"---\ntitle: T{n}\ncustomer: C\nsummary: S\ndate: 2025-01-0{n + 1}\nindustry: I\n---\n\nBody {n}.\n")

    def load(cache: ParseCache):
        program, problems = load_program(tmp_path, Settings(), dt.date(2026, 1, 31), tmp_path / "content", cache=cache)
        return ({slug: (a.record, a.located.lines) for slug, a in program.advocates.items()},
                {slug: (c.front, c.body, c.body_line) for slug, c in program.case_studies.items()},
                sorted(str(p) for p in problems))

    by_child: list[int] = []
    close = Halves.close

    def counted(self: Halves) -> None:
        close(self)
        by_child.append(self.by_child)

    monkeypatch.setattr(Halves, "close", counted)
    # this process parses slowly, so that the child surely takes some files however loaded the
    # machine is (it may otherwise start after this process parsed all sixty)
    from mkdocs_advocacy.core import program as program_module

    parent, parse = os.getpid(), program_module.parse_advocate_located

    def slowly_here(*args: object, **kwargs: object) -> object:
        if os.getpid() == parent:
            time.sleep(0.02)
        return parse(*args, **kwargs)

    monkeypatch.setattr(program_module, "parse_advocate_located", slowly_here)
    forked_cache = ParseCache()
    forked = load(forked_cache)
    assert sum(by_child) > 0, "the child parsed some of them"
    monkeypatch.setattr(program_module, "parse_advocate_located", parse)
    monkeypatch.setattr(halves, "can_fork", lambda: False)
    here = load(ParseCache())
    assert forked == here
    assert len(forked[0]) == 59 and any("person-07.yml" in p and "region" in p for p in forked[2])
    assert any("latin.yml" in p and "not UTF-8" in p for p in forked[2])
    assert forked_cache.parsed == 65
