"""cislunar-kg: press releases of the ispace–JAL group partnership as a validated knowledge graph.

The flow runs one way: source → extract → build → validate → store. Each step is one module here.
"""
