"""Expand folders and zip archives into items, one per file, without stopping on a bad one.

An ``Item`` is either ready (``load()`` returns the file's bytes) or an error that says why the file
was refused. Folders are walked depth first, each folder listed (``os.scandir``) and sorted by name
only when the walk reaches it: the order is fixed, the first item comes at once, and memory is bound
by the largest folder (and the folders above it), not by the size of the archive. Zip archives are
opened and each member becomes an item named ``archive.zip!/inner/path.pdf``; a member that is itself
a zip is expanded in turn (up to ``max_depth``). Members whose names escape the archive, that are encrypted, too large or
compressed at an absurd ratio, or that push the archive's total past ``max_archive_bytes``, become
error items. Every archive is accounted for: one that holds no files (only folders or operating-system
litter) is an error item of its own (``EmptyFile``), and members that share a name each get a
source of their own (``name (2).ext`` for the second, see ``_named_members``; ``archive_member``
finds the member a source names).

Nothing found stops the walk: a file, folder or archive that raises anything while it is walked
becomes an error item and the walk goes on with the next one. The walk stays inside what it was
given: a symbolic link whose target lies outside the given folder is not followed, and special
files (FIFOs, devices, sockets, ``/proc`` and ``/sys``) are never opened; both become ``Skipped``
items with the reason. A name that is not valid UTF-8 is shown with ``\\xNN`` escapes in ``source``
(``disk_path`` turns it back into the name on disk).
"""
from __future__ import annotations

import io
import lzma
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .detect import ZIP_MAGICS
from .document import MEMBER_SEP
from .messages import msg
from .errors import (CorruptFile, EmptyFile, EncryptedFile, IngestError, Skipped, TooLarge, Unreadable,
                     UnsafeArchive, UnsupportedFormat)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024          # one file
DEFAULT_MAX_ARCHIVE_BYTES = 2 * 1024 ** 3      # everything one archive unpacks to
DEFAULT_MAX_RATIO = 200                        # uncompressed : compressed, for members over 1 MB
DEFAULT_MAX_DEPTH = 3                          # archives inside archives
_RATIO_FLOOR = 1024 * 1024

#: operating-system litter that is never a document: name -> why, as people read it
LITTER = {
    ".ds_store": "tệp thông tin thư mục của macOS (.DS_Store)",
    "__macosx": "thư mục siêu dữ liệu của macOS (__MACOSX)",
    "thumbs.db": "tệp ảnh thu nhỏ của Windows (Thumbs.db)",
    "ehthumbs.db": "tệp ảnh thu nhỏ của Windows (ehthumbs.db)",
    "desktop.ini": "tệp cài đặt thư mục của Windows (desktop.ini)",
}
#: litter known by how its name starts: prefix -> why
LITTER_PREFIXES = (
    ("~$", "tệp khóa của Microsoft Office (~$), tạo ra khi một văn bản đang mở"),
    (".~lock.", "tệp khóa của LibreOffice (.~lock), tạo ra khi một văn bản đang mở"),
    ("._", "tệp siêu dữ liệu của macOS (._)"),
    (".", "tệp hoặc thư mục ẩn (tên bắt đầu bằng dấu chấm: .git, .Trash, tệp tạm của chương trình)"),
)
_OOXML_MARKERS = ("[Content_Types].xml", "mimetype")
_PACKAGE_SUFFIXES = (".docx", ".docm", ".dotx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")


@dataclass(frozen=True)
class Item:
    """One file found by ``walk``: ready to load, or refused with ``error``."""

    source: str
    load: Callable[[], bytes] | None = None   # returns the bytes; raises IngestError
    error: IngestError | None = None
    size: int | None = None
    parent: str | None = None                 # the archive this member came from
    path: str | None = None                   # the name on disk, when ``source`` had to escape it
    # a member of an archive on disk: ``digest()`` streams it to ``(sha256 hex, size)`` without holding
    # it, and ``member`` (the archive's path, the member's ZipInfo) lets another process read it
    # (``read_member``)
    digest: Callable[[], tuple[str, int]] | None = None
    member: tuple[str, zipfile.ZipInfo] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def disk_path(self) -> str:
        """The path to open for a file on disk (not for an archive member)."""
        return self.path if self.path is not None else self.source


def shown(path: str) -> str:
    """``path`` (or a member's name) as valid Unicode for people and the manifest, one shown form per
    name: bytes of a name that is not UTF-8 (which ``os`` gives as lone surrogates) become ``\\xNN``;
    so that no real name reads like another, a backslash that starts ``\\xNN`` in the name itself
    is shown as ``\\x5c`` (the file ``a\\xff`` is ``a\\x5cxff``, the byte 0xff ``a\\xff``) and a
    ``!`` that ends a folder's name before ``/`` as ``\\x21`` (the folder ``x.zip!`` holds
    ``x.zip\\x21/a.txt``, the archive ``x.zip`` holds ``x.zip!/a.txt``). Every other name is shown
    as it is."""
    path = _LITERAL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", path)
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


#: what ``shown`` escapes in a real name: a backslash before ``xNN``, a ``!`` before ``/`` (MEMBER_SEP)
_LITERAL = re.compile(r"\\(?=x[0-9a-f]{2})|!(?=/)")
_ESCAPED = re.compile(r"\\x([0-9a-f]{2})")


def printable(text: str) -> str:
    """``text`` for one line of a terminal: control and format characters (escape sequences, line
    breaks, bidirectional overrides) as ``\\x1b``, ``\\n``, ``\\u202e``, so that a file's name or a
    reason quoting it can neither drive the terminal nor start a line of its own."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def disk_path(source: str) -> str:
    """The name on disk of a file whose ``source`` is ``shown(name)``: the reverse of ``shown``.
    A manifest line written before backslashes and ``!/`` were escaped names its file as it is: when
    only that name exists on disk, it is the one."""
    if "\\x" not in source:
        return source
    name = os.fsdecode(_ESCAPED.sub(_unescaped, source).encode("utf-8", "surrogateescape"))
    if not os.path.lexists(name) and os.path.lexists(source):
        return source
    return name


def _unescaped(m: re.Match) -> str:
    byte = int(m.group(1), 16)
    return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)    # ``\\x5c``, ``\\x21``; or a byte that is not UTF-8


def litter(name: str) -> str | None:
    """Why a file or folder named ``name`` is operating-system litter (a lock file, a thumbnail
    cache, macOS metadata, a hidden file or folder), never a document; None for any other name. Litter is listed as skipped
    with this reason, not read."""
    if name in (".", ".."):
        return None
    why = LITTER.get(name.lower())
    if why is None:
        why = next((w for prefix, w in LITTER_PREFIXES if name.startswith(prefix)), None)
    return None if why is None else f"{why}: không phải văn bản, bỏ qua"


def _unreadable(source: str, exc: OSError) -> Unreadable:
    """The reason a file could not be opened or read, as people say it."""
    if isinstance(exc, FileNotFoundError):
        return Unreadable(source, msg("file-not-found"))
    if isinstance(exc, IsADirectoryError):
        return Unreadable(source, msg("is-directory"))
    if isinstance(exc, PermissionError):
        return Unreadable(source, msg("permission-denied"))
    return Unreadable(source, msg("cannot-read-file", detail=exc.strerror or exc))


def _open_regular(path: str | os.PathLike, source: str):
    """``path`` opened for reading, refused unless it is a regular file outside /proc and /sys (a
    FIFO is opened without blocking, then refused)."""
    if _system_path(os.path.realpath(path)):
        raise Skipped(source, msg("system-file"))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = _special_kind(os.fstat(fd).st_mode)
        if kind:
            raise Skipped(source, msg("special-file", kind=kind))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _special_kind(mode: int) -> str | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "not a regular file"


def _system_path(real: str) -> bool:
    return real in ("/proc", "/sys", "/dev") or real.startswith(("/proc/", "/sys/", "/dev/"))


def read_file(path: str | os.PathLike, source: str | None = None, *,
              max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, with every failure as an IngestError."""
    source = shown(os.fspath(path)) if source is None else source
    try:
        with _open_regular(path, source) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise TooLarge(source, msg("file-too-large", size=_mb(size), limit=_mb(max_bytes)))
            # a buffer the size the file says it has (asking for the limit would allocate the limit)
            data = fh.read(size + 1)
            if len(data) > size:          # it grew since, or a special file that says 0
                data += fh.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    if len(data) > max_bytes:   # grew while we read it, or a special file
        raise TooLarge(source, msg("file-larger-than", limit=_mb(max_bytes)))
    if not data:
        raise EmptyFile(source, msg("empty-file"))
    return data


def hash_file(path: str | os.PathLike, source: str | None = None, *,
              max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, int]:
    """``(sha256 hex, size)`` of a file, read in chunks (nothing held in memory), with every failure
    as the same IngestError ``read_file`` would raise."""
    import hashlib

    source = shown(os.fspath(path)) if source is None else source
    digest = hashlib.sha256()
    size = 0
    try:
        with _open_regular(path, source) as fh:
            if os.fstat(fh.fileno()).st_size > max_bytes:
                raise TooLarge(source, msg("file-too-large", size=_mb(os.fstat(fh.fileno()).st_size), limit=_mb(max_bytes)))
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(source, msg("file-larger-than", limit=_mb(max_bytes)))
                digest.update(chunk)
    except OSError as exc:
        raise _unreadable(source, exc) from exc
    if size == 0:
        raise EmptyFile(source, msg("empty-file"))
    return digest.hexdigest(), size


def walk(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
         max_bytes: int = DEFAULT_MAX_BYTES,
         max_archive_bytes: int = DEFAULT_MAX_ARCHIVE_BYTES,
         max_ratio: float = DEFAULT_MAX_RATIO,
         max_depth: int = DEFAULT_MAX_DEPTH, names: dict[str, str] | None = None) -> Iterator[Item]:
    """Items for every file under ``paths`` (given order; folders sorted), archives expanded.
    ``names`` gives a file path the source its items are named by (an upload kept under its hash is
    named by what it was uploaded as)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    limits = _Limits(max_bytes, max_archive_bytes, max_ratio, max_depth)
    for path in paths:
        path = os.fspath(path)
        name = (names or {}).get(path)
        # the given path is followed wherever it points: that is what the user chose
        yield from _guarded(name or path, _walk_path(path, limits, set(), root(path), name))


def root(path: str | os.PathLike) -> str:
    """The real location of a path given to ``walk``: nothing outside it is walked."""
    return os.path.realpath(path)


def inside(real: str, roots: Iterable[str]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or lies under one."""
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    max_archive_bytes: int
    max_ratio: float
    max_depth: int


def _guarded(source: str, items: Iterator[Item], parent: str | None = None) -> Iterator[Item]:
    """``items``, with anything they raise turned into an error item for ``source``: one bad file,
    folder or archive never stops a walk."""
    try:
        yield from items
    except Exception as exc:     # noqa: BLE001 - reported with the file; the walk goes on
        yield Item(shown(source), parent=parent, error=_chain(
            CorruptFile(shown(source), msg("cannot-walk", detail=f"{type(exc).__name__}: {exc}")), exc))


def _walk_path(path: str, limits: _Limits, active_dirs: set, top: str,
               name: str | None = None) -> Iterator[Item]:
    source = name or shown(path)
    try:
        lst = os.lstat(path)
        if stat.S_ISLNK(lst.st_mode):
            target = os.path.realpath(path)
            if not inside(target, [top]):
                yield Item(source, path=path, error=Skipped(
                    source, msg("symlink-outside", target=shown(target))))
                return
        st = os.stat(path) if stat.S_ISLNK(lst.st_mode) else lst
    except FileNotFoundError as exc:
        yield Item(source, path=path, error=_chain(Unreadable(source, msg("no-such-file")), exc))
        return
    except OSError as exc:
        yield Item(source, path=path,
                   error=_chain(Unreadable(source, msg("cannot-access", detail=exc.strerror or exc)), exc))
        return
    if _system_path(os.path.realpath(path)) and stat.S_ISREG(st.st_mode):
        yield Item(source, path=path, error=Skipped(source, msg("system-file")))
    elif stat.S_ISDIR(st.st_mode):
        yield from _walk_dir(path, st, limits, active_dirs, top)
    elif stat.S_ISREG(st.st_mode):
        yield from _walk_file(path, st.st_size, limits, source)
    else:
        kind = _special_kind(st.st_mode)
        yield Item(source, path=path, error=Skipped(source, msg("special-file", kind=kind)))


def _walk_dir(path: str, st: os.stat_result, limits: _Limits, active_dirs: set, top: str) -> Iterator[Item]:
    key = (st.st_dev, st.st_ino)
    if key in active_dirs:       # a symlink back to a folder we are inside of
        return
    try:
        with os.scandir(path) as it:
            names = sorted(entry.name for entry in it)
    except OSError as exc:
        yield Item(shown(path), path=path,
                   error=_chain(Unreadable(shown(path), msg("cannot-list-folder", detail=exc.strerror or exc)), exc))
        return
    active_dirs.add(key)
    try:
        for name in names:
            child = os.path.join(path, name)
            why = litter(name)
            if why is not None:        # a folder of litter (__MACOSX) is one line, not walked
                yield Item(shown(child), path=child, error=Skipped(shown(child), why))
                continue
            yield from _guarded(child, _walk_path(child, limits, active_dirs, top))
    finally:
        active_dirs.discard(key)


def _walk_file(path: str, size: int, limits: _Limits, source: str) -> Iterator[Item]:
    if size > limits.max_bytes:
        yield Item(source, path=path, size=size,
                   error=TooLarge(source, msg("file-too-large", size=_mb(size), limit=_mb(limits.max_bytes))))
        return
    if size >= 4 and _is_archive(path, source):
        yield from _walk_zip(source, path, limits, depth=1)
        return
    yield Item(source, load=lambda: read_file(path, source, max_bytes=limits.max_bytes), size=size,
               path=None if source == path else path)


def _is_archive(source, name: str = "") -> bool:
    """A zip that is a plain archive, not an OOXML/ODF package (DOCX, XLSX, ODT...).

    A damaged zip counts as an archive (so that walking it reports the damage) unless its name says
    it is a package, whose reader then says what is wrong with it."""
    in_memory = isinstance(source, (bytes, bytearray))
    try:
        if in_memory:
            head = bytes(source[:4])
        else:
            with open(source, "rb") as fh:
                head = fh.read(4)
    except OSError:
        return False     # a plain file item; loading it reports why it cannot be read
    if not head.startswith(ZIP_MAGICS):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(source) if in_memory else source) as zf:
            names = set(zf.namelist())
    except Exception:     # noqa: BLE001 - any damage: walking it (or its reader) says what is wrong
        return not name.lower().endswith(_PACKAGE_SUFFIXES)
    return not any(marker in names for marker in _OOXML_MARKERS)


class _Archive:
    """An open zip for the members being yielded; reopened on demand if loaded later. ``path``: where
    it is on disk (None for an archive inside an archive, held as bytes)."""

    def __init__(self, source: str, opener: Callable[[], zipfile.ZipFile], path: str | None = None):
        self.source = source
        self.opener = opener
        self.path = path
        self.zf: zipfile.ZipFile | None = None

    def read(self, info: zipfile.ZipInfo, member_source: str, max_bytes: int) -> bytes:
        return b"".join(self.chunks(info, member_source, max_bytes))

    def digest(self, info: zipfile.ZipInfo, member_source: str, max_bytes: int) -> tuple[str, int]:
        import hashlib

        digest = hashlib.sha256()
        size = 0
        for chunk in self.chunks(info, member_source, max_bytes):
            digest.update(chunk)
            size += len(chunk)
        return digest.hexdigest(), size

    def chunks(self, info: zipfile.ZipInfo, member_source: str, max_bytes: int) -> Iterator[bytes]:
        try:
            if self.zf is not None:
                yield from _member_chunks(self.zf, info, member_source, max_bytes)
                return
            with self.opener() as zf:
                yield from _member_chunks(zf, info, member_source, max_bytes)
        except OSError as exc:
            raise Unreadable(member_source, msg("cannot-read-archive", detail=exc.strerror or exc)) from exc


_CHUNK = 1 << 20


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, max_bytes: int) -> bytes:
    return b"".join(_member_chunks(zf, info, source, max_bytes))


def _member_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, max_bytes: int) -> Iterator[bytes]:
    """The member's bytes, a megabyte at a time, with every way it can fail as an IngestError."""
    size = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(source, msg("zip-member-larger-than", limit=_mb(max_bytes)))
                yield chunk
    except NotImplementedError as exc:   # a RuntimeError too: caught first
        raise UnsupportedFormat(source, msg("zip-member-compression")) from exc
    except RuntimeError as exc:   # zipfile: "File ... is encrypted, password required"
        raise EncryptedFile(source, msg("zip-member-encrypted")) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, lzma.LZMAError) as exc:
        raise CorruptFile(source, msg("zip-member-damaged")) from exc
    except (ValueError, OverflowError, struct.error, UnicodeDecodeError) as exc:  # offsets, sizes, names
        raise CorruptFile(source, msg("zip-member-damaged-detail", detail=exc)) from exc
    except OSError as exc:
        if exc.errno is None:      # a decompressor's error (bz2: "Invalid data stream"), not the disk's
            raise CorruptFile(source, msg("zip-member-damaged-detail", detail=exc)) from exc
        raise
    if not size:
        raise EmptyFile(source, msg("empty-file"))


_open_archive: list = []     # [(key, ZipFile, file)]: the archive this process last read a member of


def read_member(path: str, info: zipfile.ZipInfo, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the member ``info`` of the zip at ``path`` (an ``Item.member``), read in the
    process that reads the document. The archive stays open for its next member (members of an
    archive come one after another), and is opened again when it changes on disk."""
    try:
        st = os.stat(path)
        key = (path, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if not _open_archive or _open_archive[0][0] != key:
            close_archives()
            fh = _open_regular(path, source)
            try:
                _open_archive.append((key, zipfile.ZipFile(fh), fh))
            except BaseException:
                fh.close()
                raise
        zf = _open_archive[0][1]
    except IngestError:
        raise
    except OSError as exc:
        raise Unreadable(source, msg("cannot-read-archive", detail=exc.strerror or exc)) from exc
    except Exception as exc:     # noqa: BLE001 - whatever a damaged directory raises
        raise _chain(CorruptFile(source, msg("zip-damaged")), exc) from exc
    try:
        return _read_member(zf, info, source, max_bytes)
    except OSError as exc:
        raise Unreadable(source, msg("cannot-read-archive", detail=exc.strerror or exc)) from exc


def close_archives() -> None:
    """Close the archive ``read_member`` keeps open."""
    while _open_archive:
        _, zf, fh = _open_archive.pop()
        zf.close()
        fh.close()


def _walk_zip(source: str, location, limits: _Limits, depth: int, parent: str | None = None) -> Iterator[Item]:
    """Members of the zip at ``location`` (a path, or the bytes of a nested archive, a member of
    ``parent``); an archive that holds no files is one failed item of its own."""
    def opener() -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(location) if isinstance(location, bytes) else location)

    try:
        try:
            zf = opener()
        except UnicodeDecodeError:
            # a member name flagged UTF-8 that is not: read those names as legacy ones instead
            location = _legacy_names(location, source, limits.max_bytes)
            zf = opener()
    except OSError as exc:
        yield Item(source, error=_chain(Unreadable(source, msg("cannot-open-archive", detail=exc.strerror or exc)), exc))
        return
    except IngestError as exc:
        yield Item(source, error=exc)
        return
    except Exception as exc:    # noqa: BLE001 - BadZipFile, and whatever else a hostile directory raises
        yield Item(source, error=_chain(CorruptFile(source, msg("zip-damaged")), exc))
        return
    archive = _Archive(source, opener, location if isinstance(location, str) else None)
    archive.zf = zf
    total = 0
    files = 0
    try:
        for name, info in _named_members(zf):
            member = f"{source}{MEMBER_SEP}{shown(name)}"
            why = next(filter(None, map(litter, re.split(r"[\\/]+", name))), None)
            if why is not None:      # listed, but an archive of litter alone still holds no files
                yield Item(member, error=Skipped(member, why), size=info.file_size, parent=source)
                continue
            files += 1
            error = _refused(info, name, member, limits)
            if error is not None:
                yield Item(member, error=error, size=info.file_size, parent=source)
                continue
            total += info.file_size
            if total > limits.max_archive_bytes:
                yield Item(member, error=UnsafeArchive(
                    member, msg("zip-too-large", limit=_mb(limits.max_archive_bytes))), parent=source)
                return
            yield from _guarded(member, _member_items(archive, zf, info, member, limits, depth), parent=source)
    finally:
        archive.zf = None
        zf.close()
    if not files:      # no member to stand for the archive in the manifest: it stands for itself
        yield Item(source, error=EmptyFile(source, msg("zip-empty")), parent=parent)


def _named_members(zf: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
    """The archive's files in walk order (by name; members of one name in the archive's order), each
    with the name its item is given: its own, or, for the 2nd, 3rd... member of a name that came
    before, ``name (2).ext``, ``name (3).ext``..., counting on past any name the archive holds, so
    that no two items of an archive share a source (the manifest's key). ``archive_member`` turns
    such a name back into its member."""
    infos = [(_member_name(info), info) for info in zf.infolist()]
    taken = {name for name, _ in infos}
    seen: dict[str, int] = {}
    named = []
    for name, info in sorted(((n, i) for n, i in infos if not i.is_dir()), key=lambda pair: pair[0]):
        seen[name] = count = seen.get(name, 0) + 1
        if count > 1:
            while _numbered(name, count) in taken:
                count += 1
            taken.add(name := _numbered(name, count))
        named.append((name, info))
    return named


def _numbered(name: str, n: int) -> str:
    """``dir/name (n).ext``: the n-th member named ``dir/name.ext``."""
    folder, base = re.match(r"(.*[\\/])?(.*)", name, re.DOTALL).groups()
    stem, dot, ext = base.rpartition(".")
    if not stem.strip("."):       # no extension (``README``), or a dot file (``.env``)
        stem, dot, ext = base, "", ""
    return f"{folder or ''}{stem} ({n}){dot}{ext}"


def archive_member(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    """The member of ``zf`` that ``walk`` named ``name`` (after ``archive.zip!/``: ``shown`` of its
    name), or None. A source written before names were escaped names its member as it is."""
    named = _named_members(zf)
    return next((info for n, info in named if shown(n) == name), None) or next(
        (info for n, info in named if n == name), None)


def _refused(info: zipfile.ZipInfo, name: str, member: str, limits: _Limits) -> IngestError | None:
    """Why a member is not read at all, from what the archive's directory says of it."""
    if _unsafe_name(name):
        return UnsafeArchive(member, msg("zip-member-traversal"))
    if info.flag_bits & 0x1:
        return EncryptedFile(member, msg("zip-member-encrypted"))
    if info.file_size > limits.max_bytes:
        return TooLarge(member, msg("zip-member-too-large", size=_mb(info.file_size), limit=_mb(limits.max_bytes)))
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return UnsafeArchive(member, msg("zip-bomb", ratio=ratio))
    return None


def _member_items(archive: _Archive, zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: str,
                  limits: _Limits, depth: int) -> Iterator[Item]:
    if info.file_size >= 4 and _peek_is_zip(zf, info):
        yield from _nested_zip(archive, info, member, limits, depth)
        return
    on_disk = archive.path is not None
    yield Item(member, load=_member_loader(archive, info, member, limits.max_bytes),
               size=info.file_size, parent=archive.source,
               digest=(lambda: archive.digest(info, member, limits.max_bytes)) if on_disk else None,
               member=(archive.path, info) if on_disk else None)


def _legacy_names(location, source: str, max_bytes: int) -> bytes:
    """The bytes of a zip whose central directory flags a name as UTF-8 that is not, with that flag
    cleared on such names (so they are read as the legacy code page, like unflagged ones)."""
    if isinstance(location, (bytes, bytearray)):
        data = bytearray(location)
    else:
        if os.path.getsize(location) > max_bytes:
            raise CorruptFile(source, msg("zip-damaged-name"))
        with open(location, "rb") as fh:
            data = bytearray(fh.read())
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or end + 22 > len(data):
        raise CorruptFile(source, msg("zip-damaged-no-end"))
    count, cd_size, cd_offset = struct.unpack_from("<HII", data, end + 10)
    pos = end - cd_size
    concat = pos - cd_offset          # bytes before the archive (a self-extracting stub)
    for _ in range(count):
        if pos < 0 or data[pos:pos + 4] != b"PK\x01\x02":
            raise CorruptFile(source, msg("zip-damaged-directory"))
        flags, = struct.unpack_from("<H", data, pos + 8)
        n_name, n_extra, n_comment = struct.unpack_from("<HHH", data, pos + 28)
        name = bytes(data[pos + 46:pos + 46 + n_name])
        if flags & 0x800:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                struct.pack_into("<H", data, pos + 8, flags & ~0x800)
                local = struct.unpack_from("<I", data, pos + 42)[0] + concat
                if 0 <= local and data[local:local + 4] == b"PK\x03\x04":    # its local header too
                    struct.pack_into("<H", data, local + 6, struct.unpack_from("<H", data, local + 6)[0] & ~0x800)
        pos += 46 + n_name + n_extra + n_comment
    return bytes(data)


def _nested_zip(archive: _Archive, info, member: str, limits: _Limits, depth: int) -> Iterator[Item]:
    try:
        data = archive.read(info, member, limits.max_bytes)
    except IngestError as exc:
        yield Item(member, error=exc, size=info.file_size, parent=archive.source)
        return
    if not _is_archive(data, member):     # a DOCX or other package: an ordinary document
        yield Item(member, load=lambda: data, size=len(data), parent=archive.source)
        return
    if depth >= limits.max_depth:
        yield Item(member, error=UnsafeArchive(member, msg("zip-too-deep", depth=limits.max_depth)),
                   parent=archive.source)
        return
    yield from _walk_zip(member, data, limits, depth + 1, parent=archive.source)


def _member_loader(archive: _Archive, info, member: str, max_bytes: int) -> Callable[[], bytes]:
    return lambda: archive.read(info, member, max_bytes)


def _peek_is_zip(zf: zipfile.ZipFile, info) -> bool:
    try:
        with zf.open(info) as fh:
            return fh.read(4).startswith(ZIP_MAGICS)
    except Exception:     # noqa: BLE001 - the member's own load will report it
        return False


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; legacy (non-UTF-8-flagged) names written as UTF-8 are repaired."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[\\/]+", name))


def _chain(error: IngestError, cause: BaseException) -> IngestError:
    error.__cause__ = cause
    return error


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size} bytes"
