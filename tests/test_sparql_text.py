"""Codepoint escapes are expanded once, as SPARQL's grammar says, and whatever would still read two ways is refused."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.parser import expandUnicodeEscapes

from api.errors import ApiError
from api.sparql_text import canonical_text

BYPASS = (r'SELECT * { BIND("\u005C" AS ?a) SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } '
          r'BIND(" AS ?z) BIND(\u0022" AS ?b) }')


@pytest.mark.parametrize(("text", "canonical"), [
    ("SELECT * { ?s ?p ?o }", "SELECT * { ?s ?p ?o }"),
    (r"\u0053ELECT * {}", "SELECT * {}"),
    (r"ASK { \u003Curn:a\u003E ?p ?o }", "ASK { <urn:a> ?p ?o }"),
    (r'ASK { ?s ?p "\u00e9" }', 'ASK { ?s ?p "é" }'),  # lower-case hex digits
    (r'ASK { ?s ?p "\U0001F680" }', 'ASK { ?s ?p "🚀" }'),
    (r"\U00000053ERVICE", "SERVICE"),
    # \u takes exactly four digits: the rest are characters, not part of the escape (rdflib reads eight here).
    (r'"\u00410041"', '"A0041"'),
    (r'"\U0041"', None),  # \U takes eight: this is no escape by the grammar, but rdflib would expand it
    (BYPASS, 'SELECT * { BIND("\\" AS ?a) SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } BIND(" AS ?z) BIND("" AS ?b) }'),
    ('"\\t\\n\\"" # other escapes are the engine\'s', '"\\t\\n\\"" # other escapes are the engine\'s'),
    (r'"\u"', r'"\u"'),  # not an escape (no digits): left for the parser to refuse
    (r"\u005Cu0041", None),  # the pass makes \u0041: the engine would expand it again inside a string
    (r"\u005CU00000041", None),
    (r"\\u0041", "\\A"),  # the grammar expands first, so the backslash before is only a backslash
    (r"\u005C\u0075\u0030\u0030\u0034\u0031", None),  # \u0041 spelled one escape per character
    (r"\uD800", None),  # a surrogate
    (r"\uDFFF", None),
    (r"\U00110000", None),  # past U+10FFFF
    (r"\UFFFFFFFF", None),
    ("", ""),
])
def test_canonical_text(text: str, canonical: str | None) -> None:
    if canonical is None:
        with pytest.raises(ApiError) as caught:
            canonical_text(text)
        assert caught.value.status == 400
        return
    assert canonical_text(text) == canonical


def test_rdflib_reads_canonical_text_as_it_is() -> None:
    """The guard parses with rdflib, which expands escapes again: on canonical text that pass must do nothing."""
    for text in (BYPASS, r"\u005C\u005C u0041", r'"\u00410041"', r"\U0001F680 \u0020"):
        canonical = canonical_text(text)
        assert expandUnicodeEscapes(canonical) == canonical


def test_refusals_say_where() -> None:
    with pytest.raises(ApiError, match=r"character 5"):
        canonical_text(r"ASK \u005Cu0041")
    with pytest.raises(ApiError, match="not a Unicode character"):
        canonical_text(r'ASK { ?s ?p "\uD83D\uDE80" }')  # UTF-16 surrogate pairs are not SPARQL escapes
