"""Boilerplate lines and the widget words crawlers glue to paragraphs.

Two entry points:

* ``classify_line(s)`` names the boilerplate a whole trimmed line is, or
  returns ``None`` for a line of content;
* ``glued_tail(s)`` finds share-widget and read-more words glued to the end
  of a paragraph (``... about this. Share``) and says where the paragraph
  really ends.

Reasons are short stable codes (``REASONS``). Guarantees: only whole lines or
a tail that follows sentence punctuation are ever claimed, so a sentence that
merely contains "share", "print" or "related" stays content; regular
expressions only, linear in the length of the line; lines over 400
characters are never boilerplate.
"""

from __future__ import annotations

import re

#: Every reason a ``Dropped`` record of the segment stage can carry.
REASONS: tuple[str, ...] = (
    "pagination",
    "share-button",
    "read-more",
    "cookie",
    "subscribe",
    "advertisement",
    "related",
    "footer",
    "tags",
    "navigation",
    "byline",
    "page-header",
    "syndication",
)

# -- pagination ---------------------------------------------------------------
_PAGE_WORDS = frozenset(
    [
        "next",
        "previous",
        "prev",
        "older",
        "newer",
        "first",
        "last",
        "page",
        "pages",
        "of",
        "posts",
        "entries",
        "articles",
        "load",
        "more",
        "show",
    ]
)
_PAGE_SIGNAL = frozenset(["next", "previous", "prev", "older", "newer", "page", "load"])
_PAGE_PUNCT = frozenset(["«", "»", "‹", "›", "<", ">", "<<", ">>", "←", "→", "…", "...", "|", "·", "-", "–", "—"])

# -- share widgets --------------------------------------------------------------
_SHARE_STRONG = frozenset(
    [
        "share",
        "shares",
        "tweet",
        "print",
        "email",
        "e-mail",
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
        "linkedin",
        "reddit",
        "pinterest",
        "vk",
        "viber",
        "messenger",
        "pocket",
        "flipboard",
        "mastodon",
        "bluesky",
        "copy-link",
    ]
)
_SHARE_WEAK = frozenset(
    ["this", "on", "via", "by", "article", "story", "post", "page", "link", "copy", "x", "the", "it"]
)
_TOKEN_SPLIT = re.compile(r"[\s|·•,/]+")

# -- whole-line patterns ------------------------------------------------------------
_READ_MORE = re.compile(
    r"(?i)[\[(]?\s*(?:read\s+more|continue\s+reading|read\s+the\s+(?:full|whole|rest\s+of\s+the)\s+"
    r"(?:story|article|report|post|statement|text)|read\s+full\s+(?:story|article)|full\s+story|"
    r"keep\s+reading|more\s*(?:\.\.\.|…)|\(more…?\))"
    r"(?:\s*(?:[\])»›→>…]|\.\.\.|[.!]))*"
)
_CONTINUE_TITLE = re.compile(r"(?i)continue\s+reading\s+\S.{0,200}$")
_ADVERT = re.compile(
    r"(?i)(?:advertisement|advertising|ads?|sponsored(?:\s+(?:content|links?|post))?|promoted(?:\s+content)?|"
    r"(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?|"
    r"scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?|continue\s+reading\s+below|"
    r"paid\s+(?:content|post|partner\s+content))[\s:.\-–—]*"
)
_RELATED = re.compile(
    r"(?i)(?:related|see\s+also|read\s+also|also\s+read|also\s+see|read\s+more|more\s+on\s+this(?:\s+(?:story|topic))?|"
    r"related\s+(?:articles?|posts?|stories|story|news|coverage|content|topics|reading|links?)|"
    r"you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?|"
    r"most\s+(?:read|popular|viewed)|trending(?:\s+now)?|more\s+from\s+[\w .&'’-]{1,40}|latest\s+news)"
    r"\s*(?:$|[:»›|\-–—]\s*)"
)
_COOKIE_CONTEXT = re.compile(
    r"(?i)accept|consent|agree|polic|setting|preference|we\s+use|uses\s+cookies|by\s+continuing|"
    r"by\s+using|enable|manage|learn\s+more|browsing"
)
_SUBSCRIBE = re.compile(
    r"(?i)(?:subscribe|sign\s+up|signup|join\s+(?:our|us)|follow\s+us|get\s+(?:our|the)\s+(?:\w+\s+)?newsletter|"
    r"enter\s+your\s+e-?mail|never\s+miss|get\s+the\s+latest|stay\s+(?:informed|updated)|"
    r"already\s+a\s+subscriber|become\s+a\s+(?:member|subscriber|patron)|support\s+(?:us|our\s+work))\b"
)
_TRIAL = re.compile(
    r"(?i)(?:start\s+(?:your\s+)?(?:\d+[- ]day\s+)?(?:[\w-]+\s+){0,3}(?:free\s+)?trial|"
    r"(?:subscribe|log\s+in|sign\s+in)\s+to\s+(?:continue\s+reading|read\s+(?:the\s+)?(?:full|rest|more))|"
    r"this\s+(?:article|story|content)\s+is\s+(?:for|only\s+(?:for|available\s+to))\s+(?:paid\s+)?subscribers)"
)
#: Notes of aggregators and syndication feeds about where the text comes from.
_SYNDICATION = re.compile(
    r"(?i)\(?\s*(?:this\s+(?:news\s+data|news|article|story|content|post|report)\s+(?:comes|came|is\s+taken|was\s+taken|"
    r"is\s+sourced|was\s+sourced)\s+from\b|source\s+link\s*:?|originally\s+(?:published|appeared)\s+(?:at|on|in)\b|"
    r"read\s+(?:the\s+)?original\s+(?:version\s+|article\s+|story\s+)?(?:at|on)\b|"
    r"this\s+(?:story|article)\s+(?:has\s+not\s+been|was\s+not)\s+edited\b|"
    r"[^\n]{0,160}\bauto-?generated\s+from\s+a\s+syndicated\s+(?:news\s+)?feed\b|"
    r"this\s+(?:story|article)\s+(?:is|was)\s+(?:from|published\s+in)\s+the\s+[^\n]{0,40}?edition\s+of\b)"
)
_SKIP_LINK = re.compile(r"(?i)skip\s+to\s+(?:main\s+)?(?:content|navigation|search|footer)|jump\s+to\s+navigation")
_NEWSLETTER_VERB = re.compile(r"(?i)subscri|sign\s+up|inbox|deliver|join|receive")
_FOOTER = re.compile(
    r"(?i)(?:^©|©\s*\d{4}|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})|^copyright\b[^.!?]{0,80}$|all\s+rights\s+reserved|"
    r"^(?:privacy\s+policy|terms\s+of\s+(?:use|service)|cookie\s+policy|contact\s+us|about\s+us|imprint|"
    r"impressum)\b)"
)
_TAGS = re.compile(
    r"(?i)(?:tags?|tagged(?:\s+(?:with|as))?|topics?|categor(?:y|ies)|keywords|labels|filed\s+under|"
    r"posted\s+in)\s*:\s*\S"
)
_TAGS_NO_COLON = re.compile(r"(?i)(?:posted\s+in|filed\s+under|tagged)\s+[A-Z]")
_FOOTER_STARTS = ("privacy", "terms of", "cookie policy", "contact us", "about us", "imprint", "impressum")
_NAV_HINT = re.compile(r"[|·•›»]|\s>\s")
_NAV_SPLIT = re.compile(r"\s*(?:[|·•›»]|\s>\s)\s*")
_NAV_PART = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z&][\w&'’.-]*|and|of|the|&)){0,3}")
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|el|bin)){0,3}"
_BYLINE = re.compile(
    rf"(?i:by|written\s+by|words\s+by|story\s+by|posted\s+by|text\s+by)\s+{_NAME}"
    rf"(?:\s*(?:,|\band\b|&)\s*{_NAME})*"
    r"(?:\s*[,|–—-]\s*[A-Z0-9][\w'’.&-]*(?:\s+[\w'’.&,-]+){0,4})?"
)
_BYLINE_ROLE = re.compile(
    r"(?i)(?:by\s+)?(?:staff\s+(?:reporter|writer|correspondent)|our\s+(?:own\s+)?correspondent|"
    r"(?:by\s+)?(?:our|a)\s+(?:staff|special|foreign|own)\s+(?:reporter|correspondent|writer)|"
    r"special\s+correspondent|from\s+our\s+correspondent(?:\s+in\s+[\w .'-]{1,30})?|"
    r"editorial\s+(?:staff|board)|news\s+desk|newsroom)"
)
_BYLINE_CREDIT = re.compile(r"(?i)(?:additional\s+)?(?:reporting|writing|editing)\s+by\s+[A-Z]")


def _tokens(s: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(s) if t]


def _is_pagination(s: str) -> bool:
    numbers = 0
    signal = False
    for tok in _tokens(s):
        low = tok.lower().strip(".:")
        if tok.isdigit() and len(tok) <= 3:
            numbers += 1
        elif low in _PAGE_WORDS:
            signal = signal or low in _PAGE_SIGNAL
        elif tok not in _PAGE_PUNCT and not all(c in "«»‹›<>←→…." for c in tok):
            return False
    return numbers >= 2 or signal


def _share_word(tok: str) -> str | None:
    """``"strong"``, ``"weak"`` or ``None`` for one token of a widget line."""
    low = tok.lower().strip(":.!()[]")
    if low in _SHARE_STRONG:
        return "strong"
    if low in _SHARE_WEAK or low.isdigit():
        return "weak"
    return None


def _is_share_line(s: str) -> bool:
    strong = False
    for tok in _tokens(s):
        kind = _share_word(tok)
        if kind is None:
            return False
        strong = strong or kind == "strong"
    return strong


def _is_navigation(s: str) -> bool:
    parts = _NAV_SPLIT.split(s)
    if len(parts) < 3:
        return False
    return all(len(p) <= 30 and _NAV_PART.fullmatch(p) for p in parts)


def is_byline(s: str) -> bool:
    """True for a byline line: ``By Jane Doe``, ``By Jane Doe, Reuters``,
    ``By JANE DOE and Kim Min-su | Seoul``, ``Staff reporter``,
    ``Reporting by ...; Editing by ...``. A sentence that starts with "By"
    (``By order of the head of state, ...``) is not one."""
    if len(s) > 120 or ends_with_period(s):
        return len(s) <= 200 and _BYLINE_CREDIT.match(s) is not None
    return bool(_BYLINE.fullmatch(s) or _BYLINE_ROLE.fullmatch(s) or _BYLINE_CREDIT.match(s))


def ends_with_period(s: str) -> bool:
    t = s.rstrip()
    return t.endswith(".") and not t.endswith("Jr.") and not t.endswith("Sr.")


def classify_line(s: str) -> str | None:
    """The boilerplate reason for a whole trimmed line, or ``None``."""
    n = len(s)
    if n == 0 or n > 400:
        return None
    if n <= 80 and _is_pagination(s):
        return "pagination"
    if n <= 100 and _is_share_line(s):
        return "share-button"
    if n <= 160:
        if _ADVERT.fullmatch(s):
            return "advertisement"
        if _READ_MORE.fullmatch(s) or _CONTINUE_TITLE.match(s):
            return "read-more"
        if _NAV_HINT.search(s) and _is_navigation(s):
            return "navigation"
        if is_byline(s):
            return "byline"
    elif n <= 200 and _BYLINE_CREDIT.match(s):
        return "byline"
    if n <= 300 and _SYNDICATION.match(s):
        return "syndication"
    if n <= 40 and _SKIP_LINK.fullmatch(s):
        return "navigation"
    if n <= 300 and _RELATED.match(s):
        return "related"
    if n <= 300 and (_TAGS.match(s) or (n <= 150 and not ends_with_period(s) and _TAGS_NO_COLON.match(s))):
        return "tags"
    if "ookie" in s and _COOKIE_CONTEXT.search(s):
        return "cookie"
    newsletter = ("ewsletter" in s or "ailing list" in s) and _NEWSLETTER_VERB.search(s) is not None
    if n <= 250 and (_SUBSCRIBE.match(s) or _TRIAL.match(s) or newsletter):
        return "subscribe"
    if n <= 300 and _footer_hint(s) and _FOOTER.search(s):
        return "footer"
    return None


def _footer_hint(s: str) -> bool:
    if "©" in s or "(c)" in s or "(C)" in s:
        return True
    low = s.lower()
    return "copyright" in low or "rights reserved" in low or low.startswith(_FOOTER_STARTS)


_GLUED_READ_MORE = re.compile(
    r"(?i)(?<=[.!?…\"”’)\]])\s*[\[(]?(?:read\s+more|continue\s+reading|read\s+the\s+full\s+(?:story|article))"
    r"\s*(?:[\])»›→>]|\.\.\.|…)*\s*$"
)
_READ_MORE_LAST = frozenset({"", "more", "reading", "story", "article"})
_GLUED_SHARE_WORD = re.compile(r"(?<=[.!?…\"”’)\]])(Share|Tweet|Print|Email)$")
_SENTENCE_PUNCT = '.!?…"”’)]'


def glued_tail(s: str) -> tuple[int, str] | None:
    """Where widget words glued to the end of a paragraph start, and why.

    Returns ``(offset, reason)`` when ``s`` ends with share-widget words
    (``... about this. Share``, ``... this. Share Tweet``, ``...this.Share``)
    or a read-more link (``... talks. Read more »``) that follow sentence
    punctuation; the content is ``s[:offset].rstrip()``. ``None`` otherwise,
    and always when nothing but the widget words would be left.
    """
    if len(s) < 8 or not _may_have_tail(s):
        return None
    m = _GLUED_READ_MORE.search(s, max(0, len(s) - 40))
    if m:
        return _offset_after_space(s, m.start()), "read-more"
    # share words: walk back over widget tokens
    end = len(s)
    start = end
    strong = False
    for _ in range(8):
        cut = s[:start].rstrip(" \t\xa0|·")
        space = max(cut.rfind(" "), cut.rfind("\t"), cut.rfind("\xa0"), cut.rfind("|"))
        tok = cut[space + 1 :]
        if not tok or tok[-1] in _SENTENCE_PUNCT:
            break
        kind = _share_word(tok)
        if kind is None:
            break
        if kind == "strong" and not tok[0].isupper():
            break
        strong = strong or kind == "strong"
        start = space + 1
    if strong and start < end:
        head = s[:start].rstrip(" \t\xa0|")
        if head and head[-1] in _SENTENCE_PUNCT and first_share_token_ok(s[start:]):
            return len(head), "share-button"
    m2 = _GLUED_SHARE_WORD.search(s, max(0, len(s) - 8))
    if m2 and m2.start() > 0:
        return m2.start(), "share-button"
    return None


def _may_have_tail(s: str) -> bool:
    """A cheap test on the last token before the real search."""
    cut = max(s.rfind(" "), s.rfind("\xa0"), s.rfind("\t"), s.rfind("|"))
    tok = s[cut + 1 :].lower().strip(":.!()[]»›→>…")
    if tok in _SHARE_STRONG or tok in _SHARE_WEAK or tok in _READ_MORE_LAST or tok.isdigit():
        return True
    return tok.endswith(("share", "tweet", "print", "email"))


def first_share_token_ok(tail: str) -> bool:
    """The first glued widget word must be a strong one (``Share``, not ``this``)."""
    toks = _tokens(tail)
    return bool(toks) and _share_word(toks[0]) == "strong"


def _offset_after_space(s: str, i: int) -> int:
    while i > 0 and s[i - 1].isspace():
        i -= 1
    return i
