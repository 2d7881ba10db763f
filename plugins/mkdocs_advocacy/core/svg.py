"""SVG photos and logos: an allowlist of static SVG, checked and re-serialized.

Parsed with lxml (no entities, no DTD, no network) and checked against an allowlist of static SVG
elements and attributes; CSS, in `style` attributes, `<style>` elements and presentation
attributes, is read with tinycss2 (which decodes CSS escapes, so `u\\72l(` is seen as `url(`).
The published file is the parsed tree re-serialized, holding only what the allowlist let through.
"""

from __future__ import annotations

from typing import Any

import tinycss2
from lxml import etree

from .refusal import MAX_BYTES, ImageRefused, _article, _short, _too_many_bytes

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Static SVG: structure, shapes, text, paint servers, clipping, masking, markers, filters. Not here:
# script, foreignObject, image, feImage, a, animation (animate, set, animateMotion,
# animateTransform, discard, mpath), view, cursor, font-face and anything from another namespace.
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
    "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile",
    "feTurbulence",
})
_ANIMATION = frozenset({"animate", "animatecolor", "animatemotion", "animatetransform", "set", "discard",
                        "mpath"})

# Attributes without a namespace (besides aria-* and data-*, which are inert text). None of them
# runs or fetches anything except `href` (checked: `#fragment` only), `style` (checked as CSS) and
# the CSS-valued ones, whose values are checked for url() and functions below.
SVG_ATTRIBUTES = frozenset({
    # core, structure, accessibility
    "id", "class", "style", "lang", "role", "href", "width", "height", "x", "y", "viewBox",
    "preserveAspectRatio", "version", "baseProfile", "transform", "requiredFeatures",
    "requiredExtensions", "systemLanguage", "type", "media", "enable-background",
    # geometry
    "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points",
    "pathLength",
    # text
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "text-anchor", "font-family", "font-size",
    "font-weight", "font-style", "font-variant", "font-stretch", "font-size-adjust", "font",
    "letter-spacing", "word-spacing", "text-decoration", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "writing-mode", "direction", "unicode-bidi", "startOffset", "method",
    "spacing", "side", "white-space", "text-rendering", "kerning",
    # painting
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "overflow", "clip",
    "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits", "mask-type",
    "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
    "refX", "refY", "orient", "paint-order", "vector-effect", "shape-rendering",
    "color-interpolation", "color-interpolation-filters", "color-rendering", "image-rendering",
    "isolation", "mix-blend-mode", "solid-color", "solid-opacity",
    # gradients and patterns
    "gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color", "stop-opacity",
    "patternUnits", "patternContentUnits", "patternTransform",
    # filters
    "filter", "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "operator",
    "k1", "k2", "k3", "k4", "mode", "values", "tableValues", "slope", "intercept", "amplitude",
    "exponent", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY", "edgeMode",
    "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "lighting-color", "flood-color", "flood-opacity", "scale",
    "xChannelSelector", "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed",
    "stitchTiles", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
    "limitingConeAngle",
})
# Free text, never read as CSS.
_TEXT_ATTRIBUTES = frozenset({"id", "class", "lang", "role", "requiredFeatures", "requiredExtensions",
                              "systemLanguage"})
_XML_ATTRIBUTES = frozenset({"space", "lang"})

# Metadata that drawing programs write (Inkscape, Sodipodi, Illustrator, Sketch, RDF/Dublin Core).
# It is inert; elements and attributes in these namespaces, and <metadata>, are left out of the
# published file instead of being refused, so that an exported logo passes as it is.
EDITOR_NAMESPACES = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
})

# CSS functions that compute a value and fetch nothing. Anything else (url() to elsewhere,
# image-set(), -webkit-image-set(), image(), cross-fade(), element(), src(), expression(), env(),
# attr()...) is refused.
CSS_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "light-dark", "calc", "min", "max", "clamp", "var",
    "matrix", "translate", "translatex", "translatey", "scale", "scalex", "scaley", "rotate",
    "skew", "skewx", "skewy",
})
_LOADING_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade",
                                "-webkit-cross-fade", "element", "-moz-element", "paint"})
_SHEET = ""  # `where` for a <style> element, as opposed to an attribute's name


def _split(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return None, name


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=False, dtd_validation=False,
                           encoding="utf-8")


def _parse_svg(data: bytes) -> tuple[Any, list[str]]:
    """The parsed root (None when unreadable) and every reason it cannot be published."""
    if len(data) > MAX_BYTES:
        return None, [_too_many_bytes(len(data))]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None, ["is not UTF-8 text (save the SVG as UTF-8)"]
    try:
        root = etree.fromstring(data, _parser())
    except (etree.LxmlError, ValueError) as e:
        return None, [f"is not a readable SVG ({_short(getattr(e, 'msg', '') or str(e), 80)})"]
    if root is None:
        return None, ["is not a readable SVG (it is empty)"]
    found: set[str] = set()
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        found.add("has a DOCTYPE or entity declaration")
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        found |= _node_problems(sibling)
    ns, local = _split(root.tag) if isinstance(root.tag, str) else (None, "")
    if (ns, local) != (SVG_NS, "svg"):
        if local == "svg":
            found.add(f'is not an SVG image (its root element needs xmlns="{SVG_NS}")')
        else:
            found.add(f"is not an SVG image (its root element is <{_short(local)}>)")
        return root, sorted(found)
    stack = [root]
    while stack:
        el = stack.pop()
        found |= _node_problems(el)
        if _kept_element(el):
            stack.extend(el)
    return root, sorted(found)


def _node_problems(node: Any) -> set[str]:
    """What is wrong with one node itself (not its children)."""
    if node.tag is etree.PI:
        return {f"has a processing instruction (<?{_short(node.target)}?>)"}
    if node.tag is etree.Entity:
        return {f"has an entity reference (&{_short(node.name)};)"}
    if not isinstance(node.tag, str):  # a comment: the parser drops them
        return set()
    if not _kept_element(node):
        return set()
    found = _element_problems(node.tag)
    for name, value in node.attrib.items():
        found |= _attribute_problems(name, value)
    if node.tag == f"{{{SVG_NS}}}style":
        if len(node):
            found.add("has markup inside a <style> element")
        found |= _css_problems(tinycss2.parse_stylesheet(node.text or "", skip_comments=True,
                                                         skip_whitespace=True), _SHEET)
    return found


def _kept_element(el: Any) -> bool:
    """False for editor metadata, which is left out of the published file without complaint."""
    if not isinstance(el.tag, str):
        return False
    ns, local = _split(el.tag)
    return ns not in EDITOR_NAMESPACES and (ns, local) != (SVG_NS, "metadata")


def _element_problems(tag: str) -> set[str]:
    ns, local = _split(tag)
    shown = _short(local)
    if ns != SVG_NS:
        return {f"has {_article(local)} <{shown}> element outside the SVG namespace"}
    if local in SVG_ELEMENTS:
        return set()
    low = local.lower()
    if low == "script":
        return {"has a <script> element"}
    if low == "foreignobject":
        return {"has a <foreignObject> element"}
    if low in _ANIMATION:
        why = "animation is not allowed"
    elif low in ("image", "feimage"):
        why = "embedded images are not allowed"
    elif low == "a":
        why = "links are not allowed"
    else:
        why = "not allowed in a published SVG"
    return {f"has {_article(local)} <{shown}> element ({why})"}


def _attribute_allowed(name: str) -> bool:
    """Whether an attribute may appear in a published SVG at all (its value is checked apart)."""
    ns, local = _split(name)
    if local.lower().startswith("on"):
        return False
    if ns is None:
        return local in SVG_ATTRIBUTES or local.startswith(("aria-", "data-"))
    return (ns == XLINK_NS and local == "href") or (ns == XML_NS and local in _XML_ATTRIBUTES)


def _attribute_problems(name: str, value: str) -> set[str]:
    ns, local = _split(name)
    if local.lower().startswith("on"):
        return {f"has an event-handler attribute ({_short(local.lower())})"}
    if ns in EDITOR_NAMESPACES:
        return set()  # left out of the published file
    if not _attribute_allowed(name):
        if ns in (None, XLINK_NS, XML_NS):
            prefix = {None: "", XLINK_NS: "xlink:", XML_NS: "xml:"}[ns]
            return {f"has an attribute that is not allowed ({_short(prefix + local)})"}
        return {f"has an attribute in an unknown namespace ({_short(ns or '')})"}
    if local == "href":
        problem = _href_problem("xlink:href" if ns == XLINK_NS else "href", value)
        return {problem} if problem else set()
    if local == "style" and ns is None:
        return _css_problems(tinycss2.parse_blocks_contents(value, skip_comments=True, skip_whitespace=True),
                             "style")
    if ns is None and local not in _TEXT_ATTRIBUTES and not local.startswith(("aria-", "data-")):
        # Presentation attributes are CSS values: fill="url(#g)" is fine, fill="url(https://…)" not.
        return _css_problems(tinycss2.parse_component_value_list(value), local)
    return set()


def _href_problem(attr: str, value: str) -> str | None:
    # As a browser reads a URL: tabs and newlines anywhere and C0 controls or spaces around go.
    url = "".join(ch for ch in value if ch not in "\t\n\r").strip("".join(map(chr, range(33))))
    if url.startswith("#"):
        return None
    scheme = url.partition(":")[0].lower() if ":" in url else ""
    if scheme == "javascript":
        return "has a javascript: link"
    if scheme == "data":
        return f"has an embedded data: URL in {attr} ({_short(value)})"
    return f"has an external reference in {attr} ({_short(value)})"


def _css_problems(nodes: list[Any], where: str) -> set[str]:
    """Why CSS (a style sheet, a style attribute or a presentation attribute's value) is refused.

    tinycss2 has already decoded escapes, so `u\\72l(` is a url token and `@\\69mport` an import.
    """
    found: set[str] = set()
    in_sheet = where == _SHEET

    def external(detail: str) -> None:
        if in_sheet:
            found.add(f"has a style sheet that loads an external resource ({_short(detail)})")
        else:
            found.add(f"has an external reference in {where} ({_short(detail)})")

    def place() -> str:
        return "a style sheet" if in_sheet else where

    # (node, in_prelude): selectors may hold functions such as :not(); only their urls matter.
    stack: list[tuple[Any, bool]] = [(n, False) for n in nodes]
    while stack:
        node, in_prelude = stack.pop()
        kind = node.type
        if kind == "error":
            found.add(f"has CSS that cannot be read in {place()} ({_short(node.message)})")
        elif kind == "at-rule":
            if node.lower_at_keyword == "import":
                external("@import")
            else:
                found.add(f"has an @{_short(node.lower_at_keyword)} rule in {place()} "
                          "(at-rules are not allowed)")
        elif kind == "qualified-rule":
            stack.extend((n, True) for n in node.prelude)
            contents = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
            stack.extend((n, False) for n in contents)
        elif kind == "declaration":
            stack.extend((n, in_prelude) for n in node.value)
        elif kind == "url":
            if not node.value.startswith("#"):
                external(f"url({node.value})")
        elif kind == "function":
            name = node.lower_name
            if name == "url":
                args = [a for a in node.arguments if a.type not in ("whitespace", "comment")]
                if not (len(args) == 1 and args[0].type == "string" and args[0].value.startswith("#")):
                    external(f"url({tinycss2.serialize(node.arguments).strip()})")
            elif name in _LOADING_FUNCTIONS:
                external(f"{name}()")
            elif in_prelude or name in CSS_FUNCTIONS:
                stack.extend((n, in_prelude) for n in node.arguments)
            else:
                found.add(f"has a CSS function that is not allowed in {place()} ({_short(name)}())")
        elif kind in ("() block", "[] block", "{} block"):
            stack.extend((n, in_prelude) for n in node.content)
    return found


def svg_problems(data: bytes) -> list[str]:
    """Why this SVG cannot be published (empty when it can): one sorted line per distinct reason."""
    return _parse_svg(data)[1]


def clean_svg(data: bytes) -> bytes:
    """The SVG as published: its parsed tree, holding only what the allowlist lets through.

    Comments, editor metadata, and the XML declaration are left out; the same input always gives
    the same bytes. ImageRefused when `svg_problems` is not empty.
    """
    root, problems = _parse_svg(data)
    if problems:
        raise ImageRefused("; ".join(problems))
    out = etree.Element(root.tag, nsmap={None: SVG_NS, "xlink": XLINK_NS})
    stack = [(root, out)]
    while stack:
        src, dst = stack.pop()
        for name, value in src.attrib.items():
            if _attribute_allowed(name) and not _attribute_problems(name, value):
                dst.set(name, value)
        dst.text = src.text
        last = None
        for child in src:
            if _kept_element(child) and not _element_problems(child.tag):
                last = etree.SubElement(dst, child.tag)
                last.tail = child.tail
                stack.append((child, last))
            elif child.tail:  # the text after a left-out element stays
                if last is None:
                    dst.text = (dst.text or "") + child.tail
                else:
                    last.tail = (last.tail or "") + child.tail
    etree.cleanup_namespaces(out)  # xmlns:xlink only where an xlink:href is published
    return bytes(etree.tostring(out, encoding="utf-8"))
