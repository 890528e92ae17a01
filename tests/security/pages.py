"""What a page carries that a Content-Security-Policy rules on: scripts, styles, handlers.

``inline_code(html)`` lists every ``<script>`` (with its attributes and text), every
``<style>`` element, every ``on…=`` event handler and every ``style=`` attribute of a page
or partial; ``policy(header)`` splits a CSP header into its directives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Script types a browser runs; anything else (application/json) is a data block.
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")


@dataclass
class InlineCode:
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    handlers: list[tuple[str, str]] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def executable_inline_scripts(self) -> list[tuple[dict[str, str], str]]:
        return [
            (attrs, text)
            for attrs, text in self.scripts
            if "src" not in attrs and attrs.get("type", "").lower() in EXECUTABLE_TYPES
        ]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.code = InlineCode()
        self._open: tuple[str, dict[str, str]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.code.handlers.append((name, value))
            elif name == "style":
                self.code.style_attributes.append(value)
        if tag in ("script", "style"):
            self._open, self._text = (tag, values), []
        if tag == "script" and "src" in values:
            self.code.links.append(values["src"])
        if tag == "link" and "href" in values:
            self.code.links.append(values["href"])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            text = "".join(self._text)
            if tag == "script":
                self.code.scripts.append((self._open[1], text))
            else:
                self.code.styles.append(text)
            self._open = None


def inline_code(html: str) -> InlineCode:
    """The scripts, styles, handlers and linked files of an HTML document or fragment."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.code


def policy(header: str) -> dict[str, list[str]]:
    """A CSP header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives
