"""Durable writes: everything Kabar publishes (an index generation, its CURRENT pointer, a prepared model, a
joined GGUF, a report) is written under a temporary name beside its target, flushed to disk, then moved into
place by one rename, so a reader sees the old file or the new one and never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path


def temporary_path(target: Path, tag: str = "part") -> Path:
    """The temporary name ``atomic_path`` uses for ``target``: hidden, in the same folder (a rename within one
    file system is atomic), and per process, so two writers never share one."""
    return target.with_name(f".{target.name}.{os.getpid()}.{tag}")


@contextlib.contextmanager
def atomic_path(target: Path, temp: Path | None = None, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path (file or folder) to write ``target``'s content into. On success it is flushed
    (``durable``) and renamed over ``target``; on any failure it is removed and ``target`` is untouched.
    A folder that replaces an existing folder is swapped in by two renames (POSIX cannot replace a non-empty
    folder in one): the old one is moved aside first, then removed."""
    tmp = temp or temporary_path(target)
    remove_path(tmp)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield tmp
        if durable:
            fsync_tree(tmp)
        if tmp.is_dir() and target.is_dir():
            old = temporary_path(target, "old")
            os.replace(target, old)
            os.replace(tmp, target)
            remove_path(old)
        else:
            os.replace(tmp, target)
        if durable:
            fsync_dir(target.parent)
    except BaseException:
        remove_path(tmp)
        raise


def write_text_atomic(target: Path, text: str, temp: Path | None = None) -> Path:
    with atomic_path(target, temp) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return target


def write_json_atomic(target: Path, obj: object, indent: int | None = 2) -> Path:
    return write_text_atomic(target, json.dumps(obj, indent=indent, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    if path.is_file():
        fsync_file(path)
        return
    for p in path.rglob("*"):
        if p.is_file():
            fsync_file(p)
    fsync_dir(path)
