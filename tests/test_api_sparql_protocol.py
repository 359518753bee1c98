"""Raw HTTP requests → what the client asked for, or the 4xx that says what is wrong (a table)."""

from __future__ import annotations

import pytest

from api.errors import ApiError
from api.sparql_protocol import DescriptionRequest, QueryRequest, UpdateRequest, parse_request
from graph.store import QueryDataset

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
G1, G2 = "http://example.org/g1", "http://example.org/g2"

ACCEPTED = [
    # (method, query string, content type, body, parsed)
    ("GET", "", None, b"", DescriptionRequest()),
    ("GET", "format=x", None, b"", DescriptionRequest()),
    ("GET", "query=ASK%20%7B%7D", None, b"", QueryRequest("ASK {}")),
    ("GET", "query=ASK+%7B%7D", None, b"", QueryRequest("ASK {}")),
    ("GET", f"query=ASK%7B%7D&default-graph-uri={G1}&default-graph-uri={G2}&named-graph-uri={G2}", None, b"",
     QueryRequest("ASK{}", (G1, G2), (G2,))),
    ("GET", f"query=ASK%7B%7D&default-graph-uri={G1}&default-graph-uri={G1}", None, b"",
     QueryRequest("ASK{}", (G1,))),
    ("GET", "query=SELECT%20%3Fx%20%7B%20%3Fx%20%3Fp%20%22%E6%97%A5%E6%9C%AC%22%20%7D", None, b"",
     QueryRequest('SELECT ?x { ?x ?p "日本" }')),
    ("POST", "", FORM, b"query=ASK%20%7B%7D", QueryRequest("ASK {}")),
    ("POST", f"default-graph-uri={G1}", FORM, b"query=ASK%20%7B%7D", QueryRequest("ASK {}", (G1,))),
    ("POST", "", f"{FORM}; charset=UTF-8", f"query=ASK%7B%7D&named-graph-uri={G1}".encode(),
     QueryRequest("ASK{}", (), (G1,))),
    ("POST", "", QUERY, b"ASK {}", QueryRequest("ASK {}")),
    ("POST", "", f"{QUERY}; charset=utf-8", "ASK { ?s ?p \"月\" }".encode(), QueryRequest('ASK { ?s ?p "月" }')),
    ("POST", f"named-graph-uri={G2}", QUERY, b"ASK {}", QueryRequest("ASK {}", (), (G2,))),
    ("POST", "", FORM, b"update=CLEAR+ALL", UpdateRequest("CLEAR ALL")),
    ("POST", f"using-graph-uri={G1}&using-named-graph-uri={G2}", UPDATE, b"CLEAR ALL",
     UpdateRequest("CLEAR ALL", (G1,), (G2,))),
    ("POST", "", FORM, f"update=CLEAR%20ALL&using-graph-uri={G1}".encode(), UpdateRequest("CLEAR ALL", (G1,))),
]


@pytest.mark.parametrize(("method", "query_string", "content_type", "body", "parsed"), ACCEPTED)
def test_accepted(method: str, query_string: str, content_type: str | None, body: bytes, parsed: object) -> None:
    assert parse_request(method, query_string, content_type, body) == parsed


REFUSED = [
    # (method, query string, content type, body, status, words in the detail)
    ("GET", "query=ASK%7B%7D&query=SELECT%20*%20%7B%7D", None, b"", 400, "2 query= parameters"),
    ("GET", "update=CLEAR%20ALL", None, b"", 400, "must be sent with POST"),
    ("GET", "query=ASK%7B%7D&update=CLEAR%20ALL", None, b"", 400, "POST"),
    ("GET", f"default-graph-uri={G1}", None, b"", 400, "without a query"),
    ("GET", "query=ASK%7B%7D&default-graph-uri=relative", None, b"", 400, "not an absolute IRI"),
    ("GET", "query=ASK%7B%7D&named-graph-uri=", None, b"", 400, "not an absolute IRI"),
    ("GET", "query=ASK%7B%7D&using-graph-uri=http://a/", None, b"", 400, "using-graph-uri does not apply"),
    ("GET", "query=%FF", None, b"", 400, "not percent-encoded UTF-8"),
    ("PUT", "query=ASK%7B%7D", FORM, b"", 405, "PUT is not allowed"),
    ("POST", "", None, b"query=ASK%20%7B%7D", 415, "needs a Content-Type"),
    ("POST", "", "text/plain", b"ASK {}", 415, "text/plain is not supported"),
    ("POST", "", "multipart/form-data; boundary=x", b"", 415, "not supported"),
    ("POST", "", f"{QUERY}; charset=UTF-16", "ASK {}".encode("utf-16"), 415, "charset=utf-16"),
    ("POST", "", f"{UPDATE}; charset=UTF-16", "CLEAR NAMED".encode("utf-16"), 415, "charset=utf-16"),
    ("POST", "", QUERY, "ASK {}".encode("utf-16"), 400, "not UTF-8"),
    ("POST", "", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 400, "2 update= parameters"),
    ("POST", "", FORM, b"query=ASK%7B%7D&update=CLEAR%20ALL", 400, "both query= and update="),
    ("POST", "query=ASK%7B%7D", FORM, b"update=CLEAR%20ALL", 400, "both query= and update="),
    ("POST", "", FORM, b"default-graph-uri=http://a/", 400, "neither query= nor update="),
    ("POST", "query=ASK%7B%7D", QUERY, b"ASK {}", 400, "query= in the URL too"),
    ("POST", "update=CLEAR%20ALL", UPDATE, b"CLEAR ALL", 400, "update= in the URL too"),
    ("POST", f"default-graph-uri={G1}", UPDATE, b"CLEAR ALL", 400, "default-graph-uri does not apply"),
    ("POST", f"using-named-graph-uri={G1}", QUERY, b"ASK {}", 400, "using-named-graph-uri does not apply"),
    ("POST", "", FORM, b"query=%C3%28", 400, "not percent-encoded UTF-8"),
    ("POST", "", FORM, b"query=\xff", 400, "form body is not UTF-8"),
]


@pytest.mark.parametrize(("method", "query_string", "content_type", "body", "status", "words"), REFUSED)
def test_refused(method: str, query_string: str, content_type: str | None, body: bytes, status: int,
                 words: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_request(method, query_string, content_type, body)
    assert caught.value.status == status
    assert words in caught.value.detail


def test_the_protocol_dataset_replaces_the_query_dataset() -> None:
    assert QueryRequest("ASK {}").dataset is None
    assert QueryRequest("ASK {}", (), (G1,)).dataset == QueryDataset((), (G1,))
