"""Data for the web app and API tests: articles written here, accounts of each role
(a module of its own: ``conftest`` would be ambiguous when pytest is given several
test folders)."""

from __future__ import annotations

PASSWORD = "correct horse battery"
XSS_TITLE = "<script>alert(1)</script> قصف على حلب <img src=x onerror=alert(1)>"
XSS_ACTOR = "<img src=x onerror=alert(1)>"

# articles of our own, for the real pipeline: two outlets report one strike; an XSS
# article reports a shelling; a non-event
ARTICLES = [
    {"doc_id": "web-a-1", "source": "Outlet A", "url": "https://example.org/a/1", "published": "2018-01-22T09:00:00",
     "title": "مقتل أربعة مدنيين بغارات روسية على ريف إدلب",
     "text": "قُتل أربعة مدنيين وأصيب آخرون، مساء الأحد، جراء غارات جوية نفذتها طائرات حربية روسية على قرية "
             "كفرسجنة في ريف إدلب الجنوبي، بحسب ما أفاد الدفاع المدني."},
    {"doc_id": "web-b-1", "source": "Outlet B", "url": "https://example.org/b/1", "published": "2018-01-22T11:30:00",
     "title": "غارات على كفرسجنة",
     "text": "أفاد ناشطون بمقتل أربعة مدنيين بغارات جوية روسية استهدفت بلدة كفرسجنة جنوبي إدلب مساء الأحد."},
    {"doc_id": "web-x-1", "source": "Outlet <b>X</b>", "url": "javascript:alert(1)", "published": "2018-01-14T10:00:00",
     "title": XSS_TITLE,
     "text": "<script>alert(1)</script> قُتل ثلاثة مدنيين، أمس السبت، جراء قصف مدفعي لقوات النظام على بلدة "
             "كفرنبل في ريف إدلب الجنوبي. <img src=x onerror=alert(1)>"},
    {"doc_id": "web-c-1", "source": "Outlet C", "published": "2018-01-22T12:00:00", "title": "دعوة لاستئناف المفاوضات",
     "text": "دعا وزير الخارجية إلى استئناف المفاوضات السياسية بشأن سوريا، خلال مؤتمر صحفي عقده في جنيف يوم الاثنين."},
]


def add_accounts(store) -> dict[str, str]:
    from marsad.serve import auth

    for name, role in (("vera", "viewer"), ("rana", "reviewer"), ("adam", "admin")):
        auth.add_user(store, name, role, PASSWORD)
    return {"vera": "viewer", "rana": "reviewer", "adam": "admin"}
