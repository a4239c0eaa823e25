"""How much one request may ask, declared once: checked before any view reads the request (every page,
the API, downloads), and stated in the OpenAPI description.

Nobody searching reaches these: twenty units, plan numbers or years in one search is already more
than the facets offer, and 8 KB is what common servers and proxies (nginx, Apache) take for a whole
request line. Past them a page would only be large and slow to build, so the request is refused at
once with a 400."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search.filters import filter_names

from .errors import Refused

MAX_FILTER_VALUES = 20          # values of one filter parameter (unit=…&unit=…)
MAX_QUERY_STRING = 8 * 1024     # bytes after the "?", as sent (percent-encoded)


def check(query_string: bytes, args: MultiDict) -> None:
    """Raise ``Refused`` (400) when the request is over a limit; ``args`` is read only when the
    query string is within its own."""
    if len(query_string) > MAX_QUERY_STRING:
        raise Refused(
            400, "query-string-too-long",
            f"Địa chỉ yêu cầu quá dài: phần tham số tối đa {MAX_QUERY_STRING // 1024} KB "
            f"(nhận được {len(query_string):,} byte).".replace(",", "."),
            f"the query string is {len(query_string)} bytes, at most {MAX_QUERY_STRING} are accepted")
    for name in filter_names():
        n = len(args.getlist(name))
        if n > MAX_FILTER_VALUES:
            raise Refused(
                400, "too-many-values",
                f"Bộ lọc “{name}” có {n} giá trị, tối đa {MAX_FILTER_VALUES} giá trị.",
                f"parameter {name} has {n} values, at most {MAX_FILTER_VALUES} are accepted")
