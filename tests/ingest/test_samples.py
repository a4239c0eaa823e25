"""corpora/samples is what corpora/make_samples.py makes from the seeds, byte for byte."""
from __future__ import annotations

from .builders import SAMPLES, SEEDS, make_samples_module, seed_numbers


def test_samples_are_regenerated_identically(tmp_path):
    module = make_samples_module()
    written = module.write_samples(SEEDS, tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(f"{n}.{ext}" for n in seed_numbers() for ext in ("txt", "html", "docx", "pdf"))
    for name in names:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_seed_headlines_and_dates():
    module = make_samples_module()
    seeds = {s.number: s for s in module.load_seeds(SEEDS)}
    assert seeds["001"].title.startswith("TRÀ VINH: THỰC HIỆN KIỂM TRA")      # not the date line above it
    assert seeds["003"].title.startswith("Công tác phát triển Đảng")         # not "Loading ..."
    assert seeds["001"].published == "2024-06-20"
    assert seeds["003"].published_time == "2020-11-20T14:11:00+07:00"
    assert seeds["000"].published is None
