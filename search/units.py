"""Units: one inspected unit or inspecting body, gathered from the names the documents give it.

``unit_key`` is the one place where two names are decided to be one unit: case and diacritics are
folded, abbreviations written out (``search/data/unit_abbreviations.tsv``), and the words naming one
of the unit's own bodies dropped from the front (``search/data/unit_prefixes.txt``: ``Ban Thường vụ
Huyện đoàn X`` is ``Huyện đoàn X``). Both files are plain text a linguist can edit.

``unit_profile`` builds a unit's page from the Backend API alone (searches with the ``inspected:``
and ``inspector:`` filters, their facets, ``stats`` and ``summary``: counted in the index, over every
document of the unit, without reading them), so it works the same on every backend. It never makes
up a unit: a name is a unit only when a document names it as an inspected unit or an inspecting body.

Across the 2025 merger of provinces and communes, ``linked_keys`` links the names of one
organisation of one place before and after it (``Tỉnh đoàn Hà Giang`` and ``Tỉnh đoàn Tuyên
Quang``), when the documents give both and ``search.merger`` places each name in one place; a
unit's page gathers the documents of every linked name and says which names it had when
(``merger_names``). ``suggest`` gives unit names as one types (``Backend.unit_suggestions``).
"""
from __future__ import annotations

import functools
import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.text import nfc
from nlp.normalize import fold

from .base import Backend, Hit, Query
from .merger import Placed, effective_label, place_history, placed
from .query import MAX_PER_PAGE, parse

DATA = Path(__file__).with_name("data")
ROLES = ("inspected_unit", "inspecting_body")   # the facet fields a unit page is about
NAMES_LISTED = 5000         # facet values read to find every name of a unit
NAMES_TTL = 10.0            # seconds the list of names is reused before it is read again
DOCS_READ = MAX_PER_PAGE    # the newest documents per role read, for the list of documents
REFERENCES_READ = 100       # the references cited by most of the unit's documents, listed


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [nfc(line.rstrip("\n")) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    """The abbreviations as one pattern (longest first, whole words, as written) and their full forms."""
    table = {}
    for line in _lines("unit_abbreviations.tsv"):
        short, _, full = line.partition("\t")
        if short.strip() and full.strip():
            table[short.strip()] = full.strip()
    parts = []
    for short in sorted(table, key=len, reverse=True):
        end = r"(?!\w)" if short[-1].isalnum() else ""
        parts.append(r"(?<!\w)" + re.escape(short) + end)
    return re.compile("|".join(parts)), table


@functools.lru_cache(maxsize=1)
def prefixes() -> tuple[str, ...]:
    """The folded words dropped from the front of a name, longest first."""
    return tuple(sorted({" ".join(_words(fold(p))) for p in _lines("unit_prefixes.txt")}, key=len, reverse=True))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def expand(name: str) -> str:
    """``name`` with its abbreviations written out: ``UBND xã A`` → ``Ủy ban nhân dân xã A``."""
    pattern, table = abbreviations()
    return pattern.sub(lambda m: f" {table[m.group(0)]} ", nfc(name))


@functools.lru_cache(maxsize=65536)
def unit_key(name: str) -> str:
    """The key two names of one unit share: ``Ban Thường vụ Huyện đoàn Yên Khánh``, ``huyen doan yen
    khanh`` and ``HUYỆN ĐOÀN YÊN KHÁNH`` all give ``huyen doan yen khanh``; ``UBND`` = ``Ủy ban nhân
    dân``, ``UBKT`` = ``Ủy ban Kiểm tra``, ``T.Ư``/``TW`` = ``Trung ương``. A name that is only a
    prefix (``Ban Thường vụ``) keeps it."""
    key = " ".join(_words(fold(expand(name))))
    stripped = True
    while stripped:
        stripped = False
        for p in prefixes():
            if key.startswith(p + " "):
                key, stripped = key[len(p) + 1:], True
    return key


# -- the names the documents give ------------------------------------------------------------------

_names_lock = threading.Lock()
_names_cache: dict[int, tuple[Backend, float, int, dict[str, dict[str, int]]]] = {}


def unit_names(backend: Backend) -> dict[str, dict[str, int]]:
    """Every unit key → {name as written: documents naming it as inspected unit or inspecting body},
    from the facets of all documents (read again after ``NAMES_TTL`` seconds, or when the number of
    documents changed)."""
    now, count = time.monotonic(), backend.count()
    with _names_lock:
        hit = _names_cache.get(id(backend))
        if hit and hit[0] is backend and now - hit[1] < NAMES_TTL and hit[2] == count:
            return hit[3]
    res = backend.search(Query(per_page=1, facet_size=NAMES_LISTED))
    names: dict[str, dict[str, int]] = {}
    for field in ROLES:
        for value, n in res.facets.get(field, ()):
            key = unit_key(value)
            if key:
                variants = names.setdefault(key, {})
                variants[value] = variants.get(value, 0) + n
    with _names_lock:
        if len(_names_cache) >= 8:
            _names_cache.clear()
        _names_cache[id(backend)] = (backend, now, count, names)
    return names


def forget_names(backend: Backend | None = None) -> None:
    """Read the names again on next use (after documents were added or removed)."""
    with _names_lock:
        if backend is None:
            _names_cache.clear()
        else:
            _names_cache.pop(id(backend), None)


def variants(backend: Backend, name: str) -> tuple[str, ...]:
    """The names the documents give the unit ``name`` stands for, most used first (``()``: none)."""
    return _by_plainness(unit_names(backend).get(unit_key(name), {}))


def _by_plainness(found: dict[str, int]) -> tuple[str, ...]:
    """Names (name → documents) the plainest first, then the most used."""
    return tuple(sorted(found, key=lambda v: (_plainness(v), -found[v], v)))


# -- across the 2025 merger ------------------------------------------------------------------------

_links_lock = threading.Lock()
_links_cache: dict[int, tuple[dict, dict[str, Placed], dict[tuple[str, str], tuple[str, ...]]]] = {}


def _key_place(names: dict[str, int]) -> Placed | None:
    """The place a unit's names name (``search.merger.placed``), when they agree on one."""
    found = {placed(v) for v in names} - {None}
    return found.pop() if len(found) == 1 else None


def _links(backend: Backend, names: dict[str, dict[str, int]] | None = None
           ) -> tuple[dict[str, Placed], dict[tuple[str, str], tuple[str, ...]]]:
    """Each unit key the documents give → its place; (organisation, place) → the unit keys
    (``names``: ``unit_names(backend)``, when read already)."""
    names = unit_names(backend) if names is None else names
    with _links_lock:
        hit = _links_cache.get(id(backend))
        if hit and hit[0] is names:
            return hit[1], hit[2]
    where: dict[str, Placed] = {}
    groups: dict[tuple[str, str], list[str]] = {}
    for key, written in names.items():
        p = _key_place(written)
        if p is not None:
            where[key] = p
            groups.setdefault((p.org, p.place), []).append(key)
    out = where, {g: tuple(sorted(keys)) for g, keys in groups.items()}
    with _links_lock:
        if len(_links_cache) >= 8:
            _links_cache.clear()
        _links_cache[id(backend)] = (names, *out)
    return out


def linked_keys(backend: Backend, name: str) -> tuple[str, ...]:
    """The unit keys of ``name`` and of the names linked to it across the 2025 merger (the one
    organisation of one place, before and after: ``Tỉnh đoàn Hà Giang`` and ``Tỉnh đoàn Tuyên
    Quang``), among the names the documents give; ``(unit_key(name),)`` when it is linked to none."""
    return _linked(_links(backend), unit_key(name))


def _linked(links, key: str) -> tuple[str, ...]:
    where, groups = links
    p = where.get(key)
    return groups.get((p.org, p.place), (key,)) if p else (key,)


@dataclass(frozen=True)
class MergerNames:
    """Which names a unit had when: before the 2025 merger, from its effective date, and what became
    of its place."""
    before: tuple[str, ...]
    after: tuple[str, ...]
    since: str                  # 01/7/2025
    note: str | None
    level: str = "province"     # province | district (a level the merger ended) | commune


def merger_names(backend: Backend, keys: tuple[str, ...],
                 names: dict[str, dict[str, int]] | None = None) -> MergerNames | None:
    """The names of the units ``keys`` (one unit across the merger) before and after it, or ``None``
    when their place is unknown or came through the merger unchanged with one name (``names``:
    ``unit_names(backend)``, when read already)."""
    names = unit_names(backend) if names is None else names
    where, _ = _links(backend, names)
    placed_keys = [k for k in keys if k in where]
    if not placed_keys:
        return None
    note = place_history(where[placed_keys[0]].place)
    if note is None and len(placed_keys) < 2:
        return None

    def shown(eras: str) -> tuple[str, ...]:
        rows = [(shown_name(names[k]), sum(names[k].values())) for k in placed_keys if eras in where[k].eras]
        return tuple(n for n, _ in sorted(rows, key=lambda r: (-r[1], fold(r[0]))))

    return MergerNames(before=shown("old"), after=shown("new"), since=effective_label(), note=note,
                       level=where[placed_keys[0]].level)


def shown_name(names: dict[str, int]) -> str:
    """The name to show for a unit written ``names`` (name → documents): the plainest, most used one;
    when every name begins with a prefix (``Ban Thường vụ Huyện đoàn X``), that name without it."""
    best = min(names, key=lambda v: (_plainness(v), -names[v], v))
    if _plainness(best) == (False, True):
        folded = fold(best)
        for p in prefixes():
            m = re.match(r"\W*" + r"\W+".join(map(re.escape, p.split())) + r"\W+", folded)
            rest = best[m.end():].strip() if m else ""
            if rest and unit_key(rest) == unit_key(best):
                return rest
    return best


def _plainness(name: str) -> tuple[bool, bool]:
    """How a name is ranked as the one to show: written in plain case, then without a prefix or
    abbreviation (``Huyện đoàn X`` before ``Ban Thường vụ Huyện đoàn X`` and ``HUYỆN ĐOÀN X``)."""
    return name.isupper(), " ".join(_words(fold(name))) != unit_key(name)


# -- a unit's page ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Year:
    year: str
    documents: int
    months: tuple[tuple[str, int], ...]     # (MM, documents), in order


@dataclass(frozen=True)
class UnitProfile:
    name: str                                   # the name shown (``shown_name``)
    key: str
    variants: tuple[str, ...]                   # every name as written, the plainest first
    inspected_total: int                        # documents where it is the inspected unit
    inspector_total: int                        # documents where it is the inspecting body
    documents: tuple[tuple[Hit, tuple[str, ...]], ...]   # (hit, its roles), the newest ``DOCS_READ``
    documents_total: int                        # documents where it has either role
    timeline: tuple[Year, ...]                  # newest year first, of all its documents
    undated: int
    findings_by_year: tuple[tuple[str, str, int], ...]   # (year, kind, findings) where it was inspected
    findings_by_kind: dict
    inspected_by: tuple[tuple[str, int], ...]   # (inspecting body, documents)
    inspected: tuple[tuple[str, int], ...]      # (inspected unit, documents)
    references: tuple[tuple[str, str, int], ...]    # (as cited, ``ref:`` value, documents citing it)
    references_cut: bool = False    # True: more references are cited than the ``REFERENCES_READ`` listed
    merger: "MergerNames | None" = None     # its names before and after the 2025 merger


def role_query(role: str, names: tuple[str, ...], **params) -> Query:
    """The documents where one of ``names`` has ``role`` (``inspected`` or ``inspector``)."""
    return parse("", **{role: list(names)}, **params)


def _grouped(rows, own_keys, every: dict[str, dict[str, int]],
             spellings: dict[str, set[str]]) -> tuple[tuple[str, int], ...]:
    """Facet rows grouped by unit, the unit itself (its keys ``own_keys``) left out: (the plainest of
    its names, documents). ``every`` (``unit_names``) and ``spellings`` (unit key → names as documents
    write them) offer other names of the same units to show."""
    groups: dict[str, dict[str, int]] = {}
    for value, n in rows:
        key = unit_key(value)
        if key and key not in own_keys:
            g = groups.setdefault(key, {})
            g[value] = g.get(value, 0) + n
    out = []
    for key, g in groups.items():
        others = {**dict.fromkeys(every.get(key, ()), 0), **dict.fromkeys(spellings.get(key, ()), 0)}
        out.append((shown_name({**others, **g}), sum(g.values())))
    return tuple(sorted(out, key=lambda r: (-r[1], fold(r[0]))))


def unit_profile(backend: Backend, name: str) -> UnitProfile | None:
    """The page of the unit ``name`` stands for, or ``None`` when no document names such a unit.

    Counted in the index over every document of the unit: its documents in each role (the searches'
    totals), per month and the references they cite (``Backend.summary``), its findings
    (``Backend.stats``), who inspected it and whom it inspected (the searches' facets). Read: the
    newest ``DOCS_READ`` documents of each role, for the list of documents."""
    every = unit_names(backend)                 # read once: each read asks the index its count
    key = unit_key(name)
    if not every.get(key):
        return None
    keys = _linked(_links(backend, every), key)     # with its names before and after the 2025 merger
    names = tuple(v for k in keys for v in _by_plainness(every.get(k, {})))
    params = dict(per_page=DOCS_READ, sort="-date")
    q_in, q_by = role_query("inspected", names, **params), role_query("inspector", names, **params)
    found_in = backend.search(replace(q_in, facet_size=50, snippets=False))   # the page lists no snippet
    found_by = backend.search(replace(q_by, facet_size=50, snippets=False))
    summary = backend.summary((q_in, q_by), references=REFERENCES_READ + 1)
    st = backend.stats(replace(q_in, per_page=1))

    # the names as the documents read write them (a facet shows one spelling of names folding alike)
    spellings: dict[str, set[str]] = {}
    written, seen = {v: n for k in keys for v, n in every.get(k, {}).items()}, {}
    for h in (*found_in.hits, *found_by.hits):
        for u in dict.fromkeys(h.inspected_units):
            k = unit_key(u)
            spellings.setdefault(k, set()).add(u)
            if u not in written and k in keys:
                seen[u] = seen.get(u, 0) + 1
    written.update(seen)
    names = _by_plainness(written)

    roles: dict[str, list[str]] = {}
    hits: dict[str, Hit] = {}
    for role, found in (("inspected", found_in), ("inspector", found_by)):
        for h in found.hits:
            hits.setdefault(h.doc_id, h)
            roles.setdefault(h.doc_id, []).append(role)
    # the newest of either role (the newest ``DOCS_READ`` of each role hold them)
    ordered = sorted(hits.values(), key=lambda h: (h.date or "", h.doc_id), reverse=True)[:DOCS_READ]

    years: dict[str, dict[str, int]] = {}
    undated = 0
    for month, n in summary.months:
        if not month:
            undated += n
            continue
        months = years.setdefault(month[:4], {})
        months[month[5:7]] = months.get(month[5:7], 0) + n
    timeline = tuple(Year(y, sum(m.values()), tuple(sorted(m.items())))
                     for y, m in sorted(years.items(), reverse=True))

    by_kind: dict[str, int] = {}
    for _, kind, n in st.findings_by_year:
        by_kind[kind] = by_kind.get(kind, 0) + n

    cited = []
    for kind, number, symbol, n in summary.references[:REFERENCES_READ]:
        value = f"{number}-{symbol}" if symbol else number
        sep = "-" if "/" in symbol else "/"         # as numbers are written: 261-KH/TĐTN-XDĐ, 104/KH-UBND
        cited.append((" ".join(p for p in (kind, f"{number}{sep}{symbol}" if symbol else number) if p), value, n))
    references = tuple(sorted(cited, key=lambda r: (-r[2], fold(r[0]))))

    merger = merger_names(backend, keys, every)
    shown = merger.after[0] if merger and merger.after and len(keys) > 1 else shown_name(written)
    return UnitProfile(
        name=shown, key=key, variants=names, inspected_total=found_in.total, inspector_total=found_by.total,
        merger=merger, documents=tuple((h, tuple(roles[h.doc_id])) for h in ordered),
        documents_total=summary.documents, timeline=timeline, undated=undated,
        findings_by_year=st.findings_by_year, findings_by_kind=by_kind,
        inspected_by=_grouped(found_in.facets.get("inspecting_body", ()), set(keys), every, spellings),
        inspected=_grouped(found_by.facets.get("inspected_unit", ()), set(keys), every, spellings),
        references=references, references_cut=len(summary.references) > REFERENCES_READ,
    )


# -- names as one types ----------------------------------------------------------------------------

SUGGEST_READ = 50           # names read from the backend for one suggestion list


def suggest(backend: Backend, text: str, limit: int = 8, fields: tuple[str, ...] | None = None,
            query: Query | None = None) -> tuple[tuple[str, int], ...]:
    """Units whose name holds ``text`` (case and diacritics aside: ``ha giang`` finds ``Tỉnh đoàn Hà
    Giang``), one entry per unit (its names folded together by ``unit_key``, the plainest shown), as
    ``(name, documents)``, most documents first. Only names the documents give (``Backend.unit_suggestions``);
    with a ``query``, only those of the documents matching it, counted in them."""
    groups: dict[str, dict[str, int]] = {}
    for value, n in backend.unit_suggestions(text, max(limit, SUGGEST_READ), fields, query):
        g = groups.setdefault(unit_key(value) or fold(value), {})
        g[value] = g.get(value, 0) + n
    rows = [(shown_name(g), sum(g.values())) for g in groups.values()]
    return tuple(sorted(rows, key=lambda r: (-r[1], fold(r[0]), r[0]))[:limit])


__all__ = ["unit_key", "expand", "shown_name", "unit_names", "variants", "unit_profile", "UnitProfile", "Year",
           "role_query", "forget_names", "suggest", "linked_keys", "merger_names", "MergerNames"]
