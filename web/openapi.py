"""The OpenAPI 3.1 description of /api, built from the same parameter lists the views use."""
from __future__ import annotations

from search.query import FORMATS, SORTS

_FILTERS = [
    ("q", "Query text with the search syntax (\"phrase\", -exclude, unit:, ref:, kind:, from:, to:)", "string"),
    ("unit", "Unit name (inspected, inspecting or mentioned); repeat for OR", "string", True),
    ("ref", "Cited document number, e.g. 383-KH/UBKT or 383; repeat for OR", "string", True),
    ("kind", "Finding kind: strength, limitation, recommendation (or ưu điểm, hạn chế, kiến nghị)", "string", True),
    ("activity", "kiểm tra or giám sát", "string", True),
    ("format", "File format: " + ", ".join(FORMATS), "string", True),
    ("year", "Year of the document", "integer", True),
    ("from", "Earliest document date: YYYY, YYYY-MM, YYYY-MM-DD or dd/mm/yyyy", "string"),
    ("to", "Latest document date (inclusive), same forms as from", "string"),
]
_PAGING = [
    ("sort", "relevance, date (oldest first) or -date (newest first)", "string"),
    ("page", "Page number, from 1", "integer"),
    ("per_page", "Results per page, 1–100", "integer"),
]


def _params(rows):
    out = []
    for name, desc, typ, *many in rows:
        schema = {"type": "array", "items": {"type": typ}} if many else {"type": typ}
        if name == "sort":
            schema["enum"] = list(SORTS)
        p = {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}
        if many:
            p["explode"] = True
        out.append(p)
    return out


_ERR = {"description": "Malformed query or parameter", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def _op(summary, params, schema_ref, content="application/json"):
    return {"get": {"summary": summary, "parameters": params, "responses": {
        "200": {"description": "OK", "content": {content: {"schema": schema_ref}}}, "400": _ERR}}}


def spec(server: str) -> dict:
    filters = _params(_FILTERS)
    paged = filters + _params(_PAGING)
    obj = {"type": "object"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "kiemtra API", "version": "1",
                 "description": "Search Vietnamese inspection and supervision documents, their findings "
                                "and statistics. Matching ignores case and diacritics."},
        "servers": [{"url": server}],
        "paths": {
            "/api/search": _op("Search documents", paged, {"$ref": "#/components/schemas/SearchResult"}),
            "/api/findings": _op("Search findings (sentences stating results, shortcomings, requests)", paged,
                                 {"$ref": "#/components/schemas/FindingsResult"}),
            "/api/stats": _op("Statistics over the matching documents", filters + _params([
                ("indicator", "Figures whose counted noun contains this text, over time", "string")]),
                {"$ref": "#/components/schemas/Stats"}),
            "/api/export": {"get": {
                "summary": "Export matching documents, findings or figures",
                "parameters": filters + [
                    {"name": "table", "in": "query", "schema": {"type": "string",
                                                               "enum": ["documents", "findings", "figures"]}},
                    {"name": "output", "in": "query", "schema": {"type": "string",
                                                                "enum": ["json", "csv", "xlsx"]}}],
                "responses": {"200": {"description": "The export file", "content": {
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}}}}, "400": _ERR}}},
            "/api/documents/{id}": {"get": {
                "summary": "One document's extraction record with its text",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                                "description": "sha256 of the file"}],
                "responses": {"200": {"description": "The record (see record-schema.md) plus text",
                                      "content": {"application/json": {"schema": obj}}},
                              "404": {"description": "No such document", "content": {"application/json": {
                                  "schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/api/documents": {"post": {
                "summary": "Upload and ingest one file (administrator token required)",
                "security": [{"token": []}],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"]}}}},
                "responses": {"201": {"description": "Ingested", "content": {"application/json": {
                    "schema": obj}}}, "401": {"description": "Missing or wrong token"},
                    "413": {"description": "File too large"},
                    "422": {"description": "The file could not be read", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}}}}},
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "The administrator token (KIEMTRA_TOKEN)"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
                "SearchResult": {"type": "object", "required": ["total", "hits", "facets"], "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "pages": {"type": "integer"}, "hits": {"type": "array", "items": obj}, "facets": obj}},
                "FindingsResult": {"type": "object", "required": ["total", "hits", "counts"], "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "pages": {"type": "integer"}, "counts": obj, "hits": {"type": "array", "items": obj}}},
                "Stats": {"type": "object", "required": ["documents"], "properties": {
                    "documents": {"type": "integer"}, "indicator": {"type": ["string", "null"]},
                    "findings_by_year": {"type": "array", "items": obj},
                    "documents_by_month": {"type": "array", "items": obj},
                    "top_units": {"type": "array", "items": obj}, "figures": {"type": "array", "items": obj}}},
            },
        },
    }
