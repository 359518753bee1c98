"""The ontology (and the ontology plus data) judged by the OWL tools another team uses.

Two independent judges, neither written here:

- `profile_violations`: py-horned-owl's OWL 2 DL profile checker (the global restrictions of OWL 2 DL:
  every entity declared, no illegal punning, no reserved vocabulary, no datatype outside the datatype map).
  py-horned-owl reads RDF/XML, so the graph is handed over as rdflib serialises it.
- `classify`: HermiT, the DL reasoner bundled in owlready2, run with its default settings on the same
  graph as N-Triples. It needs a Java runtime (`java` on PATH, or `JAVA_EXE`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef


class ReasonerUnavailable(RuntimeError):
    """No Java runtime to run HermiT on."""


def profile_violations(graph: Graph) -> list[str]:
    """Every OWL 2 DL profile violation py-horned-owl finds in `graph`, one readable line each."""
    import pyhornedowl
    from pyhornedowl.profile import check_profile

    parsed = pyhornedowl.open_ontology_from_string(_rdf_xml(graph), "rdf")
    report = check_profile(parsed, "DL")
    return sorted({_describe(v) for v in report.violations})


def _rdf_xml(graph: Graph) -> str:
    """RDF/XML with each resource as a typed node element, its type first.

    py-horned-owl reads the ontology header's `owl:versionIRI` as an undeclared annotation when the header's
    `rdf:type owl:Ontology` comes after it; rdflib's plain RDF/XML writes a resource's triples in hash order.
    """
    return graph.serialize(format="pretty-xml", max_depth=1)


def _describe(violation: object) -> str:
    iri = getattr(violation, "iri", None)
    what = type(violation).__name__
    return f"{what} {iri}" if iri is not None else f"{what}: {getattr(violation, 'message', '')}"


@dataclass(frozen=True)
class Classification:
    """What HermiT concluded: consistency, the unsatisfiable classes, and the superclasses it inferred."""

    consistent: bool
    unsatisfiable: frozenset[str]
    superclasses: dict[str, frozenset[str]]
    error: str = ""


def java_available() -> bool:
    return bool(os.environ.get("JAVA_EXE") or shutil.which("java"))


def classify(graph: Graph, classes: Iterable[URIRef] = ()) -> Classification:
    """Classify `graph` with HermiT (default settings); report the inferred superclasses of `classes`.

    A graph HermiT refuses (an unsupported datatype, say) gives `consistent=False` with HermiT's message as
    `error`, so a refusal is never mistaken for a pass.
    """
    if not java_available():
        raise ReasonerUnavailable("HermiT needs a Java runtime: install default-jre-headless or set JAVA_EXE")
    import owlready2

    if os.environ.get("JAVA_EXE"):
        owlready2.JAVA_EXE = os.environ["JAVA_EXE"]
    with tempfile.TemporaryDirectory(prefix="ckg-hermit-") as folder:
        path = Path(folder) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Classification(False, frozenset(), {}, "HermiT found the ontology inconsistent")
        except owlready2.OwlReadyJavaError as error:
            return Classification(False, frozenset(), {}, _java_message(str(error)))
        unsatisfiable = frozenset(
            str(c.iri) for c in world.inconsistent_classes() if str(c.iri) != "http://www.w3.org/2002/07/owl#Nothing"
        )
        superclasses: dict[str, frozenset[str]] = {}
        for iri in classes:
            found = world[str(iri)]
            superclasses[str(iri)] = (
                frozenset(str(a.iri) for a in found.ancestors() if hasattr(a, "iri"))
                if found is not None else frozenset()
            )
        world.close()
    return Classification(True, unsatisfiable, superclasses)


def _java_message(text: str) -> str:
    """The Java exception's message, without its stack trace: the part that says what HermiT refused."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Exception" in line), None)
    if start is None:
        return text.strip() or "HermiT failed"
    message = [lines[start].split("Exception:", 1)[-1]]
    for line in lines[start + 1 :]:
        if line.lstrip().startswith("at "):
            break
        message.append(line)
    return " ".join(part.strip() for part in message if part.strip())
