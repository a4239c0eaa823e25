"""The grammar's data is whole: every organization head id the code names is declared in
``nlp/data/org_patterns.jsonl``, and the level words are declared once, with known ranks."""
from __future__ import annotations

from nlp import inspection, orgs
from nlp.resources import DATA, jsonl, level_words, levels

PATTERN_IDS = {p["id"] for p in jsonl("org_patterns.jsonl")}


def test_every_head_id_named_in_code_is_declared():
    # the heads' properties are columns of data/org_heads.tsv: every id there is a head of org_patterns.jsonl,
    # every property is one the code reads, and the code's sets are those columns
    props = {"grassroots", "business", "department", "generic-bare", "national", "provincial", "district",
             "inspection-committee", "joins", "topic", "part-of", "establishment", "committees"}
    rows = [line.split("\t") for line in (DATA / "org_heads.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert {head for head, _ in rows} <= PATTERN_IDS, {head for head, _ in rows} - PATTERN_IDS
    assert {p for _, ps in rows for p in ps.split(",")} <= props
    named = {"grassroots": orgs.GRASSROOTS, "business": orgs._BUSINESS, "department": orgs._DEPARTMENTS,
             "generic-bare": orgs._GENERIC_BARE, "national": orgs._NATIONAL,
             "provincial": inspection._PROVINCIAL, "district": inspection._DISTRICT,
             "inspection-committee": inspection._UBKT_HEADS, "joins": orgs._JOINS, "topic": orgs._TOPIC,
             "part-of": orgs._PART_OF, "committees": orgs._COMMITTEES}
    for prop, ids in named.items():
        assert ids == {head for head, ps in rows if prop in ps.split(",")} and ids, prop


def test_level_words_have_known_ranks_and_derived_sets_follow_them():
    assert {rank for _, rank, _ in levels()} <= {"province", "district", "commune", "place"}
    assert set(level_words("province", "district", "commune")) == inspection._LEVEL_RAW
    assert {" ".join(w) for ws in orgs._LEVELS_BY_FIRST.values() for w in ws} == set(level_words())
    assert "thôn" in orgs._AMBIGUOUS_LEVELS and "huyện" not in orgs._AMBIGUOUS_LEVELS


def test_role_titles_are_read_from_their_data_file():
    from nlp import people
    from nlp.normalize import fold
    from nlp.resources import role_titles
    assert "thứ trưởng" in role_titles("unit") and "trưởng đoàn" not in role_titles("unit")
    for title in role_titles("unit"):
        written = title[0].upper() + title[1:] + " "
        assert orgs._ROLE_BEFORE.search(written), title
        assert people._ROLE_BEFORE.search(written + "đồng chí "), title
        if " " in title:   # folded, a one-word title is also a common word and is left out
            assert inspection._ROLE_RIGHT_BEFORE.search(fold(written)), title
    for title in role_titles("sign"):
        assert people._SIGN_ROLE.match("tm. " + fold(title)), title


def test_organization_abbreviations_are_read_from_their_data_file():
    from nlp.resources import org_abbreviations
    rows = {abbr: (full, flags) for abbr, full, flags in org_abbreviations()}
    assert rows["UBKT"] == ("Ủy ban Kiểm tra", frozenset({"organ"}))
    organs = {abbr for abbr, (full, flags) in rows.items() if "organ" in flags}
    assert {p.pattern for p, _ in inspection._ABBREVIATIONS} == {rf"^{abbr}(?=\s)" for abbr in organs}
    assert all(orgs.match_key(abbr) == orgs.match_key(full) for abbr, (full, _) in rows.items() if full)
    assert {"ubnd", "mttq", "thpt"} <= inspection._ACRONYMS


def test_number_words_are_read_from_their_data_file():
    import re

    from nlp import figures
    from nlp.normalize import fold
    from nlp.resources import number_words
    assert number_words()["một"] == 1 and "một" not in number_words(figures_only=True)
    assert figures._rules()["number_words"] == dict(number_words(figures_only=True))
    for word in number_words():
        assert re.fullmatch(inspection._COUNT_WORDS, fold(word)), word


def test_month_words_are_read_from_their_data_file():
    import re

    from nlp import dates
    from nlp.normalize import fold
    from nlp.resources import month_names
    for word in month_names():
        assert re.fullmatch(f"(?:{dates._MONTH_WORDS})", fold(word)), word


def test_the_national_lines_of_an_official_header_are_read_from_their_data_file():
    from nlp import header, references
    from nlp.normalize import fold
    from nlp.resources import issuer_organs, json_data
    data = json_data("official_header.json")
    for line in data["national_lines"]:
        folded = fold(line)
        assert header._NATIONAL_LINE.match(folded) and header._OFFICIAL_MARK.match(folded), line
        assert inspection._NATIONAL_OR_STAR.match(folded), line
        assert references._MOTTO_BEFORE.search(folded + " "), line
    assert header._header_row(header.Text("ĐẢNG CỘNG SẢN VIỆT NAM"), (0, 22))
    assert issuer_organs() == {fold(organ) for organ in data["issuer_organs"]} and "uy ban kiem tra" in issuer_organs()


def test_the_words_that_open_an_organs_topic_are_read_from_their_data_file():
    from nlp.resources import topic_openers

    from .helpers import ex
    starts, opening_only, pairs = topic_openers()
    assert ("phòng", "chống") in pairs and "về" in opening_only
    for word in sorted(starts - opening_only):
        body = [m.text for m in ex(f"Ban Chỉ đạo {word} an toàn thực phẩm huyện đã kiểm tra các cơ sở.").inspecting_bodies]
        assert body and body[0].startswith(f"Ban Chỉ đạo {word} an toàn thực phẩm"), word
    # an opening word alone names nothing
    assert [m.text for m in ex("Ban Chỉ đạo về kiểm tra các cơ sở.").organizations] == ["Ban Chỉ đạo"]
