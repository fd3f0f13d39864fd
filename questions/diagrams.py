"""Diagrams written as Pikchr text, rendered to a small, safe, theme-aware SVG.

Pikchr (https://pikchr.org) draws boxes, cylinders and arrows from a few lines of text, so a
diagram is reviewable in a fixture diff. The SVG it returns is rebuilt from an allowlist of
elements and attributes: no script, no event handler, no link, no style attribute (the CSP
forbids inline styles, so Pikchr's `style="..."` becomes presentation attributes), and black
becomes `currentColor` so the drawing follows the page's light or dark text colour.
"""

import re
from xml.etree import ElementTree

from pypikchr.util.pikchr import create_pikchr

SVG_NS = "http://www.w3.org/2000/svg"
ELEMENTS = {"svg", "path", "polygon", "polyline", "circle", "ellipse", "text", "line", "rect", "g"}
ATTRIBUTES = {
    "viewBox", "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "width", "height", "text-anchor", "dominant-baseline", "font-size", "font-weight",
    "font-style", "fill", "stroke", "stroke-width", "stroke-dasharray", "transform",
}  # fmt: skip
STYLE_PROPERTIES = {"fill", "stroke", "stroke-width", "stroke-dasharray", "font-size"}
SAFE_VALUE = re.compile(r"^[\w\s.,#%()\-+:]*$")
PLAINTEXT_ERRORS = 0x0001


class DiagramError(ValueError):
    """The Pikchr text does not compile; the message says where."""


def svg_colour(value: str) -> str:
    value = value.strip()
    if value in {"rgb(0,0,0)", "black", "#000", "#000000"}:
        return "currentColor"
    if value in {"rgb(255,255,255)", "white"}:
        return "none"  # the page background shows through, in light and dark
    return value


def clean_element(element: ElementTree.Element) -> ElementTree.Element | None:
    tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    if tag not in ELEMENTS:
        return None
    attributes = {}
    for name, value in element.attrib.items():
        if name in ATTRIBUTES and SAFE_VALUE.match(value):
            attributes[name] = value
    for declaration in element.attrib.get("style", "").split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name in STYLE_PROPERTIES and SAFE_VALUE.match(value):
            attributes[name] = value
    for name in ("fill", "stroke"):
        if name in attributes:
            attributes[name] = svg_colour(attributes[name])
    clean = ElementTree.Element(tag, attributes)
    clean.text = element.text
    clean.tail = element.tail
    for child in element:
        cleaned = clean_element(child)
        if cleaned is not None:
            clean.append(cleaned)
    return clean


def render(source: str, label: str) -> str:
    """SVG for the Pikchr `source`, titled `label` for screen readers; raises DiagramError."""
    output = create_pikchr(source, "", PLAINTEXT_ERRORS, 0, 0)
    if not output.lstrip().startswith("<svg"):
        raise DiagramError(output.strip())
    # Pikchr's own output, not user input: it has no DTD or entities for an XML attack.
    root = clean_element(ElementTree.fromstring(output))  # noqa: S314
    root.attrib.update({"xmlns": SVG_NS, "role": "img", "class": "diagram-svg"})
    title = ElementTree.Element("title")
    title.text = label
    root.insert(0, title)
    return ElementTree.tostring(root, encoding="unicode")
