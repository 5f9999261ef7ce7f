"""Items named before "lần lượt" (respectively) that take the numbers after it.

"Tỷ lệ hồ sơ được số hóa đầu vào, đầu ra lần lượt là 98,6% và 100%" says two
figures: the first item names the first number, the second the second; a short
item borrows the head of the first ("... số hóa" + "đầu ra"). Items in
parentheses share the words before them: "Tỷ lệ DVCTT phát sinh hồ sơ (chung,
một phần, toàn trình) lần lượt đạt 10,6%; 11,7% và 9,7%".

>>> from extractor.numbers import find_quantities
>>> t = "tỷ lệ hồ sơ được số hóa đầu vào, đầu ra lần lượt là 98,6% và 100%"
>>> sorted(respective_labels(t, find_quantities(t)).values())
['tỷ lệ hồ sơ được số hóa đầu ra', 'tỷ lệ hồ sơ được số hóa đầu vào']
>>> t = "tỷ lệ dvctt phát sinh hồ sơ (chung, một phần, toàn trình) lần lượt đạt 10,6%; 11,7% và 9,7%"
>>> [v for _, v in sorted(respective_labels(t, find_quantities(t)).items())]
['tỷ lệ dvctt phát sinh hồ sơ chung', 'tỷ lệ dvctt phát sinh hồ sơ một phần', 'tỷ lệ dvctt phát sinh hồ sơ toàn trình']
>>> t = "tỷ lệ hồ sơ số hóa đầu vào, đầu ra, đầu vào và đầu ra lần lượt là 98,6%, 100%, 98,6%"
>>> [v for _, v in sorted(respective_labels(t, find_quantities(t)).items())][2]
'tỷ lệ hồ sơ số hóa đầu vào và đầu ra'
>>> respective_labels("tiếp nhận 10 hồ sơ, giải quyết 9 hồ sơ", ())
{}
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .patterns import alternation
from .phrase_words import load_phrase_words


@lru_cache(maxsize=1)
def _markers() -> tuple[regex.Pattern, regex.Pattern]:
    words = load_phrase_words()
    marker = regex.compile(rf"(?<!\w)(?:{alternation(words.respectively)})(?:\s+(?:{alternation(words.respectively_verbs)}))?(?!\w)\s*:?")
    return marker, regex.compile(r"^(?:\s*[\p{L}²%]+){0,3}?\s*[,;]?\s*(?:và\s+)?$")


def respective_labels(ftext: str, quantities, runs=None) -> dict[int, str]:
    """{index in ``quantities``: the words that name it} for the numbers after "lần lượt"
    (``runs``: ``respective_runs`` when the caller has them already)."""
    out: dict[int, str] = {}
    for start, run in respective_runs(ftext, quantities) if runs is None else runs:
        labels = _items(ftext[:start], len(run))
        if labels:
            out.update(zip(run, labels))
    return out


def respective_runs(ftext: str, quantities) -> list[tuple[int, list[int]]]:
    """(where "lần lượt" starts, the indexes of the numbers right after it, in a list)."""
    marker, between = _markers()
    out = []
    for m in marker.finditer(ftext):
        after = [i for i, q in enumerate(quantities) if q.start >= m.end() and q.role != "denominator"]
        if not after or not regex.fullmatch(r"\s*", ftext[m.end():quantities[after[0]].start]):
            continue
        run = [after[0]]
        for i in after[1:]:
            prev = quantities[run[-1]]
            if not between.match(ftext[prev.end:quantities[i].start]):
                break
            run.append(i)
        out.append((m.start(), run))
    return out


_JOINED = regex.compile(r"(?<!\w)và(?!\w)|,")  # between two periods of one list, with no number of its own


def _number_between(quantities, start: int, end: int) -> bool:
    return any(start <= q.start < end for q in quantities)


def respective_periods(ftext: str, quantities, periods, runs=None) -> dict[int, tuple[str | None, str | None]]:
    """{index in ``quantities``: its period} for the numbers after "lần lượt" when as many
    periods, listed side by side ("... và ..."), stand before it in its clause: the first
    number is of the first period.

    >>> from extractor.numbers import find_quantities
    >>> from extractor.periods import find_periods
    >>> t = "số văn bản ban hành trong 6 tháng cuối năm 2025 và 5 tháng đầu năm 2026 lần lượt là 2.410 và 1.377 văn bản"
    >>> sorted(respective_periods(t, find_quantities(t), find_periods(t)).items())
    [(0, ('2025-07-01', '2025-12-31')), (1, ('2026-01-01', '2026-05-31'))]
    >>> t = "6 tháng cuối năm 2025 (từ 01/7 đến 31/12/2025) và 5 tháng đầu năm 2026 (từ 01/01 đến 31/5/2026) lần lượt là 1.844 và 2.066"
    >>> [p[0] for _, p in sorted(respective_periods(t, find_quantities(t), find_periods(t)).items())]
    ['2025-07-01', '2026-01-01']
    >>> t = "năm 2025 tiếp nhận 900 hồ sơ; từ 01/01/2026 đến 30/4/2026, tỷ lệ đầu vào, đầu ra lần lượt là 98% và 99%"
    >>> respective_periods(t, find_quantities(t), find_periods(t))
    {}
    """
    out: dict[int, tuple[str | None, str | None]] = {}
    for start, run in respective_runs(ftext, quantities) if runs is None else runs:
        clause = max(ftext.rfind(";", 0, start), ftext.rfind(":", 0, start), ftext.rfind(". ", 0, start)) + 1
        listed = [p for p in periods if clause <= p[2] and p[3] <= start]
        if len(run) < 2 or len(listed) < len(run):
            continue
        listed = listed[-len(run):]
        if len({p[:2] for p in listed}) < len(run) or not all(
                _JOINED.search(ftext, a[3], b[2]) and not _number_between(quantities, a[3], b[2])
                for a, b in zip(listed, listed[1:])) or _number_between(quantities, listed[-1][3], start):
            continue
        out.update(zip(run, (p[:2] for p in listed)))
    return out


def _items(before: str, n: int) -> list[str] | None:
    clause = before[max(before.rfind(";"), before.rfind(":"), before.rfind(". ")) + 1:].strip()
    if n < 2 or not clause:
        return None
    paired = _paired(clause) if n == 2 else None
    if paired:
        return paired
    paren = regex.search(r"^(?P<head>.*?)\((?P<items>[^()]*)\)\s*$", clause)
    if paren:
        items = _split(paren.group("items"))
        if len(items) == n:
            head = paren.group("head").strip()
            return [f"{head} {it}" for it in items]
    items = [p.strip() for p in clause.split(",") if p.strip()]  # "đầu vào, đầu ra, đầu vào và đầu ra"
    if len(items) != n:
        items = _split(clause)
    if len(items) < n:
        return None
    items = [" ".join(items[: len(items) - n + 1])] + items[len(items) - n + 1:]
    first = items[0].split()
    second = items[1].split()
    head = first[: len(first) - len(second)] if len(second) < len(first) else []  # "tỷ lệ hồ sơ được số hóa"
    out = [items[0]]
    for it in items[1:]:
        words = it.split()
        out.append(" ".join(head + words) if head and len(words) < len(first) else it)
    return out


def _paired(clause: str) -> list[str] | None:
    """Two items made of a pair of words (``tables.yaml`` ``paired_words``) around "và", the
    words before and after shared: "biên chế cán bộ, công chức trước và sau sắp xếp" is
    "... trước sắp xếp" and "... sau sắp xếp" (the comma is no item's end).

    >>> _paired("biên chế cán bộ, công chức trước và sau sắp xếp")
    ['biên chế cán bộ, công chức trước sắp xếp', 'biên chế cán bộ, công chức sau sắp xếp']
    """
    from .table_words import load_table_words

    for a, b in load_table_words().paired_words:
        m = regex.search(rf"(?<!\w){regex.escape(a)}\s+và\s+{regex.escape(b)}(?!\w)", clause)
        if m:
            head, tail = clause[:m.start()].strip(), clause[m.end():].strip()
            return [" ".join(f"{head} {w} {tail}".split()) for w in (a, b)]
    return None


def _split(text: str) -> list[str]:
    return [p.strip() for p in regex.split(r",|(?<!\w)và(?!\w)", text) if p.strip()]
