"""What a `load` would change, document by document, decided before anything is written.

Each release file is compared with the version the store holds, first by the SHA-256 of its bytes, then by
its facts:
- **new**: the store has no document of that name;
- **unchanged**: same bytes, read by the same extractor (`extractor_fingerprint`): not extracted, validated or
  written again, so reloading an unchanged corpus costs a hash per file;
- **re-read**: same bytes, another extractor (an upgrade): extracted again and written, whatever it changes;
- **changed**: other bytes. If the new version would remove facts the stored one has, the load is refused
  unless the operator allows it (`--allow-shrink`), and the signs that the capture is incomplete are named:
  the closing `以上` or a `【…】` section the stored version had, text that stops mid-sentence, a much shorter
  body. A capture cut short is the commonest fault of this kind of input.

Facts are the document's triples minus its provenance (annotations and their selectors, whose offsets move with
any edit, and the checksum). What the store holds per document — bytes' digest, extractor, the signs above —
is kept in a small manifest beside each generation's database (`ckg-manifest.json`); a store without one (an
older store, a remote store) is compared by the `ckg:checksum` and the triples of each document's graph.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .build import document_iri
from .errors import CislunarKGError
from .namespaces import CKG, DEFAULT_BASE_IRI
from .ntriples import NTriples
from .source import SourceDocument
from .store_interface import Store

MANIFEST = "ckg-manifest.json"
MUCH_SHORTER = 0.6  # a body under this share of the stored body's length is "much shorter"
_SENTENCE_END = tuple("。．.!！?？」』）)】〕…:：") + ("以上",)
_SECTION = re.compile(r"【[^】\n]{1,80}】")


class ShrinkRefused(CislunarKGError):
    """Changed releases would remove facts the store holds; nothing was written."""


@dataclass(frozen=True)
class Signs:
    """What a complete capture of a release shows, recorded so a later capture can be compared with it."""

    closing: bool  # a line that is just 以上
    sections: tuple[str, ...]  # the 【…】 headings, in order
    body_chars: int
    ends_mid_sentence: bool

    @classmethod
    def of(cls, source: SourceDocument) -> Signs:
        body = source.text[source.body_start:source.body_end]
        lines = [line.strip() for line in source.text.splitlines() if line.strip()]
        closing = "以上" in lines
        last = next((line for line in reversed(body.splitlines()) if line.strip()), "").strip()
        return cls(closing, tuple(dict.fromkeys(_SECTION.findall(body))), len(body.strip()),
                   not closing and bool(last) and not last.endswith(_SENTENCE_END))

    def incomplete_against(self, stored: Signs | None) -> list[str]:
        """The signs, by name, that this capture is incomplete (compared with the stored one's, if known)."""
        found = []
        if stored is not None and stored.closing and not self.closing:
            found.append("the closing 以上 is missing (the stored version has it)")
        lost = [s for s in stored.sections if s not in self.sections] if stored is not None else []
        if lost:
            found.append("section(s) missing: " + " ".join(lost))
        if self.ends_mid_sentence:
            found.append("the text stops mid-sentence")
        if stored is not None and stored.body_chars and self.body_chars < MUCH_SHORTER * stored.body_chars:
            found.append(f"the body is much shorter ({self.body_chars} characters, stored {stored.body_chars})")
        return found


@dataclass(frozen=True)
class StoredDocument:
    sha256: str
    extractor: str | None = None
    signs: Signs | None = None


@dataclass
class Manifest:
    extractor: str | None = None  # unused at this level; each document records its own
    documents: dict[str, StoredDocument] = field(default_factory=dict)

    @classmethod
    def read(cls, database: Path | None) -> Manifest:
        if database is None:
            return cls()
        try:
            data = json.loads((database / MANIFEST).read_text(encoding="utf-8"))
            documents = {
                iri: StoredDocument(d["sha256"], d.get("extractor"),
                                    Signs(**{**d["signs"], "sections": tuple(d["signs"]["sections"])})
                                    if d.get("signs") else None)
                for iri, d in data["documents"].items()
            }
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # no manifest (an older store), or an unreadable one: compare by the graphs
        return cls(None, documents)

    def write(self, database: Path) -> None:
        data = {"documents": {iri: asdict(d) for iri, d in sorted(self.documents.items())}}
        temporary = database / (MANIFEST + ".new")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(database / MANIFEST)


@dataclass
class Entry:
    """One release's line of the summary."""

    path: Path
    graph_iri: str
    sha256: str
    status: str  # new, unchanged, re-read, changed
    added: int = 0
    removed: int = 0
    facts: int = 0
    signs: list[str] = field(default_factory=list)
    new_signs: Signs | None = None

    @property
    def shrinks(self) -> bool:
        return self.status == "changed" and self.removed > 0

    def text(self) -> str:
        name = self.path.name
        if self.status == "new":
            return f"new        {name} ({self.facts} facts)"
        if self.status == "unchanged":
            return f"unchanged  {name}"
        what = "same source, extractor changed: " if self.status == "re-read" else ""
        line = f"{self.status:<10} {name} ({what}{self.added} facts added, {self.removed} removed)"
        if self.signs:
            line += "; signs of an incomplete capture: " + "; ".join(self.signs)
        return line


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A digest of what turns a release into a graph: the package's code, the ontology and the shapes."""
    import ontology
    import shapes

    digest = hashlib.sha256()
    roots = [Path(__file__).parent, Path(ontology.__file__).parent, Path(shapes.__file__).parent]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".ttl", ".jsonld") and p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# Measures of the file, not statements of the release: they change with any edit.
_MEASURES = tuple(f" <{CKG[name]}> " for name in ("checksum", "bodyStart", "bodyEnd", "charCount"))


def facts(triples: Iterable[str], base_iri: str) -> set[str]:
    """N-Triples lines that state something about the release's subject matter (provenance left out)."""
    annotation = f"<{base_iri}annotation/"
    kept = (line.strip() for line in triples)
    return {line for line in kept if line and not line.startswith(annotation) and not any(m in line for m in _MEASURES)}


def stored_triples(store: Store, graph_iri: str) -> list[str]:
    data = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}",
                       results_format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(data, bytes)
    return data.decode("utf-8").splitlines()


def stored_checksum(store: Store, graph_iri: str) -> str | None:
    answer = store.query(f"SELECT ?c WHERE {{ GRAPH <{graph_iri}> {{ ?d <{CKG.checksum}> ?c }} }} LIMIT 1")
    rows = getattr(answer, "rows", [])
    return str(rows[0]["c"].value) if rows else None


def digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_pass(
    paths: Sequence[Path], store: Store | None, manifest: Manifest,
    *, base_iri: str = DEFAULT_BASE_IRI,
) -> list[Entry]:
    """Each file's entry from its bytes alone: new, unchanged, or to be read (re-read / changed, decided later)."""
    fingerprint = extractor_fingerprint()
    held = set(store.named_graphs()) if store is not None else set()
    entries = []
    for path in paths:
        graph_iri = str(document_iri(path.stem, base_iri))
        sha = digest_file(path)
        if graph_iri not in held:
            entries.append(Entry(path, graph_iri, sha, "new"))
            continue
        stored = manifest.documents.get(graph_iri)
        stored_sha = stored.sha256 if stored is not None else stored_checksum(store, graph_iri)  # type: ignore[arg-type]
        if stored_sha != sha:
            entries.append(Entry(path, graph_iri, sha, "changed"))
        elif stored is not None and stored.extractor == fingerprint:
            entries.append(Entry(path, graph_iri, sha, "unchanged"))
        else:
            entries.append(Entry(path, graph_iri, sha, "re-read"))
    return entries


def compare(entry: Entry, triples: NTriples, source: SourceDocument,
            store: Store | None, manifest: Manifest, *, base_iri: str) -> None:
    """Fill in an entry read anew: facts added and removed, and for a changed source the signs of a cut."""
    new = facts(triples.lines(), base_iri)
    entry.facts = len(new)
    entry.new_signs = Signs.of(source)
    if entry.status == "new" or store is None:
        return
    old = facts(stored_triples(store, entry.graph_iri), base_iri)
    entry.added, entry.removed = len(new - old), len(old - new)
    if entry.status == "changed":
        stored = manifest.documents.get(entry.graph_iri)
        entry.signs = entry.new_signs.incomplete_against(stored.signs if stored is not None else None)


def refusal(entries: Sequence[Entry]) -> ShrinkRefused | None:
    shrinking = [e for e in entries if e.shrinks]
    if not shrinking:
        return None
    names = ", ".join(e.path.name for e in shrinking)
    return ShrinkRefused(
        f"refused: {len(shrinking)} changed release(s) would remove facts the store holds ({names}); a capture "
        "cut short looks like this. Check them, or load with --allow-shrink to replace them anyway; nothing was written"
    )


def updated_manifest(manifest: Manifest, entries: Sequence[Entry]) -> Manifest:
    fingerprint = extractor_fingerprint()
    documents = dict(manifest.documents)
    for entry in entries:
        if entry.status != "unchanged":
            documents[entry.graph_iri] = StoredDocument(entry.sha256, fingerprint, entry.new_signs)
    return Manifest(None, documents)
