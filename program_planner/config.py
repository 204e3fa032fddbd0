"""Configuration classes: Development, Testing and Production, shipped inside the package."""

import os

DEFAULT_SECRET_KEY = "dev-only-not-secret-change-me"  # noqa: S105 - refused in production
SQLITE_FILE = "program_planner.sqlite3"  # in the app's instance folder when DATABASE_URL is unset


class Config:
    """Settings shared by every environment; each reads the environment where it makes sense."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")  # "": SQLITE_FILE
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 15_000

    # Forms and requests
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # the largest upload we accept (spreadsheet imports)
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600  # staff and public forms stay open for a working day
    WTF_CSRF_SSL_STRICT = True

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    REMEMBER_COOKIE_DURATION = 0

    # Rate limits: Redis when several app servers share the load, memory otherwise
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL", "memory://")
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_LOGIN_PER_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_PER_ACCOUNT", "5 per minute")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_PUBLIC_FORM = os.environ.get("RATELIMIT_PUBLIC_FORM", "120/10 minutes;1000/day")
    FOLLOW_UP_RETENTION_DAYS = int(os.environ.get("FOLLOW_UP_RETENTION_DAYS", "120"))
    # The audit log forgets the client addresses of events older than this (flask audit
    # purge-addresses, run daily); the events themselves are kept.
    AUDIT_IP_RETENTION_DAYS = int(os.environ.get("AUDIT_IP_RETENTION_DAYS", "90"))

    # Work outside the request (Huey): Redis when several servers share it, else SQLite in instance/
    REDIS_URL = os.environ.get("REDIS_URL", "")
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "")  # redis://…, sqlite:///… or immediate
    JOB_RESULT_DAYS = int(os.environ.get("JOB_RESULT_DAYS", "7"))  # exported files kept this long
    # larger exports and imports run as jobs with a progress page instead of in the request
    EXPORT_IN_REQUEST_MAX_PROGRAMS = int(os.environ.get("EXPORT_IN_REQUEST_MAX_PROGRAMS", "25"))
    IMPORT_IN_REQUEST_MAX_ROWS = int(os.environ.get("IMPORT_IN_REQUEST_MAX_ROWS", "2000"))
    # an uploaded file larger than this is read by a job (parsing a big workbook takes seconds)
    IMPORT_IN_REQUEST_MAX_BYTES = int(os.environ.get("IMPORT_IN_REQUEST_MAX_BYTES", "131072"))
    # an imported response goes to the latest session started before it, on the same day or
    # at most this many hours earlier; otherwise it is kept without a session
    IMPORT_SESSION_WINDOW_HOURS = float(os.environ.get("IMPORT_SESSION_WINDOW_HOURS", "48"))

    # Mail over SMTP, through the outbox; "outbox" keeps messages unsent, readable by admins
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"  # STARTTLS
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Program Planner <program-planner@library.invalid>"
    )
    MAIL_REPLY_TO = os.environ.get("MAIL_REPLY_TO", "")
    MAIL_SUPPRESS_SEND = False  # MAIL_BACKEND decides
    MAIL_TIMEOUT_SECONDS = 20
    # where links in mail sent outside a request (reminders, follow-ups) point
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Passwords: Argon2id at the OWASP recommendation (19 MiB memory, 2 passes, 1 lane)
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST_KIB = 19 * 1024
    ARGON2_PARALLELISM = 1
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 128

    # Languages and time
    LANGUAGES = {"en": "English", "fr": "Français"}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("LIBRARY_TIMEZONE", "America/Toronto")
    LIBRARY_NAME = os.environ.get("LIBRARY_NAME", "Public Library")
    LIBRARY_CURRENCY = os.environ.get("LIBRARY_CURRENCY", "CAD")
    LIBRARY_REGION = os.environ.get("LIBRARY_REGION", "CA")  # dates and numbers as in Canada

    # Bootstrap served by the app itself, never from a CDN
    BOOTSTRAP_SERVE_LOCAL = True

    # Reverse proxy: number of trusted proxies in front of the app (X-Forwarded-*)
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))


class DevelopmentConfig(Config):
    """Local development on SQLite with demo data; mail kept in the outbox without MAIL_SERVER."""

    DEBUG = False
    MAIL_BACKEND = os.environ.get(
        "MAIL_BACKEND", "smtp" if os.environ.get("MAIL_SERVER") else "outbox"
    )


class TestingConfig(Config):
    """The test suite: fast password hashing, no real rate-limit storage."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST_KIB = 1024
    WTF_CSRF_ENABLED = False  # tests/test_csrf.py and the browser tests switch it on
    LIBRARY_REGION = ""  # plain English and French formats; tests/test_i18n.py checks a region
    TASK_QUEUE_URL = "immediate"  # tests/test_queue_worker.py runs real workers
    MAIL_BACKEND = "outbox"  # tests/mail/ send to an SMTP server of their own
    PUBLIC_BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """Production behind a reverse proxy, usually on PostgreSQL; refuses an unset SECRET_KEY."""

    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"

    @classmethod
    def check(cls):
        """Refuse to start with the default or a short secret key."""
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEFAULT_SECRET_KEY or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
