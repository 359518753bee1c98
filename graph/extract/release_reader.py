"""Release text → one `Release`: runs each section's reader in order and joins what they found.

Each section of a release has its own reader (organisations, people, agreements, timeline, statements,
programmes, relations); an English release goes to the English reader (`graph.extract.english`).
"""

from __future__ import annotations

from dataclasses import replace

from ..facts import Ceremony, Person, Post, Release, Statement, merge_posts
from ..source import SourceDocument
from .aliases import Aliases
from .headline import find_title
from .milestones import find_milestones
from .names import collapse_spaces, person_key
from .ordered import unique, unique_by
from .organisations import OrganisationFindings, find_organisations
from .people import PostPhrase, find_captions, latin_twin
from .programmes import about_programmes, find_programmes
from .references import find_references
from .relations import find_relations
from .release_agreements import find_agreements
from .release_date import find_issued
from .spans import release_of
from .statements import find_comments
from .unread import find_unread


def extract_release(doc: SourceDocument) -> Release:
    """Everything the release states, each fact with the span it was read from."""
    if doc.language == "en":
        from .english import extract_english_release  # the English reader uses this package's helpers

        return extract_english_release(doc)
    orgs = find_organisations(doc)
    aliases = Aliases(orgs.frozen_organisations())
    relations = find_relations(doc, orgs, aliases)
    aliases = Aliases(orgs.frozen_organisations())  # groups and joint-venture owners found above

    title, joint = find_title(doc)
    issued, issued_span = find_issued(doc)
    posts = list(orgs.posts)
    captions = find_captions(doc, aliases, orgs.people)
    comments = find_comments(doc, aliases, orgs.people)
    for phrase in [p for c in captions for p in c.people] + [c.speaker for c in comments]:
        person = _person(orgs, phrase, posts)
        if phrase.organisation and phrase.title:
            posts.append(Post(person, phrase.organisation, collapse_spaces(phrase.title.exact),
                              (phrase.title, phrase.name)))

    agreements = find_agreements(doc, orgs, aliases, title, issued)
    main = agreements[0].key if agreements else None
    ceremonies = tuple(
        Ceremony(main, caption.event, tuple(unique(orgs.add_person(p.name) for p in caption.people)), caption.span)
        for caption in captions
        if caption.event and main
    )
    programmes = find_programmes(doc)
    statements = tuple(
        Statement(
            person=_person(orgs, c.speaker, posts),
            organisation=c.speaker.organisation,
            title=collapse_spaces(c.speaker.title.exact) if c.speaker.title else None,
            text=c.text,
            span=c.span,
            heading=c.heading,
        )
        for c in comments
    )
    release = release_of(
        doc,
        title,
        issued,
        issued_span,
        joint_release=joint,
        issuers=tuple(orgs.issuers),
        organisations=orgs.frozen_organisations(),
        head_offices=tuple(unique_by(orgs.head_offices, lambda h: (h.organisation, h.address))),
        people=tuple(Person(key, tuple(sorted(spans))) for key, spans in orgs.people.items()),
        posts=merge_posts(posts),
        relations=tuple(relations),
        agreements=tuple(about_programmes(doc, agreements, programmes.freeze())),
        ceremonies=ceremonies,
        programmes=programmes.freeze(),
        milestones=find_milestones(doc, aliases, programmes, main),
        statements=statements,
        references=find_references(doc),
    )
    return replace(release, unread=find_unread(doc, release))


def _person(orgs: OrganisationFindings, phrase: PostPhrase, posts: list[Post]) -> str:
    """The person a phrase names: a katakana name may transcribe a Latin-script one given in the release."""
    twin = latin_twin(person_key(phrase.name.exact), phrase.organisation, posts)
    if twin is None:
        return orgs.add_person(phrase.name)
    orgs.people[twin].append(phrase.name)
    return twin
