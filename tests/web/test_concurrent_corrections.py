"""Staff correcting one document at the same moment, through a real server (waitress, several
threads): each in a session of their own (two tabs, two people), each adding another inspected unit
on the document page; every correction is kept, listed on the page and found by the facets."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

from ..search.test_concurrent_corrections import NAMES, RECORD, _at_once
from .conftest import served_app

TOKEN = "s3cret-staff"


class Tab:
    """One browser session: its own cookies (the session, the token remembered in it)."""

    def __init__(self, server: str):
        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.server + path) as r:
            return r.read().decode()

    def post(self, path: str, **form) -> str:
        page = self.get(f"/doc/{RECORD.doc_id}?sua=1")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": csrf, **form}).encode()
        with self.opener.open(self.server + path, data=data) as r:       # follows the 303 to the page
            return r.read().decode()


def test_corrections_posted_at_once_from_many_sessions_are_all_kept(tmp_path):
    with served_app(tmp_path, "corrections", samples=False, records=[RECORD], TOKEN=TOKEN) as server:
        tabs = [Tab(server) for _ in NAMES]
        for tab in tabs:
            tab.post(f"/doc/{RECORD.doc_id}/hieu-chinh", token=TOKEN)
        pages = {}

        def correct(i):
            pages[i] = tabs[i].post(f"/doc/{RECORD.doc_id}/hieu-chinh", action="add", field="inspected_units",
                                    text=NAMES[i], selected=NAMES[i])

        _at_once(correct, list(range(len(NAMES))))
        assert all("Đã lưu hiệu chỉnh" in p for p in pages.values()), "a correction was not saved"
        page = tabs[0].get(f"/doc/{RECORD.doc_id}?sua=1")
        for name in NAMES:
            assert f"Thêm “{name}” vào đơn vị được kiểm tra, giám sát" in page
        html = tabs[0].get("/?" + urllib.parse.urlencode({"q": "chi đoàn tổ"}))
        section = html.split('id="facet-inspected_unit"', 1)[1].split("</section>", 1)[0]
        listed = re.findall(r">(Chi đoàn Tổ \d\d) <span class=\"count\">1<", section)
        assert sorted(listed) == sorted(NAMES)
