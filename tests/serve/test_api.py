"""The API over SQLite and PostgreSQL: filters, pagination, exports, corrections and
their history, re-runs after a correction, accounts, and 401/403 on every protected
route."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from serve_data import PASSWORD, XSS_ACTOR, add_accounts
from store_data import TOY_PIPELINE, article, corpus_records, event_line, write_jsonl

from marsad.store import RunOptions, Store, run_inputs

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.serve import ServeConfig, create_app  # noqa: E402

TOY = RunOptions(pipeline=TOY_PIPELINE, batch_size=50)


def _extra_records() -> list[dict]:
    """Events the filters single out: a protest in Damascus with notes and an XSS actor."""
    line = event_line(type="Protests", sub="Peaceful protest", date="2018-02-10", prec=1, lat=33.51, lon=36.29,
                      geo=1, loc="Damascus", admin1="Damascus", country="Syria", iso=760, a1="Protesters (Syria)",
                      a2=XSS_ACTOR, f=0, notes="طلاب الجامعة تظاهروا أمام الوزارة")
    yemen = event_line(type="Battles", sub="Armed clash", date="2018-02-11", prec=1, lat=14.8, lon=42.95, geo=1,
                       loc="Al Hudaydah", admin1="Al Hudaydah", country="Yemen", iso=887,
                       a1="Houthi Movement", a2="Military Forces of Yemen", f=9)
    return [
        {"doc_id": "extra-1", "source": "bbc", "published": "2018-02-10", "title": "مظاهرة في دمشق",
         "text": article("دمشق", line)},
        {"doc_id": "extra-2", "source": "cnn", "published": "2018-02-11", "title": "معارك في الحديدة",
         "text": article("الحديدة", yemen)},
    ]


def _serve(db_url, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(60) + _extra_records())
    store = Store(db_url)
    run_inputs([str(path)], store, TOY)
    add_accounts(store)
    return create_app(ServeConfig(db=db_url), store), store


@pytest.fixture
def served(db_url, tmp_path):
    """A store of 22 events that the test may change."""
    app, store = _serve(db_url, tmp_path)
    yield app, store, tmp_path
    store.close()


@pytest.fixture(scope="module")
def read_only(module_db_url, tmp_path_factory):
    """The same store, shared by the tests that only read it."""
    tmp = tmp_path_factory.mktemp("serve-read")
    app, store = _serve(module_db_url, tmp)
    yield app, store, tmp
    store.close()


def client(app) -> TestClient:
    return TestClient(app, base_url="http://testserver")


def login(app, name: str) -> tuple[TestClient, str]:
    c = client(app)
    r = c.post("/api/v1/login", json={"name": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    return c, r.json()["csrf_token"]


def all_pages(c: TestClient, query: str, limit: int) -> list[dict]:
    rows, cursor = [], None
    for _ in range(100):
        r = c.get(f"/api/v1/events?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status_code == 200, r.text
        page = r.json()
        rows += page["events"]
        cursor = page["next_cursor"]
        if not cursor:
            return rows
    raise AssertionError("pagination does not end")


# -- reading --------------------------------------------------------------------------------------


def test_pagination_visits_every_event_once_in_order(read_only):
    app, store, _ = read_only
    c, _ = login(app, "vera")
    total = c.get("/api/v1/events?limit=1").json()["total"]
    assert total == 22
    for sort in ("-event_date", "event_date", "-fatalities", "fatalities", "location", "-event_id_cnty", "admin1"):
        rows = all_pages(c, f"sort={sort}", 4)
        ids = [r["event_id_cnty"] for r in rows]
        assert len(ids) == total and len(set(ids)) == total, sort
        key = sort.lstrip("-")
        values = [(r[key] if r[key] is not None else "") for r in rows]
        assert values == sorted(values, reverse=sort.startswith("-")), sort
    first = c.get("/api/v1/events?limit=3").json()
    assert set(first) >= {"events", "next_cursor", "total", "limit", "sort"}
    row = first["events"][0]
    from marsad.model import OUTPUT_COLUMNS

    assert list(row)[: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)  # ACLED's columns, then marsad's
    assert {"status", "reviewed", "sources", "version"} <= set(row)


@pytest.mark.parametrize("query, check", [
    ("from=2018-01-04&to=2018-01-07", lambda r: "2018-01-04" <= r["event_date"] <= "2018-01-07"),
    ("event_type=Battles", lambda r: r["event_type"] == "Battles"),
    ("event_type=Protests,Battles", lambda r: r["event_type"] in ("Protests", "Battles")),
    ("sub_event_type=Shelling/artillery/missile attack", lambda r: r["sub_event_type"].startswith("Shelling")),
    ("actor=islamic state (syria)", lambda r: "Islamic State (Syria)" in (r["actor1"], r["actor2"])),
    ("country=Yemen", lambda r: r["country"] == "Yemen"),
    ("admin1=Homs", lambda r: r["admin1"] == "Homs"),
    ("admin1=Homs,Aleppo", lambda r: r["admin1"] in ("Homs", "Aleppo")),
    ("location=Damascus", lambda r: r["location"] == "Damascus"),
    ("bbox=36.0,35.5,37.5,36.5", lambda r: 36.0 <= r["longitude"] <= 37.5 and 35.5 <= r["latitude"] <= 36.5),
    ("q=الجامعة", lambda r: "الجامعة" in r["notes"]),
    ("q=damascus", lambda r: r["location"] == "Damascus"),
    ("min_fatalities=9", lambda r: r["fatalities"] >= 9),
])
def test_each_filter(read_only, query, check):
    app, _, _ = read_only
    c, _ = login(app, "vera")
    rows = all_pages(c, query, 5)
    assert rows, query
    assert all(check(r) for r in rows), query
    everything = all_pages(c, "", 50)
    assert len(rows) < len(everything) or query.startswith("event_type=Protests,")
    # the same filter gives the same events in every endpoint
    ids = {r["event_id_cnty"] for r in rows}
    points = c.get(f"/api/v1/points?{query}").json()
    assert {p[0] for p in points["rows"]} == ids
    assert c.get(f"/api/v1/stats?{query}").json()["total"] == len(ids)
    csv_ids = {r["event_id_cnty"] for r in csv.DictReader(io.StringIO(c.get(f"/api/v1/events.csv?{query}").text))}
    assert csv_ids == ids


def test_arabic_search_is_folded(read_only):
    app, _, _ = read_only
    c, _ = login(app, "vera")
    assert [r["location"] for r in c.get("/api/v1/events?q=الجَامِعة").json()["events"]] == ["Damascus"]
    assert c.get("/api/v1/events?q=100%25_").json()["total"] == 0  # LIKE's wildcards are text


def test_bad_queries_are_json_errors(read_only):
    app, _, _ = read_only
    c, _ = login(app, "vera")
    for query, code in [("bbox=1,2,3", "bad_query"), ("sort=evidence", "bad_query"), ("cursor=xyz", "bad_query"),
                        ("from=yesterday", "bad_request"), ("status=maybe", "bad_query"), ("limit=0", "bad_request")]:
        r = c.get(f"/api/v1/events?{query}")
        assert r.status_code == 400, query
        assert r.json()["error"]["code"] == code and r.json()["error"]["message"], query
    r = c.get("/api/v1/events/SYR99999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert c.get("/api/v1/nothing").json()["error"]["code"] == "not_found"


def test_event_detail_documents_stats_actors_places_layers(read_only):
    app, _, _ = read_only
    c, _ = login(app, "vera")
    eid = c.get("/api/v1/events?sort=event_date&limit=1").json()["events"][0]["event_id_cnty"]
    d = c.get(f"/api/v1/events/{eid}").json()
    assert d["event"]["event_id_cnty"] == eid and len(d["reports"]) == 3  # three outlets per event
    r = d["reports"][0]
    s, e = r["provenance"]["event_type"]["spans"][0]
    assert r["text"][s:e] == "@event"  # the evidence span points into the article's raw text
    assert r["text"][r["evidence_span"][0]:r["evidence_span"][1]].startswith("@event ")
    assert [x["action"] for x in d["revisions"]][0] == "create"
    doc = c.get(f"/api/v1/documents/{r['doc_id']}").json()
    assert doc["text"] == r["text"] and doc["mentions"][0]["text"] == "@event"
    assert doc["events"][0]["event_id_cnty"] == eid
    assert c.get("/api/v1/documents/nope").status_code == 404
    stats = c.get("/api/v1/stats").json()
    assert stats["total"] == 22 and sum(sum(d["counts"].values()) for d in stats["by_day"]) == 22
    assert {x["name"] for x in stats["by_type"]} == {"Battles", "Explosions/Remote violence", "Protests"}
    net = c.get("/api/v1/actors").json()
    names = {a["name"] for a in net["actors"]}
    assert {"Military Forces of Syria", XSS_ACTOR} <= names
    assert any({e["source"], e["target"]} == {"Military Forces of Syria", "Islamic State (Syria)"} for e in net["edges"])
    places = c.get("/api/v1/places?q=دمشق").json()["places"]
    assert places and all({"geo_id", "name_ar", "name_en", "kind"} <= set(p) for p in places)
    layer = c.get("/api/v1/layers/syria-admin1").json()
    assert layer["type"] == "FeatureCollection" and len(layer["features"]) == 14
    meta = c.get("/api/v1/meta").json()
    assert "Battles" in meta["event_types"] and meta["tile_url"] is None


def test_exports_stream_every_format(read_only, tmp_path):
    import pyarrow.parquet as pq

    app, _, _ = read_only
    c, _ = login(app, "vera")
    r = c.get("/api/v1/events.csv?event_type=Battles")
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 11 and all(x["event_type"] == "Battles" for x in rows)
    geo = c.get("/api/v1/events.geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 22
    assert geo["features"][0]["geometry"]["type"] == "Point" and geo["attribution"]
    lines = c.get("/api/v1/events.jsonl?min_fatalities=9").text.splitlines()
    assert lines and all(json.loads(x)["fatalities"] >= 9 for x in lines) and "provenance" in json.loads(lines[0])
    (tmp_path / "e.parquet").write_bytes(c.get("/api/v1/events.parquet?country=Syria").content)
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 21 and b"marsad_version" in table.schema.metadata


# -- corrections -------------------------------------------------------------------------------------


def _some_event(c) -> dict:
    return c.get("/api/v1/events?sort=event_date&limit=1").json()["events"][0]


def test_correction_revision_csv_and_rerun(served):
    app, store, tmp_path = served
    c, csrf = login(app, "rana")
    e = _some_event(c)
    eid = e["event_id_cnty"]
    r = c.patch(f"/api/v1/events/{eid}", json={"fatalities": 17, "reason": "the hospital counted 17"},
                headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["diff"]["fatalities"] == [e["fatalities"], 17]
    assert out["event"]["event"]["fatalities"] == 17 and out["event"]["event"]["reviewed"] is True
    last = out["event"]["revisions"][-1]
    assert (last["who"], last["action"], last["why"]) == ("rana", "correct", "the hospital counted 17")
    assert out["event"]["corrections"]["fatalities"]["machine"] == e["fatalities"]
    rows = {x["event_id_cnty"]: x for x in csv.DictReader(io.StringIO(c.get("/api/v1/events.csv").text))}
    assert rows[eid]["fatalities"] == "17"
    assert c.get("/api/v1/events?status=reviewed").json()["total"] == 1
    assert c.get("/api/v1/events?status=machine").json()["total"] == 21
    # the machine re-reads a changed article of this event: the analyst's value stays
    doc_id = e["sources"][0]
    detail = c.get(f"/api/v1/events/{eid}").json()
    report = next(x for x in detail["reports"] if x["doc_id"] == doc_id)
    changed = report["text"].replace("|f=", "|f=9").replace("رقم", "الرقم")
    write_jsonl(tmp_path / "changed.jsonl", [{"doc_id": doc_id, "source": report["outlet"],
                                              "published": report["published"][:10], "text": changed}])
    run_inputs([str(tmp_path / "changed.jsonl")], store, TOY)
    after = c.get(f"/api/v1/events/{eid}").json()
    assert after["event"]["fatalities"] == 17
    assert any(x["action"] in ("update", "proposal") and x["run_id"] for x in after["revisions"][2:])
    assert c.get("/api/v1/events?status=reviewed").json()["events"][0]["event_id_cnty"] == eid


def test_delete_restore_review_merge_split_over_the_api(served):
    app, _, _ = served
    c, csrf = login(app, "rana")
    h = {"X-CSRF-Token": csrf}
    a, b = [x["event_id_cnty"] for x in c.get("/api/v1/events?sort=event_date&limit=2").json()["events"]]
    assert c.post(f"/api/v1/events/{a}/delete", json={"reason": "duplicate"}, headers=h).status_code == 200
    assert c.get("/api/v1/events?status=deleted").json()["events"][0]["event_id_cnty"] == a
    assert c.get("/api/v1/events").json()["total"] == 21
    assert c.post(f"/api/v1/events/{a}/restore", json={"reason": "not a duplicate"}, headers=h).status_code == 200
    assert c.post(f"/api/v1/events/{a}/review", json={"reason": "checked"}, headers=h).json()["event"]["confirmed"]
    merged = c.post(f"/api/v1/events/{a}/merge", json={"events": [b], "reason": "same"}, headers=h).json()
    assert len(merged["event"]["reports"]) == 6
    rid = merged["event"]["reports"][-1]["id"]
    split = c.post(f"/api/v1/events/{a}/split", json={"reports": [rid], "reason": "other"}, headers=h).json()
    assert len(split["new_event"]["reports"]) == 1 and len(split["event"]["reports"]) == 5
    bad = c.patch(f"/api/v1/events/{a}", json={"fatalities": -3, "reason": "x"}, headers=h)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_correction"
    no_reason = c.patch(f"/api/v1/events/{a}", json={"fatalities": 3}, headers=h)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]["message"]
    form = c.patch(f"/api/v1/events/{a}", content="fatalities=3", headers={**h, "Content-Type": "text/plain"})
    assert form.status_code == 415


# -- access ------------------------------------------------------------------------------------------------

READS = ["/api/v1/events", "/api/v1/events/SYR1", "/api/v1/events.csv", "/api/v1/events.geojson",
         "/api/v1/events.jsonl", "/api/v1/events.parquet", "/api/v1/points", "/api/v1/actors", "/api/v1/stats",
         "/api/v1/documents/x", "/api/v1/places?q=x"]
WRITES = [("PATCH", "/api/v1/events/SYR1", {"fatalities": 1, "reason": "r"}),
          ("POST", "/api/v1/events/SYR1/delete", {"reason": "r"}),
          ("POST", "/api/v1/events/SYR1/restore", {"reason": "r"}),
          ("POST", "/api/v1/events/SYR1/review", {"reason": "r"}),
          ("POST", "/api/v1/events/SYR1/merge", {"events": ["SYR2"], "reason": "r"}),
          ("POST", "/api/v1/events/SYR1/split", {"reports": [1], "reason": "r"})]
ADMIN = [("GET", "/api/v1/users", None), ("POST", "/api/v1/users", {"name": "x", "role": "viewer", "password": "p" * 12})]


def test_every_protected_route_answers_401_without_login(served):
    app, _, _ = served
    c = client(app)
    for path in READS:
        r = c.get(path)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated", path
    for method, path, body in WRITES + ADMIN + [("POST", "/api/v1/tokens", {}), ("GET", "/api/v1/tokens", None),
                                                ("POST", "/api/v1/logout", {})]:
        r = c.request(method, path, json=body)
        assert r.status_code == 401, (method, path)
    # pages send the browser to the login page
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert c.get("/login").status_code == 200


def test_writes_need_a_reviewer_and_the_csrf_token(served):
    app, _, _ = served
    viewer, vcsrf = login(app, "vera")
    rev, rcsrf = login(app, "rana")
    for method, path, body in WRITES:
        r = viewer.request(method, path, json=body, headers={"X-CSRF-Token": vcsrf})
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", path
        for headers in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": vcsrf}):
            r = rev.request(method, path, json=body, headers=headers)
            assert r.status_code == 403 and r.json()["error"]["code"] == "csrf", (path, headers)
        r = rev.request(method, path, json=body, headers={"X-CSRF-Token": rcsrf})
        assert r.status_code not in (401, 403), path
    for method, path, body in ADMIN:
        assert rev.request(method, path, json=body, headers={"X-CSRF-Token": rcsrf}).status_code == 403
    admin, acsrf = login(app, "adam")
    assert admin.post("/api/v1/users", json={"name": "nour", "role": "reviewer", "password": "x" * 12},
                      headers={"X-CSRF-Token": acsrf}).status_code == 200
    assert {u["name"] for u in admin.get("/api/v1/users").json()["users"]} == {"adam", "nour", "rana", "vera"}
    assert rev.post("/api/v1/logout", headers={"X-CSRF-Token": rcsrf}).status_code == 200
    assert rev.get("/api/v1/events").status_code == 401  # the session ended


def test_api_tokens_for_scripts(served):
    app, store, _ = served
    from marsad.serve import auth

    token = auth.create_token(store, "rana", "nightly script")
    c = client(app)
    h = {"Authorization": f"Bearer {token}"}
    assert c.get("/api/v1/events", headers=h).status_code == 200
    eid = _some_event(c.__class__(app, headers=h))["event_id_cnty"]
    r = c.patch(f"/api/v1/events/{eid}", json={"fatalities": 2, "reason": "script"}, headers=h)
    assert r.status_code == 200  # no CSRF token: a bearer token is no ambient credential
    assert r.json()["event"]["revisions"][-1]["who"] == "rana (token nightly script)"
    bad = c.get("/api/v1/events", headers={"Authorization": "Bearer marsad_nope"})
    assert bad.status_code == 401
    viewer_token = auth.create_token(store, "vera", "reader")
    assert c.patch(f"/api/v1/events/{eid}", json={"fatalities": 3, "reason": "x"},
                   headers={"Authorization": f"Bearer {viewer_token}"}).status_code == 403
    v, vcsrf = login(app, "vera")
    made = v.post("/api/v1/tokens", json={"name": "mine"}, headers={"X-CSRF-Token": vcsrf}).json()
    assert made["token"].startswith("marsad_")
    mine = v.get("/api/v1/tokens").json()["tokens"]
    assert [t["name"] for t in mine] == ["reader", "mine"]
    v.post(f"/api/v1/tokens/{mine[1]['id']}/revoke", headers={"X-CSRF-Token": vcsrf})
    assert c.get("/api/v1/events", headers={"Authorization": f"Bearer {made['token']}"}).status_code == 401
    with store.engine.connect() as conn:  # only digests are stored
        stored = [r[0] for r in conn.exec_driver_sql("select digest from api_tokens")]
    assert token not in stored and len(stored[0]) == 64


def test_failed_logins_are_limited_and_passwords_never_logged(served, caplog):
    app, _, _ = served
    c = client(app)
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        assert c.post("/api/v1/login", json={"name": "rana", "password": "wrong-password-1"}).status_code == 401
    r = c.post("/api/v1/login", json={"name": "rana", "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert r.json()["error"]["code"] == "too_many_attempts"
    assert "wrong-password-1" not in caplog.text and PASSWORD not in caplog.text
    # another user from another address is not locked out by rana's failures
    other = TestClient(app, client=("10.1.1.1", 5555))
    assert other.post("/api/v1/login", json={"name": "vera", "password": PASSWORD}).status_code == 200
    # a login posted from another site is refused
    r = client(app).post("/api/v1/login", json={"name": "vera", "password": PASSWORD},
                         headers={"Origin": "https://evil.example"})
    assert r.status_code == 403


def test_public_mode_reads_without_login_but_writes_need_a_reviewer(db_url, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(6))
    with Store(db_url) as store:
        run_inputs([str(path)], store, TOY)
        app = create_app(ServeConfig(db=db_url, public=True), store)
        c = client(app)
        assert c.get("/api/v1/events").json()["total"] == 2
        assert c.get("/").status_code == 200
        eid = c.get("/api/v1/events").json()["events"][0]["event_id_cnty"]
        assert c.patch(f"/api/v1/events/{eid}", json={"fatalities": 1, "reason": "x"}).status_code == 401


def test_headers_csp_and_openapi(read_only):
    app, _, _ = read_only
    c = client(app)
    r = c.get("/login")
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text.replace("<script src=", "")  # no inline script in any page
    spec = c.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/events", "/api/v1/events/{event_id_cnty}", "/api/v1/events.csv", "/api/v1/events.geojson",
                 "/api/v1/events.parquet", "/api/v1/documents/{doc_id}", "/api/v1/actors", "/api/v1/stats",
                 "/api/v1/events/{event_id_cnty}/merge", "/api/v1/events/{event_id_cnty}/split"):
        assert path in spec["paths"], path
    assert "patch" in spec["paths"]["/api/v1/events/{event_id_cnty}"]
    assert c.get("/static/../app.py").status_code == 404
    assert c.get("/vendor/leaflet/../../package.json").status_code == 404


def test_tile_url_is_allowed_by_the_csp_only_when_configured(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        app = create_app(ServeConfig(db=sqlite_url, public=True, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"),
                         store)
        csp = client(app).get("/login").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.org" in csp
