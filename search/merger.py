"""Units across the 2025 merger of provinces and communes: which place a unit's name names, before
and after it.

The places, old (63 provinces, their districts and communes) and new (34 provinces, their communes),
and which old ones became which new one, are the ``vietnamadminunits`` package's own data
(``data/dataset.db`` and ``data/converter_2025.json``, shipped in its wheel; read here without
importing the package, as ``nlp.gazetteer`` does). The words saying a place's level (``Tỉnh đoàn``,
``UBND xã``, ``Huyện ủy``) are ``search/data/unit_levels.tsv``; the date the new places work from is
``search/data/merger_2025.tsv``.

A name is placed only when its place resolves to one place: ``Tỉnh đoàn Hà Giang`` (the province Hà
Giang, in Tuyên Quang from 2025), ``Đoàn xã An Bình, huyện Kim Sơn`` (one commune of that name in
that district); ``Đoàn xã An Bình`` alone names dozens of communes and is left alone, as is a commune
the merger divided between several new ones. Two names are linked when they name the same
organisation (the words before the level: ``Đoàn``, ``Ủy ban nhân dân``) of the same place after
the merger (a district, which the merger ended, is its place before).
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.text import nfc
from nlp.gazetteer import data_file
from nlp.normalize import fold

DATA = Path(__file__).with_name("data")
PROVINCE_TYPES = ("Tỉnh", "Thành phố")
DISTRICT_TYPES = ("Huyện", "Quận", "Thị xã", "Thành phố")
COMMUNE_TYPES = ("Xã", "Phường", "Thị trấn", "Đặc khu")


def _lines(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [nfc(line).split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def effective_date() -> str:
    """The day the places formed by the merger work from (ISO), as ``merger_2025.tsv`` gives it."""
    return dict((row[0], row[1].strip()) for row in _lines("merger_2025.tsv"))["effective"]


def effective_label() -> str:
    """``01/7/2025``, as Vietnamese documents write that day."""
    y, m, d = effective_date().split("-")
    return f"{d}/{int(m)}/{y}"


@functools.lru_cache(maxsize=1)
def levels() -> dict[tuple[str, ...], tuple[str, str]]:
    """Level words (lower-case words, both placements of the tone mark of ``ủy``) → (place type,
    organisation words)."""
    out = {}
    for row in _lines("unit_levels.tsv"):
        words, kind, org = row[0].strip(), row[1].strip(), (row[2].strip() if len(row) > 2 else "")
        for w in {words, words.replace("ủy", "uỷ")}:
            out[tuple(w.split())] = (kind, org)
    return out


def _tkey(kind: str) -> str:
    return fold(kind)


@dataclass
class Places:
    """The old and new places, by folded (type, name); and which old place became which new one."""
    province_old: dict[str, tuple[str, str]] = field(default_factory=dict)   # key -> (type, name)
    province_new: dict[str, tuple[str, str]] = field(default_factory=dict)
    province_became: dict[str, str] = field(default_factory=dict)             # old key -> new key
    province_parts: dict[str, list[str]] = field(default_factory=dict)        # new key -> old keys
    districts: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (p, d) -> (type, name)
    wards_old: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)  # (p, d, w) -> (type, name)
    wards_new: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)       # (p, w) -> (type, name)
    ward_became: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    ward_parts: dict[tuple[str, str], list[tuple[str, str, str]]] = field(default_factory=dict)
    by_name: dict[tuple[str, str], dict[str, set]] = field(default_factory=dict)  # (type, name) folded -> table -> keys

    def add(self, table: str, kind: str, name: str, key) -> None:
        self.by_name.setdefault((_tkey(kind), _pkey(name)), {}).setdefault(table, set()).add(key)

    def find(self, table: str, kind: str, name: str) -> set:
        return self.by_name.get((_tkey(kind), _pkey(name)), {}).get(table, set())


def _pkey(name: str) -> str:
    return " ".join(re.findall(r"\w+", fold(name)))


def _type_of(full: str, short: str) -> str:
    kind = full[:len(full) - len(short)].strip() if full.endswith(short) else ""
    return kind or ("Thành phố" if fold(full).startswith("thanh pho") else "Tỉnh")


def load(path: Path | None) -> Places:
    """The places of the package's data in ``path``'s folder (none when it is missing)."""
    p = Places()
    if path is None:
        return p
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            legacy = conn.execute("SELECT DISTINCT provinceKey, province, provinceShort, districtKey, districtShort, "
                                  "districtType, wardKey, wardShort, wardType FROM admin_units_legacy").fetchall()
            current = conn.execute("SELECT DISTINCT provinceKey, province, provinceShort, wardKey, wardShort, wardType "
                                   "FROM admin_units").fetchall()
        finally:
            conn.close()
        convert = json.loads((path.parent / "converter_2025.json").read_text(encoding="utf-8"))
    except (OSError, sqlite3.Error, ValueError):
        return Places()
    for pk, pfull, pshort, dk, dshort, dtype, wk, wshort, wtype in legacy:
        if pk not in p.province_old:
            p.province_old[pk] = (_type_of(pfull, pshort), pshort)
            p.add("old", p.province_old[pk][0], pshort, pk)
        if dk and (pk, dk) not in p.districts:
            p.districts[(pk, dk)] = (dtype, dshort)
            p.add("district", dtype, dshort, (pk, dk))
        if wk and wshort and wtype:
            p.wards_old[(pk, dk, wk)] = (wtype, wshort)
            p.add("old", wtype, wshort, (pk, dk, wk))
    for pk, pfull, pshort, wk, wshort, wtype in current:
        if pk not in p.province_new:
            p.province_new[pk] = (_type_of(pfull, pshort), pshort)
            p.add("new", p.province_new[pk][0], pshort, pk)
        if wk and wshort and wtype:
            p.wards_new[(pk, wk)] = (wtype, wshort)
            p.add("new", wtype, wshort, (pk, wk))
    for new, olds in convert.get("DICT_PROVINCE", {}).items():
        p.province_parts[new] = list(olds)
        for old in olds:
            p.province_became[old] = new
    for new_p, wards in convert.get("DICT_PROVINCE_WARD_NO_DIVIDED", {}).items():
        for new_w, olds in wards.items():
            for old in olds:
                parts = tuple(old.split("_"))
                if len(parts) == 3 and parts in p.wards_old:
                    p.ward_became[parts] = (new_p, new_w)
                    p.ward_parts.setdefault((new_p, new_w), []).append(parts)
    for new_p, wards in convert.get("DICT_PROVINCE_WARD_DIVIDED", {}).items():
        for old in wards:             # an old commune divided between new ones: placed nowhere
            p.ward_became.pop(tuple(old.split("_")), None)
    return p


@functools.lru_cache(maxsize=1)
def places() -> Places:
    return load(data_file())


# -- a name's place ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placed:
    """What a unit's name says of its place: the organisation (folded words: ``doan``, ``uy ban
    nhan dan``), the place's level, the place it names after the merger (``P:``/``W:`` + keys; for a
    district, ``D:`` + its keys before) and whether the name is an old (``old``) or a new (``new``)
    one, or both (the name of a province that kept it)."""
    org: str
    level: str          # province | district | commune
    place: str
    eras: frozenset


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).lower()
    return re.findall(r"\w+", text)


def _level_at(words: list[str], i: int, plain: bool) -> tuple[int, tuple[str, str]] | None:
    table = levels()
    for n in (2, 1):
        part = tuple(words[i:i + n])
        if len(part) < n:
            continue
        if not plain and part in table:
            return n, table[part]
        if plain:
            for k, v in table.items():
                if len(k) == n and tuple(fold(w) for w in k) == part:
                    return n, v
    return None


def _split(name: str):
    """(organisation words, [(type, organisation of the level words, place words)...]) or None."""
    from .units import expand, prefixes

    words = _words(expand(name))
    plain = fold(" ".join(words)) == " ".join(words)       # written without diacritics
    stripped = True
    while stripped:
        stripped = False
        for p in prefixes():
            n = len(p.split())
            if len(words) > n and " ".join(fold(w) for w in words[:n]) == p:
                words, stripped = words[n:], True
                break
    i = 0
    while i < len(words) and _level_at(words, i, plain) is None:
        i += 1
    if i == len(words):
        return None
    head, parts = words[:i], []
    while i < len(words):
        n, (kind, org) = _level_at(words, i, plain)
        j = i + n
        while j < len(words) and _level_at(words, j, plain) is None:
            j += 1
        parts.append((kind, org, words[i + n:j]))
        i = j
    return head, parts


def _place(kind: str, name: str, within: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (place id, era) pairs the place ``kind name`` may be, given the places it is said to lie
    in (``within``: (type, name) of a district or province)."""
    p = places()
    provinces_old: set[str] | None = None       # old provinces it may lie in
    districts: set | None = None
    for wkind, wname in within:
        if wkind in PROVINCE_TYPES:
            olds = set(p.find("old", wkind, wname))
            for new in p.find("new", wkind, wname):
                olds |= set(p.province_parts.get(new, ()))
            provinces_old = olds if provinces_old is None else provinces_old & olds
        if wkind in DISTRICT_TYPES:
            ds = p.find("district", wkind, wname)
            districts = ds if districts is None else districts & ds
    provinces_new = None if provinces_old is None else {p.province_became.get(o) for o in provinces_old}
    out: set[tuple[str, str]] = set()
    if kind in PROVINCE_TYPES and not within:
        for old in p.find("old", kind, name):
            out.add((f"P:{p.province_became.get(old, '?' + old)}", "old"))
        for new in p.find("new", kind, name):
            out.add((f"P:{new}", "new"))
    if kind in DISTRICT_TYPES and (kind != "Thành phố" or not out or within):
        for pk, dk in p.find("district", kind, name):
            if (provinces_old is None or pk in provinces_old) and (districts is None or (pk, dk) in districts):
                out.add((f"D:{pk}:{dk}", "old"))
    if kind in COMMUNE_TYPES:
        for pk, dk, wk in p.find("old", kind, name):
            if (provinces_old is None or pk in provinces_old) and (districts is None or (pk, dk) in districts):
                became = p.ward_became.get((pk, dk, wk))
                out.add((f"W:{became[0]}:{became[1]}" if became else f"?:{pk}:{dk}:{wk}", "old"))
        if districts is None:           # a district named: the name is an old one
            for pk, wk in p.find("new", kind, name):
                if provinces_new is None or pk in provinces_new:
                    out.add((f"W:{pk}:{wk}", "new"))
    return out


@functools.lru_cache(maxsize=65536)
def placed(name: str) -> Placed | None:
    """The place ``name`` names, when it names exactly one (see the module's description)."""
    split = _split(name)
    if split is None:
        return None
    head, parts = split
    kind, org, words = parts[0]
    if not words:
        return None
    within = [(k, " ".join(w)) for k, _, w in parts[1:] if w]
    if len(within) != len(parts) - 1:
        return None
    found = _place(kind, " ".join(words), within)
    ids = {i for i, _ in found}
    if len(ids) != 1 or next(iter(ids)).startswith("?") or "?" in next(iter(ids)).split(":")[1]:
        return None
    place = next(iter(ids))
    level = {"P": "province", "D": "district", "W": "commune"}[place[0]]
    organisation = " ".join(fold(w) for w in [*head, *org.split()])
    return Placed(organisation, level, place, frozenset(e for _, e in found))


# -- what a page says of the place -----------------------------------------------------------------

def _named(kind: str, name: str) -> str:
    return f"{kind.lower()} {name}"


def place_history(place: str) -> str | None:
    """One sentence on what became of ``place`` (a ``Placed.place``) on the merger, or ``None`` when
    it kept its name and extent."""
    p = places()
    kind, *keys = place.split(":")
    when = effective_label()
    if kind == "P":
        new = keys[0]
        parts = p.province_parts.get(new, [])
        now = _named(*p.province_new[new])
        olds = [_named(*p.province_old[o]) for o in parts if o in p.province_old]
        if olds == [now]:
            return None
        return f"Từ {when}, {_joined(olds)} hợp nhất thành {now}." if len(olds) > 1 else \
            f"Từ {when}, {olds[0] if olds else now} đổi thành {now}."
    if kind == "W":
        new = (keys[0], keys[1])
        now = f"{_named(*p.wards_new[new])}, {_named(*p.province_new[keys[0]])}"
        olds = []
        for pk, dk, wk in p.ward_parts.get(new, []):
            where = ", ".join(x for x in (_named(*p.districts[(pk, dk)]) if (pk, dk) in p.districts else "",
                                          _named(*p.province_old[pk])) if x)
            olds.append(f"{_named(*p.wards_old[(pk, dk, wk)])} ({where})")
        if len(olds) == 1 and p.wards_old[p.ward_parts[new][0]] == p.wards_new[new] and \
                p.province_old.get(p.ward_parts[new][0][0]) == p.province_new[keys[0]]:
            return None
        return f"Từ {when}, {_joined(olds)} hợp nhất thành {now}." if len(olds) > 1 else \
            f"Từ {when}, {olds[0] if olds else ''} thành {now}."
    if kind == "D":
        pk, dk = keys
        district = _named(*p.districts[(pk, dk)])
        province = _named(*p.province_old[pk])
        new = p.province_became.get(pk)
        now = _named(*p.province_new[new]) if new in p.province_new else None
        merged = place_history(f"P:{new}") if new in p.province_new else None
        moved = "; " + merged.split(", ", 1)[1][:-1] if merged else ""
        return f"Từ {when}, không còn cấp huyện ({district}, {province}){moved}."
    return None


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


__all__ = ["placed", "Placed", "place_history", "effective_date", "effective_label", "places"]
