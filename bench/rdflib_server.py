"""rdflib-endpoint serving an N-Quads file, for `make bench`: `python -m bench.rdflib_server FILE PORT`.

The peer as its users deploy it: an rdflib `Dataset` whose default graph is the union of the named graphs (what
our service queries too), wrapped in `SparqlEndpoint` at `/sparql` and run by uvicorn on 127.0.0.1. rdflib-endpoint
is installed by `make bench` only; it is not a dependency of the project.
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main(data: Path, port: int) -> None:
    dataset = Dataset(default_union=True)
    dataset.parse(data, format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", public_url=f"http://127.0.0.1:{port}/sparql")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
