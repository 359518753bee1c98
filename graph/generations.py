"""Store generations: how a load of many documents becomes one unit on the embedded store.

The folder the operator names (`--store DIR`) holds numbered generations, each a complete Oxigraph database
(`gen-000001`, `gen-000002`, …), and a symbolic link `active` naming the one in use. A load copies the active
generation into the next one with `Store.backup` (a RocksDB checkpoint: hard links to the immutable table
files, so it costs milliseconds, not a copy), writes every document into the copy, flushes it, closes it,
syncs its files, and only then points `active` at it with `os.replace` — an atomic rename — and syncs the
folder. A crash or `kill -9` at any moment before the rename leaves `active` on the old generation (the half
written copy is removed by the next load); after it, on the new one. Nobody ever opens a generation that is
being written, so no reader sees a partial load either, and a reader holding the previous generation keeps
reading it until it reopens (`active_name` tells it when). The newest generation before the active one is
kept for such readers; older ones are removed.

Why generations rather than one transaction: a transaction over a whole 1,000-release reload holds every
write in memory until commit, and Oxigraph's fast bulk loader (used for first loads) is not transactional at
all; a generation makes both atomic at the cost of a rename.

A folder written before generations existed (the database in the folder itself) still opens in place; the
first load into it makes `gen-000001` from it and removes the old files once `active` points there.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import StoreError

ACTIVE = "active"
LOCK = "ckg-load.lock"
_GENERATION = re.compile(r"gen-(\d{6,})")
# The files RocksDB keeps in its folder: what a store made before generations holds at the top level.
_ROCKSDB_FILE = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|\d+\.(sst|log|blob)"
)
INCOMPLETE_MARKER = "ckg-first-load-incomplete"  # left by an interrupted bulk first load of a pre-generation store


def active_name(folder: Path) -> str | None:
    """The name of the active generation (one `readlink`, cheap enough to ask before every query), or None."""
    try:
        return os.readlink(folder / ACTIVE)
    except OSError:
        return None


def is_legacy(folder: Path) -> bool:
    """A database in the folder itself, as stores were written before generations."""
    return (folder / "CURRENT").exists()


def holds_store(folder: Path) -> bool:
    """The folder holds a store that can be opened (a generation, or a database of the older layout)."""
    name = active_name(folder)
    return (folder / name / "CURRENT").exists() if name is not None else is_legacy(folder)


def locate(folder: Path, *, create: bool) -> Path:
    """The database folder to open for `folder`: the active generation, else the folder itself (older layout).

    With `create`, a folder holding no store gets an empty first generation, made active.
    """
    name = active_name(folder)
    if name is not None:
        return folder / name
    if is_legacy(folder) or not create:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    _remove_unfinished(folder, None)
    first = folder / _generation_name(1)
    store = ox.Store(str(first))
    store.flush()
    del store
    _switch(folder, first.name)
    return first


def _generation_name(number: int) -> str:
    return f"gen-{number:06d}"


def _generations(folder: Path) -> list[tuple[int, str]]:
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        match = _GENERATION.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            found.append((int(match.group(1)), entry.name))
    return sorted(found)


def _remove_unfinished(folder: Path, active: str | None) -> None:
    """Generations newer than the active one were being written when a load stopped: nobody reads them."""
    current = int(_GENERATION.fullmatch(active).group(1)) if active and _GENERATION.fullmatch(active) else 0  # type: ignore[union-attr]
    for number, name in _generations(folder):
        if number > current:
            shutil.rmtree(folder / name, ignore_errors=True)


def _switch(folder: Path, name: str) -> None:
    """Point `active` at generation `name` atomically: a new link under a temporary name, renamed over the old."""
    link = folder / f".{ACTIVE}.new"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(name, link)
    os.replace(link, folder / ACTIVE)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_tree(folder: Path) -> None:
    """Every file of a finished generation on disk before it becomes active (a power cut keeps it whole too)."""
    for entry in folder.iterdir():
        if entry.is_file():
            descriptor = os.open(entry, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
    _sync_folder(folder)


def _prune(folder: Path, active: str) -> None:
    """Keep the active generation and the one before it (readers may still hold it); remove the rest, and the
    files of a store of the older layout."""
    older = [name for _, name in _generations(folder) if name != active]
    for name in older[:-1]:
        shutil.rmtree(folder / name, ignore_errors=True)
    for entry in folder.iterdir():
        if entry.is_file() and (_ROCKSDB_FILE.fullmatch(entry.name) or entry.name == INCOMPLETE_MARKER):
            with contextlib.suppress(OSError):
                entry.unlink()


@contextlib.contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One load per folder at a time: a second one fails at once rather than wait or interleave."""
    descriptor = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another load is writing the store at {folder}; wait for it to finish") from None
        yield
    finally:
        os.close(descriptor)


class NextGeneration:
    """A private copy of the active generation for a load to write into (`path`), committed by `commit`.

    The active generation stays open read-write meanwhile, so no other writer (the server's SPARQL Update)
    changes it under the copy and is silently lost at the switch: such a writer gets a "lock" error instead.
    """

    def __init__(self, folder: Path, path: Path, base: ox.Store | None) -> None:
        self.folder, self.path, self._base = folder, path, base

    def commit(self) -> None:
        _sync_tree(self.path)
        _switch(self.folder, self.path.name)
        self._release_base()
        _prune(self.folder, self.path.name)

    def _release_base(self) -> None:
        if self._base is not None:
            del self._base
            self._base = None

    def abandon(self) -> None:
        self._release_base()
        shutil.rmtree(self.path, ignore_errors=True)


@contextlib.contextmanager
def next_generation(folder: Path) -> Iterator[NextGeneration]:
    """Make the next generation of `folder` (a copy of the active one, or empty) and hand it over for writing;
    it is removed unless the caller commits it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = _exclusive(folder)
        lock.__enter__()
    except OSError as error:
        raise StoreError(describe_os_error(error, folder)) from error
    try:
        active = active_name(folder)
        _remove_unfinished(folder, active)
        numbers = [number for number, _ in _generations(folder)]
        target = folder / _generation_name(max(numbers, default=0) + 1)
        base = _open_base(folder, active)
        try:
            if base is not None:
                base.backup(str(target))
            else:
                target.mkdir()
        except OSError as error:
            del base
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(describe_os_error(error, folder)) from error
        generation = NextGeneration(folder, target, base)
        del base  # the generation holds the only reference: releasing it closes the database (before pruning)
        try:
            yield generation
        finally:
            if generation.path.exists() and active_name(folder) != generation.path.name:
                generation.abandon()
    finally:
        lock.__exit__(None, None, None)


def _open_base(folder: Path, active: str | None) -> ox.Store | None:
    """The store the next generation starts from: the active generation, a store of the older layout, or none
    (an empty folder, or an older-layout store whose first load was cut short: the load replaces it)."""
    if active is not None:
        path = folder / active
    elif is_legacy(folder) and not (folder / INCOMPLETE_MARKER).exists():
        path = folder
    else:
        return None
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as error:
        if path == folder and "Column family not found" in str(error):
            return None  # an older-layout first load that died before its database was whole: start again
        raise StoreError(describe_os_error(error, folder)) from error


def describe_os_error(error: BaseException, folder: Path) -> str:
    """One line an operator can act on, for the faults a store folder meets."""
    code = getattr(error, "errno", None)
    text = str(error)
    if code == errno.ENOSPC or "No space left" in text:
        return f"the disk holding {folder} is full; free space and load again (the store is as it was)"
    if (code in (errno.EACCES, errno.EROFS, errno.EPERM)
            or "Read-only file system" in text or "Permission denied" in text):
        return f"cannot write to {folder} (read-only or not permitted); the store is as it was"
    if "lock" in text.lower():
        return (f"the store at {folder} is being written by another process (a load, or the server's SPARQL Update): "
                f"{text}")
    return f"cannot write the store at {folder}: {text}"
