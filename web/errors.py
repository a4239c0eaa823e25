"""Every error answer in one place: under /api/ JSON with a stable English ``error_code`` and an
``error`` message, elsewhere a page with a Vietnamese message. kiemtra's own code raises ``Refused``
with both messages; what Werkzeug and Flask raise (404, 405, 413, a bug's 500) gets the words below,
never Werkzeug's English descriptions."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from search import IndexUnavailable


class Refused(HTTPException):
    """An error kiemtra's code answers with: the HTTP status, a code for machines, a Vietnamese
    message for pages and an English one for the API."""

    def __init__(self, status: int, error_code: str, message: str, api_message: str):
        super().__init__(description=message)
        self.code = status
        self.error_code = error_code
        self.api_message = api_message


# status -> (error_code, message on pages, message in the API), for errors raised by Werkzeug/Flask
GENERIC = {
    400: ("bad-request", "Yêu cầu không hợp lệ.", "bad request"),
    404: ("not-found", "Không tìm thấy trang hoặc văn bản này.", "not found"),
    405: ("method-not-allowed", "Địa chỉ này không nhận phương thức yêu cầu đó.", "method not allowed"),
    413: ("too-large", "Tệp tải lên quá lớn.", "the request body is larger than the server accepts"),
    500: ("internal-error", "Lỗi máy chủ. Xin thử lại sau.", "internal server error"),
}
CSRF = ("csrf", "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ: tải lại trang rồi gửi lại.",
        "missing or expired CSRF token")


def is_api() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, error_code: str, message: str, **extra):
    return jsonify(error=message, error_code=error_code, **extra), status


def respond(status: int, error_code: str, message: str, api_message: str):
    if is_api():
        return api_error(status, error_code, api_message)
    return render_template("error.html", code=status, message=message), status


def http_error(exc: HTTPException):
    if isinstance(exc, Refused):
        return respond(exc.code, exc.error_code, exc.description, exc.api_message)
    status = exc.code or 500
    code, message, api_message = CSRF if isinstance(exc, CSRFError) else GENERIC.get(
        status, (f"http-{status}", f"Lỗi {status}.", exc.name.lower()))
    response = make_response(respond(status, code, message, api_message))
    for name, value in exc.get_headers():       # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def index_unavailable(exc: IndexUnavailable):
    """The index cannot be reached (Elasticsearch down) or refuses writes (a reindex is running)."""
    return respond(503, "index-unavailable", f"Chỉ mục tạm thời không dùng được: {exc.reason}",
                   f"the index is unavailable: {exc.reason}")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(IndexUnavailable, index_unavailable)
