"""Page renders shared with a second process: this one from the first page, a forked child from the
last, until they meet.

A full build renders every generated page's head and body before it writes any (MkDocs populates
all pages, then builds them), and those renders depend only on the page model, which both
processes hold after the fork. Which process renders which page is decided as they go, by a claim
per page in shared memory, so the halves balance whatever each page costs; the HTML is the same
either way, because a render is a function of the page alone. Anything the child did not finish
(it failed, it was stopped, its record is cut short) is rendered here: the child can only save
time, never change or lose a page.

Only where it is safe and pays: Linux (fork, not spawn: the plan is not rebuilt), two usable cores,
no other thread alive (a lock held by one at the fork would be held forever in the child), enough
pages to be worth a fork. The child writes its renders to an unlinked temporary file, read once it
has stopped; it never logs, and it leaves by `os._exit`, so nothing of this process is flushed or
cleaned up twice.
"""

from __future__ import annotations

import io
import mmap
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .images import usable_cores

T = TypeVar("T")
MIN_PAGES = 400  # below this, a fork costs more than the renders it takes over (each about a millisecond)
_HERE, _CHILD = 1, 2
_MISSING = object()


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and usable_cores() >= 2 and threading.active_count() == 1


class Halves(Generic[T]):
    """`render(i)` for i in range(count), each asked once with `get(i)`, some of them done ahead
    by a child process once `start()` has forked one."""

    def __init__(self, count: int, render: Callable[[int], T]) -> None:
        self.count, self._render = count, render
        self._results: dict[int, T] = {}
        self._pid: int | None = None
        self._reaped = False  # the child died holding the lock, and was waited for
        self.by_child = 0  # renders the child handed over (for the build's debug line and the tests)

    def start(self) -> bool:
        """Fork the child; False (and every render done here) where that is not safe or not worth it."""
        if self.count < MIN_PAGES or not can_fork():
            return False
        self._claims = mmap.mmap(-1, self.count + 1)  # shared with the child; the last byte: stop
        self._lock = multiprocessing.get_context("fork").Lock()
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed by close(), after the child
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        self._parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no more processes allowed (a container's limit): all of it here
            self._claims.close()
            self._file.close()
            return False
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            code = 1
            try:
                self._child()
                code = 0
            finally:
                os._exit(code)
        self._pid = pid
        return True

    def _child(self) -> None:  # pragma: no cover - runs in the child
        out = io.BufferedWriter(io.FileIO(self._file.fileno(), "wb", closefd=False), 1 << 20)
        claims, stop = self._claims, self.count
        try:
            for i in range(self.count - 1, -1, -1):
                while not self._lock.acquire(timeout=1):
                    if os.getppid() != self._parent:
                        return  # this process died holding the lock
                try:
                    if claims[stop] or claims[i] or os.getppid() != self._parent:
                        return  # stopped, met this process, or this process is gone
                    claims[i] = _CHILD
                finally:
                    self._lock.release()
                data = pickle.dumps((i, self._render(i)), protocol=pickle.HIGHEST_PROTOCOL)
                out.write(len(data).to_bytes(8, "little"))
                out.write(data)
        finally:
            out.flush()

    def get(self, i: int) -> T:
        hit = self._results.pop(i, _MISSING)
        if hit is not _MISSING:
            return hit  # type: ignore[return-value]
        if self._pid is not None:
            child = True  # a child that died holding the lock: what it finished is taken below
            if self._locked():
                try:
                    child = self._claims[i] == _CHILD
                    if not child:
                        self._claims[i] = _HERE
                finally:
                    self._lock.release()
            if child:  # the halves met: the rest are the child's, done or being done
                self.close()
                hit = self._results.pop(i, _MISSING)
                if hit is not _MISSING:
                    return hit  # type: ignore[return-value]
        return self._render(i)

    def _locked(self) -> bool:
        """Take the lock; False when the child was killed holding it (it is then waited for)."""
        assert self._pid is not None
        while not self._lock.acquire(timeout=1):
            if self._reaped or os.waitpid(self._pid, os.WNOHANG)[0] == self._pid:
                self._reaped = True
                return False
        return True

    def close(self) -> None:
        """Stop the child after its current render, wait for it and take what it finished."""
        if self._pid is None:
            return
        if self._locked():
            self._claims[self.count] = 1
            self._lock.release()
        pid, self._pid = self._pid, None
        if not self._reaped:
            os.waitpid(pid, 0)
        with self._file as f:
            f.seek(0)
            while len(head := f.read(8)) == 8:
                data = f.read(int.from_bytes(head, "little"))
                try:
                    i, result = pickle.loads(data)
                except Exception:  # noqa: BLE001 - cut short (the child was killed): rendered here
                    break
                self._results[i] = result
        self._claims.close()
        self.by_child = len(self._results)


def in_order(count: int, render: Callable[[int], T]) -> Iterator[T]:
    """`render(i)` for i in range(count), in order, shared with a child where `Halves` may fork one."""
    work = Halves(count, render)
    work.start()
    try:
        for i in range(count):
            yield work.get(i)
    finally:
        work.close()
