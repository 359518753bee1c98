"""Reading a release: framing the body inside a captured web page, and refusing what is not a release."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import SourceError
from graph.source import fold, read_source

from .conftest import LANDER_2018, LOI_2025, SEED


def test_body_runs_from_title_to_closing_line() -> None:
    doc = read_source(SEED)
    body = doc.text[doc.body_start : doc.body_end]
    assert body.startswith("(共同リリース)ispaceとJALグループ")
    assert body.endswith("以上")
    assert "おたくま経済新聞" not in body and "リリースプラス" not in body
    assert "トピックス" not in body and "提携メディア" not in body


def test_body_of_excerpt_without_closing_line_runs_to_the_end() -> None:
    doc = read_source(LANDER_2018)
    assert doc.text[doc.body_start :].startswith("ランダー組立をJALECエンジン整備センター")
    assert doc.body_end == len(doc.text.rstrip())


def test_dated_label_line_starts_the_body() -> None:
    doc = read_source(LOI_2025)
    assert doc.date_line is not None and "2025-09-30" in doc.date_line.text


def test_checksum_is_sha256_of_the_file() -> None:
    import hashlib

    assert read_source(SEED).checksum == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_folding_keeps_every_offset() -> None:
    text = "株式会社ispace（東京都中央区、代表取締役：袴田　武史）…㈱"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "株式会社ispace(東京都中央区、代表取締役:袴田 武史)…㈱"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("2025年12月3日 株式会社ispace".encode("shift_jis"), "not UTF-8"),
        ("ただの文章です。日付はありません。".encode(), "no release body"),
    ],
)
def test_bad_input_is_refused_with_the_file_and_the_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        read_source(tmp_path / "absent.txt")
