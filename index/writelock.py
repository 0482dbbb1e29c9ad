"""One writer per index folder: an exclusive flock on ``DIR/.lock``, and a writability probe that fails fast."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from index.errors import IndexLockedError, IndexStoreError


@contextlib.contextmanager
def writer_lock(root: Path, wait_s: float = 0.0) -> Iterator[None]:
    """Exclusive lock for writers; a second writer waits ``wait_s`` then fails with a clear message. The folder
    is checked writable first, so a read-only index fails in one line before any work."""
    check_writable(root)
    with open(root / ".lock", "a+") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(f"another `kabar index` is updating {root}; try again when it ends") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def check_writable(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise IndexStoreError(f"cannot write to the index folder {root}: {exc.strerror or exc}") from None
