"""Document ids that cannot collide silently: paths inside a directory, content hashes
for standard input, and a clash in one batch reported with both sources."""

from __future__ import annotations

import io

from ingest_helpers import ARTICLE, ARTICLE_2, split
from marsad.ingest import read_inputs


def test_files_of_the_same_name_in_two_folders_get_their_paths(tmp_path):
    for day, text in (("day1", ARTICLE), ("day2", ARTICLE_2)):
        (tmp_path / day).mkdir()
        (tmp_path / day / "article.txt").write_text(text, encoding="utf-8")
        (tmp_path / day / "index.html").write_text(
            f"<html><head><title>t</title></head><body><article><p>{text}</p></article></body></html>",
            encoding="utf-8")
    docs, problems = split(read_inputs([tmp_path]))
    assert problems == []
    assert sorted(d.doc_id for d in docs) == ["day1/article", "day1/index", "day2/article", "day2/index"]


def test_a_file_at_the_top_of_a_directory_and_a_file_named_alone_keep_their_stem(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs, _ = split(read_inputs([tmp_path]))
    alone, _ = split(read_inputs([tmp_path / "a.txt"]))
    assert [d.doc_id for d in docs] == [d.doc_id for d in alone] == ["a"]


def test_standard_input_ids_come_from_the_content():
    first, _ = split(read_inputs(["-"], stdin=io.BytesIO(ARTICLE.encode())))
    again, _ = split(read_inputs(["-"], stdin=io.BytesIO(ARTICLE.encode())))
    other, _ = split(read_inputs(["-"], stdin=io.BytesIO(ARTICLE_2.encode())))
    assert first[0].doc_id == again[0].doc_id != other[0].doc_id
    assert first[0].doc_id.startswith("stdin-") and len(first[0].doc_id) == len("stdin-") + 16


def test_a_second_different_document_with_an_id_names_both_sources(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (two / "a.txt").write_text(ARTICLE_2, encoding="utf-8")
    docs, problems = split(read_inputs([one / "a.txt", two / "a.txt"]))
    assert [d.origin for d in docs] == [str(one / "a.txt")]
    [p] = problems
    assert p.fatal and p.reason == "duplicate-id" and p.origin == str(two / "a.txt")
    assert str(one / "a.txt") in p.message
