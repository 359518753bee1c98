"""Every operation of /openapi.json, fuzzed by schemathesis against a real uvicorn serving the family's store.

Each generated request must get an answer that is not a server error, has a status the document declares for
the operation, a Content-Type it declares for that status, a body that fits the declared schema and the declared
headers; and data that breaks the declared schema must be refused with a 4xx. Bounded: `EXAMPLES` requests per
operation and way of asking (fitting data, breaking data, a browser's Accept), no shrinking: about a minute.
Schemathesis's pytest plugin is not used (its lazy fixture loader does not run under this pytest); its
strategies and checks are, through Hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

from api.app import create_app
from api.settings import Settings

from .api_fixtures import settings_for
from .conftest import SOURCES
from .uvicorn_server import Server

EXAMPLES = 15

# The SPARQL bodies are text: sent as schemathesis sends text/plain (it would otherwise leave them out).
schemathesis.serializer.alias(["application/sparql-query", "application/sparql-update"], "text/plain")

# The document as the app builds it (no store needed), so each operation is a test of its own; a test checks
# that the server under test serves the same document.
DOCUMENT = create_app(Settings()).openapi()
OPERATIONS = [result.ok() for result in schemathesis.openapi.from_dict(DOCUMENT).get_all_operations()]

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture(scope="module")
def served(family_store_path: Path) -> Iterator[Server]:
    configured = settings_for(family_store_path, sources=SOURCES, query_workers=1, query_timeout=3.0,
                              body_timeout=2.0, header_timeout=2.0)
    with Server(configured) as running:
        yield running


def breakable(operation: dict[str, Any]) -> bool:
    """Whether a request to `operation` can be made that breaks its schema: a body, or a constrained parameter."""
    if "requestBody" in operation:
        return True
    free_text = {"type": "string"}
    return any({k: v for k, v in parameter.get("schema", {}).items() if k not in ("title", "description")}
               != free_text for parameter in operation.get("parameters", []))


def test_the_fuzzed_document_is_the_one_served(served: Server) -> None:
    assert httpx.get(served.url + "/openapi.json", timeout=10).json() == DOCUMENT


def test_the_document_lists_every_operation() -> None:
    operations = {(method, path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert ("get", "/sparql") in operations and ("post", "/sparql") in operations
    assert len(operations) >= 15


@pytest.mark.parametrize(("mode", "accept"), [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None),
                                              (GenerationMode.POSITIVE, "text/html")],
                         ids=["positive", "negative", "browser"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_every_operation_answers_as_documented(served: Server, operation: Any, mode: GenerationMode,
                                               accept: str | None) -> None:
    """As an API client (no Accept) with data that fits and data that does not, and as a browser would ask."""
    if mode is GenerationMode.NEGATIVE and not breakable(operation.definition.raw):
        pytest.skip("nothing in this request can break its schema (no body, only free-text parameters)")
    def answers_as_documented(case: Any) -> None:
        case.call_and_validate(base_url=served.url, checks=CHECKS, timeout=30,
                               headers={"accept": accept} if accept else None)

    examples = operation.get_strategies_from_examples() if mode is GenerationMode.POSITIVE else []
    for strategy, count in [*((example, 1) for example in examples),  # the document's own examples first
                            (operation.as_strategy(generation_mode=mode), EXAMPLES)]:
        settings(max_examples=count, deadline=None, phases=[Phase.generate], database=None,
                 suppress_health_check=list(HealthCheck))(given(strategy)(answers_as_documented))()
