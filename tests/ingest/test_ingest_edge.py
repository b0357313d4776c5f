"""Inputs that used to be misread: UTF-16 without a byte-order mark, gzip on standard input."""

from __future__ import annotations

import gzip
import io
import json

from ingest_helpers import ARTICLE, ARTICLE_2, split
from marsad.ingest import read_inputs


def test_utf16_without_a_bom_is_reported_not_read_as_nuls(tmp_path):
    for enc, order in (("utf-16-le", "LE"), ("utf-16-be", "BE")):
        path = tmp_path / f"{enc}.txt"
        path.write_bytes(ARTICLE.encode(enc))
        docs, problems = split(read_inputs([path]))
        assert docs == []
        [p] = problems
        assert p.reason == "undecodable" and f"UTF-16{order} without a byte-order mark" in p.message
        assert f"iconv -f UTF-16{order}" in p.message


def test_utf8_and_utf16_with_a_bom_still_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(ARTICLE_2.encode("utf-16"))  # with its BOM
    docs, problems = split(read_inputs([tmp_path]))
    assert problems == [] and [d.raw_text for d in docs] == [ARTICLE, ARTICLE_2]


def test_gzip_on_standard_input_plain_text_and_json_lines():
    docs, problems = split(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(ARTICLE.encode()))))
    assert problems == [] and docs[0].raw_text == ARTICLE
    lines = "".join(json.dumps({"doc_id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                    for i, t in enumerate((ARTICLE, ARTICLE_2)))
    docs, problems = split(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(lines.encode()))))
    assert problems == [] and [d.doc_id for d in docs] == ["d0", "d1"]
    assert docs[0].origin == "-:1"


def test_a_truncated_gzip_on_standard_input_is_one_clear_problem():
    data = gzip.compress((ARTICLE * 50).encode())[:-30]
    docs, problems = split(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert docs == []
    [p] = problems
    assert p.reason == "unreadable" and "gzip stream ends early or is corrupt" in p.message
