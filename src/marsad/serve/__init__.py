"""``marsad serve``: the analysts' web app and API over the store.

- :mod:`marsad.serve.app`: the FastAPI application (:func:`create_app`), the API
  under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``) and the pages;
- :mod:`marsad.serve.queries`: filtered, paginated reads of the store;
- :mod:`marsad.serve.auth`: users, roles, sessions, CSRF tokens, API tokens, the
  limit on failed logins;
- :mod:`marsad.serve.assets`: the web app's own files and the npm ones.

Corrections themselves are :mod:`marsad.store.review` (the store's library API).
Needs the ``[serve]`` extra: ``pip install 'marsad[serve]'``.
"""

from __future__ import annotations

__all__ = ["create_app", "ServeConfig"]


def __getattr__(name: str):
    if name in __all__:
        from marsad.serve import app

        return getattr(app, name)
    raise AttributeError(name)
