"""docker-compose.yml, the Dockerfiles, .dockerignore and .env.example, checked as files.

No container engine runs in CI. `docker compose config` is run where the compose
plugin exists (test_docker_compose_config); everything else is read with PyYAML
and checked here: services, profiles, volumes, health checks, non-root users, and
that no secret is written into any file.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "web-onion", "manage")
SECRET_NAME = re.compile(r"SECRET|PASSWORD|SALT|TOKEN|API_KEY|HASH_KEY")
PLAIN_INTERPOLATION = re.compile(r"^\$\{[A-Z0-9_]+\}$")
REFERENCE = re.compile(r"\$\{([A-Z0-9_]+)")
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
ONION_PROXY_CONFIG = ROOT / "deploy" / "onion-proxy" / "nginx.conf"


def documented(name: str) -> bool:
    return re.search(rf"^#? ?{name}=", ENV_EXAMPLE, re.MULTILINE) is not None


def environment(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def dockerfile_stages(path: Path) -> list[list[str]]:
    """Instructions per stage, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text())
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


# ---------------------------------------------------------------- services and profiles


def test_services_and_profiles():
    default = {name for name, s in SERVICES.items() if not s.get("profiles")}
    assert default == {"postgres", "redis", "migrate", "web", "worker"}
    assert SERVICES["mailpit"]["profiles"] == ["dev"]
    assert SERVICES["tor"]["profiles"] == ["onion"]
    assert SERVICES["onion-proxy"]["profiles"] == ["onion"]
    assert SERVICES["web-onion"]["profiles"] == ["onion"]
    assert SERVICES["manage"]["profiles"] == ["tools"]
    assert SERVICES["backup"]["profiles"] == ["tools"]


def test_web_runs_gunicorn_with_the_project_config():
    command = SERVICES["web"]["command"]
    assert command[0] == "gunicorn"
    assert "config/gunicorn.conf.py" in command and "config.wsgi" in command
    assert (ROOT / "config" / "gunicorn.conf.py").is_file()
    assert environment(SERVICES["web"])["GUNICORN_BIND"] == "0.0.0.0:8000"


def test_worker_runs_the_task_worker():
    assert SERVICES["worker"]["command"][:2] == ["python", "manage.py"]
    assert SERVICES["worker"]["command"][2] in {"worker", "db_worker"}
    assert (ROOT / "reporting" / "management" / "commands" / "worker.py").is_file()


def test_migrate_is_one_shot_and_everything_waits_for_it():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("web", "worker", "web-onion", "manage"):
        depends = SERVICES[name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}, name
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name


def test_postgres_has_a_named_volume_and_a_healthcheck():
    postgres = SERVICES["postgres"]
    assert "pgdata:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pgdata" in COMPOSE["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert "ports" not in postgres  # reachable only inside the compose network


def test_redis_keeps_the_rate_limit_counters_off_the_disk():
    redis = SERVICES["redis"]
    command = redis["command"]
    assert command[0] == "redis-server"
    assert command[command.index("--save") + 1] == ""  # no snapshot
    assert command[command.index("--appendonly") + 1] == "no"
    assert redis["tmpfs"] == ["/data"] and "volumes" not in redis
    assert "ports" not in redis
    assert redis["read_only"] is True and redis["cap_drop"] == ["ALL"]
    assert redis["user"] != "0" and not redis["user"].startswith("0:")
    for name in APP_SERVICES:
        assert environment(SERVICES[name])["REDIS_URL"] == "redis://redis:6379/0", name
    for name in ("web", "worker", "web-onion", "manage"):
        # Started, not healthy: the application goes on without it (performance/cache.py).
        assert SERVICES[name]["depends_on"]["redis"] == {"condition": "service_started"}


def test_web_nodes_keep_nothing_on_a_volume():
    """Attachments are in the database: web and worker nodes are stateless, and only the
    migration of older versions' files (0020) still reads the media volume."""
    for name in ("web", "worker", "web-onion"):
        assert "volumes" not in SERVICES[name], name
    assert not [v for v in SERVICES["manage"]["volumes"] if v.startswith("media:")]
    assert not [v for v in SERVICES["backup"]["volumes"] if v.startswith("media:")]
    assert SERVICES["migrate"]["volumes"] == ["media:/app/var/media"]
    assert "media" in COMPOSE["volumes"]


def test_web_healthchecks_use_the_health_endpoint():
    script = ROOT / "deploy" / "healthcheck.py"
    assert "/healthz" in script.read_text()
    for name in ("web", "web-onion"):
        check = SERVICES[name]["healthcheck"]
        assert check["test"] == ["CMD", "python", "/app/deploy/healthcheck.py"], name
        assert check["interval"] and check["retries"] >= 1
    for name in ("migrate", "worker", "manage"):
        assert SERVICES[name]["healthcheck"] == {"disable": True}, name
    assert SERVICES["tor"]["healthcheck"]["test"][-1] == "/var/lib/tor/meldestelle/hostname"


def test_published_ports_only_on_the_loopback():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_mail_goes_to_the_catcher_by_default_and_is_configurable():
    env = environment(SERVICES["web"])
    assert env["EMAIL_BACKEND"].startswith("${EMAIL_BACKEND:-")
    assert env["EMAIL_HOST"] == "${EMAIL_HOST:-mailpit}"
    assert env["EMAIL_PORT"] == "${EMAIL_PORT:-1025}"
    assert "anymail.backends." in ENV_EXAMPLE


# ---------------------------------------------------------------- onion service


def test_tor_publishes_web_onion_behind_the_buffering_proxy_as_a_v3_onion_service():
    tor = SERVICES["tor"]
    assert "./deploy/tor/torrc:/etc/tor/torrc:ro" in tor["volumes"]
    assert "tor-keys:/var/lib/tor" in tor["volumes"] and "tor-keys" in COMPOSE["volumes"]
    assert tor["networks"] == ["onion"]  # tor reaches the proxy, not the database
    assert tor["depends_on"]["onion-proxy"]["restart"] is True
    torrc = (ROOT / "deploy" / "tor" / "torrc").read_text()
    options = dict(
        line.split(None, 1) for line in torrc.splitlines() if line and not line.startswith("#")
    )
    assert options["HiddenServiceDir"].startswith("/var/lib/tor/")
    assert options["HiddenServiceVersion"] == "3"
    assert options["HiddenServicePort"] == "80 onion-proxy:8080"
    assert options["SocksPort"] == "0"
    assert "onion" in SERVICES["web-onion"]["networks"]


def test_the_onion_proxy_buffers_requests_for_web_onion_in_memory_and_logs_none():
    proxy = SERVICES["onion-proxy"]
    assert proxy["networks"] == ["onion"] and "ports" not in proxy
    assert "./deploy/onion-proxy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["web-onion"]["restart"] is True
    assert proxy["tmpfs"] == ["/tmp:size=512m"]  # request bodies wait in memory
    config = ONION_PROXY_CONFIG.read_text()
    assert "proxy_pass http://web-onion:8000;" in config
    assert "listen 8080;" in config
    assert "proxy_request_buffering on;" in config
    assert "client_max_body_size 51m;" in config
    assert "access_log off;" in config and "error_log stderr crit;" in config
    temp_paths = re.findall(r"^\s*\w+_temp_path (\S+);", config, re.MULTILINE)
    assert len(temp_paths) == 5 and all(path.startswith("/tmp/") for path in temp_paths)


def test_web_onion_trusts_no_proxy_and_does_not_redirect():
    env = environment(SERVICES["web-onion"])
    assert env["MELDESTELLE_TRUSTED_PROXY_COUNT"] == "0"  # a Tor client cannot pick its address
    assert env["MELDESTELLE_SSL_REDIRECT"] == "0"
    assert env["MELDESTELLE_HSTS_SECONDS"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"] == "${MELDESTELLE_ONION_HOSTNAME:-}"
    assert "ports" not in SERVICES["web-onion"]


# ---------------------------------------------------------------- users and hardening


def test_application_containers_are_not_root():
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert service["user"] == "10001:10001", name
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
    assert SERVICES["tor"]["cap_drop"] == ["ALL"]
    proxy = SERVICES["onion-proxy"]
    assert proxy["user"] == "101:101"  # the image's nginx user
    assert proxy["read_only"] is True and proxy["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in proxy["security_opt"]


def test_the_image_runs_as_a_non_root_user():
    build, runtime = dockerfile_stages(ROOT / "Dockerfile")
    assert build[0].startswith("FROM python:") and "-slim" in build[0]
    assert runtime[0].startswith("FROM python:") and "-slim" in runtime[0]
    users = [line.split()[1] for line in runtime if line.startswith("USER ")]
    assert users == ["10001:10001"]
    tor = dockerfile_stages(ROOT / "deploy" / "tor" / "Dockerfile")[-1]
    assert [line.split()[1] for line in tor if line.startswith("USER ")] == ["debian-tor"]


def test_the_image_installs_without_dev_extras_and_collects_static_files_at_build():
    build, runtime = dockerfile_stages(ROOT / "Dockerfile")
    assert "RUN pip install ." in build
    assert not any("[dev]" in line for line in build + runtime)
    collect = [line for line in build if "collectstatic" in line]
    assert len(collect) == 1 and "build-time-only" in collect[0]
    assert not any("collectstatic" in line for line in runtime)
    assert "COPY --from=build /src/staticfiles ./staticfiles" in runtime


def test_the_image_has_a_healthcheck_and_runs_gunicorn():
    runtime = dockerfile_stages(ROOT / "Dockerfile")[-1]
    healthcheck = [line for line in runtime if line.startswith("HEALTHCHECK")]
    assert len(healthcheck) == 1 and "/app/deploy/healthcheck.py" in healthcheck[0]
    assert runtime[-1] == ('CMD ["gunicorn", "--config", "config/gunicorn.conf.py", "config.wsgi"]')


def test_no_secret_is_baked_into_the_image():
    for stage in dockerfile_stages(ROOT / "Dockerfile"):
        for line in stage:
            if line.startswith(("ENV ", "ARG ", "LABEL ")):
                assert not SECRET_NAME.search(line), line


def test_dockerignore_is_an_allow_list_without_env_files():
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    allowed = [line[1:] for line in lines if line.startswith("!")]
    assert "pyproject.toml" in allowed and "config/" in allowed
    assert not any(".env" in a or a.startswith(("var", "backups", "handover")) for a in allowed)


# ---------------------------------------------------------------- no secrets in plain values


def test_secrets_come_only_from_the_environment():
    for name, service in SERVICES.items():
        for key, value in environment(service).items():
            if SECRET_NAME.search(key):
                assert PLAIN_INTERPOLATION.match(str(value)), (name, key, value)
    url = environment(SERVICES["web"])["DATABASE_URL"]
    assert ":${POSTGRES_PASSWORD}@" in url
    for name in APP_SERVICES:
        assert SERVICES[name]["env_file"] == [{"path": ".env", "required": False}], name


def looks_random(word: str) -> bool:
    """A generated secret: long, with digits, capitals and small letters mixed."""
    counts = [sum(map(pred, word)) for pred in (str.isdigit, str.isupper, str.islower)]
    return len(word) >= 20 and min(counts) >= 3


def test_no_secret_looking_literal_in_any_deployment_file():
    for path in ("docker-compose.yml", ".env.example", "Dockerfile", "deploy/tor/torrc"):
        for word in re.findall(r"[A-Za-z0-9_\-+/=]+", (ROOT / path).read_text()):
            assert not looks_random(word), f"{path}: {word!r} looks like a secret"
    assert looks_random("Zq3kT9mN2pLx8vR4wY7bC1dF")  # the check itself works


def test_env_example_documents_every_variable():
    read_by_code = set()
    for path in ("config/settings.py", "config/gunicorn.conf.py"):
        source = (ROOT / path).read_text()
        read_by_code |= set(
            re.findall(r'(?:env|env_bool|env_int)\("([A-Z0-9_]+)"', source)
            + re.findall(r'os\.environ(?:\.get\(|\[)"([A-Z0-9_]+)"', source)
        )
    referenced = set(REFERENCE.findall((ROOT / "docker-compose.yml").read_text()))
    missing = sorted(n for n in read_by_code | referenced if not documented(n))
    assert not missing, f"Add to .env.example (with a comment): {missing}"


def test_env_example_has_no_secret_values():
    for line in ENV_EXAMPLE.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        if SECRET_NAME.search(name):
            assert value == "", f"{name} must be empty in .env.example"
    assert not documented("DJANGO_DEBUG") or "\nDJANGO_DEBUG=" not in ENV_EXAMPLE


# ---------------------------------------------------------------- the real CLI, where it exists


def _compose_plugin() -> bool:
    if not shutil.which("docker"):
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _compose_plugin(), reason="the docker compose plugin is not installed")
@pytest.mark.parametrize("profiles", [[], ["--profile", "onion"], ["--profile", "dev"]])
def test_docker_compose_config(profiles):
    result = subprocess.run(
        ["docker", "compose", "-f", "docker-compose.yml", *profiles, "config", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
