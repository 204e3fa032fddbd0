"""Real Huey consumers: a worker process on SQLite storage and one on Redis sends queued mail.

The test process queues a message and commits, exactly as a request does; the worker (the
`flask jobs worker` command, production configuration) takes the task from the queue's storage
and sends the message to an SMTP server running inside the test.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from program_planner import create_app
from program_planner.extensions import db
from program_planner.mail.service import queue_mail
from tests.conftest import drop_postgres_database, fresh_postgres_database
from tests.mail.smtp import smtp_server

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_REDIS = os.environ.get("PP_REQUIRE_REDIS") == "1"


def redis_problem() -> str | None:
    """Return why Redis cannot be used, or None."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return f"Redis not reachable at {REDIS_URL}: {error}"


def queue_for(kind, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    problem = redis_problem()
    if problem:
        if REQUIRE_REDIS:
            pytest.fail(problem + " (PP_REQUIRE_REDIS=1)")
        pytest.skip(problem)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


@pytest.mark.parametrize(
    ("queue_kind", "database"), [("sqlite", "sqlite"), ("redis", "postgresql")]
)
def test_a_worker_process_sends_what_a_request_queued(queue_kind, database, tmp_path):
    import flask_migrate

    queue_url = queue_for(queue_kind, tmp_path)
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    else:
        url = fresh_postgres_database("program_planner_worker")
    with smtp_server() as (inbox, port):
        settings = {
            "DATABASE_URL": url,
            "TASK_QUEUE_URL": queue_url,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(port),
        }
        app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=url,
            TASK_QUEUE_URL=queue_url,
            MAIL_BACKEND="smtp",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
        )
        with app.app_context():
            flask_migrate.upgrade()
            queue_mail(
                "reader@example.org",
                "notice",
                "en",
                {
                    "headline": f"Sent by a {queue_kind} worker",
                    "lines": ["Hello"],
                    "link": "",
                    "link_text": "",
                },
            )
            db.session.commit()  # puts the sending task in the queue's storage
        assert inbox.messages == []  # nothing sent in this process: the worker does it
        env = dict(
            os.environ,
            PROGRAM_PLANNER_CONFIG="production",
            SECRET_KEY="worker-test-secret-key-0123456789-abcdefghij",
            **settings,
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "program_planner", "jobs", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 40
            while not inbox.messages and time.monotonic() < deadline:
                if worker.poll() is not None:
                    pytest.fail("worker stopped: " + worker.stdout.read().decode()[-2000:])
                time.sleep(0.2)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=30)[0].decode()
        assert [m["Subject"] for m in inbox.messages] == [f"Sent by a {queue_kind} worker"], output
        with app.app_context():
            from program_planner.mail.models import MailStatus, OutboxMessage

            assert db.session.scalar(db.select(OutboxMessage.status)) == MailStatus.SENT
            db.engine.dispose()
    if database == "postgresql":
        drop_postgres_database(url)
