"""Database: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

from .env import BASE_DIR, env

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL + a busy timeout let the in-process task runner and the web server share the file.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side binding sends parameters apart from the SQL, so psycopg prepares a statement the
    # connection has run `prepare_threshold` times and PostgreSQL can keep its plan: intake's ten-table
    # write was planned afresh on every request before (bench/intake_cost.py, with and without
    # DB_SERVER_SIDE_BINDING=false: PostgreSQL CPU per intake 2.6-2.8 -> 1.4-1.7 ms). Turn it off behind
    # a pooler that cannot keep prepared statements (PgBouncer < 1.21 in transaction mode).
    if env.bool("DB_SERVER_SIDE_BINDING", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 2}
        )

IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
