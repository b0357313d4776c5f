"""The FastAPI application: the API under ``/api/v1`` and the web app's pages.

Security: every response carries a Content-Security-Policy without
``'unsafe-inline'`` (the pages load scripts and styles from this server only and
render stored text with ``textContent``); a browser session is an HttpOnly,
SameSite=Strict cookie, and every state-changing request made with it must carry
the session's CSRF token in ``X-CSRF-Token``; scripts use ``Authorization: Bearer``
API tokens; failed logins are limited per user name and per client address.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterator

import orjson
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.errors import MarsadError
from marsad.serve import auth as A
from marsad.serve import queries as Q
from marsad.serve.assets import STATIC, vendor_file
from marsad.store import Store
from marsad.store import review as R

__all__ = ["ServeConfig", "create_app"]

log = logging.getLogger("marsad.serve")
API = "/api/v1"
SESSION_COOKIE = "marsad_session"
MAX_LIMIT = 500
EXTENSIONS = {"acled-csv": "csv", "geojson": "geojson", "jsonl": "jsonl", "parquet": "parquet"}


@dataclass(frozen=True)
class ServeConfig:
    db: str | None = None
    public: bool = False  # read-only pages and API open without login
    tile_url: str | None = None  # a raster tile URL template; none: the shipped polygons only
    tile_attribution: str = ""
    login_attempts: int = 5
    login_window: float = 300.0


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


class ORJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=str, option=orjson.OPT_NON_STR_KEYS)


def _csp(config: ServeConfig) -> str:
    img = "'self' data:"
    if config.tile_url:
        from urllib.parse import urlsplit

        parts = urlsplit(config.tile_url.replace("{s}", "a"))
        if parts.scheme in ("http", "https") and parts.hostname:
            host = parts.netloc.replace("a.", "*.", 1) if "{s}" in config.tile_url else parts.netloc
            img += f" {parts.scheme}://{host}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img + "; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(config: ServeConfig = ServeConfig(), store: Store | None = None) -> FastAPI:
    """The web app and API over the store ``config.db`` (or ``store``)."""
    store = store or Store(config.db, create=False)
    store.create_schema()  # the review and account tables of a store from an older marsad
    R.ensure_search_index(store)
    limiter = A.LoginLimiter(config.login_attempts, config.login_window)
    app = FastAPI(title="marsad API", version="1", docs_url=f"{API}/docs", redoc_url=None,
                  openapi_url=f"{API}/openapi.json", default_response_class=ORJSON,
                  description="Events coded as ACLED codes them, with the evidence for every field, "
                              "and analysts' corrections. See docs/serve.md.")
    app.state.store = store
    app.state.config = config
    csp = _csp(config)
    places: list[Q.PlaceIndex] = []

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.url.path.startswith(API):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(R.EventNotFound)
    async def _not_found(_request: Request, exc: R.EventNotFound):
        return _error(404, "not_found", str(exc))

    @app.exception_handler(R.ReviewError)
    async def _review_error(_request: Request, exc: R.ReviewError):
        return _error(422, "invalid_correction", str(exc))

    @app.exception_handler(A.AccountError)
    async def _account_error(_request: Request, exc: A.AccountError):
        return _error(422, "invalid_account", str(exc))

    @app.exception_handler(Q.BadQuery)
    async def _bad_query(_request: Request, exc: Q.BadQuery):
        return _error(400, "bad_query", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(400, "bad_request", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(MarsadError)
    async def _marsad(_request: Request, exc: MarsadError):
        return _error(500, "store_error", str(exc))

    # -- who is asking --------------------------------------------------------------------------
    def current(request: Request) -> tuple[A.User | None, str | None]:
        """(user, CSRF token of the session; None for a token or no login)."""
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            user = A.user_by_token(store, header[7:].strip())
            if user is None:
                raise ApiError(401, "unauthenticated", "the API token is unknown or revoked",
                               {"WWW-Authenticate": "Bearer"})
            return user, None
        found = A.user_by_session(store, request.cookies.get(SESSION_COOKIE))
        return (found[0], found[1]) if found else (None, None)

    def reader(request: Request) -> A.User:
        user, _ = current(request)
        if user is None:
            if config.public:
                return A.User(0, "public", "viewer", via="public")
            raise ApiError(401, "unauthenticated", "log in (POST /api/v1/login) or send an API token "
                                                   "(Authorization: Bearer ...)", {"WWW-Authenticate": "Bearer"})
        return user

    def writer(role: str) -> Callable[[Request], A.User]:
        def dep(request: Request) -> A.User:
            user, csrf = current(request)
            if user is None:
                raise ApiError(401, "unauthenticated", "log in as a reviewer to change events",
                               {"WWW-Authenticate": "Bearer"})
            if (csrf is not None and request.method not in ("GET", "HEAD")
                    and not A.csrf_matches(csrf, request.headers.get("x-csrf-token"))):
                raise ApiError(403, "csrf", "missing or wrong CSRF token: send the session's csrf_token "
                                            "(GET /api/v1/session) in the X-CSRF-Token header")
            if not user.can(role):
                raise ApiError(403, "forbidden", f"this needs the {role} role; {user.name} is a {user.role}")
            return user
        return dep

    reviewer, admin, any_user = writer("reviewer"), writer("admin"), writer("viewer")

    async def body(request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise ApiError(415, "unsupported_media_type", "send a JSON body (Content-Type: application/json)")
        try:
            data = orjson.loads(await request.body() or b"{}")
        except orjson.JSONDecodeError:
            raise ApiError(400, "bad_request", "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise ApiError(400, "bad_request", "the body must be a JSON object")
        return data

    def same_origin(request: Request) -> None:
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
            raise ApiError(403, "csrf", "cross-origin request refused")

    # -- filters ---------------------------------------------------------------------------------
    def _split(values: list[str] | None) -> tuple[str, ...]:
        return tuple(x.strip() for v in values or [] for x in v.split(",") if x.strip())

    def filters(
        date_from: date | None = Query(None, alias="from", description="first event date, YYYY-MM-DD"),
        date_to: date | None = Query(None, alias="to", description="last event date, YYYY-MM-DD"),
        event_type: list[str] | None = Query(None, description="ACLED event type(s), repeated or comma separated"),
        sub_event_type: list[str] | None = Query(None, description="ACLED sub-event type(s)"),
        actor: str | None = Query(None, description="an actor (actor1, actor2, or among the associated actors)"),
        country: str | None = Query(None),
        admin1: list[str] | None = Query(None, description="first-level region(s), e.g. Idleb"),
        location: str | None = Query(None, description="a place: location, admin2 or admin3 name, geo_id or P-code"),
        bbox: str | None = Query(None, description="minlon,minlat,maxlon,maxlat"),
        q: str | None = Query(None, description="words in the evidence, notes, sides or place (Arabic folded)"),
        min_fatalities: int | None = Query(None, ge=0),
        status: str = Query("active", description="active (machine + reviewed), machine, reviewed, deleted, all"),
    ) -> Q.EventQuery:
        return Q.EventQuery(date_from=date_from, date_to=date_to, event_type=_split(event_type),
                            sub_event_type=_split(sub_event_type), actor=actor or None, country=country or None,
                            admin1=_split(admin1), location=location or None, bbox=Q.parse_bbox(bbox),
                            q=q or None, min_fatalities=min_fatalities, status=status)

    api = APIRouter(prefix=API)

    # -- reading ---------------------------------------------------------------------------------
    @api.get("/events", summary="Events, filtered, sorted and paginated")
    def events(flt: Q.EventQuery = Depends(filters), sort: str = Query("-event_date"),
               limit: int = Query(50, ge=1, le=MAX_LIMIT), cursor: str | None = None,
               _u: A.User = Depends(reader)):
        return Q.list_events(store, flt, sort=sort, limit=limit, cursor=cursor)

    def export_route(fmt: str, media: str, summary: str) -> Callable[..., StreamingResponse]:
        def route(flt: Q.EventQuery = Depends(filters), sort: str = Query("event_date"),
                  _u: A.User = Depends(reader)) -> StreamingResponse:
            return _export(flt, sort, fmt, media, f"marsad-events.{EXTENSIONS[fmt]}")
        route.__doc__ = summary
        return route

    for fmt, media, summary in (
        ("acled-csv", "text/csv; charset=utf-8", "The filtered events in ACLED's CSV columns (streamed)"),
        ("geojson", "application/geo+json", "The filtered events as GeoJSON (streamed)"),
        ("jsonl", "application/x-ndjson", "The filtered events as JSON lines with provenance (streamed)"),
        ("parquet", "application/vnd.apache.parquet", "The filtered events as Parquet (streamed)"),
    ):
        api.add_api_route(f"/events.{EXTENSIONS[fmt]}", export_route(fmt, media, summary), methods=["GET"],
                          summary=summary, response_class=StreamingResponse)

    def _export(flt: Q.EventQuery, sort: str, fmt: str, media: str, name: str) -> StreamingResponse:
        Q.parse_sort(sort)
        flt.clauses()  # a bad filter fails before the response starts
        stream = _stream_export(store, flt, sort, fmt)
        return StreamingResponse(stream, media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @api.get("/points", summary="Every filtered event with coordinates, compact, for the map")
    def points(flt: Q.EventQuery = Depends(filters), _u: A.User = Depends(reader)):
        return Q.points(store, flt)

    @api.get("/events/{event_id_cnty}", summary="An event, its reports with evidence, its history")
    def event(event_id_cnty: str, _u: A.User = Depends(reader)):
        found = Q.event_detail(store, event_id_cnty)
        if found is None:
            raise ApiError(404, "not_found", f"no event {event_id_cnty!r} in the store")
        return found

    @api.get("/documents/{doc_id}", summary="An article's text and the mentions found in it")
    def document(doc_id: str, sha256: str | None = None, _u: A.User = Depends(reader)):
        found = Q.document_detail(store, doc_id, sha256)
        if found is None:
            raise ApiError(404, "not_found", f"no document {doc_id!r} in the store")
        return found

    @api.get("/actors", summary="Actors of the filtered events and the events between them")
    def actors(flt: Q.EventQuery = Depends(filters), limit: int = Query(60, ge=1, le=500),
               _u: A.User = Depends(reader)):
        return Q.actor_network(store, flt, limit=limit)

    @api.get("/stats", summary="Counts by day and type, type, region, country")
    def stats(flt: Q.EventQuery = Depends(filters), _u: A.User = Depends(reader)):
        return Q.stats(store, flt)

    @api.get("/places", summary="Gazetteer places by name (for a correction of the place)")
    def place_search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=100),
                     _u: A.User = Depends(reader)):
        if not places:
            from marsad.geocode import load_gazetteer

            places.append(Q.PlaceIndex(load_gazetteer()))
        return {"places": places[0].search(q, limit)}

    @api.get("/layers/{name}", summary="A shipped map layer (admin polygons, GeoJSON)")
    def layer(name: str):
        from marsad.geocode.boundaries import LAYERS, layer_bytes

        if name not in LAYERS:
            raise ApiError(404, "not_found", f"no map layer {name!r}: one of {', '.join(LAYERS)}")
        return Response(layer_bytes(name), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})

    @api.get("/meta", summary="Vocabularies and settings for the web app")
    def meta():
        from marsad.extract.typing import SUB_EVENT_TYPES
        from marsad.geocode.boundaries import boundary_layers
        from marsad.recognize.actors import INTER_LABELS
        from marsad.versions import build_version

        return {"version": build_version(), "public": config.public, "event_types": SUB_EVENT_TYPES,
                "inter": INTER_LABELS, "correctable": list(R.CORRECTABLE),
                "tile_url": config.tile_url, "tile_attribution": config.tile_attribution,
                "layers": [{"name": x.name, "title": x.title, "attribution": list(x.attribution)}
                           for x in boundary_layers()]}

    # -- accounts ----------------------------------------------------------------------------------
    @api.get("/session", summary="Who is logged in, and the session's CSRF token")
    def session(request: Request):
        user, csrf = current(request)
        if user is None:
            return {"user": None, "public": config.public}
        return {"user": {"name": user.name, "role": user.role, "via": user.via}, "csrf_token": csrf,
                "public": config.public}

    @api.post("/login", summary="Log in: sets the session cookie, returns the CSRF token")
    async def login(request: Request):
        same_origin(request)
        data = await body(request)
        name, password = str(data.get("name") or ""), str(data.get("password") or "")
        client = "ip:" + (request.client.host if request.client else "?")
        wait = limiter.retry_after("user:" + name.lower(), client)
        if wait:
            log.warning("login refused (too many failures) for %r from %s", name[:100], client)
            raise ApiError(429, "too_many_attempts", f"too many failed logins: try again in {wait} s",
                           {"Retry-After": str(wait)})
        user = A.authenticate(store, name, password)
        if user is None:
            limiter.failed("user:" + name.lower(), client)
            log.info("login failed for %r from %s", name[:100], client)
            raise ApiError(401, "bad_credentials", "wrong user name or password")
        limiter.succeeded("user:" + name.lower())
        token, csrf = A.new_session(store, user)
        log.info("login: %s (%s) from %s", user.name, user.role, client)
        response = ORJSON({"user": {"name": user.name, "role": user.role, "via": "session"}, "csrf_token": csrf})
        response.set_cookie(SESSION_COOKIE, token, max_age=A.SESSION_HOURS * 3600, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https", path="/")
        return response

    @api.post("/logout", summary="End the session")
    def logout(request: Request, _u: A.User = Depends(any_user)):
        A.end_session(store, request.cookies.get(SESSION_COOKIE))
        response = ORJSON({"ok": True})
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @api.get("/tokens", summary="Your API tokens (an admin's: everyone's)")
    def tokens(user: A.User = Depends(any_user)):
        return {"tokens": A.list_tokens(store, None if user.can("admin") else user.id)}

    @api.post("/tokens", summary="A new API token for yourself (shown once)")
    async def new_token(request: Request, user: A.User = Depends(any_user)):
        data = await body(request)
        return {"token": A.create_token(store, user.name, str(data.get("name") or "script")),
                "user": user.name}

    @api.post("/tokens/{token_id}/revoke", summary="Revoke an API token")
    def revoke(token_id: int, user: A.User = Depends(any_user)):
        A.revoke_token(store, token_id, user)
        return {"ok": True}

    @api.get("/users", summary="Accounts (admin)")
    def users(_u: A.User = Depends(admin)):
        return {"users": A.list_users(store)}

    @api.post("/users", summary="Add an account or change its role and password (admin)")
    async def add_user(request: Request, _u: A.User = Depends(admin)):
        data = await body(request)
        u = A.add_user(store, str(data.get("name") or ""), str(data.get("role") or ""),
                       str(data.get("password") or ""), replace=bool(data.get("replace")))
        return {"user": {"name": u.name, "role": u.role}}

    # -- corrections ------------------------------------------------------------------------------------
    def _outcome(out: R.Outcome, event_id: str) -> dict[str, Any]:
        return {"event": Q.event_detail(store, event_id), "diff": out.diff}

    @api.patch("/events/{event_id_cnty}", summary="Correct fields of an event (reviewer); reason required")
    async def patch_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        reason = data.pop("reason", None)
        out = R.correct(store, event_id_cnty, data, who=user.signature, why=reason)
        return _outcome(out, event_id_cnty)

    @api.post("/events/{event_id_cnty}/review", summary="Confirm an event as it is (reviewer)")
    async def review_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        return _outcome(R.mark_reviewed(store, event_id_cnty, who=user.signature, why=data.get("reason")),
                        event_id_cnty)

    @api.post("/events/{event_id_cnty}/delete", summary="Delete an event (reviewer); reason required")
    async def delete_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        return _outcome(R.delete_event(store, event_id_cnty, who=user.signature, why=data.get("reason")),
                        event_id_cnty)

    @api.post("/events/{event_id_cnty}/restore", summary="Restore a deleted event (reviewer)")
    async def restore_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        return _outcome(R.restore_event(store, event_id_cnty, who=user.signature, why=data.get("reason")),
                        event_id_cnty)

    @api.post("/events/{event_id_cnty}/merge", summary="Merge other events into this one (reviewer)")
    async def merge_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        others = data.get("events")
        if not isinstance(others, list) or not all(isinstance(x, str) for x in others):
            raise ApiError(400, "bad_request", "give the events to merge into this one as a list of ids (events)")
        return _outcome(R.merge_events(store, event_id_cnty, others, who=user.signature, why=data.get("reason")),
                        event_id_cnty)

    @api.post("/events/{event_id_cnty}/split", summary="Move reports out into a new event (reviewer)")
    async def split_event(event_id_cnty: str, request: Request, user: A.User = Depends(reviewer)):
        data = await body(request)
        reports = data.get("reports")
        if not isinstance(reports, list) or not all(isinstance(x, int) for x in reports):
            raise ApiError(400, "bad_request", "give the reports to move out as a list of report ids (reports)")
        out = R.split_event(store, event_id_cnty, reports, who=user.signature, why=data.get("reason"))
        return {"event": Q.event_detail(store, event_id_cnty), "new_event": Q.event_detail(store,
                out.event.event_id_cnty), "diff": out.diff}

    app.include_router(api)

    @app.api_route(API + "/{rest:path}", methods=["GET", "POST", "PATCH", "PUT", "DELETE"], include_in_schema=False)
    def api_404(rest: str):
        raise ApiError(404, "not_found", f"no API route /{rest}: see {API}/openapi.json")

    # -- pages ----------------------------------------------------------------------------------------------
    def page(name: str) -> Callable[..., FileResponse]:
        def serve_page(request: Request) -> Response:
            if not config.public and name != "login.html" and current(request)[0] is None:
                from urllib.parse import quote

                target = request.url.path + (("?" + request.url.query) if request.url.query else "")
                return Response(status_code=303, headers={"Location": "/login?next=" + quote(target, safe="")})
            return FileResponse(STATIC / name, media_type="text/html; charset=utf-8",
                                headers={"Cache-Control": "no-cache"})
        return serve_page

    app.add_api_route("/", page("index.html"), include_in_schema=False)
    app.add_api_route("/events/{event_id_cnty}", page("event.html"), include_in_schema=False)
    app.add_api_route("/actors", page("actors.html"), include_in_schema=False)
    app.add_api_route("/login", page("login.html"), include_in_schema=False)

    @app.get("/static/{path:path}", include_in_schema=False)
    def static(path: str):
        target = (STATIC / path).resolve()
        if STATIC.resolve() not in target.parents or not target.is_file():
            raise ApiError(404, "not_found", "no such file")
        return FileResponse(target, headers={"Cache-Control": "no-cache"})

    @app.get("/vendor/{path:path}", include_in_schema=False)
    def vendor(path: str):
        target = vendor_file(path)
        if target is None:
            raise ApiError(404, "not_found", "no such file")
        return FileResponse(target, headers={"Cache-Control": "public, max-age=86400"})

    return app


def _stream_export(store, flt: Q.EventQuery, sort: str, fmt: str) -> Iterator[bytes]:
    """The export of ``export_events`` written by a thread into a queue, read in
    chunks: the response starts at once and holds one chunk at a time in memory."""
    from marsad.export import export_events

    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)

    class Sink:
        def __init__(self) -> None:
            self.buf: list[bytes] = []
            self.size = 0

        def write(self, data) -> int:
            b = data.encode() if isinstance(data, str) else bytes(data)
            self.buf.append(b)
            self.size += len(b)
            if self.size >= 65536:
                self.flush()
            return len(data)

        def flush(self) -> None:
            if self.buf:
                chunks.put(b"".join(self.buf))
                self.buf, self.size = [], 0

    sink = Sink()

    def work() -> None:
        try:
            export_events(Q.iter_filtered(store, flt, sort=sort), fmt, sink,
                          extra={"filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                             for k, v in flt.__dict__.items() if v not in (None, (), "")}})
            sink.flush()
            chunks.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the response
            chunks.put(exc)

    threading.Thread(target=work, daemon=True, name="marsad-export").start()

    def read() -> Iterator[bytes]:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                log.error("export failed: %s", item)
                raise item
            yield item

    return read()
