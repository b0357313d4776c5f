"""Every supported input format reads into Documents with the right metadata."""

from __future__ import annotations

import io
import pickle
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ingest_helpers import ARTICLE, ARTICLE_2, jsonl_bytes, split
from marsad.ingest import read_inputs
from marsad.ingest.readers import stdin_id

HTML_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>غارات على ريف إدلب | شبكة الأخبار</title>
<meta property="article:published_time" content="2022-06-06T09:15:00+03:00">
<meta name="author" content="مراسل الشبكة">
</head>
<body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li>
<li><a href="/economy">اقتصاد وأعمال</a></li></ul></nav>
<div class="sidebar">الأكثر قراءة: أسعار الذهب اليوم</div>
<article>
<h1>غارات على ريف إدلب</h1>
<p>قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح الأحد، ما أدى إلى دمار واسع في المنازل.</p>
<p>وقال الدفاع المدني إن ثلاثة مدنيين قتلوا وأصيب خمسة آخرون بجروح متفاوتة، بينهم طفلان.</p>
<p>وأضاف أن فرق الإنقاذ ما زالت تبحث عن مفقودين تحت الأنقاض في الحي الشرقي من البلدة.</p>
<p>ولم يصدر أي تعليق رسمي على القصف حتى ساعة إعداد هذا التقرير.</p>
</article>
<footer>جميع الحقوق محفوظة لشبكة الأخبار 2022 - سياسة الخصوصية - اتصل بنا</footer>
</body>
</html>
"""


def test_txt_file(tmp_path: Path):
    path = tmp_path / "idlib-raid.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    default = datetime(2022, 6, 6)
    docs, problems = split(read_inputs([path], default_published=default))
    assert problems == []
    (doc,) = docs
    assert doc.doc_id == "idlib-raid"
    assert doc.raw_text == ARTICLE
    assert doc.title is None
    assert doc.published == default
    assert doc.language == "ar"
    assert doc.origin == str(path)


def test_txt_keeps_crlf_and_drops_only_the_bom(tmp_path: Path):
    text = ARTICLE.replace(". ", ".\r\n")
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (doc,), _ = split(read_inputs([path]))
    assert doc.raw_text == text
    assert doc.published is None


def test_txt_utf16_with_bom(tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))  # Python writes a BOM
    path2 = tmp_path / "u16be.txt"
    path2.write_bytes(b"\xfe\xff" + ARTICLE_2.encode("utf-16-be"))
    docs, problems = split(read_inputs([path, path2]))
    assert problems == []
    assert [d.raw_text for d in docs] == [ARTICLE, ARTICLE_2]


def test_html_main_text_without_boilerplate(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    docs, problems = split(read_inputs([path], default_published=datetime(2000, 1, 1)))
    assert problems == []
    (doc,) = docs
    assert doc.doc_id == "page"
    assert "ثلاثة مدنيين قتلوا" in doc.raw_text
    assert "تحت الأنقاض" in doc.raw_text
    for boilerplate in ("الرئيسية", "رياضة", "جميع الحقوق محفوظة", "سياسة الخصوصية", "أسعار الذهب"):
        assert boilerplate not in doc.raw_text, boilerplate
    assert doc.title and "غارات على ريف إدلب" in doc.title
    assert doc.published == datetime(2022, 6, 6, 9, 15, tzinfo=timezone(timedelta(hours=3)))
    assert doc.language == "ar"


def test_html_declared_cp1256_is_honoured(tmp_path: Path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1256"')
    path = tmp_path / "old.htm"
    path.write_bytes(page.encode("cp1256"))
    docs, problems = split(read_inputs([path]))
    assert problems == []
    assert "ثلاثة مدنيين قتلوا" in docs[0].raw_text


def test_html_without_date_uses_default(tmp_path: Path):
    page = HTML_PAGE.replace(
        '<meta property="article:published_time" content="2022-06-06T09:15:00+03:00">', ""
    )
    path = tmp_path / "nodate.html"
    path.write_text(page, encoding="utf-8")
    default = datetime(2021, 3, 4, 12, 0)
    (doc,), _ = split(read_inputs([path], default_published=default))
    assert doc.published == default


def test_jsonl_fields_and_dates(write_jsonl):
    path = write_jsonl(
        "batch.jsonl",
        [
            {
                "doc_id": "a1",
                "text": ARTICLE,
                "title": "غارات",
                "published": "2018-02-19T00:16:11+04:00",
                "source": "outlet-a",
                "url": "http://example.org/a1",
                "author": "مراسل",
            },
            {"doc_id": "a2", "text": ARTICLE_2, "published": "2018-02-20"},
            {"doc_id": "a3", "text": "Clashes broke out near the airport on Sunday.", "published": "2018-02-21T08:00:00Z"},
            {"doc_id": 77, "text": ARTICLE_2 + " وأكد المصدر ذلك.", "language": "ar"},
        ],
    )
    default = datetime(2018, 1, 1)
    docs, problems = split(read_inputs([path], default_published=default))
    assert problems == []
    a1, a2, a3, a4 = docs
    assert (a1.doc_id, a1.title, a1.source, a1.url, a1.author) == (
        "a1",
        "غارات",
        "outlet-a",
        "http://example.org/a1",
        "مراسل",
    )
    assert a1.published == datetime(2018, 2, 19, 0, 16, 11, tzinfo=timezone(timedelta(hours=4)))
    assert a2.published == datetime(2018, 2, 20) and a2.published.tzinfo is None
    assert a3.published == datetime(2018, 2, 21, 8, tzinfo=timezone.utc)
    assert a3.language == "en"
    assert a4.doc_id == "77" and a4.published == default
    assert [d.origin for d in docs] == [f"{path}:{n}" for n in (1, 2, 3, 4)]


def test_jsonl_gz_and_blank_lines(write_jsonl):
    path = write_jsonl(
        "batch.jsonl.gz",
        [{"doc_id": "g1", "text": ARTICLE}, "", "   ", {"doc_id": "g2", "text": ARTICLE_2}],
        gz=True,
    )
    docs, problems = split(read_inputs([path]))
    assert problems == []
    assert [d.doc_id for d in docs] == ["g1", "g2"]
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:4"]
    assert docs[1].raw_text == ARTICLE_2


def test_jsonl_with_utf8_bom_and_crlf(tmp_path: Path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl_bytes([{"doc_id": "b1", "text": ARTICLE}]).replace(b"\n", b"\r\n"))
    docs, problems = split(read_inputs([path]))
    assert problems == []
    assert docs[0].raw_text == ARTICLE


def test_jsonl_utf16(tmp_path: Path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes(jsonl_bytes([{"doc_id": "w1", "text": ARTICLE}, {"doc_id": "w2", "text": ARTICLE_2}]).decode().encode("utf-16"))
    docs, problems = split(read_inputs([path]))
    assert problems == []
    assert [(d.doc_id, d.raw_text) for d in docs] == [("w1", ARTICLE), ("w2", ARTICLE_2)]


def test_directory_recursive_sorted_and_filtered(tmp_path: Path, write_jsonl):
    root = tmp_path / "in"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a.TXT").write_text(ARTICLE_2, encoding="utf-8")
    (root / "b" / "deep" / "c.txt").write_text(ARTICLE + " ج", encoding="utf-8")
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "b" / "README").write_text("ignore me", encoding="utf-8")
    (root / ".hidden" / "h.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b" / "m.jsonl").write_bytes(jsonl_bytes([{"doc_id": "m1", "text": ARTICLE + " م"}]))
    docs, problems = split(read_inputs([root]))
    assert problems == []
    assert [d.doc_id for d in docs] == ["a", "b/deep/c", "m1", "z"]  # a path inside the directory
    assert docs[1].origin == str(root / "b" / "deep" / "c.txt")


def test_input_order_is_kept(tmp_path: Path):
    first = tmp_path / "zz.txt"
    second = tmp_path / "aa.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(ARTICLE_2, encoding="utf-8")
    docs, _ = split(read_inputs([str(first), second]))
    assert [d.doc_id for d in docs] == ["zz", "aa"]


def test_single_path_argument_is_not_iterated_by_character(tmp_path: Path):
    path = tmp_path / "one.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    docs, problems = split(read_inputs(str(path)))
    assert [d.doc_id for d in docs] == ["one"] and problems == []


def test_stdin_plain_text_binary_and_text_streams():
    default = datetime(2022, 6, 6)
    for stream in (io.BytesIO(("\n  " + ARTICLE).encode("utf-8")), io.StringIO("\n  " + ARTICLE)):
        docs, problems = split(read_inputs(["-"], stdin=stream, default_published=default))
        assert problems == []
        (doc,) = docs
        assert (doc.doc_id, doc.origin, doc.published) == (stdin_id("\n  " + ARTICLE), "-", default)
        assert doc.raw_text == "\n  " + ARTICLE


def test_stdin_jsonl_binary_and_text_streams():
    data = jsonl_bytes([{"doc_id": "s1", "text": ARTICLE}, "{broken", {"doc_id": "s2", "text": ARTICLE_2}])
    for stream in (io.BytesIO(b"\n\n" + data), io.StringIO("\n\n" + data.decode())):
        docs, problems = split(read_inputs(["-"], stdin=stream))
        assert [d.doc_id for d in docs] == ["s1", "s2"]
        assert [d.origin for d in docs] == ["-:3", "-:5"]
        assert [(p.origin, p.reason) for p in problems] == [("-:4", "bad-json")]


def test_stdin_jsonl_beyond_the_first_chunk():
    records = [{"doc_id": f"n{i}", "text": f"{ARTICLE} رقم {i}"} for i in range(2000)]
    docs, problems = split(read_inputs(["-"], stdin=io.BytesIO(jsonl_bytes(records))))
    assert problems == []
    assert [d.doc_id for d in docs] == [r["doc_id"] for r in records]


def test_reading_is_lazy(write_jsonl):
    path = write_jsonl("lazy.jsonl", [{"doc_id": "x1", "text": ARTICLE}, "{not json"])
    it = read_inputs([path])
    first = next(it)
    assert first.doc_id == "x1"  # the broken line has not been read yet
    assert next(it).reason == "bad-json"


def test_documents_and_problems_pickle(tmp_path: Path):
    path = tmp_path / "p.jsonl"
    path.write_bytes(jsonl_bytes([{"doc_id": "p1", "text": ARTICLE, "published": "2018-05-01"}, "[1, 2]"]))
    items = list(read_inputs([path]))
    assert pickle.loads(pickle.dumps(items)) == items
