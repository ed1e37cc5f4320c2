"""The rich text of portal pages: a fixed subset of HTML, everything else removed (not escaped into view).

`clean(html)` parses with Python's `html.parser` and writes back only the allowed tags and attributes:
p, br, strong, em, u, h2–h4, ul, ol, li, table, thead, tbody, tr, th, td (colspan/rowspan), and
a with an href that is http(s) or relative. The content of script, style, iframe, object, svg,
math, template, noscript, textarea, title and select is dropped whole (void ones such as embed go as tags); event attributes (on*), style,
class, id and every other attribute are dropped; a `javascript:`/`data:`/`vbscript:` link loses its
href (the text stays). Text is escaped again, unclosed tags are closed, stray end tags ignored, so the
output is well-formed and safe to mark `|safe` in a template (the portal's CSP forbids inline script
and style besides)."""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

ALLOWED = {"p", "br", "strong", "em", "u", "h2", "h3", "h4", "ul", "ol", "li", "table", "thead", "tbody",
           "tr", "th", "td", "a"}
VOID = {"br"}
# Tags whose whole content goes (not only the tag).
DROP_CONTENT = {"script", "style", "iframe", "object", "svg", "math", "template", "noscript",
                "textarea", "title", "select", "frameset", "applet", "xmp", "noembed", "noframes"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
# Common synonyms an editor may paste: written as their allowed equivalent.
RENAME = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
SAFE_SCHEMES = ("http", "https")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
MAX_SPAN = 100


def safe_href(value: str | None) -> str | None:
    """The link target if it is http(s) or relative (no scheme), else None. Control characters and
    spaces inside the scheme (`java\\tscript:`) are removed before the scheme is judged, as browsers do."""
    if value is None:
        return None
    squeezed = _CONTROL.sub("", value)
    if not squeezed:
        return None
    match = _SCHEME.match(squeezed)
    if match:
        return value.strip() if match.group(1).lower() in SAFE_SCHEMES else None
    if squeezed.startswith("//"):  # protocol-relative: another site, but http(s) only
        return value.strip()
    if ":" in squeezed.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # something like "a:b" that some parser might still read as a scheme
    return value.strip()


def _span(value: str | None) -> str | None:
    if value is None or not value.strip().isdecimal():
        return None
    number = int(value.strip())
    return str(number) if 1 <= number <= MAX_SPAN else None


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping: list[str] = []

    # --- tags ---------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if self.dropping:
            if tag in DROP_CONTENT:
                self.dropping.append(tag)
            return
        if tag in DROP_CONTENT:
            self.dropping.append(tag)
            return
        tag = RENAME.get(tag, tag)
        if tag not in ALLOWED:
            return
        kept = []
        allowed = ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            name = name.lower()
            if name not in allowed:
                continue
            if name == "href":
                value = safe_href(value)
            elif name in {"colspan", "rowspan"}:
                value = _span(value)
            if value is None:
                continue
            kept.append(f' {name}="{escape(value, quote=True)}"')
        if tag == "a" and any(k.startswith(" href") for k in kept):
            kept.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        tag = RENAME.get(tag.lower(), tag.lower())
        if tag not in VOID and self.open and self.open[-1] == tag and not self.dropping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        tag = RENAME.get(tag, tag)
        if tag not in ALLOWED or tag in VOID or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    # --- content ------------------------------------------------------------------------------
    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        pass  # comments (and conditional comments) never pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def clean(html: str | None) -> str:
    """The allowed subset of `html` (see the module's text); '' for None."""
    if not html:
        return ""
    parser = _Cleaner()
    parser.feed(html.replace("\x00", ""))
    return parser.result().strip()


def plain_text(html: str | None) -> str:
    """The text of a page body without any tag (for summaries)."""
    return unescape(re.sub(r"<[^>]*>", "", clean(html)))
