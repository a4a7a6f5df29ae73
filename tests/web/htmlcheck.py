"""What a page may contain, checked on its parsed HTML: only the elements our templates write, no event
handler attributes, no script but our own, links only to our pages, anchors and http(s) addresses, and no
raw bidi or control characters."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Every element the templates write (anything else came from stored text).
ALLOWED = {
    "html", "head", "meta", "title", "link", "script", "style", "body", "header", "main", "footer", "a", "form",
    "input", "button", "label", "select", "option", "h1", "h2", "h3", "p", "span", "div", "b", "code", "table",
    "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "section", "article", "mark", "details", "summary",
    "svg", "line", "rect", "circle", "text",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset"}
SAFE_URL = re.compile(r"^(?:/(?!/)|#|\?|https?://)")
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "script":
            self._in_script = dict(attrs)
            self._script_text = []
        if tag == "style":
            self.styles += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._script_text)))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_text.append(data)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"element <{tag}> that no template writes")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRS and value is not None and not SAFE_URL.match(value):
                self.problems.append(f"{name}={value[:60]!r} on <{tag}>")
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.problems.append("meta refresh")


def check_page(html: str, *, inline: bool = False) -> list[str]:
    """The problems of a page; ``inline``: the report (one inline script and one style allowed)."""
    parser = _Collector()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    if inline:
        if len(parser.scripts) != 1 or parser.scripts[0][0]:
            problems.append(f"expected one inline script without attributes, found {len(parser.scripts)}")
        if parser.styles != 1:
            problems.append(f"expected one style element, found {parser.styles}")
    else:
        if [attrs for attrs, _ in parser.scripts] != [{"src": "/static/app.js", "defer": None}]:
            problems.append(f"scripts other than /static/app.js: {parser.scripts!r}"[:300])
        if parser.styles:
            problems.append("a style element")
    for m in RAW_CONTROLS.finditer(html):
        problems.append(f"raw control character U+{ord(m.group(0)):04X} at {m.start()}")
        break
    if re.search(r"<script[^>]*>\s*alert", html, re.IGNORECASE):
        problems.append("a raw <script>alert")
    return problems
