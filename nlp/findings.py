"""Results, shortcomings and recommendations (annotation rules, "findings").

Two sources decide a point's kind, in this order:

1. **Sections.** Reports, conclusions and plans are organised by headings (``I. ƯU ĐIỂM``, ``II. HẠN
   CHẾ, KHUYẾT ĐIỂM``, ``III. KIẾN NGHỊ``, ``Kết quả đạt được``, ``Tồn tại, hạn chế``, ``Phương hướng``,
   ``Tổ chức thực hiện``) and by inline labels (``Ưu điểm: ...``, ``Hạn chế: ...``, ``Yêu cầu: ...``).
   Under such a heading or label every point is of the heading's kind. Headings that name no kind
   (``Mục đích``, ``Nội dung``, ``Đối tượng``, ``Thời gian``, ``Thành phần``) open a section with no
   findings. The heading words are data (``data/finding_cues.json``, ``sections``).
2. **Cues** (``data/finding_cues.json``), where no section decides: the first kind whose cue the point
   contains, in the order recommendation, limitation, strength. An introduction without content of its
   own (``vẫn còn những hạn chế như:``, ``đề nghị:``) is not a finding, but passes its kind on to the
   points it introduces; a sentence opening with ``Đồng thời`` / ``Bên cạnh đó`` and no cue takes the
   kind of the sentence before it; a part after ``;`` with no cue takes the kind of the finding before it
   in its sentence (``Tuy nhiên, ... còn thấp; nhiều chi hội ...``), unless that finding names what was
   checked (``giám sát việc ...``) or the part opens with the work itself or a topic (``kiểm tra 28 tổ
   chức đảng``, ``việc tiếp nhận hồ sơ``, ``các loại văn bản``).

Points are cut from the text this way: a line starting with an enumeration marker (``Một là,``,
``1.``, ``-``, ``a)``, ``(i)``) is one point; any other line is cut into sentences, a sentence into
parts at ``;`` and after an introducing colon; running enumerations inside a line (``(1) ... (2) ...``,
``Một là, ...; hai là, ...``) are cut at their markers. ``text`` is the point without its marker and
final punctuation. Not findings: the official header and the text's title, page chrome and the related
articles list, photo captions, ``Căn cứ ...`` / ``Thực hiện Kế hoạch ...`` preambles, headings, questions,
a sentence that lists the topics of the work (``tập trung vào các nội dung như: ...; ...``, unless it asks
for them), and everything from ``Nơi nhận:`` on.
"""
from __future__ import annotations

import functools
import re

from .header import is_chrome
from .normalize import fold
from .record import Finding
from .resources import caption_patterns, json_data, level_words, word_alternation
from .text import UPPER, Text, mostly_upper

KINDS = ("recommendation", "limitation", "strength")
MIN_WORDS = 4
TOPIC_LABEL_WORDS = 8   # the longest point opening with "Về" / "Đối với" and no predicate that is a topic's label
MAX_POINT = 1200
MAX_HEADING = 90
POINT_KINDS = 4     # kinds of points named (data/finding_cues.json, point_kinds) that make a point content-free
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1)
def _rules():
    r = json_data("finding_cues.json")

    def alt(cues):
        lower = []
        upper = []
        for c in cues:
            c = c.replace(" ", r"\s")
            lower.append(c)
            i = 0
            while i < len(c) and c.startswith("(?", i):  # skip leading look-behinds
                i = c.index(")", i) + 1
            if i < len(c) and c[i].isalpha():
                upper.append(c[:i] + c[i].upper() + c[i + 1:])
        low = re.compile(r"(?<![\w])(?:" + "|".join(lower) + r")(?![\w])")
        # a capitalised cue counts only where a clause starts ("Cần ..."), not inside a name ("Tiểu Cần")
        up = re.compile(r"(?:^|(?<=[.:;!?(\"“–\-•+]\s)|(?<=[.:;!?(\"“]))\s*(?:" + "|".join(upper) + r")(?![\w])")
        return low, up

    sec = r["sections"]
    return {
        "cues": {k: alt(r[k]) for k in KINDS},
        "cont": re.compile(r"^(?:" + "|".join(r["continuation_starts"]) + r")\b", re.IGNORECASE),
        "directive": re.compile(r"^\W*(?:" + "|".join(r["directive_starts"]) + r")(?![\w])", re.IGNORECASE),
        "enum": re.compile(r["enumeration"], re.IGNORECASE),
        "inline_enum": re.compile(r["inline_enumeration"], re.IGNORECASE),
        "free": re.compile(r["content_free"], re.IGNORECASE),
        "pointed_out": re.compile(r["pointed_out"], re.IGNORECASE),
        "praise": re.compile(r["praise"], re.IGNORECASE),
        "future": re.compile(r["future"]),
        "conditional": re.compile(r["conditional"]),
        "point_kinds": re.compile(rf"(?<![a-z]){_folded_words(r['point_kinds'])}(?![a-z])"),
        "point_kinds_requests": re.compile(rf"(?<![a-z]){_folded_words(r['point_kinds_requests'])}(?![a-z])"),
        # "giám sát việc ...", "kiểm tra công tác ...": a part that names what was checked
        "checked": re.compile(rf"(?<![a-z]){_folded_words(r['work_verbs'])}[ \t]+"
                              rf"{_folded_words(r['checked_topics'])}(?![a-z])"),
        # the opening of a part after ';' that takes no kind from the point before it
        "no_kind_passed": re.compile(rf"{_folded_words(r['no_kind_passed'])}(?![a-z])"),
        "sections": [(k, re.compile(r"(?<![a-z])(?:" + "|".join(sec[k]) + r")(?![a-z])")) for k in
                     ("none", "recommendation", "limitation", "strength")],
        "preamble": re.compile(r["preamble"], re.IGNORECASE),
        # a photo's caption: the findings' own forms, and those the headline knows too (data/captions.json)
        "caption": re.compile("|".join([r["caption"], *caption_patterns().values()]), re.IGNORECASE),
        "work": re.compile(r["work_report"], re.IGNORECASE),
        "purpose": re.compile(r["purpose"], re.IGNORECASE),
        "announcement": re.compile(r["announcement"], re.IGNORECASE),
        "remedied": re.compile(r["remedied"], re.IGNORECASE),
        "no_fault": re.compile(r["no_fault"], re.IGNORECASE),
        "topic_label": re.compile(r["topic_label"], re.IGNORECASE),
        "shared": frozenset(r["shared_subject_starts"]),
        "topic_list": re.compile(r["topic_list"]),
    }


def _folded_words(words: list[str]) -> str:
    """Any of ``words`` in folded text, longest first ("kết quả đạt được" before "kết quả")."""
    return "(?:" + word_alternation({fold(w) for w in words}) + ")"


def classify(s: str) -> str | None:
    """The kind a point's cues give: of a request and a shortcoming, the one stated first (``đề nghị
    khắc phục hạn chế`` is a request, ``chưa phù hợp, cần chỉnh sửa`` a shortcoming; a point opening with
    a directive verb, ``Tiếp tục ...``, is a request); a result only where neither is. A point that says
    what will be done (``sẽ``) is a request, whatever its cues."""
    kind = _cued_kind(s)
    future = _rules()["future"].search(s) if kind is not None else None
    if future and not _rules()["conditional"].search(s, 0, future.start()):
        return "recommendation"
    return kind


def _cued_kind(s: str) -> str | None:
    rules = _rules()
    cues = rules["cues"]
    if rules["directive"].match(s) and not s.isupper():
        return "recommendation"   # "Tiếp tục thực hiện tốt ...": a request stated first (not a heading in capitals)
    rec = _first_cue(cues["recommendation"], s, len(s))
    # "kịp thời phát hiện và xử lý nghiêm vi phạm", "tháo gỡ khó khăn": a shortcoming dealt with is none found
    unremedied = rules["remedied"].sub(lambda m: " " * len(m.group()), s)
    # "chưa phát hiện tiêu cực": no shortcoming found is a result
    faultless = rules["no_fault"].sub(lambda m: " " * len(m.group()), unremedied)
    lim = _first_cue(cues["limitation"], faultless, len(s) if rec is None else rec)
    if lim is not None:
        return "limitation"
    if rec is not None:
        return "recommendation"
    if faultless != unremedied:
        return "strength"
    return "strength" if _first_cue(cues["strength"], s, len(s)) is not None else None


def _first_cue(pats, s: str, end: int) -> int | None:
    """Where the first cue of ``pats`` (lower-case, capitalised) starts before ``end``, or None."""
    low, up = pats
    found = [m.start() for m in (low.search(s, 0, end), up.search(s, 0, end)) if m]
    return min(found) if found else None


_HEAD_ENUM = re.compile(r"^(?:(?:[ivxlc]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)/]|phần\s+[ivx\d]+[.:]?|[-+•])?\s*", re.IGNORECASE)
_LABEL = re.compile(r"^((?:(?:[ivxlc]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s*|[-+•]\s*)?)([^:.;\n]{2,60}?)\s*:\s*")


def section_kind(label: str) -> str | None:
    """The kind a heading or label names: ``strength`` / ``limitation`` / ``recommendation``, ``none``
    (a section that holds no findings), or None when the words name no section."""
    f = fold(label)
    found = [k for k, pat in _rules()["sections"] if pat.search(f)]
    if not found:
        return None
    if "none" in found:
        return "none"
    if len(found) > 1:
        return "mixed"
    return found[0]


def _heading(raw: str, ls: int, le: int) -> tuple[str | None, int] | None:
    """A heading line: ``(kind, end of the label)``, or None when the line is no heading."""
    line = raw[ls:le].strip()
    if not line or len(line) > MAX_HEADING:
        return None
    body = _HEAD_ENUM.sub("", line, count=1).strip().rstrip(":").strip()
    if not body or len(body.split()) > 20 or body.endswith((".", ";", ",")):
        return None
    if len(body.split()) > 10:
        # a long heading opens with its section word: "2. Kết quả kiểm tra, giám sát của Ban Thường vụ ..."
        head_words = fold(" ".join(body.split()[:3]))
        if not any(pat.match(head_words) for _, pat in _rules()["sections"]):
            return None
    upper = mostly_upper(body, 0.8)
    numbered = _HEAD_ENUM.match(line).end() > 0
    colon = line.endswith(":")
    kind = section_kind(body)
    if kind is None:
        if upper and numbered and re.match(r"^(?:[ivxlc]+[.)]|phần)", line, re.IGNORECASE):
            return "unknown", le   # "II. ĐÁNH GIÁ CHUNG": a section that names no kind
        if numbered and len(body.split()) <= 8 and not colon and re.match(r"^\d", line):
            return "keep", le      # "1. Công tác chỉ đạo": a sub-heading inside the current section
        return None
    if upper or numbered or (len(body.split()) <= 4 and not colon):
        return kind, le
    if colon and len(body.split()) <= 6:
        return "intro:" + kind, le      # "Kết quả tổng hợp như sau:": introduces what follows only
    return None


def _parts(raw: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a sentence at ';', after a colon that introduces a list (``... như:``, ``... sau:``) and at
    running enumeration markers (``(1)``, ``hai là,``)."""
    out = []
    start = s
    rules = _rules()
    cuts = []
    for m in re.finditer(r";|:(?=\s)", raw[s:e]):
        cut = s + m.start()
        if m.group() == ":":
            left = raw[start:cut]
            if not (_INTRO_END.search(left) or rules["free"].search(left) or _label_kind(left)):
                continue
        cuts.append((cut, s + m.end()))
    for m in rules["inline_enum"].finditer(raw, s, e):
        if m.start() > s:
            cuts.append((m.start(), m.end()))
    for cut, nxt in sorted(cuts):
        if cut < start:
            continue
        if cut > start:
            out.append((start, cut))
        start = nxt
    if e > start:
        out.append((start, e))
    return [piece for ps, pe in out for piece in _clauses(raw, ps, pe)]


_PREDICATE_WORD = re.compile(r"(?<=\S)\s+(?:chưa|không|được|đã|đạt|còn|vẫn|bị)(?!\w)")


def _predicate_after_subject(clause: str) -> bool:
    """``bàn ghế chưa đảm bảo``: a clause with a subject of at least two words before its predicate."""
    m = _PREDICATE_WORD.search(clause)
    return m is not None and len(clause[:m.start()].split()) >= 2


def _clauses(raw: str, s: int, e: int) -> list[tuple[int, int]]:
    """A part cut at the commas where a clause with its own subject and its own point begins (``Khung
    giấy khen chưa đảm bảo, bàn ghế chưa đúng quy định``); a clause that goes on with the same subject
    (``..., đã triển khai ...``) stays (annotation rules: one point per subject and predicate). A clause
    whose subject is counted (``..., 03 chi đoàn thu, nộp đoàn phí chưa đúng quy định``) or which has no cue
    of its own (``..., người lao động được thực hiện chế độ ăn ca``) takes the kind of the one before; a
    counted clause is cut off also after a clause that counts with no predicate word (``Kết quả có 2.189
    trường hợp có phép, 235 trường hợp không phép``)."""
    commas = [(m.start(), m.end()) for m in _COMMA.finditer(raw, s, e)]
    # "... phát hiện 41 doanh nghiệp vi phạm và đề nghị UBND quận xử phạt": "và" before a request turns too
    commas = sorted(commas + [(m.start(), m.end()) for m in _AND_REQUEST.finditer(raw, s, e)])
    if not commas:
        return [(s, e)]
    shared = _rules()["shared"]
    out = []
    start = s
    bounds = [c[0] for c in commas[1:]] + [e]
    prev_end = s     # where the clause before the comma begins
    for (cut, nxt), clause_end in zip(commas, bounds):
        left_clause, rest = raw[prev_end:cut], raw[nxt:clause_end]
        contrast = _CONTRAST.match(rest)
        request = _REQUEST_TURN.match(rest)
        if contrast:
            rest = raw[nxt:e]   # "..., tuy nhiên kiểm tra các cơ sở ..., vỏ xe ... vẫn còn ...": the turn runs to the end
        if len(left_clause.split()) <= 2:
            # "... chưa được nâng cấp, sửa chữa, trang thiết bị ...": the words before are the tail of a
            # list inside the clause, whose predicate came before them
            left_clause = raw[start:cut]
        prev_end = nxt
        words = rest.split()
        if request and len(words) >= MIN_WORDS - 1 and len(raw[start:cut].split()) >= MIN_WORDS \
                and classify(raw[start:cut]) not in (None, "recommendation"):
            # "... có đoạn chưa được thẳng, đề nghị đơn vị sửa chữa": the request after the shortcoming it
            # answers is a point of its own
            out.append((start, cut))
            start = nxt
            continue
        if not raw.startswith(",", cut):
            continue   # a "và" cuts only before a request
        if (len(words) < MIN_WORDS or words[0].lower() in shared
                or not (words[0][:1].isalpha() or _COUNTED.match(rest))
                or len(raw[start:cut].split()) < MIN_WORDS):
            continue
        if raw.count("(", start, cut) > raw.count(")", start, cut) or _ADDRESS_GOES_ON.match(rest):
            continue   # a comma inside brackets, or in an address ("..., phố Lý Bôn, tỉnh Hưng Yên không có ...")
        counted = _COUNTED.match(rest)
        if not ((_predicate_after_subject(rest) or counted)
                and (_predicate_after_subject(left_clause) or (counted and _COUNT_IN.search(left_clause)))):
            continue
        kind = classify(rest)
        before = classify(raw[start:cut])
        if kind is None:
            kind = before
        # "X đã triển khai tốt ..., tuy nhiên vẫn còn ...": the turn of a contrast opens a point of another kind
        if kind is None or before is None or (kind != before and not contrast):
            continue
        out.append((start, cut))
        start = nxt
    out.append((start, e))
    return out


_COMMA = re.compile(r",\s+")
_CONTRAST = re.compile(r"tuy\s+nhiên\b", re.IGNORECASE)
_AND_REQUEST = re.compile(r"\s+và\s+(?=(?:đề\s+nghị|yêu\s+cầu)\s)")
# a request opening a clause, to whom it is made: "đề nghị đơn vị sửa chữa", "yêu cầu trường khắc phục"
_REQUEST_TURN = re.compile(rf"(?:[đĐ]ề\s+nghị|[yY]êu\s+cầu)\s+(?:(?:các|những)\s+)?(?:đơn\s+vị|cơ\s+sở|trường|nhà\s+thầu"
                           rf"|chủ|doanh\s+nghiệp|hộ|[{UPPER}])")
# a place's level word and its name: an address going on after a comma
_ADDRESS_GOES_ON = re.compile(rf"(?:{'|'.join(sorted(level_words(), key=len, reverse=True))})[ \t]+[{UPPER}]")
_COUNTED = re.compile(r"\d[\d.,/]*\s+[^\W\d_]")    # "235 trường hợp không phép": a clause whose subject is counted
# a count inside the clause before ("Kết quả có 2.189 trường hợp có phép, 235 ..."), not a date or a year
_COUNT_IN = re.compile(r"(?<![\w/.,])(?<!ngày )(?<!năm )(?<!tháng )\d[\d.,]*\s+(?!(?:năm|tháng|ngày|giờ)(?!\w))[^\W\d_]",
                       re.IGNORECASE)


def _label_kind(left: str) -> str | None:
    left = left.strip()
    if len(left) > 60 or len(left.split()) > 7:
        return None
    k = section_kind(_HEAD_ENUM.sub("", left, count=1))
    return k if k in KINDS else None


_INTRO_END = re.compile(r"(?<![\w])(?:như|sau|sau đây|gồm|bao gồm|cụ thể|cụ thể là|là|đó là|đánh giá|cho thấy"
                        r"|nhận thấy|đề nghị|yêu cầu|kiến nghị|lưu ý|nhấn mạnh)\s*$", re.IGNORECASE)


def _content_free(seg: str) -> bool:
    """``đã chỉ ra những hạn chế``, ``có những kiến nghị``: a short clause whose only content is the
    naming of points; or a point without a number or a request that names ``POINT_KINDS`` kinds of
    points or more (``đánh giá kết quả đạt được, những hạn chế, khuyết điểm và nguyên nhân``: what was
    reviewed; but ``đề nghị ... phát huy ưu điểm, khắc phục hạn chế, tồn tại`` asks for something)."""
    rules = _rules()
    if len(seg.split()) <= 10 and rules["free"].search(seg.rstrip(" :.")) is not None:
        return True
    if rules["praise"].search(seg.rstrip(" :.")):
        return True   # "... ghi nhận và đánh giá cao những kết quả đạt được trong năm 2023": which results, it does not say
    if _DIGIT.search(seg):
        return False
    if rules["pointed_out"].search(seg.rstrip(" :.")):
        return True   # "Đoàn đã chỉ ra những hạn chế, tồn tại của các đơn vị": which ones, it does not say
    f = fold(seg)
    return len(set(rules["point_kinds"].findall(f))) >= POINT_KINDS and not rules["point_kinds_requests"].search(f)


def _trim(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and raw[s] in " \t,.;:-–…":
        s += 1
    while e > s and raw[e - 1] in " \t,;:-–….!?":
        e -= 1
    return s, e


def _stop_line(text: Text) -> int:
    """Where the findings end: ``Nơi nhận:`` or a related-articles list."""
    f = text.folded
    for ls, le in text.lines:
        line = f[ls:le].strip()
        if re.match(r"^(?:noi[ \t]+nhan|tin[ \t]+cung[ \t]+(?:chuyen[ \t]+)?muc|tin[ \t]+lien[ \t]+quan|cac[ \t]+tin[ \t]+khac"
                    r"|tin[ \t]+khac|bai[ \t]+viet[ \t]+lien[ \t]+quan|tin[ \t]+moi[ \t]+nhat|xem[ \t]+them)\b", line):
            return ls
    return len(text.raw)


def uncued(text: Text, s: int, e: int) -> str | None:
    """The kind of a point that no section, label or cue decides: a result stated as a plain action
    after ``Qua kiểm tra/giám sát (cho thấy),`` is a ``strength`` (annotation rules, findings); other
    points are left out. A statistical model may take this place (``scripts/train_findings.py``)."""
    ss = text.sentence_at(s)[0]
    if _RESULT_INTRO.match(text.folded, ss):
        return "strength"
    return None


# "Qua kiểm tra, ...", "Qua giám sát cho thấy ...", "Kết quả kiểm tra cho thấy ...": what follows is what was found
_RESULT_INTRO = re.compile(r"[ \t\-–•+]*(?:qua|thong[ \t]+qua|ket[ \t]+qua)[ \t]+(?:cong[ \t]+tac[ \t]+|buoi[ \t]+|dot[ \t]+|cuoc[ \t]+)?"
                           r"(?:kiem[ \t]+tra|giam[ \t]+sat|thanh[ \t]+tra|khao[ \t]+sat)"
                           r"(?:[ \t]*,[ \t]*(?:kiem[ \t]+tra|giam[ \t]+sat))?[^.;:]{0,60}?(?:,|cho[ \t]+thay|nhan[ \t]+thay)")


# the order a sentence opens by carrying out ("Thực hiện Chỉ thị số 45 ...,", "Căn cứ kết quả kiểm tra của Đoàn,")
_ORDER_OPENING = re.compile(r"[\s\-–•+]*(?:thực[ \t]+hiện|căn[ \t]+cứ|trên[ \t]+cơ[ \t]+sở)[ \t]", re.IGNORECASE)
_ORDER_LONGEST = 240   # characters the order may take before its comma


def _after_order(raw: str, s: int, e: int) -> int | None:
    """Where the main clause begins after the order a point opens with (``Thực hiện ..., ``): after the
    first comma followed by a capitalised subject whose clause states a point of some kind."""
    if not _ORDER_OPENING.match(raw, s, e):
        return None
    for m in _COMMA.finditer(raw, s, min(e, s + _ORDER_LONGEST)):
        rest = raw[m.end():e]
        if rest[:1].isupper() and len(rest.split()) >= MIN_WORDS and classify(rest) is not None \
                and not _rules()["preamble"].match(rest):
            return m.end()
    return None


def extract_findings(text: Text, skip: set[tuple[int, int]] | None = None, start_at: int = 0) -> list[Finding]:
    """Findings of ``text``; lines in ``skip`` (the title) and text before ``start_at`` (an official
    header) are left out."""
    raw = text.raw
    rules = _rules()
    out: list[Finding] = []
    stop = _stop_line(text)
    section: str | None = None     # kind of the current heading's section
    inherited: str | None = None   # kind passed on by an introduction ending with ':' or a label

    def add(kind: str, s: int, e: int) -> bool:
        """Keep the point unless it is too short, content-free or not a finding; says whether it was kept."""
        s, e = _trim(raw, s, e)
        seg = raw[s:e]
        if len(seg.split()) < MIN_WORDS or raw[e:e + 1] == "?":
            return False   # too short, or a question ("Cần duy trì các nguồn quỹ này như thế nào?")
        if text.cut_at(e):
            # cut by the stored page inside its last word: kept if what comes before states a point
            before = seg.rsplit(None, 1)[0].rstrip()
            if len(before.split()) <= MIN_WORDS + 1:
                return False
        if rules["preamble"].match(seg):
            main = _after_order(raw, s, e)
            # "Thực hiện Nghị quyết ..., Đảng ủy thị trấn Bố Hạ đã xây dựng ...": the order carried out, then
            # what the unit did
            return main is not None and add(kind, main, e)
        if rules["topic_label"].match(seg) and len(seg.split()) <= TOPIC_LABEL_WORDS and not _PREDICATE_WORD.search(seg):
            return False   # "Về tổ chức, cán bộ ủy ban kiểm tra", "Đối với các thôn": a topic named, nothing stated
        if (_content_free(seg) or rules["work"].search(seg)
                or rules["purpose"].search(seg) or rules["announcement"].search(seg)):
            return False
        out.append(Finding(kind=kind, text=seg[:MAX_POINT], span=(s, min(e, s + MAX_POINT))))
        return True

    for ls, le in text.lines:
        if ls >= stop:
            break
        if le <= start_at or (skip and (ls, le) in skip):
            continue
        line = raw[ls:le]
        if (rules["caption"].search(line) and len(line) < 300) or is_chrome(text, (ls, le)):
            continue
        if line.count("|") >= 2:
            continue   # a table row, a menu or a share bar: figures, not findings
        head = _heading(raw, ls, le)
        if head is not None:
            kind, _ = head
            if kind.startswith("intro:"):
                k = kind[6:]
                inherited = k if k in KINDS else None
                continue
            if kind != "keep":
                section = kind if kind in KINDS else ("none" if kind == "none" else None)
            inherited = None
            continue
        # an inline label: "Ưu điểm: ...", "2. Hạn chế: ...", "Yêu cầu: ..."
        lm = _LABEL.match(line)
        label = _label_kind(lm.group(2)) if lm else None
        if lm and section_kind(lm.group(2)) == "none":
            continue
        em = rules["enum"].match(line)
        if label:
            inherited = label
            body_start = ls + lm.end()
            if le - body_start > 0:
                _cut_line(text, body_start, le, label, add, fixed=True)
            continue
        fixed = section if section in KINDS else None
        if section == "none" and not inherited:
            continue
        if em and (inherited or fixed):
            kind = inherited or fixed
            s = ls + em.end()
            inner = classify(raw[s:le])
            if kind != "recommendation" and fixed is None and inner:
                kind = inner
            _cut_line(text, s, le, kind, add, fixed=True, split_parts=False)
            continue
        if not em:
            inherited = None
        if fixed:
            _cut_line(text, ls + (em.end() if em else 0), le, fixed, add, fixed=True)
            if line.rstrip().endswith(":"):
                inherited = fixed
            continue
        intro = _cut_line(text, ls + (em.end() if em else 0), le, None, add, fixed=False)
        if intro:
            inherited = intro
        elif line.rstrip().endswith(":") and inherited is None:
            inherited = classify(line)
    return out


def _cut_line(text: Text, ls: int, le: int, kind: str | None, add, *, fixed: bool,
              split_parts: bool = True) -> str | None:
    """Cut ``[ls, le)`` into points and add them. With ``fixed``, every point takes ``kind``;
    otherwise each takes its cue's kind. Returns the kind a final introduction passes on."""
    raw = text.raw
    rules = _rules()
    passed = None
    prev_kind = None
    first = text.sentence_at(ls)
    sentences = ([first] if first[1] > ls else []) + [sp for sp in text.sentences_in(ls + 1, le)]
    sentences = sentences or [(ls, le)]
    for ss, se in sentences:
        ss = max(ss, ls)
        if se <= ss:
            continue
        if rules["preamble"].match(raw[ss:se].lstrip()):
            main = _after_order(raw, ss, se)
            if main is None:
                continue
            ss = main   # "Thực hiện Nghị quyết ..., Đảng ủy ... đã xây dựng ...": the main clause states the point
        parts = _parts(raw, ss, se) if split_parts else [(ss, se)]
        topics = rules["topic_list"].search(text.folded, ss, parts[0][1] + 1) if split_parts else None
        if topics and classify(raw[ss:topics.start()]) != "recommendation":
            continue   # "Việc thanh tra tập trung vào các nội dung như ...; ...": what was checked, no finding (but
            # "đề nghị ... tập trung một số nội dung: thứ nhất, ...": what is asked)
        sent_kind = None
        kept_kind = None   # the kind of the sentence's last part kept as a finding
        intro_kind = None
        for ps, pe in parts:
            colon_end = raw[ps:pe].rstrip().endswith(":") or raw[pe:pe + 1] == ":"
            s, e = _trim(raw, ps, pe)
            seg = raw[s:e]
            if len(seg.split()) < MIN_WORDS and not (colon_end and _label_kind(seg)):
                if colon_end and _label_kind(seg):
                    intro_kind = _label_kind(seg)
                continue
            lk = _label_kind(seg) if colon_end else None
            if lk:
                intro_kind = lk
                passed = lk
                continue
            if fixed and kind:
                k = kind
            else:
                k = classify(seg)
                if k is None and rules["cont"].match(seg) and prev_kind:
                    k = prev_kind
                if k is None and intro_kind:
                    k = intro_kind
                if sent_kind == "recommendation" and k is not None:
                    k = sent_kind   # "đề nghị X ...; ...; ...": the request governs every part of its sentence
                if k is None and kept_kind and raw[ss:ps].rstrip().endswith(";") and not rules["no_kind_passed"].match(text.folded, s):
                    k = kept_kind   # "Tuy nhiên, ... còn thấp; thiếu ...": a part after ';' keeps the kind of the finding before it
                if k is None:
                    k = uncued(text, s, e)
            if k is None:
                continue
            if not rules["directive"].match(seg):
                sent_kind = sent_kind or k   # a directive's request governs its own part only
            if (colon_end and rules["free"].search(seg.rstrip(" :"))) or _content_free(seg) \
                    or (colon_end and _INTRO_END.search(seg.rstrip(" :"))):
                if colon_end:
                    intro_kind = k
                    passed = k
                continue
            if colon_end:
                intro_kind = k
                if pe >= le - 1:
                    passed = k
            if add(k, s, e):
                # what was checked, listed on after ';', is no finding ("Đoàn giám sát việc A còn tồn tại; công tác B; ...")
                kept_kind = None if rules["checked"].search(text.folded, s, e) else k
        prev_kind = sent_kind or prev_kind
    return passed
