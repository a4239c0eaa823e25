"""The unit page: one inspected unit or inspecting body, under every name the documents give it."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from search.units import unit_profile

from . import charts, get_backend
from .limits import MAX_FILTER_VALUES
from .labels import KIND_LABELS

bp = Blueprint("units", __name__)

MONTH_NAMES = {f"{m:02d}": f"Tháng {m}" for m in range(1, 13)}
DOCUMENTS_SHOWN = 100


def unit_url(name: str) -> str:
    """The page of the unit ``name`` (any of its names leads to the same page)."""
    return url_for("units.unit_page", ten=name)


@bp.route("/don-vi")
def unit_page():
    name = request.args.get("ten", "").strip()[:300]
    profile = unit_profile(get_backend(), name) if name else None
    if profile is None:
        message = (f"Không có đơn vị nào tên “{name}” trong các văn bản đã lưu (đơn vị được kiểm tra "
                   "hoặc cơ quan kiểm tra)." if name else "Chưa nêu tên đơn vị.")
        return render_template("error.html", code=404, message=message), 404
    years = sorted({y for y, _, _ in profile.findings_by_year})
    series = {k: [sum(n for y2, k2, n in profile.findings_by_year if y2 == y and k2 == k) for y in years]
              for k in KIND_LABELS}
    chart = charts.stacked_columns(years, series, KIND_LABELS, f"Phát hiện về {profile.name} theo loại và năm") \
        if years else None
    return render_template("unit.html", unit=profile, month_names=MONTH_NAMES, kind_labels=KIND_LABELS,
                           findings_chart=chart, documents_shown=DOCUMENTS_SHOWN,
                           names=list(profile.variants[:MAX_FILTER_VALUES]))


@bp.app_context_processor
def _unit_links():
    return {"unit_url": unit_url}
