"""Saved searches on the web (``search.saved`` keeps them): the "Lưu tìm kiếm" form of the search and
findings pages posts here; ``/tim-kiem-da-luu`` lists them; ``/tim-kiem-da-luu/<id>`` opens one (a link
to share); ``/tim-kiem-da-luu/<id>/feed`` is its Atom feed of the documents newly written in the index
that match it. Saving and deleting take the administrator token, as the upload page does (given once
per browser session); reading and feeds do not."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import (Blueprint, Response, current_app, flash, get_flashed_messages, redirect, render_template,
                   request, url_for)
from markupsafe import escape

from ingest.messages import msg
from search import QueryError
from search import saved as saved_searches
from search.query import to_string

from . import get_backend
from .errors import Refused
from .labels import KIND_LABELS
from .upload import _remembered, authorized
from .views import current_state, query_from_request, vn_date

bp = Blueprint("saved", __name__)

VIEW_ENDPOINTS = {"search": "pages.search_page", "findings": "pages.findings_page"}
VIEW_LABELS = {"search": "Tìm văn bản", "findings": "Phát hiện kiểm tra"}
UNAUTHORIZED = "Mã quản trị không đúng hoặc chưa nhập."
DISABLED = ("Chức năng lưu tìm kiếm đang tắt: quản trị viên cần đặt biến môi trường KIEMTRA_TOKEN. "
            "Vẫn xem được các tìm kiếm đã lưu và nguồn tin của chúng.")


def vn_time(iso: str | None) -> str:
    """``2026-12-05T15:03:00+00:00`` as people read it: ``05/12/2026 15:03 (UTC)``."""
    if not iso:
        return ""
    t = datetime.fromisoformat(iso).astimezone(timezone.utc)
    return f"{t:%d/%m/%Y %H:%M} (UTC)"


@bp.app_context_processor
def _saving():
    return {"saving_enabled": bool(current_app.config.get("TOKEN")), "token_remembered": _remembered,
            "save_view_labels": VIEW_LABELS}


def _load(key: str) -> saved_searches.SavedSearch:
    found = saved_searches.load(get_backend(), key)
    if found is None:
        raise Refused(404, "saved-search-not-found", "Không có tìm kiếm đã lưu này (có thể đã bị xoá).",
                      "no such saved search")
    return found


def _list(status: int = 200, **context):
    return render_template("saved.html", saved=saved_searches.listed(get_backend()), view_labels=VIEW_LABELS,
                           vn_time=vn_time, notices=get_flashed_messages(), **context), status


@bp.get("/tim-kiem-da-luu", endpoint="list_page")
def list_page():
    return _list()


@bp.post("/tim-kiem-da-luu", endpoint="save")
def save():
    """The "Lưu tìm kiếm" form: the page's URL parameters as hidden fields, a name, the token."""
    form = request.form
    view = form.get("view", "search")
    state = {k: v for k, v in current_state(form).items() if k not in ("page", "per_page")}
    pending = {"view": view if view in VIEW_ENDPOINTS else "search", "state": state, "name": form.get("name", "")}
    try:
        query = query_from_request(args=form)
    except QueryError as exc:
        return _list(400, error=f"Truy vấn không hợp lệ: {exc}", pending=pending)
    pending["query_string"] = to_string(query)
    if not current_app.config.get("TOKEN"):
        return _list(403, error=DISABLED, pending=pending)
    if not authorized():
        return _list(401, error=UNAUTHORIZED, pending=pending)
    try:
        kept = saved_searches.save(get_backend(), form.get("name", ""), view, state, query)
    except saved_searches.SavedSearchError as exc:
        return _list(400, error=str(exc), pending=pending)
    flash(f"Đã lưu tìm kiếm “{kept.name}”.")
    return redirect(url_for("saved.list_page", _anchor=f"s-{kept.key}"), 303)


@bp.post("/tim-kiem-da-luu/xoa", endpoint="delete")
def delete():
    if not current_app.config.get("TOKEN"):
        return _list(403, error=DISABLED)
    if not authorized():
        return _list(401, error=UNAUTHORIZED)
    key = request.form.get("key", "")
    found = saved_searches.load(get_backend(), key)
    if found is not None and saved_searches.delete(get_backend(), key):
        flash(f"Đã xoá tìm kiếm “{found.name}”.")
    else:
        flash("Không có tìm kiếm đã lưu này (có thể đã bị xoá).")
    return redirect(url_for("saved.list_page"), 303)


def open_url(s: saved_searches.SavedSearch, **options) -> str:
    """The search page (or findings page) showing the saved search."""
    return url_for(VIEW_ENDPOINTS[s.view], **{k: v[0] if len(v) == 1 else v for k, v in s.params.items()},
                   **options)


@bp.get("/tim-kiem-da-luu/<key>", endpoint="open")
def open_search(key: str):
    return redirect(open_url(_load(key)), 302)


@bp.get("/tim-kiem-da-luu/<key>/feed", endpoint="feed")
def feed(key: str):
    """The Atom feed: the documents matching the saved search most recently written in the index,
    newest first, each linking to its page; an entry's ``updated`` is when it was written there."""
    from feedgen.feed import FeedGenerator

    s = _load(key)
    try:
        docs = saved_searches.recent(get_backend(), s)
    except QueryError as exc:               # a query an older kiemtra accepted and this one does not
        raise Refused(400, "saved-search-invalid", msg("saved-search-invalid", name=s.name, reason=str(exc)),
                      f"the saved search's query is no longer valid: {exc}") from exc
    described = s.query or msg("saved-search-all")
    fg = FeedGenerator()
    fg.id(url_for("saved.open", key=s.key, _external=True))
    fg.title(msg("saved-search-feed-title", name=s.name))
    fg.subtitle(msg("saved-search-feed-subtitle", query=described))
    fg.author({"name": "kiemtra"})
    fg.generator("kiemtra")
    fg.language("vi")
    fg.link(href=url_for("saved.feed", key=s.key, _external=True), rel="self", type="application/atom+xml")
    fg.link(href=open_url(s, _external=True), rel="alternate", type="text/html")
    fg.updated(docs[0].indexed_at if docs else s.created)
    for d in docs:
        page = url_for("pages.document_page", doc_id=d.doc_id, _external=True)
        entry = fg.add_entry(order="append")
        entry.id(page)
        entry.title(d.title or d.source)
        entry.link(href=page, rel="alternate", type="text/html")
        entry.updated(d.indexed_at)
        entry.content(_entry_html(d), type="html")
    return Response(fg.atom_str(pretty=True), mimetype="application/atom+xml")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _entry_html(d: saved_searches.NewDocument) -> str:
    facts = [f"Ngày văn bản: {vn_date(d.published)}" if d.published else "",
             f"Đơn vị được kiểm tra: {'; '.join(d.inspected_units)}" if d.inspected_units else "",
             f"Tệp: {d.source}", _first_upper(msg("saved-search-indexed", when=vn_time(d.indexed_at)))]
    html = "<p>" + "<br>".join(str(escape(f)) for f in facts if f) + "</p>"
    if d.findings:
        html += f"<p>{escape(msg('saved-search-entry-findings'))}</p><ul>" + "".join(
            f"<li><strong>{escape(KIND_LABELS.get(k, k))}</strong>: {escape(t)}</li>" for k, t in d.findings) + "</ul>"
    return html
