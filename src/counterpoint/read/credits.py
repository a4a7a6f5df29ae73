"""Who published a page and whose text it carries, read from the text itself.

Plain text saved from the web has no metadata, but pages print who they are and
whose copy they run, in a few forms that recur across outlets:

* **datelines** with a wire credit: ``SEOUL, Nov 22 (Reuters) -``,
  ``WASHINGTON (AP) —``, ``MOSCOW, July 17. /TASS/.``, ``(MENAFN- AzerNews)``
  (a distributor's prefix: the distributor publishes, the agency after the dash
  is credited);
* **credit lines**: ``– Reuters``, ``(AP)``, ``Bernama/Sputnik``, ``(With AFP)``,
  ``Source: BBC``, ``Date: ... | Source: KCNA.kp (En) | ...``;
* **bylines** naming an agency: ``By Jane Doe, Associated Press``,
  ``By Jane Doe | Reuters``;
* **links** to the original: ``This news data comes from: https://...``,
  ``Originally published at ...``, ``This story is from the May 2, 2024 edition of X``;
* **copyright lines**: ``© 2024 Example Media. All rights reserved.``

:func:`find_text_sources` keeps two things apart: the **publisher** (the outlet
whose page this is: a copyright holder other than the credited agency, or a
distributor's prefix) and the **credit** (the agency or original outlet whose
text it runs). Names are unified through the outlet registry
(:func:`counterpoint.sources.outlet_named`): ``AP``, ``The Associated Press``
and ``apnews.com`` are one outlet.

Guarantees: nothing is invented: an unknown name is taken only where the form
itself says it is a credit (a dateline's parenthesis followed by a dash, a
copyright holder, a ``Source:`` host name); a credit-line or byline name must be
a registry outlet. A line that opens with a quotation mark is never read, what
stands inside quotation marks in a line is not read either, and a credit must
open its line (a dateline, a credit line), so a wire name quoted inside a
sentence is no credit. Bounded: only the first and last
:data:`EDGE_LINES` non-blank lines are read, each up to :data:`MAX_LINE`
characters, with linear regular expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from counterpoint.sources import outlet_named

#: How many non-blank lines are read at the top and at the bottom of a text.
EDGE_LINES = 40
#: How many lines at the top may hold a dateline.
DATELINE_LINES = 15
#: Characters of a line that are read.
MAX_LINE = 300

_QUOTES = "\"“”‘’'«»„"
_NOT_CREDITS = frozenset(
    {"lead", "update", "updated", "urgent", "file", "photo", "video", "audio", "live", "breaking",
     "analysis", "opinion", "editorial", "interview", "corrected", "correction", "adds", "recasts", "end"}
)

_PREFIX = re.compile(r"\((?P<pub>[^()\-–—]{2,30}?)\s*[-–—]\s*(?P<credit>[^()]{2,40}?)\s*\)")
_PAREN_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:[ /][\w.'’-]+){0,4}?)(?:\s*,\s*[\w.'’ ]{1,30}?){0,3}\s*,?\s*"
    r"\((?P<credit>[^()]{2,40}?)\)\s*(?P<dash>-{1,2}|–|—|:)?"
)
#: A quoted span (closed, or running to the end of the line): what a quotation names is no credit.
_QUOTED = re.compile(r'"[^"]*(?:"|$)|“[^”"]*(?:[”"]|$)|„[^“”"]*(?:[“”"]|$)|«[^»]*(?:»|$)|‘[^’]*’')
_PAREN_START = re.compile(r"\((?P<credit>[^()]{2,40}?)\)\s*(?:-{1,2}|–|—)?\s*\S")
_PAIR = re.compile(r"([^-–—]{2,20}?)\s*[-–—]\s*([^-–—]{2,20})")
_EDITION = re.compile(
    r"(?i)this\s+(?:story|article)\s+(?:is|was)\s+(?:from|published\s+in)\s+the\s+.{0,40}?edition\s+of\s+"
    r"(?P<v>[^.|]{2,40})"
)
_SLASH_CREDIT = re.compile(r"/(?P<credit>[^/\n]{2,30})/")
_BYLINE = re.compile(r"(?i:by)\s*[A-Z]")
_BYLINE_SPLIT = re.compile(r"\s*(?:[,;|–—]|\s-\s|\band\b|\bfor\b)\s*")
_CREDIT_EDGE = re.compile(r"^[\s\-–—(\[/|]+|[\s\-–—)\]/|.]+$")
_CREDIT_LEAD = re.compile(
    r"(?i)^(?:with\s+(?:inputs?\s+from\s+)?|inputs?\s+from\s+|sources?\s*:\s*|courtesy\s*:?\s*|via\s+|"
    r"credit\s*:\s*|agencies\s*:\s*)"
)
_CREDIT_SPLIT = re.compile(r"\s*(?:/|,|&|\+|\band\b|\s-\s)\s*")
_SOURCE_FIELD = re.compile(r"(?i)(?:^|\|)\s*sources?\s*:\s*(?P<v>[^|]{2,80}?)\s*(?=\||$|\s{2,}|\s+editor\b)")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
_LINK = re.compile(
    r"(?i)(?:comes\s+from|originally\s+(?:published|appeared)\s+(?:at|on|in|by)|source\s+link|"
    r"read\s+(?:the\s+)?original(?:\s+\w+){0,2}\s+(?:at|on))\s*:?\s*"
    r"(?P<v>https?://[^\s<>\"]+|(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s<>\"]*)?)"
)
_COPYRIGHT = re.compile(
    r"(?i)(?:copyright\s*(?:©|\(c\))?|©|\(c\)(?=\s*\d))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?:by\s+)?(?P<holder>[^.|;,©\n]{2,60})"
)
_HOLDER_TAIL = re.compile(
    r"(?i)[\s,]*(?:all\s+rights\s+reserved.*|inc|ltd|llc|limited|plc|gmbh|co|corp(?:oration)?)\.?$"
)
_NAME_LIKE = re.compile(r"[A-Z0-9][\w.&'’-]*(?:\s+[\w.&'’-]+){0,4}")


@dataclass(frozen=True, slots=True)
class TextSources:
    """What a text says of its sources: the publisher and the credited agency (registry
    names where the registry knows them), each with the form it was read from
    (``publisher_from``: ``"copyright"`` or ``"prefix"``; ``credit_from``: ``"dateline"``,
    ``"byline"``, ``"source-line"``, ``"credit-line"`` or ``"link"``)."""

    publisher: str | None = None
    publisher_from: str | None = None
    credit: str | None = None
    credit_from: str | None = None


def _known(name: str) -> str | None:
    outlet = outlet_named(name)
    return outlet.name if outlet is not None else None


def _name_like(name: str) -> str | None:
    """``name`` tidied when it can be an outlet's name (a short capitalised phrase), else None."""
    text = " ".join(name.split()).strip(" .,:;-–—")
    if not text or len(text) > 40 or text.casefold() in _NOT_CREDITS or not any(c.isalpha() for c in text):
        return None
    return text if _NAME_LIKE.fullmatch(text) else None


def _host(value: str) -> str | None:
    text = value.strip().rstrip(".,;)")
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def _edges(text: str) -> tuple[list[str], list[str]]:
    """The first and last :data:`EDGE_LINES` non-blank lines (trimmed and cut), read only
    as far as needed: the text is never split whole."""
    head: list[str] = []
    pos = 0
    n = len(text)
    while pos < n and len(head) < EDGE_LINES:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        line = text[pos : min(end, pos + MAX_LINE)].strip()
        if line:
            head.append(line)
        pos = end + 1
    tail: list[str] = []
    stop = pos
    end = n
    while end > stop and len(tail) < EDGE_LINES:
        start = text.rfind("\n", stop, end) + 1
        start = max(start, stop)
        line = text[start : min(end, start + MAX_LINE)].strip()
        if line:
            tail.append(line)
        end = start - 1
    tail.reverse()
    return head, tail


def _dateline(line: str) -> tuple[str | None, str | None]:
    """(publisher, credit) of a dateline at the start of ``line``."""
    m = _PREFIX.match(line)
    if m:
        pub = _known(m.group("pub"))
        if pub is not None:
            credit = m.group("credit")
            return pub, _known(credit) or _name_like(credit)
    m = _PAREN_START.match(line)
    if m and (known := _known(m.group("credit"))):
        return None, known
    m = _PAREN_DATELINE.match(line)
    if m:
        credit = m.group("credit")
        pair = _PAIR.fullmatch(credit)  # (NNN-KCNA): a distributor and the agency it carries
        if pair and (pub := _known(pair.group(1))) and (carried := _known(pair.group(2))):
            return pub, carried
        known = _known(credit)
        if known is not None:
            return None, known
        if m.group("dash") and (named := _name_like(credit)):
            return None, named
    for s in _SLASH_CREDIT.finditer(line, 0, 160):
        if (known := _known(s.group("credit"))) is not None:
            return None, known
    return None, None


def _byline_credit(line: str) -> str | None:
    if len(line) > 150 or not _BYLINE.match(line):
        return None
    parts = [p for p in _BYLINE_SPLIT.split(line[2:].strip()) if p]
    for part in parts[1:]:
        if (known := _known(part)) is not None:
            return known
    words = line.split()
    for k in (4, 3, 2, 1):  # "By JANE DOE Associated Press"
        if len(words) > k + 2 and (known := _known(" ".join(words[-k:]))) is not None:
            return known
    return None


def _credit_line(line: str) -> str | None:
    """The credited outlet of a line that is only a credit (``– Reuters``, ``(With AFP)``,
    ``Bernama/Sputnik``, ``Source: BBC``): every name in it must be a registry outlet."""
    if len(line) > 60:
        return None
    text = _CREDIT_EDGE.sub("", line)
    text = _CREDIT_LEAD.sub("", text)
    text = _PARENTHETICAL.sub("", text).strip(" ()")
    if not text:
        return None
    names = [p for p in _CREDIT_SPLIT.split(text) if p]
    known = [_known(p) for p in names]
    if not names or any(k is None for k in known):
        return None
    return known[0]


def _source_field(line: str) -> str | None:
    m = _SOURCE_FIELD.search(line)
    if not m:
        return None
    value = _PARENTHETICAL.sub("", m.group("v")).strip(" .")
    if (known := _known(value)) is not None:
        return known
    if "." in value and " " not in value:
        return _host(value)
    return None


def _link_credit(line: str) -> str | None:
    m = _LINK.search(line)
    if not m:
        e = _EDITION.search(line)  # "This story is from the June 20, 2024 edition of The Citizen."
        return (_known(e.group("v")) or _name_like(e.group("v"))) if e else None
    host = _host(m.group("v"))
    if host is None:
        return None
    return _known(host) or host


def _copyright_holder(line: str) -> str | None:
    m = _COPYRIGHT.search(line)
    if not m:
        return None
    holder = _HOLDER_TAIL.sub("", m.group("holder").strip())
    holder = re.sub(r"(?i)^(?:by\s+)", "", holder).strip(" .,:-–—")
    if (known := _known(holder)) is not None:
        return known
    if "." in holder and " " not in holder and (host := _host(holder)):
        return host
    return _name_like(holder)


def _unquoted(line: str) -> str:
    """``line`` with its quoted spans blanked (a line that opens with a quotation mark is kept as it
    is: it is never read), so a wire name inside a quotation is neither a credit nor a publisher."""
    if line[0] in _QUOTES or not any(q in line for q in '"“„«‘'):
        return line
    return _QUOTED.sub(" ", line)


def find_text_sources(text: str) -> TextSources:
    """The publisher and the credited agency a text names (see the module doc)."""
    head, tail = _edges(text)
    head = [_unquoted(ln) for ln in head]
    tail = [_unquoted(ln) for ln in tail]
    lines = [ln for ln in head + tail if ln[0] not in _QUOTES]
    publisher: tuple[str, str] | None = None
    credits: dict[str, str] = {}  # form -> name, first found

    def credit(form: str, name: str | None) -> None:
        if name and form not in credits:
            credits[form] = name

    for line in head[:DATELINE_LINES]:
        if line[0] in _QUOTES:
            continue
        pub, name = _dateline(line)
        if pub and publisher is None:
            publisher = (pub, "prefix")
        credit("dateline", name)
        if name:
            break
    holders: list[str] = []
    for line in lines:
        credit("byline", _byline_credit(line))
        credit("source-line", _source_field(line))
        credit("credit-line", _credit_line(line))
        credit("link", _link_credit(line))
        low = line.lower()
        if "©" in line or "copyright" in low or "(c)" in low:
            holder = _copyright_holder(line)
            if holder:
                holders.append(holder)
    forms = ("dateline", "byline", "source-line", "credit-line", "link")
    credited = next(((credits[f], f) for f in forms if f in credits), None)
    credited_names = set(credits.values())
    for holder in holders:
        if holder in credited_names:
            continue
        if publisher is None:
            publisher = (holder, "copyright")
    return TextSources(
        publisher=publisher[0] if publisher else None,
        publisher_from=publisher[1] if publisher else None,
        credit=credited[0] if credited else None,
        credit_from=credited[1] if credited else None,
    )
