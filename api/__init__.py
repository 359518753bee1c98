"""The HTTP face of the graph: a SPARQL 1.1 Protocol endpoint over the store.

`create_app(settings, store)` in `app.py` builds it; each module here does one job of the request's trip:
protocol parsing → guard → store (in a killable worker) → negotiation → serialisation.
"""
