"""`cislunar-kg ontology`: print the published ontology (or its alignments, or a released version).

Registered in cislunar_kg/cli.py with `app.command()(ontology)`. Turtle is the file exactly as published,
comments included; the other syntaxes are the same triples serialised by rdflib, JSON-LD compacted with
the package's own context, HTML a single page generated from the graph.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rdflib import Graph

import ontology as published
from graph.namespaces import bind_prefixes
from ontology.page import render_html


class OntologyFormat(StrEnum):
    turtle = "turtle"
    xml = "xml"
    jsonld = "json-ld"
    nt = "nt"
    html = "html"


def ontology_text(fmt: OntologyFormat, *, alignments: bool = False, version: str | None = None) -> str:
    """The chosen ontology file in the chosen syntax; `KeyError` if `version` was never released."""
    if version is None:
        turtle = published.read_alignments_text() if alignments else published.read_ontology_text()
    else:
        turtle = published.read_version_text(version, alignments=alignments)
    if fmt is OntologyFormat.turtle:
        return turtle
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(data=turtle, format="turtle")
    if fmt is OntologyFormat.html:
        return render_html(graph)
    if fmt is OntologyFormat.jsonld:
        context = json.loads(published.read_context_text())["@context"]
        return graph.serialize(format="json-ld", context=context)
    if fmt is OntologyFormat.nt:  # sorted, so two printings of one version compare equal line by line
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    return graph.serialize(format=fmt.value)


def ontology(
    fmt: Annotated[
        OntologyFormat, typer.Option("-f", "--format", help="Syntax to print.")
    ] = OntologyFormat.turtle,
    alignments: Annotated[
        bool,
        typer.Option(
            "--alignments", help="Print the alignments (mappings to schema.org, FIBO, NIF) instead."
        ),
    ] = False,
    version: Annotated[
        str | None,
        typer.Option("--version", help="A released version, e.g. 0.1.0; default: the current files."),
    ] = None,
) -> None:
    """Print the ontology as published: Turtle, RDF/XML, JSON-LD, N-Triples or an HTML page."""
    try:
        text = ontology_text(fmt, alignments=alignments, version=version)
    except KeyError as error:
        typer.echo(f"error: {error.args[0]}", err=True)
        raise typer.Exit(1) from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
