"""Synthetic press releases, written in the layouts the loader reads, for tests and the scale benchmark.

Each release is plain text that goes through the real chain (source → extract → build → validate), so a
benchmark measures the loader, not a shortcut around it. Made-up companies sign one agreement; the release
introduces them with header clauses (`株式会社X(東京都…区、代表取締役社長:氏名、以下「X」)`), dates the
signing (`…年…月…日に…を締結`), shows the signing ceremony in a caption (`(左から)…`), lists a timeline
(`【…の歩み】`) and quotes executives (`●… のコメント`). The writing varies the way real releases do:
ASCII or full-width brackets, `所在地:` or not, `以下「X」` / `以下X` / `以下、X`, names spaced and followed
by `氏`, a `プレスリリース` label with a `~…~` subtitle, and with or without a closing `以上`.

Deterministic: release `i` of seed `s` depends only on `(s, i)` — never on the clock, on hash randomisation
or on how many releases are asked for — so the first 1,000 of 10,000 are the 1,000. Companies and their
people come from a fixed pool (the same company keeps its head office, representative and executives in
every release), so identities recur across documents as they do in the real family.

Every release also carries what it plants (`SyntheticRelease`: companies, people, posts, agreement,
milestones, speakers), so a test can check the loader found exactly that.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_SEED = 20251203

_PREFIXES = (
    "ルナ", "アストロ", "セレーネ", "オービタ", "コスモ", "ステラ", "ノヴァ", "ギャラク", "ソラリス", "テラ",
    "アルテ", "ミラ", "シリウ", "ベガ", "アンタレ", "カペラ", "リゲル", "デネブ", "ポラリ", "オリオ",
)  # fmt: skip
_SUFFIXES = (
    "テック", "ロジスティクス", "航空", "重工", "電機", "商事", "通信", "エンジニアリング", "物流", "技研",
    "ダイナミクス", "システムズ", "スペース", "マテリアル", "ロボティクス", "ネット", "運輸", "精機", "化学", "製作所",
)  # fmt: skip
_SURNAMES = (
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
    "松本", "井上", "木村", "斎藤", "清水", "山崎", "森田", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井",
    "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本", "福田", "西村", "太田",
    "三浦", "藤井", "岡本", "松田", "中川", "中野", "原田", "小野", "竹内", "金子", "和田", "中山", "石田", "上田",
    "森本", "原口", "柴田", "酒井",
)  # fmt: skip
_GIVEN = (
    "健一", "誠", "大輔", "直樹", "修", "浩二", "拓也", "翔太", "達也", "聡", "和也", "秀樹", "洋子", "恵子", "裕子",
    "美穂", "真由美", "陽子", "智子", "直美", "明美", "由美", "久美子", "幸子", "英樹", "雅人", "隆", "博之", "哲也",
    "正樹", "光一", "健太", "亮", "悠真", "結衣", "彩", "真一", "俊介", "康弘", "敏行", "純一", "昌平", "信也",
    "将大", "亜希子", "千尋", "奈緒", "沙織", "香織", "舞", "祐介", "崇", "慎吾", "航", "蓮", "陽菜", "葵", "湊",
    "大和", "悠人",
)  # fmt: skip
_PLACES = (
    "東京都中央区", "東京都港区", "東京都千代田区", "東京都品川区", "東京都大田区", "東京都江東区", "東京都渋谷区",
    "大阪府大阪市", "愛知県名古屋市", "福岡県福岡市", "北海道札幌市", "神奈川県横浜市", "茨城県つくば市",
    "宮城県仙台市", "京都府京都市", "広島県広島市",
)  # fmt: skip
_EXECUTIVE_TITLES = (
    "取締役 事業推進部長", "執行役員 宇宙事業本部長", "取締役CTO", "執行役員 技術開発本部長",
    "常務取締役 営業本部長", "執行役員 イノベーション推進部長", "取締役 経営企画部長",
)  # fmt: skip
# (name as written, the loader's class): the kinds `graph.extract.agreements` maps.
KINDS = (
    ("基本合意書", "BasicAgreement"),
    ("意向表明書", "LetterOfIntent"),
    ("覚書", "MemorandumOfUnderstanding"),
    ("資本業務提携契約", "CapitalAndBusinessAlliance"),
    ("コーポレートパートナー契約", "CorporatePartnerContract"),
)
_SCOPES = ("月面輸送", "運航", "整備", "軌道間輸送", "衛星通信", "月面資源探査", "地上局運用", "宇宙旅行")
_PURPOSES = (
    "将来の月面における持続的な活動を支える輸送システムの構築",
    "地球と月を結ぶ新たな物流網の実現",
    "月周回軌道上の通信基盤の整備",
    "宇宙機の高頻度な打ち上げを支える運用体制の確立",
    "月面資源の利用に向けた技術基盤の構築",
)
_FILLER = (
    "両社はこれまで、それぞれの事業で培った知見を持ち寄り、宇宙輸送の将来像について意見交換を重ねてきました。",
    "今後は具体的な実証に向けて、技術・事業の両面から検討を進めてまいります。",
    "月面での活動が本格化するなか、安全で信頼性の高い輸送手段への期待が高まっています。",
    "本取り組みを通して、宇宙関連産業の裾野を広げ、新たな経済圏の形成に貢献することを目指します。",
    "各社はそれぞれの強みを活かし、段階的に協業の範囲を広げていく予定です。",
)
_COMMENTS = (
    "今回の協業により、月面輸送の実現に向けた取り組みを一段と加速できることを大変心強く感じています。",
    "私たちが地上で培ってきた技術と経験を宇宙へと広げ、新しい価値の創出に挑戦してまいります。",
    "両社の強みを掛け合わせることで、宇宙産業の発展に貢献できるものと確信しております。",
)
_PROGRAMMES = ("LUNA-LINK", "STELLA-ONE", "MOONGATE", "ORBIT-X", "SELENE-NEXT", "AURORA-R")


@dataclass(frozen=True)
class Company:
    key: str  # what the loader makes of the legal name (`graph.extract.names.org_key`)
    legal_name: str
    short_name: str
    head_office: str
    representative: str  # person key (name without spaces)
    representative_title: str
    executives: tuple[tuple[str, str], ...]  # (person key, title)


@dataclass(frozen=True)
class PlantedPost:
    person: str
    organisation: str
    title: str


@dataclass(frozen=True)
class SyntheticRelease:
    """A generated release and the facts it plants."""

    name: str  # the file stem (the document's identity)
    text: str
    issued: dt.date
    companies: tuple[Company, ...]
    posts: tuple[PlantedPost, ...]
    agreement_kind: str  # the loader's class local name, e.g. "BasicAgreement"
    signed_on: dt.date
    milestones: tuple[tuple[int, int], ...]  # (from year, to year) per timeline row
    speakers: tuple[str, ...]  # person keys of the comments
    programme: str

    @property
    def people(self) -> frozenset[str]:
        return frozenset(post.person for post in self.posts)

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted(company.key for company in self.companies))


@lru_cache(maxsize=4)
def companies(seed: int = DEFAULT_SEED) -> tuple[Company, ...]:
    """The fixed pool of 400 made-up companies, each with four distinct people (no person works for two)."""
    rng = random.Random(f"companies:{seed}")
    names = [(p, s) for p in _PREFIXES for s in _SUFFIXES]
    rng.shuffle(names)
    people = [s + g for s in _SURNAMES for g in _GIVEN]
    rng.shuffle(people)
    codes = _short_codes(len(names), rng)
    pool = []
    for index, (prefix, suffix) in enumerate(names):
        core = prefix + suffix
        legal = f"株式会社{core}" if rng.random() < 0.6 else f"{core}株式会社"
        staff = people[index * 4 : index * 4 + 4]
        titles = rng.sample(_EXECUTIVE_TITLES, 3)
        pool.append(
            Company(
                key=core,
                legal_name=legal,
                short_name=codes[index],
                head_office=rng.choice(_PLACES),
                representative=staff[0],
                representative_title=rng.choice(("代表取締役社長", "代表取締役社長CEO", "代表取締役")),
                executives=tuple(zip(staff[1:], titles, strict=False)),
            )
        )
    return tuple(pool)


def _short_codes(count: int, rng: random.Random) -> list[str]:
    """Distinct three-letter short names (`以下「KQZ」`); all one length, so none is a prefix of another."""
    letters = "ABCDEFGHKLMNPQRSTVWXYZ"
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(rng.choice(letters) for _ in range(3)))
    ordered = sorted(codes)
    rng.shuffle(ordered)
    return ordered


def release(index: int, seed: int = DEFAULT_SEED) -> SyntheticRelease:
    """Release number `index` of `seed`: the same text and planted facts on every machine and run."""
    rng = random.Random(f"release:{seed}:{index}")
    pool = companies(seed)
    chosen = tuple(rng.sample(pool, rng.choice((2, 2, 3, 4))))
    issued = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 11 * 365))
    signed_on = issued - dt.timedelta(days=rng.randrange(1, 20))
    kind_name, kind = rng.choice(KINDS)
    style = _Style.pick(rng)
    programme = rng.choice(_PROGRAMMES)

    posts: list[PlantedPost] = [PlantedPost(c.representative, c.key, c.representative_title) for c in chosen]
    at_ceremony: list[tuple[Company, str, str]] = []  # (company, person, title) in the caption
    for company in chosen:
        person, title = rng.choice(company.executives) if rng.random() < 0.5 else (
            company.representative, company.representative_title)
        at_ceremony.append((company, person, title))
        posts.append(PlantedPost(person, company.key, title))
    speakers = at_ceremony[: rng.choice((1, 2, len(at_ceremony)))]

    first_year = max(2000, issued.year - rng.randrange(3, 10))
    rows = _timeline(rng, chosen, programme, first_year, issued.year)
    name = f"{issued.isoformat()}_synthetic-{index:06d}"
    text = _write(rng, style, chosen, issued, signed_on, kind_name, at_ceremony, speakers, rows)
    return SyntheticRelease(
        name=name,
        text=text,
        issued=issued,
        companies=chosen,
        posts=tuple(dict.fromkeys(posts)),
        agreement_kind=kind,
        signed_on=signed_on,
        milestones=tuple((begins, ends) for begins, ends, _ in rows),
        speakers=tuple(person for _, person, _ in speakers),
        programme=programme,
    )


def releases(count: int, seed: int = DEFAULT_SEED, start: int = 0) -> Iterator[SyntheticRelease]:
    for index in range(start, start + count):
        yield release(index, seed)


def write_releases(folder: Path | str, count: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `count` releases as UTF-8 `.txt` files into `folder` (created if needed); returns their paths."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for generated in releases(count, seed):
        path = target / f"{generated.name}.txt"
        path.write_text(generated.text, encoding="utf-8")
        paths.append(path)
    return paths


# -- Writing one release --


@dataclass(frozen=True)
class _Style:
    open: str
    close: str
    colon: str
    location: str  # "" or "所在地:"
    short: str  # format with {s}
    spaced_names: bool
    press_label: bool  # `プレスリリース` label, `~…~` subtitle, `(共同リリース)` on its own line
    closing: bool  # ends with `以上`

    @classmethod
    def pick(cls, rng: random.Random) -> _Style:
        full_width = rng.random() < 0.3
        return cls(
            open="（" if full_width else "(",
            close="）" if full_width else ")",
            colon="：" if full_width else ":",
            location=rng.choice(("", "", "所在地:")),
            short=rng.choice(("以下「{s}」", "以下「{s}」", "以下{s}", "以下、{s}")),
            spaced_names=rng.random() < 0.2,
            press_label=rng.random() < 0.3,
            closing=rng.random() < 0.8,
        )

    def person(self, key: str) -> str:
        """A name in a header clause: `山田太郎`, or `山田 太郎 氏` in the older layout."""
        if not self.spaced_names:
            return key
        surname = next(s for s in sorted(_SURNAMES, key=len, reverse=True) if key.startswith(s))
        return f"{surname} {key[len(surname):]} 氏"


def _timeline(
    rng: random.Random, chosen: tuple[Company, ...], programme: str, first: int, last: int
) -> list[tuple[int, int, str]]:
    """Rows (from, to, text); a row whose text starts with a space continues the period above it."""
    a, b = chosen[0].short_name, chosen[1].short_name
    years = sorted(rng.sample(range(first, last), k=min(3, last - first)))
    rows = [(years[0], years[0], f"{a}が{b}のパートナーとして支援を開始")]
    if len(years) > 1:
        rows.append((years[1], years[1], f"{programme}プログラム始動"))
    if len(years) > 2:
        ends = min(last, years[2] + rng.randrange(0, 3))
        rows.append((years[2], ends, f"{b}が{a}の試験設備の運用を支援"))
        rows.append((years[2], ends, " ミッション1 フライトモデルの輸送"))
    rows.append((last, last, f"{'・'.join(c.short_name for c in chosen)}で協業検討に合意(本件)"))
    return rows


def _write(
    rng: random.Random,
    style: _Style,
    chosen: tuple[Company, ...],
    issued: dt.date,
    signed_on: dt.date,
    kind_name: str,
    at_ceremony: list[tuple[Company, str, str]],
    speakers: list[tuple[Company, str, str]],
    rows: list[tuple[int, int, str]],
) -> str:
    shorts = "と".join(c.short_name for c in chosen)
    scope = "・".join(rng.sample(_SCOPES, rng.choice((1, 2))))
    headline = f"{shorts}、{scope}分野での協業検討に関する{kind_name}を締結"
    lines: list[str] = []
    if style.press_label:
        lines += ["プレスリリース", headline, "~宇宙輸送の新たな経済圏に向けて~", "(共同リリース)"]
    else:
        lines += ["リリース配信サイト", "", f"(共同リリース){headline}", "",
                  "[画像1: https://example.invalid/logo.png ]", ""]
    lines.append(f"{issued.year}年{issued.month}月{issued.day}日")
    lines += [c.legal_name for c in chosen]
    lines.append("")
    clauses = []
    for c in chosen:
        person = style.person(c.representative)
        items = (f"{style.location}{c.head_office}", f"{c.representative_title}{style.colon}{person}",
                 style.short.format(s=c.short_name))
        clauses.append(f"{c.legal_name}{style.open}{'、'.join(items)}{style.close}")
    count = "2社" if len(chosen) == 2 else f"{len(chosen)}社"
    purpose = rng.choice(_PURPOSES)
    lines.append(
        f" {'、'.join(clauses)}の{count}は、{signed_on.year}年{signed_on.month}月{signed_on.day}日に"
        f"「{purpose}」を目指し、協業に向けた{kind_name}を締結しました。"
    )
    lines.append(" " + "".join(rng.sample(_FILLER, 2)))
    lines.append("")
    lines.append("[画像2: https://example.invalid/ceremony.jpg ]")
    people = "、".join(f"{c.short_name} {title} {person}" for c, person, title in at_ceremony)
    lines.append(f"{kind_name}締結式の様子 (左から){people}")
    lines.append("")
    lines.append(" " + "".join(rng.sample(_FILLER, 3)))
    lines.append("")
    lines.append(f"【{chosen[0].short_name}と{chosen[1].short_name}の主な協業の歩み】")
    for begins, ends, text in rows:
        if text.startswith(" "):
            lines.append(" " * 11 + text.strip())
            continue
        period = f"{begins}年" if begins == ends else f"{begins}-{ends}年"
        lines.append(f" {period:<10} {text}")
    lines.append("")
    for c, person, title in speakers:
        lines.append(f"●{c.short_name} {title} {person}のコメント")
        comment = rng.choice(_COMMENTS)
        half = len(comment) // 2
        lines += [" " + comment[:half], " " + comment[half:]]  # wrapped inside a sentence, as releases are
    lines.append("")
    if style.closing:
        lines += ["以上", "", "最近の企業リリース", "トピックス"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write synthetic releases (deterministic by seed) into a folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = write_releases(args.folder, args.count, args.seed)
    print(f"wrote {len(paths)} releases to {args.folder}")


if __name__ == "__main__":
    main()
