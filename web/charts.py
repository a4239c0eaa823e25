"""Server-side SVG charts: no JavaScript, no external assets. Every label is escaped here, and the
result is marked safe for Jinja only after that."""
from __future__ import annotations

import math

from markupsafe import Markup, escape

KIND_COLORS = {"strength": "#15803d", "limitation": "#b45309", "recommendation": "#1d4ed8"}
BAR = "#b3121f"


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
        + "".join(body) + "</svg>")


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def _axis_max(values) -> float:
    """A round top for a 4-step axis; whole steps when the values are counts."""
    top = _nice_max(max(values, default=0))
    if all(float(v).is_integer() for v in values):
        top = max(4, -(-int(top) // 4) * 4)
    return top


def _fmt(v: float) -> str:
    """Vietnamese number format: ``.`` groups thousands, ``,`` marks decimals."""
    s = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _grid(left: float, right: float, top: float, plot_h: float, top_value: float) -> list[str]:
    """Five horizontal grid lines with their values, 0 to ``top_value``."""
    out = []
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#5b6575">'
                   f'{_fmt(top_value * k / 4)}</text>')
    return out


def text_width(text: str, size: float = 12) -> float:
    """A generous estimate of the width of ``text`` at ``size`` px in the pages' sans-serif fonts."""
    return len(text) * size * 0.62


def label_step(labels: list[str], slot: float, size: float = 12, gap: float = 8) -> int:
    """Draw every n-th category label so that none overprints its neighbour: n is how many slots
    the widest label needs (every column keeps its full label in its tooltip)."""
    widest = max((text_width(x, size) for x in labels), default=0)
    return max(1, math.ceil((widest + gap) / max(slot, 1)))


def month_label(month: str) -> str:
    """``2022-05`` → ``05/2022``, as dates are written in Vietnamese."""
    y, _, m = month.partition("-")
    return f"{m}/{y}" if m else month


def stacked_columns(categories: list[str], series: dict[str, list[float]], labels: dict[str, str],
                    title: str, colors: dict[str, str] | None = None) -> Markup:
    """Columns per category, stacked by series (e.g. findings per year by kind)."""
    colors = colors or KIND_COLORS
    w, h, left, bottom, top = 640, 300, 48, 40, 30
    n = max(len(categories), 1)
    totals = [sum(series[s][i] for s in series) for i in range(len(categories))]
    ymax = _axis_max(totals)
    plot_h = h - bottom - top
    slot = (w - left - 10) / n
    bw = min(60, slot * 0.7)
    body = _grid(left, w - 10, top, plot_h, ymax)
    step = label_step([str(c) for c in categories], slot)
    for i, cat in enumerate(categories):
        x = left + slot * i + (slot - bw) / 2
        y = top + plot_h
        for s in series:
            v = series[s][i]
            if not v:
                continue
            bh = plot_h * v / ymax
            y -= bh
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{bh:.1f}" '
                        f'fill="{colors.get(s, BAR)}"><title>{escape(cat)} – {escape(labels.get(s, s))}: '
                        f'{_fmt(v)}</title></rect>')
        if i % step == 0:
            body.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 16}" text-anchor="middle" font-size="12" '
                        f'class="x-label">{escape(cat)}</text>')
    lx = left
    for s in series:
        body.append(f'<rect x="{lx}" y="8" width="12" height="12" fill="{colors.get(s, BAR)}"/>'
                    f'<text x="{lx + 16}" y="18" font-size="12">{escape(labels.get(s, s))}</text>')
        lx += 16 + text_width(labels.get(s, s)) + 20
    return _svg(w, h, body, title)


def columns(points: list[tuple[str, float]], title: str, months: bool = False) -> Markup:
    """One series of columns (``months``: categories are ``YYYY-MM``, shown as ``MM/YYYY``)."""
    cats = [month_label(c) if months else c for c, _ in points]
    return stacked_columns(cats, {"value": [v for _, v in points]}, {"value": title}, title, {"value": BAR})


def horizontal_bars(points: list[tuple[str, float]], title: str) -> Markup:
    w, row, left = 640, 26, 300
    h = max(1, len(points)) * row + 10
    vmax = _nice_max(max((v for _, v in points), default=0))
    body = []
    for i, (label, v) in enumerate(points):
        y = 5 + i * row
        bw = (w - left - 50) * v / vmax
        short = label if len(label) <= 44 else label[:43] + "…"
        body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="12">'
                    f'<title>{escape(label)}</title>{escape(short)}</text>'
                    f'<rect x="{left}" y="{y + 3}" width="{bw:.1f}" height="{row - 8}" fill="{BAR}"/>'
                    f'<text x="{left + bw + 6:.1f}" y="{y + 16}" font-size="12">{_fmt(v)}</text>')
    return _svg(w, h, body, title)


def points_over_time(points: list[tuple[str, float]], title: str) -> Markup:
    """Dated values (ISO date, value) as dots joined by a line, x spaced by date order."""
    w, h, left, bottom, top = 640, 280, 56, 40, 20
    vmax = _axis_max([v for _, v in points])
    plot_w, plot_h = w - left - 20, h - top - bottom
    n = len(points)
    body = _grid(left, w - 20, top, plot_h, vmax)
    coords = []
    for i, (date, v) in enumerate(points):
        x = left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)
        y = top + plot_h - plot_h * v / vmax
        coords.append((x, y))
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"><title>{escape(date)}: {_fmt(v)}'
                    f'</title></circle>')
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.insert(5, f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="1.5"/>')
    if points:
        for i in sorted({0, n - 1}):
            x = coords[i][0]
            anchor = "middle" if n == 1 else ("start" if i == 0 else "end")
            body.append(f'<text x="{x:.1f}" y="{h - bottom + 16}" text-anchor="{anchor}" font-size="12">'
                        f'{escape(points[i][0])}</text>')
    return _svg(w, h, body, title)
