"""Accounts: users with roles, passwords (argon2), browser sessions with a CSRF token,
API tokens for scripts, and a limit on failed logins.

Only digests are stored for session and API tokens (sha256 of a 256-bit random
token): a copy of the database lets no one in. Passwords are argon2id hashes
(``argon2-cffi``), rehashed on login when the parameters change.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select, update

from marsad.errors import ConfigError, MarsadError
from marsad.store import schema as S

__all__ = [
    "ROLES",
    "AccountError",
    "LoginLimiter",
    "User",
    "add_user",
    "authenticate",
    "create_token",
    "list_users",
    "new_session",
    "user_by_session",
    "user_by_token",
]

#: roles, each allowed what the ones before it are
ROLES: tuple[str, ...] = ("viewer", "reviewer", "admin")
SESSION_HOURS = 12
TOKEN_PREFIX = "marsad_"  # nosec B105  # the visible prefix of API tokens, not a password
_MIN_PASSWORD = 10


class AccountError(MarsadError):
    """An account operation that cannot be done as asked."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    via: str = "session"  # session, token NAME, or public

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def signature(self) -> str:
        """Who, for the revision history."""
        return self.name if self.via == "session" else f"{self.name} ({self.via})"


def _hasher():
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:  # pragma: no cover - the [serve] extra brings it
        raise ConfigError("accounts need argon2-cffi: pip install 'marsad[serve]'") from exc
    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(d: datetime) -> datetime:
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(f"user name {name!r}: give 1 to 100 printable characters without spaces")
    return name


def check_password(password: str) -> None:
    if len(password or "") < _MIN_PASSWORD:
        raise AccountError(f"the password is too short: give at least {_MIN_PASSWORD} characters")


def add_user(store, name: str, role: str, password: str, *, replace: bool = False) -> User:
    """Create user ``name`` (or, with ``replace``, set its role and password)."""
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    check_password(password)
    hashed = _hasher().hash(password)
    u = S.users.c
    with store.engine.begin() as conn:
        found = conn.execute(select(u.id).where(u.name == name)).scalar()
        if found is not None and not replace:
            raise AccountError(f"user {name!r} exists: use `marsad users passwd` or --replace")
        if found is None:
            found = conn.execute(S.users.insert().values(
                name=name, role=role, password_hash=hashed, active=True, created_at=_now()
            ).returning(u.id)).scalar_one()
        else:
            conn.execute(update(S.users).where(u.id == found).values(role=role, password_hash=hashed, active=True))
            conn.execute(S.sessions.delete().where(S.sessions.c.user_id == found))
    return User(found, name, role)


def set_active(store, name: str, active: bool) -> None:
    u = S.users.c
    with store.engine.begin() as conn:
        uid = conn.execute(select(u.id).where(u.name == name)).scalar()
        if uid is None:
            raise AccountError(f"no user {name!r}")
        conn.execute(update(S.users).where(u.id == uid).values(active=active))
        if not active:
            conn.execute(S.sessions.delete().where(S.sessions.c.user_id == uid))
            conn.execute(update(S.api_tokens).where(S.api_tokens.c.user_id == uid).values(revoked=True))


def list_users(store) -> list[dict[str, Any]]:
    u = S.users.c
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(
            select(u.id, u.name, u.role, u.active, u.created_at, u.last_login).order_by(u.name)).mappings()]


# a hash to verify against when the user does not exist, so that the answer takes as long
_DUMMY: list[str] = []


def authenticate(store, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs (and the account active), else None."""
    from argon2.exceptions import InvalidHashError, VerificationError

    ph = _hasher()
    u = S.users.c
    with store.engine.connect() as conn:
        row = conn.execute(select(S.users).where(u.name == (name or "").strip())).mappings().first()
    if row is None or not row["active"]:
        if not _DUMMY:
            _DUMMY.append(ph.hash(secrets.token_hex(16)))
        try:
            ph.verify(_DUMMY[0], password or "")
        except VerificationError:
            pass
        return None
    try:
        ph.verify(row["password_hash"], password or "")
    except (VerificationError, InvalidHashError):
        return None
    values: dict[str, Any] = {"last_login": _now()}
    if ph.check_needs_rehash(row["password_hash"]):
        values["password_hash"] = ph.hash(password)
    with store.engine.begin() as conn:
        conn.execute(update(S.users).where(u.id == row["id"]).values(**values))
    return User(row["id"], row["name"], row["role"])


# -- sessions ------------------------------------------------------------------------------


def new_session(store, user: User) -> tuple[str, str]:
    """A new browser session: (cookie token, CSRF token)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    with store.engine.begin() as conn:
        conn.execute(S.sessions.delete().where(S.sessions.c.expires_at < now))
        conn.execute(S.sessions.insert().values(user_id=user.id, digest=_digest(token), csrf=csrf, created_at=now,
                                                expires_at=now + timedelta(hours=SESSION_HOURS)))
    return token, csrf


def user_by_session(store, token: str | None) -> tuple[User, str] | None:
    """The user of a session cookie and the session's CSRF token, or None."""
    if not token:
        return None
    s, u = S.sessions.c, S.users.c
    with store.engine.connect() as conn:
        row = conn.execute(
            select(u.id, u.name, u.role, u.active, s.csrf, s.expires_at)
            .select_from(S.sessions.join(S.users, s.user_id == u.id))
            .where(s.digest == _digest(token))
        ).first()
    if row is None or not row.active or _aware(row.expires_at) < _now():
        return None
    return User(row.id, row.name, row.role), row.csrf


def end_session(store, token: str | None) -> None:
    if token:
        with store.engine.begin() as conn:
            conn.execute(S.sessions.delete().where(S.sessions.c.digest == _digest(token)))


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


# -- API tokens ----------------------------------------------------------------------------


def create_token(store, user_name: str, label: str) -> str:
    """A new API token for ``user_name`` (shown once; only its digest is stored)."""
    label = (label or "").strip() or "script"
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    u = S.users.c
    with store.engine.begin() as conn:
        uid = conn.execute(select(u.id).where(u.name == user_name, u.active.is_(True))).scalar()
        if uid is None:
            raise AccountError(f"no active user {user_name!r}: add it with `marsad users add`")
        conn.execute(S.api_tokens.insert().values(user_id=uid, name=label[:200], digest=_digest(token),
                                                  created_at=_now(), revoked=False))
    return token


def list_tokens(store, user_id: int | None = None) -> list[dict[str, Any]]:
    t, u = S.api_tokens.c, S.users.c
    q = (select(t.id, t.name, u.name.label("user"), t.created_at, t.last_used, t.revoked)
         .select_from(S.api_tokens.join(S.users, t.user_id == u.id)).order_by(t.id))
    if user_id is not None:
        q = q.where(t.user_id == user_id)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def revoke_token(store, token_id: int, user: User) -> None:
    t = S.api_tokens.c
    with store.engine.begin() as conn:
        owner = conn.execute(select(t.user_id).where(t.id == token_id)).scalar()
        if owner is None or (owner != user.id and not user.can("admin")):
            raise AccountError(f"no token {token_id} of yours")
        conn.execute(update(S.api_tokens).where(t.id == token_id).values(revoked=True))


def user_by_token(store, token: str | None) -> User | None:
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    t, u = S.api_tokens.c, S.users.c
    with store.engine.begin() as conn:
        row = conn.execute(
            select(t.id, t.name.label("label"), u.id.label("uid"), u.name, u.role, u.active, t.revoked)
            .select_from(S.api_tokens.join(S.users, t.user_id == u.id))
            .where(t.digest == _digest(token))
        ).first()
        if row is None or row.revoked or not row.active:
            return None
        conn.execute(update(S.api_tokens).where(t.id == row.id).values(last_used=_now()))
    return User(row.uid, row.name, row.role, via=f"token {row.label}")


# -- failed logins ---------------------------------------------------------------------------


class LoginLimiter:
    """At most ``attempts`` failed logins per user name and per client address in
    ``window`` seconds; then :meth:`retry_after` says how long to wait."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, *keys: str) -> int:
        now = time.monotonic()
        with self._lock:
            waits = [self._recent(k, now)[0] + self.window - now for k in keys
                     if len(self._recent(k, now)) >= self.attempts]
        return int(max(waits)) + 1 if waits else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
