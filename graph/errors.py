"""The exceptions of the loading chain, one tree so callers can catch at the depth they need.

    CislunarKGError                 anything this package raises on purpose
    ├── SourceError                 a file is not a release we can read (empty, binary, wrong encoding, no body)
    ├── ValidationError             the built graph breaks a SHACL shape; carries the readable report
    └── StoreError                  the store refused an operation (locked, corrupt, bad query)
        ├── QuerySyntaxError        the SPARQL text does not parse
        ├── QueryEvaluationError    the SPARQL parses but the store cannot evaluate it (unknown function, feature)
        ├── StoreTimeout            a remote store did not answer within the time limit
        └── AnswerCut               a remote store cut an answer at its own row limit (Virtuoso's ResultSetMaxRows)
"""

from __future__ import annotations


class CislunarKGError(Exception):
    """Base of every error this package raises on purpose."""


class SourceError(CislunarKGError):
    """The input file is not a readable release; the message names the file and what was missing."""


class ValidationError(CislunarKGError):
    """The graph violates the shapes; `report` is the human-readable list of violations."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


class StoreError(CislunarKGError):
    """The store could not carry out an operation."""


class QuerySyntaxError(StoreError):
    """The SPARQL text is not valid SPARQL 1.1."""


class QueryEvaluationError(StoreError):
    """The store parsed the query or update but cannot evaluate it (an unknown function, an unsupported feature):
    asking again will not help, so it is the client's to change."""


class StoreTimeout(StoreError):
    """A remote store did not answer within the HTTP client's time limit."""


class AnswerCut(StoreError):
    """A remote store sent only part of an answer (it said so in `X-SPARQL-MaxRows`): never pass it on as whole."""
