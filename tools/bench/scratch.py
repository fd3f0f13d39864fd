"""Scratch databases for the benchmarks, named so that the site's own data is never touched."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection


def redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def postgres_answers(url: str) -> bool:
    import psycopg

    config = dj_database_url.parse(url)
    try:
        psycopg.connect(**maintenance(config), connect_timeout=2).close()
    except psycopg.Error:
        return False
    return True


def maintenance(config: dict) -> dict:
    """Connection arguments for the server's `postgres` database (to create the scratch one)."""
    return {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }


def prepare(url: str, *, reuse: bool) -> None:
    """Start from an empty scratch database unless reusing one."""
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for suffix in ["", "-wal", "-shm"]:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = config["NAME"]
    if "bench" not in name:
        raise CommandError(
            f"Refusing to use PostgreSQL database {name!r}: the benchmark drops and re-creates "
            "its database, so its name must contain 'bench'."
        )
    with psycopg.connect(**maintenance(config), autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- In the child process, on the scratch database -----------------------------------------------


def server_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def postgres_url(local: str, stderr) -> str | None:
    """BENCH_DATABASE_URL, else `local` when a server answers on 127.0.0.1:5432, else None."""
    url = os.environ.get("BENCH_DATABASE_URL", "") or (local if postgres_answers(local) else "")
    if not url:
        stderr.write("PostgreSQL skipped: no server on 127.0.0.1:5432 and no BENCH_DATABASE_URL.")
    return url or None


def run_in_child(command: str, url: str, arguments: list[str]) -> dict:
    """`manage.py COMMAND --worker ARGUMENTS` on the database `url`; the JSON it prints last."""
    argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), command, "--worker"]
    child = subprocess.run(  # noqa: S603 - our own manage.py with our own arguments
        [*argv, *arguments],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if child.returncode:
        raise CommandError(f"the benchmark on {redact(url)} failed (exit {child.returncode})")
    return json.loads(child.stdout.strip().splitlines()[-1])
