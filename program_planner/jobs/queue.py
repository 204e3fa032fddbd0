"""The task queue: one Huey instance, its storage chosen by configuration.

TASK_QUEUE_URL: "redis://host:port/db" (several app servers and workers share one queue),
"sqlite:///path" (the default: instance/tasks.sqlite3, so `make run` needs nothing else), or
"immediate" (tasks run in the caller, for tests). Unset with REDIS_URL set: that Redis.

The database stays the source of truth: a job or a mail is a row first, and the queue only says
"look now". A periodic sweep finds rows nobody picked up (the queue was down when they were
written, a worker died), so nothing is lost while the queue or a worker is away.
"""

import functools
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab  # noqa: F401 - crontab re-exported for the task modules
from huey.storage import RedisStorage, SqliteStorage

huey = Huey(
    "program-planner", results=False, utc=True, storage_class=SqliteStorage, filename=":memory:"
)
_worker_app: list[Flask] = []


def queue_url(app: Flask) -> str:
    """Return where the queue lives for this app's configuration."""
    url = app.config.get("TASK_QUEUE_URL") or app.config.get("REDIS_URL") or ""
    return url or f"sqlite:///{Path(app.instance_path) / 'tasks.sqlite3'}"


def configure_queue(app: Flask) -> None:
    """Point the queue at the configured storage (immediate, SQLite file or Redis)."""
    url = queue_url(app)
    if url == "immediate":
        huey.immediate = True
        return
    huey.immediate = False
    if url.startswith(("redis://", "rediss://", "unix://")):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
    elif url.startswith("sqlite:///"):
        filename = url.removeprefix("sqlite:///")
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": filename}
    else:
        raise RuntimeError(f"TASK_QUEUE_URL must be redis://…, sqlite:///… or immediate: {url!r}")
    huey.storage = huey.create_storage()


def set_worker_app(app: Flask) -> None:
    """Remember the application the worker's tasks run in."""
    _worker_app[:] = [app]


def _task_app() -> Flask:
    if not _worker_app:
        from program_planner import create_app  # a worker process builds its app on first task

        set_worker_app(create_app())
    return _worker_app[0]


def in_app_context(func):
    """Run a task in an application context of its own, so it has its own database session.

    In immediate mode (tests) the task runs inside the caller, often from a commit hook: a
    fresh context of the caller's app keeps it off the caller's session.
    """

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        app = current_app._get_current_object() if has_app_context() else _task_app()
        with app.app_context():
            return func(*args, **kwargs)

    return wrapped


def queue_problem() -> str | None:
    """Return why the queue cannot be reached, or None when it can (for the health check)."""
    if huey.immediate:
        return None
    try:
        huey.storage.enqueued_items(1)
    except Exception as error:  # noqa: BLE001 - any failure means "unreachable"
        return f"{type(error).__name__}: {error}"
    return None


def current_queue_url() -> str:
    """Return the configured queue location of the current app, without credentials."""
    url = queue_url(current_app)
    return url.split("@")[-1] if "@" in url else url
