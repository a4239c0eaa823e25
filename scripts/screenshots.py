"""The screenshots of the user guide (README, "Hướng dẫn sử dụng"), taken from the real pages.

    .venv/bin/python scripts/screenshots.py [--out docs/img]

Ingests corpora/samples into a temporary index, serves it on loopback, and photographs the search,
findings, statistics, document, unit and upload pages in Debian's Chromium (Playwright), at desktop width
and one page at phone width. Run it again after a change to the pages.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
SHOTS = [  # (file, path, width, what to do before the picture)
    ("tim-kiem.png", "/?q=phan+mem+quan+ly+doan+vien", 1280, None),
    ("phat-hien.png", "/findings?q=doan+vien&kind=limitation", 1280, None),
    ("thong-ke.png", "/stats", 1280, None),
    ("van-ban.png", "/", 1280, "first-result"),
    ("don-vi.png", "/", 1280, "unit-page"),
    ("tai-len.png", "/upload", 1280, None),
    ("dien-thoai.png", "/?q=kiem+tra", 390, None),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = ap.parse_args()

    import waitress
    from playwright.sync_api import sync_playwright

    from pipeline import run_batch
    from web import create_app, get_backend

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INDEX": f"sqlite:///{tmp}/i.db", "SECRET_KEY": "guide", "STORAGE": f"{tmp}/files",
                          "TOKEN": "guide"})
        with app.app_context():
            run_batch([ROOT / "corpora" / "samples"], get_backend())
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{server.effective_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for name, path, width, action in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844})
                page.goto(base + path)
                if action in ("first-result", "unit-page"):
                    page.locator("main a[href*='/doc/']").first.click()
                    page.wait_for_load_state()
                if action == "unit-page":
                    page.locator("a", has_text="trang đơn vị").first.click()
                    page.wait_for_load_state()
                page.screenshot(path=str(args.out / name), full_page=False)
                print(args.out / name)
                page.close()
            browser.close()
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
