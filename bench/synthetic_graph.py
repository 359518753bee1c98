"""A synthetic graph shaped like the real releases, for `make bench`: the same seed always gives the same bytes.

Each synthetic release is one named graph (named by its document IRI, as `cislunar-kg load` does) holding what
the loader makes of a real one: the issuing companies (`org:FormalOrganization`, labels, short name, head office
with `ckg:statedOn`), their representatives (`foaf:Person`) and posts (`org:Membership` + `org:Role`), one
agreement (`ckg:Agreement`, `ckg:hasParty`, `ckg:signedOn`, scope, signing ceremony), programme and missions,
timeline milestones with OWL-Time intervals, executives' statements, and for every resource PROV links and one or
two Web Annotations with a `TextPositionSelector` and a `TextQuoteSelector`. Companies and people recur across
releases, and a company's head office moves once, as in the real data, so every competency query has rows.

Deterministic: one `random.Random(seed)`, no clock, no hash randomisation, terms written by Oxigraph's N-Quads
serialiser in generation order. IRIs are spelled out here rather than taken from `graph.namespaces`, so the bytes
do not change when the project's modules do.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.union import UNION_REFRESH

SEED = 20251203
DEFAULT_TRIPLES = 100_000

ID = "https://w3id.org/cislunar-kg/id/"
CKG = "https://w3id.org/cislunar-kg/ontology#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The signing date the `parties-of-agreement` query asks for; every PARTIES_DATE_EVERY-th agreement has it.
ASKED_SIGNING_DATE = "2025-11-28"
PARTIES_DATE_EVERY = 20

_STEMS = ["月面", "宇宙", "航空", "軌道", "衛星", "深宇宙", "星間", "空港", "ロケット", "ルナ", "シスルナ",
          "オービタル"]
_TAILS = ["輸送", "工業", "開発", "技研", "システムズ", "エンジニアリング", "商事", "ロジスティクス", "サービス"]
_SHORT = ["LX", "SP", "AX", "OR", "ST", "DS", "IS", "AP", "RK", "LN", "CL", "OB"]
_WARDS = ["東京都中央区", "東京都港区", "東京都品川区", "東京都大田区", "東京都千代田区", "東京都江東区",
          "大阪府大阪市", "愛知県名古屋市", "福岡県福岡市", "北海道札幌市", "茨城県つくば市", "神奈川県横浜市"]
_SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
             "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川",
             "秡川", "袴田", "濱本", "毛利"]
_GIVEN = ["武史", "三津子", "隆夫", "隆士", "宏樹", "敏章", "英史", "健一", "直子", "誠", "浩二", "美咲", "翔太",
          "陽子", "大輔", "由美", "拓也", "恵", "修", "智子", "亮", "真一", "洋平", "綾", "聡", "和也", "花子",
          "一郎", "裕子", "剛"]
_REPRESENTATIVE = ["代表取締役社長", "代表取締役", "代表取締役CEO & Founder", "代表取締役会長"]
_EXECUTIVE = ["執行役員 イノベーション本部長", "取締役 事業推進部長", "執行役員 航空・空港事業本部長",
              "常務執行役員 宇宙事業部長", "取締役 技術本部長", "執行役員 経営企画部長"]
_AGREEMENTS = [("BasicAgreement", "基本合意書"), ("LetterOfIntent", "意向表明書"),
               ("MemorandumOfUnderstanding", "覚書"), ("CorporatePartnerContract", "コーポレートパートナー契約"),
               ("CapitalAndBusinessAlliance", "資本業務提携")]
_SCOPES = ["scope-lunar-transport", "scope-flight-operations"]
_PROGRAMMES = ["HAKUTO", "HAKUTO-R", "LUNA-X", "ORBIT-J", "CISLUNAR-1", "MOONPORT", "TSUKI", "KAGUYA-N"]
_MILESTONE_TEXT = ["コーポレートパートナーとして支援", "プログラム始動", "ランダー組立支援",
                   "フライトモデルの航空輸送支援", "パートナーシップ継続", "協業検討開始", "ローバー輸送支援",
                   "運航分野での協業"]


@dataclass(frozen=True)
class Person:
    iri: str
    name: str
    title: str


@dataclass(frozen=True)
class Company:
    iri: str
    name: str
    short: str
    english: str
    offices: tuple[str, str]  # the head office before and after `moves_in`
    moves_in: int
    people: tuple[Person, ...]


class _Writer:
    """Collects the quads of one named graph, in order and each once (a graph is a set: a year that two
    milestones share is stated once, as the loader would)."""

    def __init__(self, graph: str) -> None:
        self.quads: list[ox.Quad] = []
        self._seen: set[ox.Quad] = set()
        self._nodes: dict[str, ox.NamedNode] = {}
        self.graph = self.node(graph)

    def node(self, iri: str) -> ox.NamedNode:
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, s: str, p: str, o: str | ox.Literal) -> None:
        obj = o if isinstance(o, ox.Literal) else self.node(o)
        quad = ox.Quad(self.node(s), self.node(p), obj, self.graph)
        if quad not in self._seen:
            self._seen.add(quad)
            self.quads.append(quad)


def ja(text: str) -> ox.Literal:
    return ox.Literal(text, language="ja")


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _companies(rng: random.Random, count: int) -> list[Company]:
    names = [(stem, tail) for stem in _STEMS for tail in _TAILS]
    rng.shuffle(names)
    people_names = [s + g for s in _SURNAMES for g in _GIVEN]
    rng.shuffle(people_names)
    companies = []
    for i in range(count):
        stem, tail = names[i % len(names)]
        body = f"{stem}{tail}" + (f"{i // len(names) + 1}" if i >= len(names) else "")
        short = f"{_SHORT[_STEMS.index(stem)]}{i:03d}"
        key = f"synthetic-{i:04d}"
        people = []
        for j, titles in enumerate((_REPRESENTATIVE, _EXECUTIVE)):
            name = people_names[(2 * i + j) % len(people_names)]
            people.append(Person(f"{ID}person/{name}{'' if 2 * i + j < len(people_names) else i}",
                                 name, rng.choice(titles)))
        first, second = rng.sample(_WARDS, 2)
        companies.append(Company(f"{ID}organization/{key}", f"株式会社{body}", short, f"{body} Co., Ltd.",
                                 (first, second), rng.randint(2016, 2024), tuple(people)))
    return companies


def _slug(text: str) -> str:
    return text.replace(" ", "-")


class _Release:
    """Writes one synthetic release into its own named graph; `cursor` walks a pretend text for the offsets."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.year = 2015 + index % 11
        self.issued = f"{self.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        self.name = f"{self.issued}_synthetic-{index:04d}"
        self.doc = f"{ID}document/{self.name}"
        self.out = _Writer(self.doc)
        self.cursor = rng.randint(40, 80)
        self.annotations = 0

    def sourced(self, resource: str, quote: str) -> None:
        """PROV links and one or two Web Annotations pointing at where `quote` was read."""
        out, doc = self.out, self.doc
        out.add(resource, PROV + "wasDerivedFrom", doc)
        out.add(resource, PROV + "hadPrimarySource", doc)
        for _ in range(self.rng.choice((1, 1, 2))):
            self.annotations += 1
            start = self.cursor + self.rng.randint(0, 60)
            self.cursor = start + len(quote)
            ann = f"{ID}annotation/{self.name}/{self.annotations:05d}"
            out.add(ann, RDF_TYPE, OA + "Annotation")
            out.add(ann, OA + "hasBody", resource)
            out.add(ann, OA + "motivatedBy", OA + "identifying")
            out.add(ann, OA + "hasTarget", ann + "#target")
            out.add(ann + "#target", RDF_TYPE, OA + "SpecificResource")
            out.add(ann + "#target", OA + "hasSource", doc)
            out.add(ann + "#target", OA + "hasSelector", ann + "#position")
            out.add(ann + "#target", OA + "hasSelector", ann + "#quote")
            out.add(ann + "#position", RDF_TYPE, OA + "TextPositionSelector")
            out.add(ann + "#position", OA + "start", typed(str(start), "integer"))
            out.add(ann + "#position", OA + "end", typed(str(self.cursor), "integer"))
            out.add(ann + "#quote", RDF_TYPE, OA + "TextQuoteSelector")
            out.add(ann + "#quote", OA + "exact", ox.Literal(quote))

    def document(self, parties: list[Company], title: str) -> None:
        out, doc = self.out, self.doc
        for kind in (CKG + "SourceDocument", PROV + "Entity", FOAF + "Document"):
            out.add(doc, RDF_TYPE, kind)
        out.add(doc, DCT + "title", ja(title))
        out.add(doc, RDFS_LABEL, ja(title))
        out.add(doc, DCT + "issued", typed(self.issued, "date"))
        out.add(doc, DCT + "language", ox.Literal("ja"))
        out.add(doc, CKG + "fileName", ox.Literal(self.name + ".txt"))
        out.add(doc, CKG + "checksum", ox.Literal(hashlib.sha256(self.name.encode()).hexdigest()))
        out.add(doc, CKG + "charCount", typed(str(3000 + self.rng.randint(0, 3000)), "integer"))
        out.add(doc, CKG + "bodyStart", typed(str(self.rng.randint(30, 90)), "integer"))
        out.add(doc, CKG + "bodyEnd", typed(str(2500 + self.rng.randint(0, 500)), "integer"))
        for company in parties:
            out.add(doc, DCT + "creator", company.iri)
            out.add(doc, CKG + "issuedBy", company.iri)

    def company(self, company: Company) -> None:
        out = self.out
        for kind in (ORG + "Organization", ORG + "FormalOrganization", FOAF + "Organization", CKG + "Company"):
            out.add(company.iri, RDF_TYPE, kind)
        out.add(company.iri, RDFS_LABEL, ja(company.name))
        out.add(company.iri, SKOS + "prefLabel", ja(company.name))
        out.add(company.iri, SKOS + "altLabel", ox.Literal(company.short))
        if self.rng.random() < 0.3:
            out.add(company.iri, RDFS_LABEL, ox.Literal(company.english, language="en"))
        office = company.offices[0] if self.year < company.moves_in else company.offices[1]
        site = f"{ID}site/{company.iri.rsplit('/', 1)[1]}/{office}"
        out.add(company.iri, ORG + "hasPrimarySite", site)
        out.add(company.iri, ORG + "hasSite", site)
        out.add(site, RDF_TYPE, ORG + "Site")
        out.add(site, RDFS_LABEL, ja(office))
        out.add(site, CKG + "statedOn", typed(self.issued, "date"))
        self.sourced(company.iri, company.name)
        self.sourced(site, office)
        for person in company.people:
            self.post(company, person)

    def post(self, company: Company, person: Person) -> None:
        out = self.out
        role = f"{ID}role/{_slug(person.title)}"
        membership = f"{ID}membership/{person.name}/{company.iri.rsplit('/', 1)[1]}/{_slug(person.title)}"
        out.add(person.iri, RDF_TYPE, FOAF + "Person")
        out.add(person.iri, FOAF + "name", ja(person.name))
        out.add(person.iri, RDFS_LABEL, ja(person.name))
        for kind in (SKOS + "Concept", ORG + "Role", CKG + "JobTitle"):
            out.add(role, RDF_TYPE, kind)
        out.add(role, RDFS_LABEL, ja(person.title))
        out.add(membership, RDF_TYPE, ORG + "Membership")
        out.add(membership, ORG + "member", person.iri)
        out.add(membership, ORG + "organization", company.iri)
        out.add(membership, ORG + "role", role)
        out.add(membership, RDFS_LABEL, ja(f"{person.name}({person.title})"))
        out.add(membership, CKG + "statedOn", typed(self.issued, "date"))
        self.sourced(person.iri, person.name)
        self.sourced(membership, f"{person.title} {person.name}")

    def agreement(self, parties: list[Company]) -> None:
        out, rng = self.out, self.rng
        kind, label = rng.choice(_AGREEMENTS)
        if self.index % PARTIES_DATE_EVERY == 0:
            signed = ASKED_SIGNING_DATE
        else:
            signed = f"{self.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        agreement = f"{ID}agreement/{_slug(label)}-{signed}-{self.index:04d}"
        out.add(agreement, RDF_TYPE, CKG + "Agreement")
        out.add(agreement, RDF_TYPE, CKG + kind)
        out.add(agreement, RDFS_LABEL, ja(label))
        out.add(agreement, CKG + "signedOn", typed(signed, "date"))
        out.add(agreement, CKG + "purpose", ja("将来の月面における持続的な活動を支える輸送システムの構築"))
        for scope in rng.sample(_SCOPES, rng.randint(1, 2)):
            out.add(agreement, CKG + "hasScope", CKG + scope)
        for company in parties:
            out.add(agreement, CKG + "hasParty", company.iri)
        signing = agreement + "/signing"
        out.add(agreement, CKG + "hasSigning", signing)
        out.add(signing, RDF_TYPE, CKG + "SigningEvent")
        for company in parties:
            out.add(signing, CKG + "participant", company.people[-1].iri)
        self.sourced(agreement, label)

    def programme(self) -> list[str]:
        out, rng = self.out, self.rng
        name = rng.choice(_PROGRAMMES)
        programme = f"{ID}programme/{name}"
        out.add(programme, RDF_TYPE, CKG + "Programme")
        out.add(programme, RDFS_LABEL, ja(name))
        self.sourced(programme, name)
        concerned = [programme]
        for number in range(1, rng.randint(2, 3) + 1):
            mission = f"{programme.replace('/programme/', '/mission/')}/{number}"
            out.add(mission, RDF_TYPE, CKG + "Mission")
            out.add(mission, CKG + "partOfProgramme", programme)
            out.add(mission, RDFS_LABEL, ja(f"ミッション{number}"))
            self.sourced(mission, f"ミッション{number}")
            concerned.append(mission)
        return concerned

    def timeline(self, parties: list[Company], concerned: list[str]) -> None:
        out, rng = self.out, self.rng
        for row in range(rng.randint(3, 7)):
            begin = self.year - rng.randint(0, 8)
            end = begin + (rng.randint(1, 4) if rng.random() < 0.2 else 0)
            text = f"{parties[row % len(parties)].short}が{rng.choice(_MILESTONE_TEXT)}"
            interval = f"{ID}interval/{begin}-{end}"
            milestone = f"{ID}milestone/{begin}-{end}/{self.index:04d}{row:02d}"
            out.add(milestone, RDF_TYPE, CKG + "Milestone")
            out.add(milestone, RDFS_LABEL, ja(text))
            out.add(milestone, TIME + "hasTime", interval)
            for company in rng.sample(parties, rng.randint(1, min(2, len(parties)))):
                out.add(milestone, CKG + "involves", company.iri)
            out.add(milestone, CKG + "concerns", rng.choice(concerned))
            out.add(interval, RDF_TYPE, TIME + "ProperInterval")
            out.add(interval, TIME + "hasBeginning", f"{ID}instant/{begin}")
            out.add(interval, TIME + "hasEnd", f"{ID}instant/{end}")
            for year in {begin, end}:
                out.add(f"{ID}instant/{year}", RDF_TYPE, TIME + "Instant")
                out.add(f"{ID}instant/{year}", TIME + "inXSDgYear", typed(str(year), "gYear"))
            self.sourced(milestone, text)

    def statements(self, parties: list[Company]) -> None:
        out = self.out
        for company in parties:
            person = company.people[-1]
            statement = f"{ID}statement/{self.name}/{person.name}"
            text = (f"このたびの{self.rng.choice(_AGREEMENTS)[1]}締結により、{company.name}は月面輸送・運航分野での"
                    f"協業を一層深めてまいります。{self.rng.choice(_MILESTONE_TEXT)}の経験を活かし、地球と月を結ぶ"
                    "新たな経済圏の構築に貢献します。")
            out.add(statement, RDF_TYPE, CKG + "Statement")
            out.add(statement, PROV + "wasAttributedTo", person.iri)
            out.add(statement, CKG + "text", ja(text))
            out.add(statement, RDFS_LABEL, ja(f"{person.name}のコメント"))
            out.add(statement, DCT + "source", self.doc)
            self.sourced(statement, text[:40])


def releases(triples: int = DEFAULT_TRIPLES, seed: int = SEED) -> Iterator[list[ox.Quad]]:
    """One list of quads per synthetic release, until about `triples` quads have been made (whole releases)."""
    rng = random.Random(seed)
    companies = _companies(rng, max(8, triples // 350))
    made = index = 0
    while made < triples:
        release = _Release(rng, index)
        parties = rng.sample(companies, rng.randint(2, 4))
        release.document(parties, f"{'、'.join(c.short for c in parties)}、協業検討に関する合意を締結")
        for company in parties:
            release.company(company)
        release.agreement(parties)
        release.timeline(parties, release.programme())
        release.statements(parties)
        made += len(release.out.quads)
        index += 1
        yield release.out.quads


def generate(triples: int = DEFAULT_TRIPLES, seed: int = SEED) -> bytes:
    """The synthetic dataset as N-Quads bytes: same arguments, same bytes."""
    return b"".join(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"" for quads in releases(triples, seed))


def write_store(folder: Path, nquads: bytes) -> None:
    """A store folder as `cislunar-kg load` leaves it: each release in its named graph, and the union graph
    holding the set union of them all (the graph queries read; see `graph.union`). The named graphs are bulk
    loaded (the fast path); the union is filled by the same update the store appends to its own writes."""
    store = ox.Store(str(folder))
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    store.update(UNION_REFRESH)
    store.flush()
    del store  # release RocksDB's lock so the service's read-only workers can open the folder
