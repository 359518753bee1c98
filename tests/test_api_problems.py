"""The problems raised from several places are worded once (`api/problems.py`)."""

from __future__ import annotations

import pytest

from api.problems import not_acceptable, query_timed_out


def test_not_acceptable_names_what_and_the_offered_types() -> None:
    error = not_acceptable("A graph", ["text/turtle", "application/n-triples"])
    assert (error.status, error.title) == (406, "Not acceptable")
    assert error.detail == ("A graph can be sent as text/turtle, application/n-triples; "
                            "the Accept header allows none of them.")


@pytest.mark.parametrize(("stopped", "detail"), [
    (False, "The request ran longer than the 2.5 s limit (CKG_QUERY_TIMEOUT); its answer was abandoned."),
    (True, ("The request ran longer than the 30 s limit (CKG_QUERY_TIMEOUT) and was stopped. "
            "Narrow the query or add LIMIT.")),
])
def test_query_timed_out_says_what_became_of_the_request(stopped: bool, detail: str) -> None:
    error = query_timed_out(2.5 if not stopped else 30.0, stopped=stopped)
    assert (error.status, error.title, error.detail) == (503, "Query timed out", detail)
