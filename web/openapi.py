"""The OpenAPI 3.1 description of /api, built from the same parameter lists and limits the views use.
The server is the relative ``/``: nothing in it comes from the request (its Host header is not echoed)."""
from __future__ import annotations

from search.filters import BOUNDS, FILTERS
from search.query import MAX_PAGE, MAX_PER_PAGE, SORTS

from .limits import MAX_FILTER_VALUES, MAX_QUERY_STRING

MAX_QUERY_TEXT = 1000             # search.parse refuses a longer q


def _filters() -> list[tuple[str, str, dict]]:
    """``q``, each filter of search.filters (an array: repeat for OR) and the date bounds."""
    keys = ", ".join(f"{name}:" for name in (*FILTERS, *BOUNDS))
    return [
        ("q", f"Query text with the search syntax (\"phrase\", -exclude, {keys})",
         {"type": "string", "maxLength": MAX_QUERY_TEXT}),
        *((f.name, f"{f.doc}; repeat for OR, at most {MAX_FILTER_VALUES} values",
           {"type": "array", "items": dict(f.schema), "maxItems": MAX_FILTER_VALUES}) for f in FILTERS.values()),
        *((b.name, b.doc, {"type": "string"}) for b in BOUNDS.values()),
    ]


_PAGING = [
    ("sort", "relevance, date (oldest first) or -date (newest first)", {"type": "string", "enum": list(SORTS)}),
    ("page", "Page number", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    ("per_page", "Results per page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
]


def _params(rows):
    return [{"name": name, "in": "query", "required": False, "description": desc, "schema": schema,
             **({"explode": True} if schema["type"] == "array" else {})} for name, desc, schema in rows]


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}


_BAD = _error(f"Malformed or out-of-range parameter (error_code bad-parameter), more than {MAX_FILTER_VALUES} "
              f"values of one filter (too-many-values), or a query string over {MAX_QUERY_STRING} bytes "
              "(query-string-too-long)")
_DOWN = _error("The index is unreachable or refuses writes while it is rebuilt (error_code index-unavailable)")


def _op(summary, params, schema_ref):
    return {"get": {"summary": summary, "parameters": params, "responses": {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema_ref}}},
        "400": _BAD, "503": _DOWN}}}


def spec() -> dict:
    filters = _params(_filters())
    paged = filters + _params(_PAGING)
    obj = {"type": "object"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "kiemtra API", "version": "1",
                 "description": "Search Vietnamese inspection and supervision documents, their findings "
                                "and statistics. Matching ignores case and diacritics. Every error is JSON "
                                "with a stable English error_code and a message. A request's query string "
                                f"may hold at most {MAX_QUERY_STRING} bytes and each filter parameter at most "
                                f"{MAX_FILTER_VALUES} values."},
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": _op("Search documents", paged, {"$ref": "#/components/schemas/SearchResult"}),
            "/api/findings": _op("Search findings (sentences stating results, shortcomings, requests)", paged,
                                 {"$ref": "#/components/schemas/FindingsResult"}),
            "/api/stats": _op("Statistics over the matching documents", filters + _params([
                ("indicator", "Figures whose counted noun contains this text, over time (only its first "
                              "100 characters are used)", {"type": "string"})]),
                {"$ref": "#/components/schemas/Stats"}),
            "/api/export": {"get": {
                "summary": "Export matching documents, findings or figures",
                "parameters": filters + _params([
                    ("table", "What one row is", {"type": "string", "enum": ["documents", "findings", "figures"]}),
                    ("output", "File format (json is JSON Lines)", {"type": "string",
                                                                   "enum": ["json", "csv", "xlsx"]}),
                    ("sep", "CSV column separator: comma (default), or semicolon (with a decimal comma) for "
                            "Excel under Vietnamese regional settings", {"type": "string",
                                                                         "enum": ["comma", "semicolon"]})]),
                "responses": {"200": {"description": "The export file", "content": {
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}}}}, "400": _BAD, "503": _DOWN}}},
            "/api/units/suggest": _op(
                "Unit names as one types (autocompletion): inspected units and inspecting bodies whose "
                "name holds q, case and diacritics ignored (ha giang finds Hà Giang, d finds đ), one entry "
                "per unit (its spellings and prefixes such as Ban Thường vụ folded together), most "
                "documents first; fewer than 2 characters give none", _params([
                    ("q", "Part of a unit's name (only its first 100 characters are used)", {"type": "string"}),
                    ("field", "Only inspected units or only inspecting bodies (default: both)",
                     {"type": "string", "enum": ["inspected_unit", "inspecting_body"]}),
                    ("limit", "Names returned", {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}),
                    ("search", "The current search's text (the search syntax): only the names of the documents "
                               "it finds, with its filters and dates below, counted in them as its facets count "
                               "them; the filter a name is searched with is left out (a picked name is added to "
                               "its values)", {"type": "string", "maxLength": MAX_QUERY_TEXT})])
                + [p for p in filters if p["name"] != "q"],
                {"$ref": "#/components/schemas/UnitSuggestions"}),
            "/api/documents/{id}": {"get": {
                "summary": "One document's extraction record with its text",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                                "description": "sha256 of the file"}],
                "responses": {"200": {"description": "The record (see record-schema.md) plus text",
                                      "content": {"application/json": {"schema": obj}}},
                              "400": _BAD, "404": _error("No such document (error_code not-found)"),
                              "503": _DOWN}}},
            "/api/documents": {"post": {
                "summary": "Upload and ingest one file (administrator token required)",
                "security": [{"token": []}],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"]}}}},
                "responses": {
                    "201": {"description": "Ingested", "content": {"application/json": {"schema": obj}}},
                    "400": _error("No file field (error_code no-file), or a query string over the limit"),
                    "401": _error("Missing or wrong token, or uploads are off (error_code unauthorized)"),
                    "413": _error("File larger than KIEMTRA_MAX_UPLOAD_MB (error_code too-large)"),
                    "422": _error("The file could not be read: error_code says why (encrypted, empty, "
                                  "unsupported, timeout...), failures lists each member of an archive"),
                    "503": _DOWN}}},
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "The administrator token (KIEMTRA_TOKEN)"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "error_code"], "properties": {
                    "error": {"type": "string"}, "error_code": {"type": "string"}}},
                "SearchResult": {"type": "object", "required": ["total", "hits", "facets"], "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "pages": {"type": "integer"}, "hits": {"type": "array", "items": obj}, "facets": obj}},
                "FindingsResult": {"type": "object", "required": ["total", "hits", "counts"], "properties": {
                    "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "pages": {"type": "integer"}, "counts": obj, "hits": {"type": "array", "items": obj}}},
                "UnitSuggestions": {"type": "object", "required": ["q", "filter", "suggestions"], "properties": {
                    "q": {"type": "string"},
                    "filter": {"type": "string", "enum": ["unit", "inspected", "inspector"],
                               "description": "The search parameter a suggested name is searched with"},
                    "adds": {"type": "boolean",
                             "description": "The facet's filter has values in the current search: documents is "
                                            "the number of results a picked name adds to them"},
                    "suggestions": {"type": "array", "items": {
                        "type": "object", "required": ["name", "documents", "page"], "properties": {
                            "name": {"type": "string"}, "documents": {"type": "integer"},
                            "page": {"type": "string", "description": "The unit's page"}}}}}},
                "Stats": {"type": "object", "required": ["documents"], "properties": {
                    "documents": {"type": "integer"}, "indicator": {"type": ["string", "null"]},
                    "findings_by_year": {"type": "array", "items": obj},
                    "documents_by_month": {"type": "array", "items": obj},
                    "top_units": {"type": "array", "items": obj}, "figures": {"type": "array", "items": obj}}},
            },
        },
    }
