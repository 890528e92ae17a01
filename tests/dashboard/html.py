"""A small HTML reader for the view tests: elements by attribute, and their text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    def find_all(self, **attrs: str | None) -> list[Element]:
        """Descendants whose attributes match (a value of None: the attribute is present)."""
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if all(
                (key.replace("_", "-") in child.attrs)
                and (value is None or child.attrs[key.replace("_", "-")] == value)
                for key, value in attrs.items()
            ):
                found.append(child)
            found.extend(child.find_all(**attrs))
        return found

    def one(self, **attrs: str | None) -> Element:
        found = self.find_all(**attrs)
        assert len(found) == 1, f"{len(found)} elements match {attrs}"
        return found[0]

    def elements(self) -> list[Element]:
        """Every descendant element, in document order."""
        found = []
        for child in self.children:
            if not isinstance(child, str):
                found.append(child)
                found.extend(child.elements())
        return found

    def by_class(self, name: str) -> list[Element]:
        """Descendants with ``name`` among their classes."""
        return [e for e in self.elements() if name in e.attrs.get("class", "").split()]

    def first_class(self, name: str) -> Element:
        found = self.by_class(name)
        assert found, f"no element of class {name}"
        return found[0]

    def stat(self, key: str) -> str:
        """The text of the ``data-stat`` cell ``key`` inside this element."""
        return self.one(data_stat=key).text


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: bytes | str) -> Element:
    """The document as a tree of elements."""
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    reader.close()
    return reader.root
