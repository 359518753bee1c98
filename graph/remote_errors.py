"""Whose fault a SPARQL server's error answer is: the request's (a 400 to the client) or the server's (a 503).

The protocol lets a server answer 500 for a query it parsed but could not evaluate, and Virtuoso does: `1/0`, a
bad regular expression, an unknown function and DROP of a graph it does not hold all come back as 500 with
an SQLSTATE at the head of the body (`Virtuoso 22012 Error SR084: Division by 0.`). Asking again fails the same way,
so passing them on as 503 (which tells a client to retry) is wrong. Only the body's first line is read, so no
text the server echoes later (it repeats the query) can decide the answer.
"""

from __future__ import annotations

import re

# `Virtuoso 22012 Error SR084: …`: the server, the five-character SQLSTATE, then the message.
_STATE_LINE = re.compile(r"\A\s*Virtuoso\s+(?P<state>[0-9A-Z]{5})\s+Error\b[^\n]*")
# SQLSTATE classes that blame the statement: 22 data exception (division by zero, a bad regular expression, a
# graph that is not there), 37 syntax error. Class 42 also holds permission failures, a server's set-up, so of it
# only 42001 (an undefined procedure: a function the query calls that does not exist) blames the request.
_REQUEST_CLASSES = ("22", "37")
_REQUEST_STATES = ("42001",)


def request_fault(status: int, body: str) -> str | None:
    """The server's one-line reason when a 5xx answer blames the request itself; None when it is the server's."""
    if status < 500:
        return None
    match = _STATE_LINE.match(body)
    if match is None:
        return None
    state = match["state"]
    if state[:2] in _REQUEST_CLASSES or state in _REQUEST_STATES:
        return " ".join(match.group().split())
    return None
