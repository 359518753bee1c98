"""cislunar-kg's composition root: the command line, the one place that wires the pipeline to the HTTP layer.

The layers point one way: `cislunar_kg` → `api` (the HTTP layer) → `graph` (the pipeline: source → extract →
build → validate → store). Nothing under `graph/` imports `api/`, and neither imports this package
(tests/test_architecture.py reads every import and checks it). The quality tools that judge the product rather
than make it — the ontology checklist, the synthetic releases — live in `cislunar_kg.quality`.
"""
