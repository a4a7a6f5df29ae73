"""Small markup helpers shared by the HTML and feed readers.

* :func:`root_tag` names the first element of a document head, for sniffing;
* :func:`entity_expansion` bounds what the entities an XML document declares
  in its internal DTD subset would expand to (a "billion laughs" or a
  quadratic blow-up), before any parser expands them;
* :func:`html_to_text` turns an HTML fragment (a feed entry's content) into
  paragraphs separated by a blank line, without scripts or styles. It never
  raises on bad markup: what lxml cannot parse is stripped of tags instead.
"""

from __future__ import annotations

import re
from typing import Any

_NAME_RE = re.compile(r"<([a-z][a-z0-9:._-]*)")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAG_STRIP_RE = re.compile(r"<[^>]*>")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "section", "article", "header",
    "footer", "figure", "figcaption", "hr", "aside", "nav", "main", "address", "details", "summary",
    "form", "fieldset", "center",
})  # fmt: skip
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "object", "embed", "iframe", "svg",
})  # fmt: skip


def _declaration_end(text: str, pos: int) -> int:
    """The index of the ``>`` that closes the ``<!`` declaration at ``pos`` (a doctype),
    or -1. An internal subset ``[...]`` is skipped whole, with the quoted strings, comments
    and processing instructions in it (an ``<!ENTITY x "a>b">`` holds a ``>``), and so are
    quoted strings outside it. Linear time."""
    size, pos = len(text), pos + 2
    subset = False
    while pos < size:
        char = text[pos]
        if char in "\"'":
            pos = text.find(char, pos + 1)
            if pos < 0:
                return -1
        elif subset and text.startswith("<!--", pos):
            pos = text.find("-->", pos + 4)
            if pos < 0:
                return -1
            pos += 2
        elif subset and text.startswith("<?", pos):
            pos = text.find("?>", pos + 2)
            if pos < 0:
                return -1
            pos += 1
        elif char == "[" and not subset:
            subset = True
        elif char == "]" and subset:
            subset = False
        elif char == ">" and not subset:
            return pos
        pos += 1
    return -1


def root_tag(text: str) -> str | None:
    """The lower-cased name of the first element in ``text`` (already lower-cased),
    skipping an XML declaration, processing instructions, comments and a
    doctype (with its internal subset: ``<!DOCTYPE feed [<!ENTITY ...>]>``);
    ``None`` if the text does not open with markup. Linear time."""
    pos, size = 0, len(text)
    while pos < size:
        while pos < size and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, step = text.find("?>", pos + 2), 2
        elif text.startswith("<!--", pos):
            end, step = text.find("-->", pos + 4), 3
        elif text.startswith("<!", pos):
            end, step = _declaration_end(text, pos), 1
        else:
            match = _NAME_RE.match(text, pos)
            return match.group(1) if match else None
        if end < 0:
            return None
        pos = end + step
    return None


_ENTITY_DECL_RE = re.compile(r"""<!ENTITY\s+([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ENTITY_REF_RE = re.compile(r"&([^\s&;#<>\"']+);")


def entity_expansion(text: str, *, limit: int) -> int:
    """How many characters the references to internal general entities in ``text`` (an XML
    document, declarations and all) would add when expanded, nested references counted;
    counting stops once the total is over ``limit`` (and returns it). Entities declared
    nowhere (``&amp;``, HTML names) count nothing. Linear in the length of ``text``."""
    values: dict[str, str] = {}
    for match in _ENTITY_DECL_RE.finditer(text):
        values.setdefault(match.group(1), match.group(2) if match.group(2) is not None else match.group(3))
    if not values:
        return 0
    sizes: dict[str, int] = {}

    def size(name: str, depth: int) -> int:
        # an entity's expanded size; a cycle or a depth over 32 is unbounded (expat refuses both)
        if name in sizes:
            return sizes[name]
        if depth > 32:
            return limit + 1
        sizes[name] = limit + 1  # in progress: a reference back to it is a cycle
        value = values[name]
        total = len(value)
        for ref in _ENTITY_REF_RE.finditer(value):
            if ref.group(1) in values:
                total += size(ref.group(1), depth + 1) - len(ref.group())
                if total > limit:
                    break
        sizes[name] = min(total, limit + 1)
        return sizes[name]

    total = 0
    for ref in _ENTITY_REF_RE.finditer(text):
        name = ref.group(1)
        if name in values:
            total += size(name, 0)
            if total > limit:
                return total
    return total


def _collapse(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def plain_paragraphs(text: str) -> str:
    """Paragraphs of plain text (split at blank lines, whitespace collapsed),
    joined by ``\\n\\n``."""
    return "\n\n".join(" ".join(p.split()) for p in _BLANK_LINE_RE.split(text) if p.strip())


def html_to_text(fragment: str) -> str:
    """Paragraphs of an HTML fragment, joined by ``\\n\\n``.

    Block elements (``p``, ``div``, ``li``, ``br``, headings, ...) end a
    paragraph; whitespace inside a paragraph is collapsed to single spaces.
    """
    if "<" not in fragment and "&" not in fragment:
        return plain_paragraphs(fragment)
    fragment = _XML_DECL_RE.sub("", fragment)
    if not fragment.strip():
        return ""
    from lxml import etree  # type: ignore[import-untyped]
    from lxml.html import fragment_fromstring  # type: ignore[import-untyped]

    try:
        root: Any = fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        return " ".join(_TAG_STRIP_RE.sub(" ", fragment).split())
    paragraphs: list[str] = []
    current: list[str] = []
    skipping = 0

    def flush() -> None:
        text = _collapse(current)
        current.clear()
        if text:
            paragraphs.append(text)

    # an explicit stack rather than etree.iterwalk, which skips comments and their tails
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None:  # comment or processing instruction: only its tail is text
            if element.tail and not skipping:
                current.append(element.tail)
            continue
        if not done:
            stack.append((element, True))
            if skipping or tag in _SKIP_TAGS:
                skipping += 1
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if element.text:
                current.append(element.text)
            stack.extend((child, False) for child in reversed(element))
            continue
        if skipping:
            skipping -= 1
        elif tag in _BLOCK_TAGS:
            flush()
        if element.tail and element is not root and not skipping:
            current.append(element.tail)
    flush()
    return "\n\n".join(paragraphs)
