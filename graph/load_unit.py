"""The store a `load` writes into, as one unit: on the embedded store, the next generation, made active only
when every document is written and the store-wide rules pass (`graph.generations`); on a remote store, the
store itself (each document one update: see docs/cli.md, "A remote store")."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .errors import StoreError
from .generations import describe_os_error, next_generation
from .store import OxigraphStore
from .store_factory import StoreCredentials, open_store, parse_spec
from .store_interface import Store


@contextlib.contextmanager
def load_unit(spec: str, *, base_iri: str, credentials: StoreCredentials | None = None) -> Iterator[Store]:
    """Yield the store to write; on the embedded store what is written becomes visible, all at once, only if
    the block ends without an exception."""
    parsed = parse_spec(spec)
    if parsed.path is None:
        with open_store(spec, base_iri=base_iri, credentials=credentials) as remote:
            yield remote
        return
    with next_generation(parsed.path) as generation:
        store = OxigraphStore(generation.path, generation=True)
        try:
            yield store
        except BaseException as error:
            with contextlib.suppress(Exception):  # the error that stopped the load is the one to report
                store.close()
            if isinstance(error, (OSError, StoreError)) and _is_fault(error):
                raise StoreError(describe_os_error(error, parsed.path)) from error
            raise
        try:
            store.close()
            generation.commit()
        except (OSError, RuntimeError) as error:
            raise StoreError(describe_os_error(error, parsed.path)) from error


def _is_fault(error: BaseException) -> bool:
    """A full disk or a folder that may not be written, however deep in the store's message it is told."""
    text = str(error)
    return getattr(error, "errno", None) is not None or any(
        sign in text for sign in ("No space left", "Read-only file system", "Permission denied"))
