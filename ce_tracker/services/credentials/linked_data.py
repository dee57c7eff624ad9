"""JSON-LD for credentials: the bundled contexts, a safe expansion, and RDF Dataset Canonicalization (RDFC-1.0).

The ``eddsa-rdfc-2022`` proof signs the canonical N-Quads of a credential, which depend on the JSON-LD contexts
it names. Those contexts are files in ``contexts/`` (their sources in contexts/SOURCES.md), served by
``load_document``; any other URL is refused, so nothing is ever fetched and no credential can make us reach
another machine.

``pyld`` does the JSON-LD work. It has no "safe mode", so ``canonical_nquads`` applies what JSON-LD safe mode
demands of a signed document itself: a term the contexts do not define is an error (it would silently drop out
of the signed statements), and so is a relative IRI as an ``@id``, ``@type`` or property.

Two more limits keep the canonicalization honest and cheap on input from strangers (the verify page is public):

* ``pyld``'s N-Quads escape fewer characters than RDFC-1.0 (control characters, and characters IRIs may not
  hold); a document where that would make a difference is refused rather than hashed in a form other
  verifiers would not reproduce. Our own credentials never hold such characters.
* RDFC-1.0 can take exponential time on crafted blank-node graphs ("poison graphs"): it hashes a group of alike
  neighbours in every order. The number of blank nodes and of blank neighbours of any one are bounded before
  canonicalizing, and like Digital Bazaar's ``rdf-canonize`` (``maxWorkFactor``) the deep iterations too; a
  document past a bound is refused.
"""

from __future__ import annotations

import copy
import json
import math
import re
from functools import cache
from pathlib import Path

from pyld import jsonld
from pyld.canon import URDNA2015

CONTEXT_DIR = Path(__file__).with_name("contexts")
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
BUNDLED = {VC_V2: "credentials-v2.jsonld", OB_V3: "ob-context-3.0.3.jsonld", OB_EXTENSIONS: "ob-extensions.jsonld"}
# Our credentials hold four unnamed parts (blank nodes), none linked to more than two others. RDFC-1.0 hashes a
# group of alike neighbours in every order (k! orders for k), so both counts are bounded well above ours.
MAX_BLANK_NODES = 12
MAX_BLANK_NEIGHBOURS = 3
MAX_PARTS = 400  # JSON values in a document (ours: about 60)
# pyld resolves a relative IRI against the base (an example.org address when none is given) instead of keeping it
# relative; with this base, whatever was relative is recognisable and refused.
RELATIVE = "https://relative-iri.invalid/"
# Characters RDFC-1.0 escapes in literals (a \u escape with four hex digits, or \b \f) that pyld writes raw; \t \n \r agree in both.
_LITERAL_DIFFERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters RDFC-1.0 escapes in IRIs, which pyld writes raw.
_IRI_DIFFERS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class NotCanonical(ValueError):
    """The document cannot be canonicalized as a signed credential must be; the message says why."""


@cache
def _context(url: str) -> dict:
    return json.loads((CONTEXT_DIR / BUNDLED[url]).read_text(encoding="utf-8"))


def load_document(url: str, options: dict | None = None) -> dict:
    """pyld's document loader: a bundled context by its URL, never anything fetched."""
    if url not in BUNDLED:
        raise jsonld.JsonLdError(f"the context {url[:100]} is not one we know", "jsonld.LoadDocumentError",
                                 code="loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_context(url))}


def _dropped(term: str) -> None:
    raise NotCanonical(f"the term {term[:60]!r} is not defined by its contexts")


def _as_json_parsers_read_it(value: object) -> object:
    """Numbers as JavaScript holds them after JSON.parse: a whole float is an integer (18.0 is 18).

    RDF writes integers and doubles differently, and other verifiers read our JSON with JavaScript, where
    18.0 and 18 are the same value. A fraction JavaScript would print without a "." (below 1e-6) is refused.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotCanonical("a number is not finite")
        if value.is_integer() and abs(value) < 1e21:
            return int(value)
        if 0 < abs(value) < 1e-6:
            raise NotCanonical("a number is too small to canonicalize alike everywhere")
        return value
    if isinstance(value, dict):
        return {k: _as_json_parsers_read_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_parsers_read_it(v) for v in value]
    return value


def _precheck(document: object) -> None:
    """Refuse, before any JSON-LD work, a document with more parts than a credential has.

    Expanding JSON-LD costs time in proportion to its parts; a crafted file of the page's 64 KB would take a
    tenth of a second before the graph bounds below could refuse it. Objects without an ``id`` become blank
    nodes; ``@context`` values are not counted (only bundled contexts load at all).
    """
    parts, unnamed, stack = 0, 0, [document]
    while stack:
        value = stack.pop()
        parts += 1
        if parts > MAX_PARTS:
            raise NotCanonical("it holds more parts than a credential")
        if isinstance(value, dict):
            unnamed += "id" not in value and "@id" not in value and "@value" not in value
            stack.extend(v for k, v in value.items() if k != "@context")
        elif isinstance(value, list):
            stack.extend(value)
    if unnamed > MAX_BLANK_NODES:
        raise NotCanonical("it holds too many unnamed parts to canonicalize")


def _absolute(iri: object) -> bool:
    return (isinstance(iri, str) and not iri.startswith(RELATIVE)
            and (iri.startswith("_:") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None))


def _shown(iri: object) -> str:
    """An IRI as the document wrote it, for a message."""
    text = str(iri)
    return repr(text.removeprefix(RELATIVE)[:60])


def _check_expanded(node: object) -> None:
    """Safe mode's IRI rules on the expanded form: no relative @id, @type or property."""
    if isinstance(node, list):
        for item in node:
            _check_expanded(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "@id" and not _absolute(value):
            raise NotCanonical(f"the identifier {_shown(value)} is not an absolute IRI")
        if key == "@type" and "@value" not in node:
            for kind in value if isinstance(value, list) else [value]:
                if not _absolute(kind) or kind.startswith("_:"):
                    raise NotCanonical(f"the type {_shown(kind)} is not defined by its contexts")
        elif key == "@type" and not _absolute(value):
            raise NotCanonical(f"the datatype {_shown(value)} is not an absolute IRI")
        if not key.startswith("@") and (not _absolute(key) or key.startswith("_:")):
            raise NotCanonical(f"the property {_shown(key)} is not defined by its contexts")
        if key != "@value":
            _check_expanded(value)


def _check_dataset(dataset: dict) -> int:
    """Refuse what pyld would write other than RDFC-1.0 does, and graphs too costly to canonicalize.

    Returns the number of blank nodes.
    """
    blank: dict[str, set[str]] = {}
    for quads in dataset.values():
        for quad in quads:
            ends = [p["value"] for p in quad.values() if p.get("type") == "blank node"]
            for end in ends:
                blank.setdefault(end, set()).update(e for e in ends if e != end)
            for part in quad.values():
                kind, value = part.get("type"), part.get("value", "")
                if kind == "IRI" and _IRI_DIFFERS.search(value):
                    raise NotCanonical("an IRI holds characters that cannot be canonicalized alike everywhere")
                if kind == "literal" and (_LITERAL_DIFFERS.search(value)
                                          or _IRI_DIFFERS.search(part.get("datatype", ""))):
                    raise NotCanonical("a text holds control characters")
    if len(blank) > MAX_BLANK_NODES:
        raise NotCanonical("it holds too many unnamed parts to canonicalize")
    if any(len(neighbours) > MAX_BLANK_NEIGHBOURS for neighbours in blank.values()):
        raise NotCanonical("its unnamed parts are linked too densely to canonicalize")
    return len(blank)


class _BoundedRdfc(URDNA2015):
    """RDFC-1.0 with a bound on deep iterations, as rdf-canonize's ``maxWorkFactor`` 1 (n^1 for n blank nodes)."""

    def __init__(self, blank_nodes: int):
        super().__init__()
        self._left = max(blank_nodes, 1)

    def hash_n_degree_quads(self, id_, issuer):
        self._left -= 1
        if self._left < 0:
            raise NotCanonical("its blank nodes take too much work to canonicalize")
        return super().hash_n_degree_quads(id_, issuer)


def canonical_nquads(document: dict) -> str:
    """The RDFC-1.0 canonical N-Quads of ``document``; NotCanonical (a ValueError) saying why it cannot be."""
    options = {"documentLoader": load_document, "processingMode": "json-ld-1.1", "base": RELATIVE}
    processor = jsonld.JsonLdProcessor(on_property_dropped=_dropped)
    _precheck(document)
    try:
        expanded = processor.expand(_as_json_parsers_read_it(document), dict(options))
        _check_expanded(expanded)
        dataset = processor.to_rdf(expanded, {**options, "produceGeneralizedRdf": False})
    except jsonld.JsonLdError as error:
        raise NotCanonical(_reason(error)) from error
    except RecursionError as error:
        raise NotCanonical("it is nested too deeply") from error
    blank_nodes = _check_dataset(dataset)
    return _BoundedRdfc(blank_nodes).main(dataset, {"format": "application/n-quads"})


def _reason(error: jsonld.JsonLdError) -> str:
    """The innermost cause a person can act on (an unknown context, a term defined twice...)."""
    while isinstance(error.__cause__, (jsonld.JsonLdError, NotCanonical)):
        error = error.__cause__
    if isinstance(error, NotCanonical):
        return str(error)
    return f"its JSON-LD cannot be processed ({str(error.args[0] if error.args else error)[:120]})"
