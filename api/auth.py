"""Who may update: a bearer token from `CKG_UPDATE_TOKEN`; without one configured, nobody (403).

401 (with `WWW-Authenticate`, RFC 6750) tells a client with a missing or wrong token how to authenticate;
403 says updates are switched off on this service, so no token would help. The comparison takes the same time
whatever the token, so it leaks nothing about the secret.
"""

from __future__ import annotations

import hmac

from .errors import ApiError


def require_update_permission(authorization: str | None, token: str | None) -> None:
    """Return if the `Authorization` header carries the update token, else raise 401 or 403."""
    if token is None:
        raise ApiError(403, "Updates disabled", "This service does not accept SPARQL Update.")
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(), token.encode()):
        raise ApiError(401, "Unauthorized", "SPARQL Update needs 'Authorization: Bearer <token>'.",
                       {"WWW-Authenticate": 'Bearer realm="sparql-update"'})
