"""Extraction time grows linearly with the text, also on one very long line full of numbers (the
figures once re-read the line up to each number: 1 MB took 9.9 s, 5 MB 262 s)."""
from __future__ import annotations

import time

from nlp.figures import extract_figures
from nlp.text import Text


def _seconds(raw: str) -> float:
    best = float("inf")
    for _ in range(1):
        text = Text(raw)
        started = time.perf_counter()
        extract_figures(text, [])
        best = min(best, time.perf_counter() - started)
    return best


def test_figures_of_one_long_line_take_linear_time():
    piece = "Đoàn kiểm tra 12 chi đoàn, 30 đoàn viên, đạt 95%; "
    extract_figures(Text(piece), [])              # rules loaded before timing
    small, large = _seconds(piece * 3000), _seconds(piece * 12000)
    # linear: 4x the text takes about 4x the time; the quadratic reading took more than 10x
    assert large / small < 7, (small, large)
