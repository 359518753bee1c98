"""A remote store's 500 that blames the request (Virtuoso's SQLSTATE classes 22 and 37, and 42001) is the
client's to fix; any other 5xx is the server's. The bodies are the ones Virtuoso 7.2 sends, first line verbatim."""

from __future__ import annotations

import pytest

from graph.remote_errors import request_fault

ECHO = "\n\nSPARQL query:\ndefine sql:big-data-const 0 SELECT * WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("first_line", [
    "Virtuoso 22012 Error SR084: Division by 0.",
    "Virtuoso 2201B Error SR098: regexp error at '(' column 1 (missing ))",
    "Virtuoso 22023 Error SPARUL_DROP() failed: graph <http://example.org/g> has not been explicitly created before",
    "Virtuoso 37000 Error SP031: SPARQL compiler: No plain default graph specified",
    "Virtuoso 42001 Error SR185: Undefined procedure DB.DBA.http://ex/f.",
])
def test_a_fault_of_the_request_is_named_by_its_first_line(first_line: str) -> None:
    assert request_fault(500, first_line + ECHO) == first_line


@pytest.mark.parametrize("body", [
    "Virtuoso 42000 Error SR186: No permission to execute procedure DB.DBA.SPARUL_RUN with user ID 107",
    "Virtuoso 40001 Error SR172: Transaction deadlocked",
    "Virtuoso 08C01 Error CL034: Lost connection to server",
    "Virtuoso S1T00 Error SR171: Transaction timed out",
    "Internal Server Error",
    "",
])
def test_a_fault_of_the_server_stays_the_servers(body: str) -> None:
    assert request_fault(500, body + ECHO) is None


def test_only_the_first_line_decides() -> None:
    """The server echoes the query after its message: words in the query cannot turn a 503 into a 400."""
    hostile = "Virtuoso 40001 Error SR172: Transaction deadlocked\n\nSPARQL query:\n# Virtuoso 22012 Error\nASK {}"
    assert request_fault(500, hostile) is None
    assert request_fault(500, "  note: Virtuoso 22012 Error SR084: Division by 0.") is None


@pytest.mark.parametrize("status", [200, 400, 404])
def test_only_a_server_error_is_read(status: int) -> None:
    assert request_fault(status, "Virtuoso 22012 Error SR084: Division by 0.") is None
