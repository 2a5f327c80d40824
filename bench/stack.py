"""A production-like stack on 127.0.0.1: PostgreSQL database + Redis cache + gunicorn.

    with Stack(workers=5) as stack:
        httpx.get(stack.url("/de/report/"))

Entering creates the database `meldestelle_bench` (dropping an old one),
migrates, creates the association key, collects static files and starts
gunicorn with config/gunicorn.conf.py on a free loopback port. Leaving stops
gunicorn and drops the database, also after an error.

The cache is Redis, as in docker-compose.yml, when it runs at 127.0.0.1:6379: its
database 14 is the benchmark's and is emptied at the start. Without Redis the
stack uses the database cache, and `cache_description` says so.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DATABASE = "meldestelle_bench"
HOST = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 35  # gunicorn's graceful_timeout is 30
LOCK_TIMEOUT = 300  # waiting for another run on the same database
# BENCH_REDIS_URL: another database where several people benchmark on one machine.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

# Variables that could make the stack differ from production defaults.
_INHERITED_PREFIXES = ("DJANGO_", "MELDESTELLE_", "GUNICORN_")
_INHERITED_NAMES = {
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "WEB_CONCURRENCY",
    "FORWARDED_ALLOW_IPS",
    "EMAIL_BACKEND",
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def cores() -> int:
    return len(os.sched_getaffinity(0))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def production_env(database_url: str) -> dict[str, str]:
    """The environment of a production deployment, with throwaway secrets."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_INHERITED_PREFIXES) and name not in _INHERITED_NAMES
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        MELDESTELLE_RECEIPT_SALT=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        # `keys init` names the association after the operator.
        MELDESTELLE_OPERATOR_NAME="Bench-Betreiber (fiktiv)",
        # One client address sends every request: keep the limiter out of the way.
        MELDESTELLE_SUBMIT_LIMIT="10000000",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class StackError(RuntimeError):
    pass


class Stack:
    def __init__(self, *, workers: int, database: str = DATABASE, keep_logs: bool = False):
        self.workers = workers
        self.keep_logs = keep_logs
        self.database = database
        self.port = free_port()
        self.env = production_env(f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}")
        self.redis = redis.Redis.from_url(REDIS_URL) if redis_available() else None
        if self.redis is not None:
            self.env["REDIS_URL"] = REDIS_URL
        self.logdir = Path(tempfile.mkdtemp(prefix="meldestelle-bench-"))
        self.access_log = self.logdir / "access.log"
        self.error_log = self.logdir / "error.log"
        self._process: subprocess.Popen | None = None
        self._database_created = False
        self._lock: psycopg.Connection | None = None

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> "Stack":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self._create_database()
        if self.redis is not None:
            self.redis.flushdb()
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("keys", "init")  # prints the recovery code: kept out of the output
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.start_server()

    def stop(self) -> None:
        self.stop_server()
        if self._database_created:
            self._drop_database()
            self._database_created = False
        if self._lock is not None:
            self._lock.close()  # releases the advisory lock
            self._lock = None
        if self.keep_logs:
            log(f"gunicorn logs kept in {self.logdir}")
        else:
            shutil.rmtree(self.logdir, ignore_errors=True)

    def start_server(self, workers: int | None = None) -> None:
        if workers is not None:
            self.workers = workers
        env = {
            **self.env,
            "GUNICORN_BIND": f"{HOST}:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_ACCESSLOG": str(self.access_log),
            "GUNICORN_ERRORLOG": str(self.error_log),
        }
        log(f"starting gunicorn, {self.workers} workers, on {self.base_url}")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready()

    def stop_server(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        log("stopping gunicorn")
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise StackError(f"gunicorn exited:\n{self.error_log_tail()}")
            try:
                if httpx.get(self.url("/de/"), timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise StackError(f"gunicorn did not answer in {START_TIMEOUT} s:\n{self.error_log_tail()}")

    # -- helpers for scenarios --------------------------------------------

    @property
    def server_pid(self) -> int:
        """gunicorn's master process; its workers are its children."""
        return self._process.pid

    @property
    def cache_description(self) -> str:
        if self.redis is None:
            return "database cache (no Redis at 127.0.0.1:6379)"
        return f"Redis {self.redis.info('server')['redis_version']} ({REDIS_URL})"

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def host(self) -> str:
        return f"{HOST}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def manage(self, *args: str) -> str:
        log(f"manage.py {' '.join(args)}")
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(dbname=self.database, autocommit=True, **PG)

    def count(self, table: str) -> int:
        with self.connect() as conn:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            return conn.execute(query).fetchone()[0]

    def access_log_lines(self) -> list[str]:
        if not self.access_log.exists():
            return []
        return self.access_log.read_text(errors="replace").splitlines()

    def error_log_lines(self) -> list[str]:
        if not self.error_log.exists():
            return []
        return self.error_log.read_text(errors="replace").splitlines()

    def error_log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.error_log_lines()[-lines:])

    # -- database ----------------------------------------------------------

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(dbname="postgres", autocommit=True, **PG)

    def _lock_database(self) -> None:
        """Hold a PostgreSQL advisory lock on the database name for the whole run.

        Two runs on the same name would drop each other's database mid-run.
        """
        self._lock = self._admin()
        deadline = time.monotonic() + LOCK_TIMEOUT
        query = "SELECT pg_try_advisory_lock(hashtext(%s))"
        while not self._lock.execute(query, [f"meldestelle bench {self.database}"]).fetchone()[0]:
            if time.monotonic() > deadline:
                raise StackError(f"another benchmark run still uses {self.database}")
            log(f"another benchmark run uses {self.database}; waiting")
            time.sleep(5)

    def _create_database(self) -> None:
        self._lock_database()
        log(f"creating database {self.database}")
        name = sql.Identifier(self.database)
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        self._database_created = True

    def _drop_database(self) -> None:
        log(f"dropping database {self.database}")
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self.database)
                )
            )


def postgres_version() -> str:
    with psycopg.connect(dbname="postgres", **PG) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]
