"""Candidate terms: spans of Chinese text that look like names or terms and are not in the glossary.

A curator's tool (``gdterms candidates FILE...``, ``guangdong_terms.candidate_terms``). Five
kinds of span are proposed, each by a rule stated here and nowhere else:

* ``quoted``: every span inside “…” (also 「…」 and 『…』);
* ``title``: every span inside 《…》;
* ``suffix``: every span that ends in a name-forming word (``SUFFIXES``). It starts after
  the nearest of: punctuation, a function word (``STOP_WORDS``: 的, 和, 在 ...; 建设, 推动,
  进一步 ... as longer words), a count with its measure word (10个, 首批, 第二批, 三届); a
  quoted part just before the suffix or inside the name belongs to it (“梦想”号). The span is
  dropped if nothing but the suffix is left, if the suffix runs on into a longer word or
  phrase (``NOT_SUFFIX_BEFORE``: 中心城区 is not a 中心; 实验室体系 is not a 实验室), or if no
  boundary is found within ``MAX_SPAN`` characters (a span cut in mid-word names nothing);
* ``designation``: Latin abbreviations and numbered designations: a run of Latin letters and
  digits with at least two capitals or a letter next to a digit (ESI, C919, 910C); a Chinese
  name before 二号 ... or a Roman numeral (天宫二号, 鹏城云脑Ⅲ);
* ``repeated``: runs of ``NGRAM_MIN`` to ``NGRAM_MAX`` Chinese characters that occur at least
  ``NGRAM_COUNT`` times across the texts, counting only occurrences that overlap no glossary
  term, holding no one-character function word, and not part of a longer run occurring as
  often.

A span is *in the glossary* where a term form recognised by ``Glossary.find_terms`` (every
spelling, overlapping matches) covers it; such occurrences are not counted, and a span with
no other occurrence is not a candidate; a suffixed span whose end is the end of a glossary
term is that term with context before it, and is dropped too. Candidates are ranked by count,
then length; each has a category guessed from its suffix or kind, and one context: the
sentence of its first occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..core.glossary import Glossary

__all__ = ["DECISIONS_FILE", "SUFFIXES", "Candidate", "candidate_terms", "find_candidates",
           "read_decisions"]

#: Name-forming words and the category a span ending in them probably has. Where one ends
#: another (示范区, 合作区 ...), the longest is tried first.
SUFFIXES: dict[str, str] = {
    "计划": "programme", "工程": "programme", "行动": "programme",
    "条例": "programme", "规划": "programme",
    "实验室": "institution", "研究院": "institution", "研究所": "institution",
    "大学": "institution", "学院": "institution",
    "中心": "platform", "平台": "platform", "基地": "platform",
    "装置": "facility", "设施": "facility", "实验站": "facility", "号": "facility",
    "园区": "zone", "示范区": "zone", "合作区": "zone", "科学城": "zone", "走廊": "zone",
    "大会": "event", "大赛": "event", "论坛": "event",
    "指数": "indicator", "强度": "indicator",
}
#: Characters after a suffix that make it part of a longer ordinary word.
NOT_SUFFIX_BEFORE: dict[str, str] = {"中心": "城区", "号": "召称", "计划": "单", "大学": "生",
                                     "工程": "师硕", "平台": "化式"}
#: Words after any suffix that continue the phrase (实验室体系 is not a laboratory's name).
NOT_SUFFIX_BEFORE_WORDS = ("集群", "体系")
#: Words a name does not start after. One-character function words, then longer verbs.
STOP_WORDS: tuple[str, ...] = (
    "的", "和", "与", "及", "在", "是", "为", "了", "将", "等", "把", "被", "并", "或", "让",
    "建设", "打造", "推进", "推动", "实施", "启动", "支持", "加快", "布局", "依托", "获批", "成立",
    "落地", "建成", "组建", "围绕", "包括", "形成", "成为", "开展", "发布", "举办", "设立", "入选",
    "聚焦", "携手", "共建", "牵头", "参与", "通过", "全面", "深入", "积极", "持续", "扎实",
    "进一步", "强化", "做强", "建好用好", "建强建优", "提升", "坚持", "争取", "优化", "深化",
    "加强", "面向", "研制", "发挥", "绘就", "现有", "出台", "新建", "各类", "更多", "上述", "赋予",
    "帮助", "融入", "构筑", "落实", "办好",
)
MAX_SPAN = 16
NGRAM_MIN, NGRAM_MAX, NGRAM_COUNT = 4, 24, 3
#: Category guessed for spans that carry no suffix.
KIND_CATEGORY = {"title": "programme", "designation": "product"}

_HAN = r"\u3400-\u9fff"
_QUOTED = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|『([^『』\n]{1,40})』")
_TITLE = re.compile(r"《([^《》\n]{1,60})》")
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9+\-.]*[A-Za-z0-9+]|(?<![A-Za-z0-9])[A-Z]"
                    r"(?![A-Za-z0-9])")
_NUMBERED = re.compile(rf"(?<=[{_HAN}])(?:[一二三四五六七八九十]+号|[Ⅰ-Ⅻ]+)")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
_COUNTED = re.compile(r"(?:[0-9]+ ?|[一二三四五六七八九十首第]+)[个项家座批所条类次名位届]")
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class Candidate:
    """A span that looks like a term, with how often it occurs outside glossary terms."""

    text: str
    count: int
    category: str
    kinds: tuple[str, ...]
    source: str
    line: int
    context: str

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record."""
        return {"text": self.text, "count": self.count, "category": self.category,
                "kinds": list(self.kinds), "source": self.source, "line": self.line,
                "context": self.context}


def _suffix_spans(line: str) -> Iterable[tuple[int, int, str]]:
    suffixes = sorted(SUFFIXES, key=len, reverse=True)
    for end_at in range(1, len(line) + 1):
        for suffix in suffixes:
            start_of_suffix = end_at - len(suffix)
            if start_of_suffix < 0 or line[start_of_suffix:end_at] != suffix:
                continue
            if line[end_at:end_at + 1] and line[end_at] in NOT_SUFFIX_BEFORE.get(suffix, ""):
                break
            if line.startswith(NOT_SUFFIX_BEFORE_WORDS, end_at):
                break
            start = _left_boundary(line, start_of_suffix)
            if start < start_of_suffix:
                yield start, end_at, suffix
            break


def _left_boundary(line: str, before: int) -> int:
    """Where a name ending just after *before* starts (the rule in the module docstring), or
    *before* if no boundary is found within ``MAX_SPAN`` characters."""
    start = before
    limit = max(0, before - MAX_SPAN)
    while True:
        if start == limit:
            if start > 0:
                return before  # no boundary near enough: not a name we can delimit
            break
        char = line[start - 1]
        if char == "”":  # a quoted part belongs to the name: “梦想”号, “人工智能+”行动
            opening = line.rfind("“", limit, start - 1)
            if opening < 0 or "”" in line[opening:start - 1]:
                break
            start = opening
            continue
        if not re.match(rf"[{_HAN}A-Za-z0-9Ⅰ-Ⅻ+\-]", char):
            break
        if any(line[:start].endswith(word) for word in STOP_WORDS):
            break
        start -= 1
    # 10个, 28 个, 首批, 第二批, 三届: the count may stand just before the boundary found
    counted = [match for match in _COUNTED.finditer(line, max(0, start - 6), before)
               if match.end() > start]
    if counted:
        start = counted[-1].end()
    return start


def _spans(line: str) -> Iterable[tuple[int, int, str, str]]:
    """(start, end, kind, category) of every candidate span in one line.

    A quoted span inside a suffixed one (星河 in “星河”计划) is not proposed on its own.
    """
    named = list(_suffix_spans(line))
    for match in _QUOTED.finditer(line):
        group = next(index for index in (1, 2, 3) if match.group(index) is not None)
        if not any(start <= match.start() and match.end() <= end for start, end, _ in named):
            yield match.start(group), match.end(group), "quoted", "unknown"
    for match in _TITLE.finditer(line):
        yield match.start(1), match.end(1), "title", KIND_CATEGORY["title"]
    for start, end, suffix in named:
        yield start, end, "suffix", SUFFIXES[suffix]
    for match in _LATIN.finditer(line):
        token = match.group()
        capitals = sum(char.isupper() for char in token)
        mixed = re.search(r"[A-Za-z][0-9]|[0-9][A-Za-z]", token) is not None
        if capitals >= 2 or mixed:
            yield match.start(), match.end(), "designation", KIND_CATEGORY["designation"]
    for match in _NUMBERED.finditer(line):  # the name before it, bounded as a suffix's
        start = _left_boundary(line, match.start())
        if start < match.start():
            yield start, match.end(), "designation", "facility"


def _sentence(line: str, start: int, end: int) -> str:
    left = max((line.rfind(mark, 0, start) for mark in _SENTENCE_END), default=-1) + 1
    rights = [at for at in (line.find(mark, end) for mark in _SENTENCE_END) if at >= 0]
    right = min(rights) + 1 if rights else len(line)
    return line[left:right].strip()


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_candidates(texts: Mapping[str, str], glossary: Glossary | None = None) -> list[Candidate]:
    """Candidate terms in *texts* (source name -> text), ranked by count, then length.

    *glossary* defaults to the shipped glossary; its terms' occurrences are not candidates.
    """
    if glossary is None:
        from ..core.glossary import Glossary

        glossary = Glossary.load()
    found: dict[str, _Tally] = {}
    stop_chars = {word for word in STOP_WORDS if len(word) == 1}
    runs: dict[str, list[tuple[str, int, str, int]]] = {}
    for source, text in texts.items():
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            covered = [(hit.start, hit.end) for hit in glossary.find_terms(line, overlapping=True)]
            for start, end, kind, category in _spans(line):
                span = line[start:end].strip()
                if len(span) < 2 or _covered(covered, start, end):
                    continue
                if kind == "suffix" and any(e == end for _, e in covered):
                    continue  # the name is a glossary term; what precedes it is context
                tally = found.get(span)
                if tally is None:
                    tally = found[span] = _Tally(category, source, number,
                                                 _sentence(line, start, end))
                tally.places.add((source, number, start))
                if kind not in tally.kinds:
                    tally.kinds.append(kind)
                if tally.category == "unknown":
                    tally.category = category
            for match in _HAN_RUN.finditer(line):
                for size in range(NGRAM_MIN, min(NGRAM_MAX, len(match.group())) + 1):
                    for at in range(match.start(), match.end() - size + 1):
                        gram = line[at:at + size]
                        if any(char in stop_chars for char in gram):
                            continue
                        if any(s < at + size and at < e for s, e in covered):
                            continue
                        runs.setdefault(gram, []).append((source, number, line, at))
    frequent = {gram: places for gram, places in runs.items() if len(places) >= NGRAM_COUNT}
    for gram, places in frequent.items():
        if any(len(frequent.get(longer, ())) >= len(places)
               for longer in _extensions(gram, places)):
            continue  # part of a longer run that occurs as often
        source, number, line, at = places[0]
        tally = found.get(gram)
        if tally is None:
            tally = found[gram] = _Tally("unknown", source, number,
                                         _sentence(line, at, at + len(gram)))
        tally.places.update((source, number, at) for source, number, _, at in places)
        tally.kinds.append("repeated")
    candidates = [Candidate(text, len(tally.places), tally.category, tuple(tally.kinds),
                            tally.source, tally.line, tally.context)
                  for text, tally in found.items()]
    return sorted(candidates, key=lambda c: (-c.count, -len(c.text), c.text))


class _Tally:
    """A candidate being counted: where it occurs (source, line, offset), first place first."""

    def __init__(self, category: str, source: str, line: int, context: str) -> None:
        self.category, self.source, self.line, self.context = category, source, line, context
        self.kinds: list[str] = []
        self.places: set[tuple[str, int, int]] = set()


def _extensions(gram: str, places: list[tuple[str, int, str, int]]) -> set[str]:
    longer = set()
    for _, _, line, at in places:
        if at > 0:
            longer.add(line[at - 1:at + len(gram)])
        if at + len(gram) < len(line):
            longer.add(line[at:at + len(gram) + 1])
    return longer


def candidate_terms(text: str | Mapping[str, str],
                    glossary: Glossary | None = None) -> list[Candidate]:
    """Spans of Chinese *text* that look like names or terms and are not in the glossary.

    *text* is one text, or several keyed by name (n-grams are counted across them).

    >>> [c.text for c in candidate_terms("广东启动“星河”计划，建设湾区量子实验室。")][:2]
    ['湾区量子实验室', '“星河”计划']
    """
    texts = {"<text>": text} if isinstance(text, str) else text
    return find_candidates(texts, glossary)


#: The curators' decisions on candidates that are not terms, beside the seeds they are about.
DECISIONS_FILE = "not-terms.toml"


def read_decisions(seeds_dir: str) -> tuple[dict[str, tuple[str, int]], list[tuple[int, str]]]:
    """The recorded not-terms of *seeds_dir*: text -> (reason, line), and (line, problem)s.

    The file holds ``[[candidate]]`` tables of ``text`` and ``reason`` (both required).
    A missing file records nothing.
    """
    import os
    import tomllib

    path = os.path.join(seeds_dir, DECISIONS_FILE)
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except FileNotFoundError:
        return {}, []
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        return {}, [(0, str(error))]
    lines = [number for number, line in enumerate(source.split("\n"), start=1)
             if line.strip() == "[[candidate]]"]
    decisions: dict[str, tuple[str, int]] = {}
    problems: list[tuple[int, str]] = []
    unknown = set(document) - {"candidate"}
    if unknown:
        problems.append((0, f"unknown table(s) {', '.join(sorted(unknown))}; only [[candidate]]"))
    for index, record in enumerate(document.get("candidate", [])):
        line = lines[index] if index < len(lines) else 0
        text, reason = record.get("text"), record.get("reason")
        if not isinstance(text, str) or not text.strip():
            problems.append((line, "a candidate needs its text"))
            continue
        if not isinstance(reason, str) or not reason.strip():
            problems.append((line, f"{text}: a reason is required"))
        extra = set(record) - {"text", "reason"}
        if extra:
            problems.append((line, f"{text}: unknown field(s) {', '.join(sorted(extra))}"))
        if text in decisions:
            problems.append((line, f"{text}: decided twice (first at line {decisions[text][1]})"))
            continue
        decisions[text] = (str(reason), line)
    return decisions, problems
