"""One consistent view of an index directory: each listed file opened once, verified
from the bytes read, and those bytes (never a second read by path) handed on.

A build swaps a whole new directory into place. Opening the index directory once and
every file relative to that open directory (``openat``) pins one build: a swap that
lands mid-load cannot mix two builds' files. At worst the old build's files are being
deleted, which shows as a missing file and is reported as ``IndexChangedError`` so that
the caller loads again from the new directory.

Small files are read into memory. Files of ``MMAP_MIN_BYTES`` or more are hashed
through a read-only memory map of the open file, and consumers that want to
memory-map them again (FAISS) get ``/proc/self/fd/N``: the very inode that was
verified, not whatever the path names by then.
"""
from __future__ import annotations

import hashlib
import mmap
import os
import re
import stat
from pathlib import Path

from qa.errors import REBUILD_HINT, IndexCorruptError, brief

MMAP_MIN_BYTES = 64 << 20  # also the size above which FAISS files are memory-mapped
_SHA_RE = re.compile(r"[0-9a-f]{64}")


class IndexChangedError(IndexCorruptError):
    """A file vanished while loading: a build replaced the index meanwhile; load again."""


def where(directory: str | Path) -> str:
    """A directory as a user reads it in a message: ``index/``."""
    text = Path(directory).as_posix().rstrip("/") or "/"
    return f"`{text}/`"


def check_relative(rel: object) -> str:
    """A manifest path: relative, inside the index, plain names only.

    Raises:
        IndexCorruptError: absolute, ``..``, empty parts, backslashes or NULs.
    """
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel or "\x00" in rel:
        raise IndexCorruptError(f"the manifest names a file {brief(rel)} outside the index; {REBUILD_HINT}")
    if any(part in ("", ".", "..") for part in rel.split("/")):
        raise IndexCorruptError(f"the manifest names a file {brief(rel)} outside the index; {REBUILD_HINT}")
    return rel


def check_entry(rel: str, info: object) -> tuple[int, str]:
    """``(size, sha256)`` of a manifest ``files`` entry, validated."""
    if not isinstance(info, dict):
        raise IndexCorruptError(f"the manifest entry for {brief(rel)} is not an object; {REBUILD_HINT}")
    size, digest = info.get("size"), info.get("sha256")
    if type(size) is not int or size < 0:
        raise IndexCorruptError(f"the manifest gives {brief(rel)} a size of {brief(size)}, not a byte count; {REBUILD_HINT}")
    if not isinstance(digest, str) or not _SHA_RE.fullmatch(digest):
        raise IndexCorruptError(f"the manifest gives {brief(rel)} no valid SHA-256; {REBUILD_HINT}")
    return size, digest


def _open_in(dir_fd: int, rel: str, directory: Path) -> int:
    """Open ``rel`` under ``dir_fd`` without following symlinks; never blocks on a FIFO."""
    parts = rel.split("/")
    fd = dir_fd
    opened: list[int] = []
    try:
        for part in parts[:-1]:
            fd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            opened.append(fd)
        return os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise IndexCorruptError(f"`{directory.as_posix()}/{rel}` cannot be opened ({exc.strerror}); {REBUILD_HINT}") from None
    finally:
        for f in opened:
            os.close(f)


class Snapshot:
    """The files of one build, read once and verified. Use as a context manager.

    Attributes:
        directory: the index directory (for messages).
        manifest_bytes: ``manifest.json`` as read through the pinned directory.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._fds: dict[str, int] = {}
        self._data: dict[str, bytes | mmap.mmap] = {}
        try:
            self._dir_fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise IndexCorruptError(f"the index in {where(self.directory)} cannot be opened ({exc.strerror})") from None

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for data in self._data.values():
            if isinstance(data, mmap.mmap):
                data.close()
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        self._data.clear()
        if self._dir_fd >= 0:
            os.close(self._dir_fd)
            self._dir_fd = -1

    def read_unlisted(self, name: str, limit: int = 16 << 20) -> bytes | None:
        """Read the manifest itself (the one file no manifest lists); None if absent."""
        try:
            fd = _open_in(self._dir_fd, name, self.directory)
        except FileNotFoundError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise IndexCorruptError(f"`{self.directory.as_posix()}/{name}` is not a regular file; {REBUILD_HINT}")
            if st.st_size > limit:
                raise IndexCorruptError(f"`{self.directory.as_posix()}/{name}` is {st.st_size} bytes, too big to be ours; {REBUILD_HINT}")
            return _read_all(fd, st.st_size + 1)
        except OSError as exc:
            raise IndexCorruptError(f"`{self.directory.as_posix()}/{name}` cannot be read ({exc.strerror}); {REBUILD_HINT}") from None
        finally:
            os.close(fd)

    def verify(self, files: dict, mmap_min: int = MMAP_MIN_BYTES) -> None:
        """Open, read and check size + SHA-256 of every file the manifest lists.

        Raises:
            IndexChangedError: a listed file vanished (a build replaced the index meanwhile).
            IndexCorruptError: a file is missing, not a regular file, or does not match.
        """
        for rel, info in files.items():
            self._verify_one(check_relative(rel), *check_entry(rel, info), mmap_min)

    def _verify_one(self, rel: str, size: int, digest: str, mmap_min: int) -> None:
        shown = f"`{self.directory.as_posix()}/{rel}`"
        try:
            fd = _open_in(self._dir_fd, rel, self.directory)
        except FileNotFoundError:
            raise IndexChangedError(f"{shown} is missing; {REBUILD_HINT}") from None
        self._fds[rel] = fd
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise IndexCorruptError(f"{shown} is not a regular file; {REBUILD_HINT}")
            if st.st_size != size:
                raise IndexCorruptError(f"{shown} is {st.st_size} bytes, expected {size} (truncated or altered); {REBUILD_HINT}")
            if 0 < size and size >= mmap_min:
                data: bytes | mmap.mmap = mmap.mmap(fd, size, prot=mmap.PROT_READ)
            else:
                data = _read_all(fd, size + 1)
        except OSError as exc:
            raise IndexCorruptError(f"{shown} cannot be read ({exc.strerror}); {REBUILD_HINT}") from None
        if len(data) != size:
            raise IndexCorruptError(f"{shown} is {len(data)} bytes, expected {size} (truncated or altered); {REBUILD_HINT}")
        self._data[rel] = data
        if hashlib.sha256(data).hexdigest() != digest:
            raise IndexCorruptError(f"{shown} does not match its checksum (corrupt or altered); {REBUILD_HINT}")

    def data(self, rel: str) -> bytes | mmap.mmap:
        """The verified content of a listed file (bytes, or a read-only map when large)."""
        if rel not in self._data:
            raise IndexCorruptError(f"the manifest of {where(self.directory)} does not list {rel!r}; {REBUILD_HINT}")
        return self._data[rel]

    def fd_path(self, rel: str) -> str | None:
        """``/proc/self/fd/N`` of the verified open file, to memory-map it again; None without /proc."""
        self.data(rel)
        path = f"/proc/self/fd/{self._fds[rel]}"
        return path if os.path.exists(path) else None


def _read_all(fd: int, limit: int) -> bytes:
    parts = []
    total = 0
    while total < limit:
        block = os.read(fd, min(1 << 20, limit - total))
        if not block:
            break
        parts.append(block)
        total += len(block)
    return b"".join(parts)
