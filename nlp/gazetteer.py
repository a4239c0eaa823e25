"""Vietnamese administrative names: provinces, districts and communes, before and after the 2025
merger, from the ``vietnamadminunits`` package's own data (``data/dataset.db``, SQLite, shipped in
the wheel: nothing is downloaded).

The package's Python modules import geometry libraries at import time; only its data file is read
here (located with ``importlib.util.find_spec``, the package is not imported). The tables are read
once, on first use, into folded-name dictionaries (a few tens of milliseconds), and never change
afterwards.

Names are matched folded (``fold``: lower case, no diacritics, ``đ`` → ``d``) with dashes and dots
as spaces, so ``Bà Rịa – Vũng Tàu``, ``BÀ RỊA - VŨNG TÀU`` and ``Ba Ria Vung Tau`` are one province.
Former names that the package no longer lists under their old spelling (``Thừa Thiên Huế``, a
province until 2025) come from ``data/former_provinces.tsv``.
"""
from __future__ import annotations

import bisect
import functools
import importlib.util
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import fold
from .resources import pairs

PACKAGE = "vietnamadminunits"
_SEP = re.compile(r"[\s\-–—.]+")
_CITY_PREFIX = re.compile(r"^(?:thanh pho|tinh|tp)\s+")

# level words of the names in the tables -> the level of the unit
PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"


def key(name: str) -> str:
    """The folded form names are looked up in: ``TP. Hồ Chí Minh`` → ``tp ho chi minh``."""
    return " ".join(_SEP.sub(" ", fold(name or "")).split())


@dataclass
class Gazetteer:
    provinces: dict[str, str] = field(default_factory=dict)            # key -> short name
    districts: dict[str, set[str]] = field(default_factory=dict)       # key -> provinces (short)
    communes: dict[str, set[str]] = field(default_factory=dict)        # key -> provinces (short)
    names: dict[str, str] = field(default_factory=dict)                # key -> name as the tables write it

    def province(self, name: str) -> str | None:
        """The province or centrally-run city ``name`` names (old or new), as its short name:
        ``Thành phố Cần Thơ``, ``TP. Cần Thơ``, ``tỉnh Kon Tum``, ``KON TUM`` → ``Cần Thơ`` / ``Kon Tum``."""
        k = key(name)
        if k in self.provinces:
            return self.provinces[k]
        k = _CITY_PREFIX.sub("", k)
        return self.provinces.get(k)

    def levels(self, name: str) -> set[str]:
        """The levels a place of this name exists at (a name may be a province, a district and a
        commune at once: ``Hà Giang``)."""
        k = key(name)
        out = set()
        if self.province(name):
            out.add(PROVINCE)
        if k in self.districts:
            out.add(DISTRICT)
        if k in self.communes:
            out.add(COMMUNE)
        return out

    def is_place(self, name: str) -> bool:
        return bool(self.levels(name))

    def is_province_or_district(self, name: str) -> bool:
        """Whether a province or a district has this name (a commune's name alone does not count: many
        are also people's given names, ``Xuân Hường``)."""
        return bool(self.levels(name) & {PROVINCE, DISTRICT})

    def begins_place(self, name: str) -> bool:
        """Whether ``name`` is the beginning of a longer place's name, cut inside or after a word (``Bi`` of
        ``Biên Hòa``, ``Lai Châ`` of ``Lai Châu``)."""
        k = key(name)
        keys = self._sorted_keys
        i = bisect.bisect_right(keys, k)
        return bool(k) and i < len(keys) and keys[i].startswith(k)

    @functools.cached_property
    def _sorted_keys(self) -> list[str]:
        return sorted(set(self.provinces) | set(self.districts) | set(self.communes))

    def provinces_of(self, name: str) -> set[str]:
        """The provinces that hold a district or commune of this name (or the province itself)."""
        k = key(name)
        out = set(self.districts.get(k, ())) | set(self.communes.get(k, ()))
        p = self.province(name)
        if p:
            out.add(p)
        return out

    def canonical(self, name: str) -> str | None:
        """The name as the tables spell it (``KON TUM`` → ``Kon Tum``), or None if unknown."""
        p = self.province(name)
        return p or self.names.get(key(name))


def data_file() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    return path if path.is_file() else None


def _rows(conn: sqlite3.Connection, sql: str):
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return []


def load(path: Path | None) -> Gazetteer:
    """Read the package's tables (legacy 63-province and 2025 34-province) into a Gazetteer; an
    unreadable or missing file gives the former names only."""
    g = Gazetteer()
    if path is not None:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error:
            conn = None
        if conn is not None:
            try:
                legacy = _rows(conn, "SELECT DISTINCT provinceShort, districtShort, wardShort FROM admin_units_legacy")
                current = _rows(conn, "SELECT DISTINCT provinceShort, NULL, wardShort FROM admin_units")
            finally:
                conn.close()
            for prov, district, ward in legacy + current:
                if not prov:
                    continue
                g.provinces.setdefault(key(prov), prov)
                g.names.setdefault(key(prov), prov)
                if district:
                    g.districts.setdefault(key(district), set()).add(prov)
                    g.names.setdefault(key(district), district)
                if ward:
                    g.communes.setdefault(key(ward), set()).add(prov)
                    g.names.setdefault(key(ward), ward)
    for former, now in pairs("former_provinces.tsv"):
        g.provinces.setdefault(key(former), former)
        g.names.setdefault(key(former), former)
        if now and key(now) not in g.provinces:
            g.provinces[key(now)] = now
    return g


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The one Gazetteer of this process, read on first use."""
    return load(data_file())
