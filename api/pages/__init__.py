"""What the HTML pages need beyond the lookups: pure functions, each table-tested in `tests/test_pages.py`.

    lang.py       Accept-Language → the order of languages to show labels in (ja, en), and picking a label
    excerpt.py    a stored release file → the sentence around a source span, the span marked
    timeline.py   milestones (years, intervals) and dated marks → an SVG timeline
    network.py    organisations, people, agreements and labelled edges → an SVG graph
    data.py       the pages' data, read through `api.lookups` (one data function per resource)

Drawing is data → SVG string: no store, no request, no template; the routes pass the result to a template.
"""
