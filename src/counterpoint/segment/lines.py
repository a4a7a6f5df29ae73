"""Lines of a document and the shape features segmentation decides on.

Guarantees:

* ``split_lines`` returns every line that holds a non-whitespace character, in
  order, with ``line.text == text[line.start:line.end]`` and the line's leading
  and trailing whitespace left out (``str.isspace`` decides, so a no-break
  space at either end is trimmed too);
* a line longer than ``MAX_LINE`` characters (a text saved without line
  breaks) is cut into pieces of ``MIN_PIECE`` to ``MAX_LINE`` characters, at
  the last sentence end that fits, else the last space, else anywhere; each
  piece is a line of its own and starts a block, so it is a paragraph of its
  own and no later step sees an unbounded line (a piece is too long to be read
  as a headline, kicker, caption or boilerplate, as the whole line was);
* every feature here is a pure function of one string, uses regular
  expressions only (no date parser, no model) and runs in time linear in the
  length of its input.

Line-shape cues (length, title case, terminal punctuation, a short kicker line
above a longer headline) follow the block-classification features of
Kohlschütter, Fankhauser and Nejdl, *Boilerplate detection using shallow text
features* (WSDM 2010), applied to lines of plain text instead of HTML blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Lowercase words that title case leaves in lower case; they do not count
#: for or against the title-case ratio (except as the first word).
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "de",
        "del",
        "der",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "over",
        "per",
        "the",
        "than",
        "to",
        "up",
        "upon",
        "vs",
        "via",
        "with",
    ]
)

#: Lines longer than this are cut into pieces (see the module doc).
MAX_LINE = 5_000
#: The shortest piece of a cut line: longer than any line read as a headline (200), caption (500)
#: or boilerplate (400).
MIN_PIECE = 1_000
_SENTENCE_CUT = re.compile(r"[.!?…。！？][\"'”’»)\]]*(?=\s)")

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_][\w'’.&-]*")
_BULLET = re.compile(r"(?:[•▪◦‣●■►▸*\-–]|\d{1,2}[.)])[ \t\xa0]+(?=\S)")
_PREFIX = re.compile(r"([^\W_][\w&.'’]*(?:[ \t][\w&.'’]+){0,2})(?::[ \t\xa0]|[ \t\xa0][-–—|][ \t\xa0])")
_CLOSERS = "\"'”’»)]}"
_TERMINAL = frozenset(".,;:…")
_SENTENCE_END = frozenset(".!?…")
_NOT_KICKER = re.compile(r"(?i)(?:sources?|via|credits?|from|photos?)\b\s*[:\-–—]")

# Photo captions.  STRICT markers say "this is a caption" wherever the line is;
# SLOT markers only when the line sits directly above a headline, in the place
# where a page prints the caption of the item's picture.
_PHOTO_STRICT = re.compile(
    r"(?i)[(\[]?\s*(?:"
    r"(?:photos?|photograph|picture|image|illustration|caption|pictured|above|below|top|left|right)"
    r"\s*(?::|\)|\]|—|–|\s-\s)"
    r"|(?:photo|photograph|picture|image)\s+(?:by|credit|courtesy)\b"
    r"|pictured\b|file\s+(?:photo|picture|image)\b"
    r")"
)
_PHOTO_TAIL = re.compile(
    r"(?i)(?:[(\[]\s*(?:photos?|image|picture|pictured)\b[^)\]]{0,80}[)\]]\s*\.?"
    r"|\b(?:photo|image)(?:\s+credit)?\s*[:/]\s*[^.:]{1,40})$"
)
#: A sentence that says it describes a picture ("This video grab taken ... shows", "A handout
#: picture shows"), and the credit that ends a caption ("File Photo by KCNA", "(Xinhua/Jiang Ye)",
#: "(AP Photo/Name)", "Credit: ..."): wire and state-media captions, in any outlet's page.
_PHOTO_OPENING = re.compile(
    r"(?i)(?:this|a|an|the)\s+(?:(?:video|screen)\s*(?:grab|shot)|handout\s+(?:photo|picture|image)"
    r"|(?:photo|picture|image|still|photograph|video\s+still)\s+(?:taken|released|provided|made\s+available)"
    r"|file\s+(?:photo|picture|image)|(?:photo|picture|image|photograph)\s+(?:shows|released\s+by))\b"
)
_PHOTO_CREDIT = re.compile(
    r"(?:(?i:file\s+)?(?i:photo|picture|image)\s+(?i:by|courtesy\s+of)\s+[^.]{1,40}\.?"
    r"|\((?:[A-Z][\w.&' -]{1,30}/)+[A-Z][\w.&' -]{1,30}\)\.?"
    r"|(?i:credit):\s*[^.]{1,60}\.?)\s*$"
)
#: A caption that dates its picture and ends with the agency's name ("..., Russia, September 13,
#: 2023. — Reuters").
_DATED_AGENCY_TAIL = re.compile(
    r"(?i)\b(?:19|20)\d{2}\.?\s*[—–-]{1,2}\s*(?:reuters|ap|afp|epa|getty images|yonhap|kcna|tass|xinhua|ria novosti"
    r"|sputnik|anadolu|efe|ians|pti|ani|upi|[A-Z]{2,6}/via \w+)\s*$"
)
_PHOTO_SLOT = re.compile(
    r"(?:Accompanied|Flanked|Joined|Escorted|Greeted|Surrounded)\s+by\b"
    r"|(?:Seen|Shown)\s+(?:here|above|below|at|during|in)\b"
)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the trimmed pieces of the trimmed line ``text[start:end]`` (itself
    when it is at most ``MAX_LINE`` long). Each window is searched once: linear in the line."""
    while end - start > MAX_LINE:
        lo, hi = start + MIN_PIECE, min(start + MAX_LINE, end - MIN_PIECE)
        cut = -1
        for match in _SENTENCE_CUT.finditer(text, lo, hi):
            cut = match.end()
        if cut < 0:
            space = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi), text.rfind("\xa0", lo, hi))
            cut = space if space > lo else hi
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    yield start, end


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: ``text == document_text[start:end]``, trimmed.

    ``index`` counts non-blank lines from 0; ``block`` counts blank-line
    separated blocks from 0, so two lines share a block when no blank line
    lies between them.
    """

    index: int
    start: int
    end: int
    text: str
    block: int


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of ``text`` (split on ``\\n`` only), trimmed; a line over
    ``MAX_LINE`` characters in pieces, each in a block of its own."""
    out: list[Line] = []
    block = 0
    pending_break = False
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        raw = text[pos:nl]
        stripped = raw.strip()
        if stripped:
            if pending_break and out:
                block += 1
            pending_break = False
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            end = start + len(stripped)
            if len(stripped) <= MAX_LINE:
                out.append(Line(len(out), start, end, stripped, block))
            else:
                for k, (a, b) in enumerate(_pieces(text, start, end)):
                    if k and out:
                        block += 1
                    out.append(Line(len(out), a, b, text[a:b], block))
        else:
            pending_break = True
        pos = nl + 1
    return out


def words(s: str) -> list[str]:
    """The words of ``s`` (runs starting with a letter or digit)."""
    return _WORD.findall(s)


def word_count(s: str) -> int:
    return len(s.split())


def title_case_ratio(s: str) -> float:
    """Share of words that start with a capital letter or a digit.

    Small words (articles, short prepositions) are not counted unless they
    come first. ``0.0`` for a string without words.
    """
    counted = 0
    upper = 0
    for i, w in enumerate(words(s)):
        if i > 0 and w.lower() in SMALL_WORDS:
            continue
        counted += 1
        c = w[0]
        if c.isupper() or c.isdigit():
            upper += 1
    return upper / counted if counted else 0.0


def last_char(s: str) -> str:
    """The last character of ``s`` that is not space, a closing quote or bracket."""
    t = s.rstrip().rstrip(_CLOSERS).rstrip()
    return t[-1] if t else ""


def ends_terminal(s: str) -> bool:
    """True when ``s`` ends like running text: ``. , ; : …`` (closing quotes
    and brackets skipped). ``!`` and ``?`` do not count: headlines use them."""
    return last_char(s) in _TERMINAL


def ends_sentence(s: str) -> bool:
    """True when ``s`` ends with ``. ! ? …`` (closing quotes and brackets skipped)."""
    return last_char(s) in _SENTENCE_END


def has_letters(s: str) -> bool:
    return _LETTER.search(s) is not None


def bullet_length(s: str) -> int:
    """Length of a leading list marker (``• ``, ``- ``, ``* ``, ``▪ ``, ``1. ``,
    ``2) ``) with its spaces, or 0 when ``s`` does not start with one."""
    m = _BULLET.match(s)
    return m.end() if m else 0


def prefix_head(s: str) -> str | None:
    """The short label a headline starts with: ``DPRK`` of ``DPRK: ...``,
    ``UPDATE`` of ``UPDATE - ...``; casefolded. ``None`` when there is none,
    when the label is longer than 25 characters, or a single letter (``Q:``)."""
    m = _PREFIX.match(s)
    if not m:
        return None
    head = m.group(1)
    if len(head) > 25 or sum(c.isalpha() for c in head) < 2:
        return None
    if len(s) - m.end() < 3:
        return None
    return head.casefold()


def prefix_split(s: str) -> tuple[str, str] | None:
    """``(head, rest)`` for a line with a prefix label, else ``None``."""
    m = _PREFIX.match(s)
    if not m or prefix_head(s) is None:
        return None
    return m.group(1), s[m.end() :]


def is_photo_caption(s: str, *, slot: bool = False) -> bool:
    """True when ``s`` reads as a picture caption.

    Always for lines marked as such (``Photo: ...``, ``Pictured: ...``,
    ``(Photo ...)``, ``... (Photo: KCNA)``), lines that say they describe a
    picture (``This video grab taken ... shows``, ``A handout picture shows``),
    lines ending with a picture credit (``File Photo by KCNA``,
    ``(Xinhua/Jiang Ye)``, ``Credit: ...``) and dated lines ending with an
    agency's name (``..., September 13, 2023. — Reuters``). With ``slot=True`` (the line sits
    right above a headline) also for a sentence that describes who is in the
    picture (``Accompanied by ...``, ``Flanked by ...``, ``Seen here ...``) and
    ends with a period.
    """
    if len(s) > 500:
        return False
    if _PHOTO_STRICT.match(s) or _PHOTO_OPENING.match(s):
        return True
    if _PHOTO_CREDIT.search(s, max(0, len(s) - 80)) or _DATED_AGENCY_TAIL.search(s, max(0, len(s) - 60)):
        return True
    tail = s[-100:].lower()
    if ("photo" in tail or "image" in tail or "pictur" in tail) and _PHOTO_TAIL.search(s, max(0, len(s) - 100)):
        return True
    return slot and ends_sentence(s) and _PHOTO_SLOT.match(s) is not None


def kicker_like(s: str) -> bool:
    """A short label line: at most 80 characters and 12 words, with letters,
    not ending like running text, not a source or credit line."""
    if len(s) > 80 or not has_letters(s):
        return False
    n = word_count(s)
    if n == 0 or n > 12 or ends_terminal(s):
        return False
    if _NOT_KICKER.match(s) or is_photo_caption(s):
        return False
    return bullet_length(s) == 0


def body_like(s: str) -> bool:
    """A line of running text: a sentence of six words or more, or long."""
    return len(s) > 120 or (ends_sentence(s) and word_count(s) >= 6)
