"""Tools that judge the product rather than make it; none of them runs when the graph is loaded or served.

- `ontology_check`: the ontology checklist (`make check-ontology`), FOOPS!/OOPS!-style, on the published files.
- `owl_dl`: the OWL 2 DL profile check and the HermiT classification the checklist runs.
- `synthetic_releases`: made-up press-release texts in the layouts the loader reads, for tests and
  `make bench-scale` (not to be confused with `bench/synthetic_graph.py`, which writes RDF straight into a store).
"""
