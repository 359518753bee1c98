"""Prepare many documents on every core, keeping `cislunar-kg load`'s promise: all are checked before any is written.

Read → extract → build → validate is pure and costs about a tenth of a second a release (SHACL most of it), so
a batch runs it in worker processes, one document at a time each. Each validated document comes back as its
graph's N-Triples text (`graph.ntriples`, made in the worker, so the writer converts nothing) and is spooled to a
temporary file: a batch of thousands is not held in memory, and `PreparedBatch.documents()` reads them back
one by one for the store write.
The first failure stops the batch (the remaining work is cancelled) and is raised as the error it was, so
nothing reaches the store.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, cast

from .crosslingual import Apart, Card, Link, apply_links, card, find_links
from .errors import CislunarKGError, ValidationError
from .facts import Span
from .namespaces import DEFAULT_BASE_IRI
from .pipeline import ontology_graph, prepare, scope_concepts
from .source import read_source
from .validated import ValidatedDocument, validate_document

# Below this many files the pool's start-up (a second or so) costs more than it saves.
POOL_THRESHOLD = 8


@dataclass(frozen=True)
class Loaded:
    """What the CLI reports of a document once written: its file, graph, size and the sentences it did not read."""

    path: Path
    graph_iri: str
    triples: int
    unread: tuple[Span, ...] = ()
    dated: bool = True  # the release gives a date of its own
    card: Card | None = None  # what cross-language linking needs of it (`graph.crosslingual`)


@dataclass
class PreparedBatch:
    """Validated documents spooled to a temporary file, in the order their paths were given."""

    summary: list[Loaded] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # English resources joined to Japanese ones, with the evidence
    apart: list[Apart] = field(default_factory=list)  # English resources kept apart for want of evidence
    _spool: IO[bytes] = field(default_factory=lambda: tempfile.TemporaryFile(prefix="ckg-batch-"))  # noqa: SIM115  (closed by close())
    _offsets: list[tuple[int, int]] = field(default_factory=list)

    def add(self, pickled: bytes, loaded: Loaded) -> None:
        self._spool.seek(0, os.SEEK_END)
        self._offsets.append((self._spool.tell(), len(pickled)))
        self._spool.write(pickled)
        self.summary.append(loaded)

    def documents(self) -> Iterator[ValidatedDocument]:
        """Each document, unpickled only when the writer reaches it."""
        for offset, size in self._offsets:
            self._spool.seek(offset)
            document = pickle.loads(self._spool.read(size))
            assert isinstance(document, ValidatedDocument)
            yield document

    def __len__(self) -> int:
        return len(self._offsets)

    def adopt(self, other: PreparedBatch) -> None:
        """Take `other`'s documents and summary in place of these (a batch rewritten after linking)."""
        self._spool.close()
        self._spool, self._offsets, self.summary = other._spool, other._offsets, other.summary

    def close(self) -> None:
        self._spool.close()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def prepare_batch(
    paths: Sequence[Path],
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    jobs: int | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> PreparedBatch:
    """Prepare every path (on `jobs` processes, default: every core); raise the first failure, in path order."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    batch = PreparedBatch()
    try:
        if jobs == 1 or len(paths) < POOL_THRESHOLD:
            for path in paths:
                _take(batch, _prepare_pickled(path, base_iri), on_done)
        else:
            _prepare_in_pool(batch, paths, base_iri, jobs, on_done)
        link_batch(batch, base_iri)
    except BaseException:
        batch.close()
        raise
    return batch


def link_batch(batch: PreparedBatch, base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Find the links among a prepared batch's releases and rewrite the English documents they touch, re-validated."""
    cards = [loaded.card for loaded in batch.summary if loaded.card is not None]
    links, apart = find_links(cards)
    batch.links, batch.apart = links, apart
    if not links:
        return
    by_document: dict[str, list[Link]] = {}
    for link in links:
        by_document.setdefault(link.english_document, []).append(link)
    relinked = PreparedBatch()
    for loaded, document in zip(list(batch.summary), list(batch.documents()), strict=True):
        touched = by_document.get(loaded.graph_iri)
        if touched:
            prepared = prepare(loaded.path, base_iri=base_iri)
            graph = apply_links(prepared.graph, touched, prepared.release, base_iri)
            document = validate_document(document.graph_iri, graph, ontology=ontology_graph(),
                                         sources={loaded.graph_iri: read_source(loaded.path).text})
            loaded = replace(loaded, triples=document.triples.count)
        relinked.add(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL), loaded)
    batch.adopt(relinked)


def _prepare_in_pool(
    batch: PreparedBatch, paths: Sequence[Path], base_iri: str, jobs: int, on_done: Callable[[Path], None] | None
) -> None:
    # `spawn`: the CLI may have a progress-bar thread running, and forking a threaded process is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_up) as pool:
        window = jobs * 4  # documents in flight: enough to keep every worker busy, few enough to stop early
        pending: dict[int, Future[tuple[str, object]]] = {}
        done: dict[int, tuple[str, object]] = {}
        submitted = next_to_take = 0
        try:
            while next_to_take < len(paths):
                while submitted < len(paths) and len(pending) < window:
                    pending[submitted] = pool.submit(_prepare_pickled, paths[submitted], base_iri)
                    submitted += 1
                finished, _ = wait(pending.values(), return_when=FIRST_COMPLETED)
                for index in [i for i, f in pending.items() if f in finished]:
                    done[index] = pending.pop(index).result()
                while next_to_take in done:  # keep the given order; the first failure in order wins
                    _take(batch, done.pop(next_to_take), on_done)
                    next_to_take += 1
        except BaseException:
            for future in pending.values():
                future.cancel()
            raise


def _take(batch: PreparedBatch, outcome: tuple[str, object], on_done: Callable[[Path], None] | None) -> None:
    kind, value = outcome
    if kind == "invalid":
        message, report = cast(tuple[str, str], value)
        raise ValidationError(message, report)
    if kind == "error":
        raise cast(CislunarKGError, value)
    pickled, loaded = cast(tuple[bytes, Loaded], value)
    batch.add(pickled, loaded)
    if on_done is not None:
        on_done(loaded.path)


def _warm_up() -> None:
    """Parse the ontology and shapes once per worker, not once per document."""
    ontology_graph()
    scope_concepts()


def _prepare_pickled(path: Path, base_iri: str) -> tuple[str, object]:
    """Prepare one document; the outcome is picklable whatever happens (`ValidationError` is not, as is)."""
    try:
        document = prepare(path, base_iri=base_iri)
    except ValidationError as error:
        return "invalid", (str(error), error.report)
    except CislunarKGError as error:
        return "error", error
    ready = document.document
    loaded = Loaded(document.path, str(document.graph_iri), ready.triples.count, document.release.unread,
                    document.release.issued is not None, card(document.release, str(document.graph_iri)))
    return "ok", (pickle.dumps(ready, protocol=pickle.HIGHEST_PROTOCOL), loaded)
