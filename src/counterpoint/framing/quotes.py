"""Quoted stretches of a text, and what each one is: a scare quote, a quotation, a title or a name.

Pairing (``quoted_stretches``) reads the quote marks alone, one paragraph at a time (a blank line ends
a paragraph, so no pair crosses one). Marks come in families that pair with each other: double
(``"`` “ ” „ ‟), single (``'`` ‘ ’ ‚ ‛), guillemets (« » and the reversed » «), single guillemets
(‹ ›) and the CJK corner brackets (「」, 『』). Mixed marks of one family pair ("“liberation\""), marks
of different families nest. Whether a double or single mark opens or closes is read from its
neighbours, much as CommonMark's flanking rules do: a mark before a word opens, a mark after one
closes. Apostrophes are no marks: inside a word (don't, Korea's), an elision ('90s, 'em), or a
trailing "s'" (Workers' Party), which closes an open single quote only when nothing later does. A
closing mark closes the nearest open mark of its family; stray openers nested inside are dropped.
The scan touches each mark once and searches at most ``MAX_NESTING`` open marks, so it is linear in
the length of the text.

Classification (``find_quotes``), in this order:

1. an opener left open at the end of its paragraph makes an ``unclosed`` stretch to the end of that
   paragraph (multi-paragraph quotations are written so); it is never a scare quote;
2. a short stretch right after a distancing word ("so-called", "alleged", "what it called") is a
   ``scare`` quote, with high confidence;
3. a stretch right after a title word ("newspaper", "operation", "titled", "called") is a ``title``;
   after "dubbed" or "nicknamed" it is a ``name``;
4. a stretch with a speaker cue (a speech verb a few words before or after it, "according to", or a
   colon just before it) is a ``quotation``;
5. a long stretch (more than ``SCARE_MAX_WORDS`` words) or one with sentence punctuation is a
   ``quotation``, or a ``title`` when it is in Title Case;
6. a mostly capitalised short stretch is a ``name`` (up to ``NAME_MAX_WORDS`` words) or a ``title``;
7. what is left, a short mostly lower-case stretch in running text, is a ``scare`` quote.

Limits: the word lists and the letter-case tests are English; a stretch in a caseless script (CJK)
is never a scare quote or a name. A label is a claim about wording: a scare quote inside reported
speech ("they called it 'liberation', he said") reads as a quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from counterpoint.extract.lexicon import DISTANCING_WORDS, SPEECH_VERBS

QuoteClass = Literal["scare", "quotation", "title", "name", "unclosed"]
_Role = Literal["open", "close"]

# -- pairing ----------------------------------------------------------------------------------------------

_DOUBLE: Final = '"\u201c\u201d\u201e\u201f'  # " “ ” „ ‟
_SINGLE: Final = "'\u2018\u2019\u201a\u201b"  # ' ‘ ’ ‚ ‛
_GUILLEMETS: Final = "\u00ab\u00bb"  # « »
_SINGLE_GUILLEMETS: Final = "\u2039\u203a"  # ‹ ›
_CORNERS: Final = "\u300c\u300d"  # 「 」
_WHITE_CORNERS: Final = "\u300e\u300f"  # 『 』

#: Mark -> its family; marks of one family pair with each other.
_FAMILY: Final[dict[str, str]] = {
    **{m: "double" for m in _DOUBLE}, **{m: "single" for m in _SINGLE},
    **{m: "guillemet" for m in _GUILLEMETS}, **{m: "single-guillemet" for m in _SINGLE_GUILLEMETS},
    **{m: "corner" for m in _CORNERS}, **{m: "white-corner" for m in _WHITE_CORNERS},
}
#: Double and single marks whose shape says "opening" or "closing"; the others (straight marks) say neither.
_OPEN_SHAPED: Final = frozenset("\u201c\u201e\u201f\u2018\u201a\u201b")
_CLOSE_SHAPED: Final = frozenset("\u201d\u2019")
#: Guillemets close with their mirror image («…» and »…«).
_MIRROR: Final[dict[str, str]] = {"«": "»", "»": "«", "‹": "›", "›": "‹"}
#: CJK corner brackets: opener -> closer.
_CORNER_PAIRS: Final[dict[str, str]] = {"「": "」", "『": "』"}
#: How many open marks, from the innermost, a closing mark looks through for its partner.
MAX_NESTING: Final = 8
#: Words written with a leading apostrophe ('em, 'tis); decades ('90s) are found by their digits.
_ELISIONS: Final = ("em", "tis", "twas", "til", "cause", "n")
#: Digits after an apostrophe that make a decade or a year ('90s, '22).
_ELIDED_DIGITS: Final = 2

_MARK_RE: Final = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
_PARAGRAPH_BREAK: Final = re.compile(r"\n[^\S\n]*\n")


@dataclass(slots=True)
class _Open:
    """An opening mark waiting for its partner (scan state, local to one call)."""

    pos: int
    mark: str
    family: str
    weak: int = -1  # a trailing "s'" that may close it, used only when nothing later does


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every paired quoted stretch (marks included), sorted; pairs stay within a paragraph."""
    return _pair(text)[0]


def _pair(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Paired stretches, and unclosed ones (from an opener left open to the end of its paragraph)."""
    pairs: list[tuple[int, int]] = []
    unclosed: list[tuple[int, int]] = []
    para_ends = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    para = 0
    stack: list[_Open] = []
    for m in _MARK_RE.finditer(text):
        i = m.start()
        while i >= para_ends[para]:
            _end_paragraph(text, stack, para_ends[para], pairs, unclosed)
            para += 1
        _step(text, i, stack, pairs)
    _end_paragraph(text, stack, para_ends[para], pairs, unclosed)
    pairs.sort()
    return pairs, unclosed


def _end_paragraph(text: str, stack: list[_Open], para_end: int, pairs: list[tuple[int, int]],
                   unclosed: list[tuple[int, int]]) -> None:
    """Settle what is still open: tentative closes are taken, the outermost true opener runs to the end."""
    first_open: _Open | None = None
    for o in stack:
        if o.weak >= 0:
            pairs.append((o.pos, o.weak + 1))
        elif first_open is None:
            first_open = o
    stack.clear()
    if first_open is not None:
        end = para_end
        while end > first_open.pos + 1 and text[end - 1].isspace():
            end -= 1
        unclosed.append((first_open.pos, end))


def _is_apostrophe(text: str, i: int) -> bool:
    """A single mark inside a word (don't, Korea's) or before an elided word ('90s, 'em)."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isalnum() and nxt.isalnum():
        return True
    if prev.isalnum():
        return False
    digits = text[i + 1:i + 1 + _ELIDED_DIGITS]
    after_digits = text[i + 1 + _ELIDED_DIGITS:i + 2 + _ELIDED_DIGITS]
    if len(digits) == _ELIDED_DIGITS and digits.isdigit() and not after_digits.isdigit():
        return True
    for word in _ELISIONS:
        tail = text[i + 1 + len(word):i + 2 + len(word)]
        if text[i + 1:i + 1 + len(word)].lower() == word and not tail.isalnum():
            return True
    return False


def _find_open(stack: list[_Open], family: str, mark: str) -> int:
    """Index of the innermost open mark (within ``MAX_NESTING``) that ``mark`` can close, or -1."""
    for k in range(len(stack) - 1, max(len(stack) - MAX_NESTING, 0) - 1, -1):
        o = stack[k]
        if o.family != family:
            continue
        if family in ("guillemet", "single-guillemet") and _MIRROR[o.mark] != mark:
            continue
        if family in ("corner", "white-corner") and _CORNER_PAIRS.get(o.mark) != mark:
            continue
        return k
    return -1


def _close(stack: list[_Open], k: int, end: int, pairs: list[tuple[int, int]]) -> None:
    """Pair ``stack[k]`` with the mark at ``end``; openers nested inside close at their tentative mark or drop."""
    for inner in stack[k + 1:]:
        if inner.weak >= 0:
            pairs.append((inner.pos, inner.weak + 1))
    pairs.append((stack[k].pos, end + 1))
    del stack[k:]


def _settle_weak(stack: list[_Open], family: str, pairs: list[tuple[int, int]]) -> None:
    """A new single opener: an earlier open single mark with a tentative close ("the 'heroes' and the
    'war'") closes there, since marks of one family do not nest directly."""
    k = _find_open(stack, family, "'")
    if k < 0 or stack[k].weak < 0:
        return
    weak = stack[k].weak
    pairs.append((stack[k].pos, weak + 1))
    stack[k:] = [o for o in stack[k + 1:] if o.pos > weak]


def _role(mark: str, prev: str, nxt: str, has_partner: bool) -> _Role | None:
    """Whether a double or single mark opens or closes, from its neighbours and its shape."""
    can_open = nxt != "" and not nxt.isspace() and not prev.isalnum()
    can_close = prev != "" and not prev.isspace() and not nxt.isalnum()
    if can_open and can_close:  # between punctuation: '("' or '."—'
        if has_partner and mark not in _OPEN_SHAPED:
            return "close"
        return "open" if mark not in _CLOSE_SHAPED else None
    if can_close:
        return "close" if has_partner else None
    if can_open:
        return "open"
    if prev.isalnum() and nxt.isalnum():  # glued on both sides: word"word
        return "close" if has_partner else "open"
    return None  # a mark standing alone between spaces


def _step(text: str, i: int, stack: list[_Open], pairs: list[tuple[int, int]]) -> None:
    """Read the mark at ``i``: open, close, or skip it."""
    mark = text[i]
    family = _FAMILY[mark]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if family in ("corner", "white-corner"):
        if mark in _CORNER_PAIRS:
            stack.append(_Open(i, mark, family))
        elif (k := _find_open(stack, family, mark)) >= 0:
            _close(stack, k, i, pairs)
        return
    if family in ("guillemet", "single-guillemet"):
        # « opens even before a space (French « paix »); » opens only glued to a word (reversed »Text«)
        opens = nxt != "" and (mark in "«‹" or (not nxt.isspace() and not prev.isalnum()))
        if (k := _find_open(stack, family, mark)) >= 0:
            _close(stack, k, i, pairs)
        elif opens:
            stack.append(_Open(i, mark, family))
        return
    if family == "single" and _is_apostrophe(text, i):
        return
    k = _find_open(stack, family, mark)
    role = _role(mark, prev, nxt, k >= 0)
    if role == "open":
        if family == "single":
            _settle_weak(stack, family, pairs)
        stack.append(_Open(i, mark, family))
    elif role == "close":
        if family == "single" and prev in "sS" and nxt.isspace():  # "soldiers' lives": maybe an apostrophe
            if stack[k].weak < 0:
                stack[k].weak = i
            return
        _close(stack, k, i, pairs)


# -- classification ---------------------------------------------------------------------------------------

#: A stretch of at most this many words can be a scare quote; a longer one is a quotation or a title.
SCARE_MAX_WORDS: Final = 4
#: A capitalised stretch of at most this many words is a name; a longer one is a title.
NAME_MAX_WORDS: Final = 3
#: How many words before or after a stretch a speech cue may stand.
CUE_WINDOW_WORDS: Final = 3
#: After a stretch, a speech verb this close needs no comma between ('"No" he said').
CUE_CLOSE_WORDS: Final = 2
#: Characters of context read on each side of a stretch.
CONTEXT_CHARS: Final = 120
#: Characters of a stretch read to classify it (a title or a name is never longer).
MAX_ANALYSED_CHARS: Final = 400
#: More than this share of capitalised words makes a stretch a name or a title.
CAPITALISED_SHARE: Final = 0.5

CONFIDENCE_QUOTATION_CUE: Final = 0.9
CONFIDENCE_QUOTATION_LONG: Final = 0.7
CONFIDENCE_TITLE_CUE: Final = 0.9
CONFIDENCE_TITLE_CASE: Final = 0.6
CONFIDENCE_NAME: Final = 0.6
CONFIDENCE_NAME_CUE: Final = 0.8
CONFIDENCE_SCARE: Final = 0.6
#: A scare quote inside a noun phrase ("their 'combat exploits'").
CONFIDENCE_SCARE_NOUN_PHRASE: Final = 0.7
#: A scare quote opening a sentence ('"Peace talks" began'): more often a plain quotation.
CONFIDENCE_SCARE_SENTENCE_START: Final = 0.5
#: A scare quote after "so-called", "alleged", "what it called".
CONFIDENCE_SCARE_DISTANCED: Final = 0.9
CONFIDENCE_UNCLOSED: Final = 0.5
#: A stretch in a caseless script with no cue: a quotation, hardly told apart from a title.
CONFIDENCE_CASELESS: Final = 0.4

#: Speech lemmas of the extract lexicon that do not introduce a quotation ("show", "believe").
_NOT_QUOTING: Final = frozenset({"point", "show", "prove", "determine", "believe", "think", "indicate", "suggest",
                                 "expose", "recall"})
#: Irregular forms of speech verbs.
_IRREGULAR: Final[dict[str, tuple[str, ...]]] = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "admit": ("admitted", "admitting"),
}
#: Verbs that introduce a quotation without being cues of attribution in the extract lexicon.
_EXTRA_SPEECH: Final = frozenset({"replied", "replies", "warned", "warns", "asked", "asks", "urged", "urges",
                                  "vowed", "vows", "shouted", "quipped", "according"})
#: Listeners named after "told" that belong to the cue ("told reporters").
_AUDIENCE: Final = frozenset({"reporters", "journalists", "correspondents", "media", "press", "lawmakers",
                              "parliament", "delegates", "listeners"})
#: Words right before a stretch that make it the name of a work, an operation or a slogan.
TITLE_WORDS: Final = frozenset({
    "newspaper", "daily", "weekly", "magazine", "journal", "book", "novel", "memoir", "film", "movie",
    "documentary", "series", "song", "anthem", "album", "poem", "opera", "programme", "program", "operation",
    "exercise", "exercises", "drill", "drills", "slogan", "motto", "campaign", "doctrine", "project", "titled",
    "entitled", "called", "named", "codenamed", "code-named",
})
#: Words right before a stretch that make it a nickname.
NAME_WORDS: Final = frozenset({"dubbed", "nicknamed", "alias", "aka"})
#: Words right before a stretch that make it part of a noun phrase, not something said.
NOUN_PHRASE_OPENERS: Final = frozenset({
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "your", "my", "of", "for",
    "in", "on", "at", "by", "with", "from", "into", "to", "about", "against", "over", "under",
})
#: Small words that stay lower-case in Title Case.
SMALL_WORDS: Final = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "with", "or",
                                "from", "de", "la", "vs"})


def _speech_forms() -> frozenset[str]:
    forms: set[str] = set(_EXTRA_SPEECH)
    for lemma in SPEECH_VERBS:
        if lemma in _NOT_QUOTING:
            continue
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s"
        forms.update((lemma, third, stem + "ed", stem + "ing", *_IRREGULAR.get(lemma, ())))
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            forms.update((lemma[:-1] + "ies", lemma[:-1] + "ied"))
    return frozenset(forms)


#: Surface forms of the verbs that introduce a quotation.
SPEECH_FORMS: Final = _speech_forms()

_WORD: Final = re.compile(r"\w+(?:[-'’]\w+)*")
_SENTENCE_END: Final = re.compile(r"[.!?][\"'”’»)\]]*\s+|\n[^\S\n]*\n")
#: Sentence punctuation inside a stretch: "!", "?", ";", or a full stop after a word of three letters or more.
_SENTENCE_PUNCT: Final = re.compile(r"[!?;]|(?<=[^\W\d_]{3})\.(?=\s|$)")
_DISTANCE_PHRASE: Final = re.compile(
    r"\bwhat\s+(?:[\w'’-]+\s+){1,3}?(?:called|calls|call|termed|terms|dubbed|described\s+as|describes\s+as)\s*$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``text[start:end]`` with its marks, ``text[inner_start:inner_end]`` without them.

    ``cue`` is what decided the kind: the speech word or ":" of a quotation, the word before a title or
    a name, the distancing word before a scare quote; ``None`` when the stretch's own shape decided.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    kind: QuoteClass
    cue: str | None
    confidence: float


def find_quotes(text: str) -> list[Quote]:
    """Every quoted stretch of ``text`` with a word in it, classified; sorted by start (outer before inner)."""
    pairs, unclosed = _pair(text)
    out: list[Quote] = []
    for start, end in pairs:
        q = _quote(text, start, end, end - 1, closed=True)
        if q is not None:
            out.append(q)
    for start, end in unclosed:
        q = _quote(text, start, end, end, closed=False)
        if q is not None:
            out.append(q)
    out.sort(key=lambda q: (q.start, -q.end))
    return out


def _quote(text: str, start: int, end: int, inner_end: int, *, closed: bool) -> Quote | None:
    inner_start = start + 1
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    sample = text[inner_start:min(inner_end, inner_start + MAX_ANALYSED_CHARS)]
    if _WORD.search(sample) is None:
        return None
    kind, cue, confidence = _classify(text, start, end, sample, closed=closed, long=inner_end - inner_start
                                      > MAX_ANALYSED_CHARS)
    return Quote(start, end, inner_start, inner_end, kind, cue, confidence)


def _before(text: str, start: int) -> str:
    """The text of the sentence before ``start`` (at most ``CONTEXT_CHARS``)."""
    ctx = text[max(0, start - CONTEXT_CHARS):start]
    cut = 0
    for m in _SENTENCE_END.finditer(ctx):
        cut = m.end()
    return ctx[cut:]


def _after(text: str, end: int) -> str:
    """The text of the sentence after ``end`` (at most ``CONTEXT_CHARS``)."""
    ctx = text[end:end + CONTEXT_CHARS]
    m = _SENTENCE_END.search(ctx)
    return ctx[:m.start() + 1] if m else ctx


def _previous_word(before: str, gap: str) -> str:
    """The word right before the stretch, with only characters of ``gap`` between; "" if none."""
    stripped = before.rstrip(gap)
    m = _WORD.search(stripped[-CONTEXT_CHARS:][::-1])
    if m is None or m.start() != 0:
        return ""
    return m.group()[::-1].lower()


def _distancing_cue(before: str) -> str | None:
    word = _previous_word(before, " \t\n")
    if word in DISTANCING_WORDS:
        return word
    m = _DISTANCE_PHRASE.search(before)
    return " ".join(m.group().split()).lower() if m else None


def _speech_cue_before(before: str) -> str | None:
    colon = ":" if before.rstrip().endswith(":") else None
    words: list[str] = _WORD.findall(before)[-CUE_WINDOW_WORDS:]
    if not words:
        return colon
    glued = before.rstrip()[-1:].isalnum()
    if glued and words[-1].lower() in NOUN_PHRASE_OPENERS:  # 'said the "liberation"': part of a noun phrase
        return None
    for k in range(len(words) - 1, -1, -1):
        w = words[k].lower()
        if w in SPEECH_FORMS:
            nxt = words[k + 1].lower() if k + 1 < len(words) else ""
            if w == "according":
                return "according to" if nxt == "to" else None
            return f"{w} {nxt}" if nxt in _AUDIENCE else w
    return colon


def _speech_cue_after(after: str, sample: str) -> str | None:
    words: list[str] = _WORD.findall(after)[:CUE_WINDOW_WORDS]
    separated = after.lstrip()[:1] in (",", "-", "—", "–", ":") or sample.rstrip()[-1:] in (",", ".", "!", "?")
    for k, w in enumerate(words):
        low = w.lower()
        if low in SPEECH_FORMS and (separated or k < CUE_CLOSE_WORDS):
            if low == "according":
                return "according to" if k + 1 < len(words) and words[k + 1].lower() == "to" else None
            return low
    return None


def _case_profile(words: list[str]) -> tuple[bool, float, bool]:
    """(whether any word has letter case, share of capitalised significant words, whether in Title Case)."""
    cased = [w for w in words if w[0].isupper() or w[0].islower()]
    if not cased:
        return False, 0.0, False
    significant = [w for w in cased if w.lower() not in SMALL_WORDS] or cased
    capitalised = sum(1 for w in significant if w[0].isupper())
    title_case = capitalised == len(significant) and cased[0][0].isupper()
    return True, capitalised / len(significant), title_case


def _classify(text: str, start: int, end: int, sample: str, *, closed: bool,
              long: bool) -> tuple[QuoteClass, str | None, float]:
    before = _before(text, start)
    speech_before = _speech_cue_before(before)
    if not closed:
        return "unclosed", speech_before, CONFIDENCE_UNCLOSED
    words: list[str] = _WORD.findall(sample)
    short = len(words) <= SCARE_MAX_WORDS and not long
    distance = _distancing_cue(before)
    if distance is not None and short:
        return "scare", distance, CONFIDENCE_SCARE_DISTANCED
    previous = _previous_word(before, " \t\n,:")
    if previous in TITLE_WORDS and distance is None:
        return "title", previous, CONFIDENCE_TITLE_CUE
    if previous in NAME_WORDS:
        return "name", previous, CONFIDENCE_NAME_CUE
    cue = speech_before or _speech_cue_after(_after(text, end), sample)
    if cue is not None:
        return "quotation", cue, CONFIDENCE_QUOTATION_CUE
    has_case, capitalised, title_case = _case_profile(words)
    sentence = _SENTENCE_PUNCT.search(sample) is not None
    if not has_case:
        return "quotation", None, CONFIDENCE_CASELESS
    if not short or sentence:
        if title_case and not sentence:
            return "title", None, CONFIDENCE_TITLE_CASE
        return "quotation", None, CONFIDENCE_QUOTATION_LONG
    if capitalised > CAPITALISED_SHARE:
        return ("name" if len(words) <= NAME_MAX_WORDS else "title"), None, CONFIDENCE_NAME
    if not _WORD.search(before):
        return "scare", None, CONFIDENCE_SCARE_SENTENCE_START
    if _previous_word(before, " \t") in NOUN_PHRASE_OPENERS:
        return "scare", None, CONFIDENCE_SCARE_NOUN_PHRASE
    return "scare", None, CONFIDENCE_SCARE
