"""Static checks of the production stack (docker-compose.yml and Dockerfile).

No Docker engine is needed: the files are parsed and their wiring is checked.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

EXPECTED_SERVICES = {
    "temporal-db",
    "temporal-schema",
    "temporal",
    "temporal-ui",
    "app-db",
    "mailpit",
    "worker",
    "web",
}

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} as Compose interpolates them.
_VAR = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<default>[^}]*))?\}")


def interpolate(value: object) -> str:
    """Value of a Compose string with no variable set, i.e. with the defaults (a required one: empty)."""
    text = str(value).replace("$$", "\0")
    text = _VAR.sub(lambda m: "" if "?" in (m.group("op") or "") else m.group("default") or "", text)
    return text.replace("\0", "$")


@pytest.fixture(scope="module")
def compose() -> dict:
    with COMPOSE_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


@pytest.fixture(scope="module")
def services(compose) -> dict:
    services = compose.get("services")
    assert isinstance(services, dict) and services, "no services defined"
    return services


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: interpolate(value) for key, value in env.items()}


def depends_on(service: dict) -> dict[str, str]:
    """Dependency name -> condition (short syntax means service_started)."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def published_ports(service: dict) -> set[tuple[str, str, str]]:
    """(host address, published, target) of a service's ports; "" for every address of the machine."""
    ports = set()
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            ports.add((str(port.get("host_ip") or ""), str(port.get("published") or ""), str(port.get("target"))))
            continue
        parts = str(port).split("/")[0].split(":")  # "target", "published:target" or "address:published:target"
        parts = [""] * (3 - len(parts)) + parts
        ports.add((":".join(parts[:-2]), parts[-2], parts[-1]))
    return ports


def image_tag(image: str) -> str:
    name, _, tag = image.rpartition(":")
    return tag if name and "/" not in tag else ""


def test_all_services_are_defined(services):
    missing = EXPECTED_SERVICES - services.keys()
    assert not missing, f"missing services: {sorted(missing)}"


@pytest.mark.parametrize(
    ("service", "image"),
    [
        ("temporal", "temporalio/server"),
        ("temporal-ui", "temporalio/ui"),
        ("temporal-schema", "temporalio/admin-tools"),
        ("temporal-db", "postgres"),
        ("app-db", "postgres"),
        ("mailpit", "axllent/mailpit"),
    ],
)
def test_service_images(services, service, image):
    actual = services[service].get("image", "")
    assert actual.split(":")[0] == image, f"{service} uses {actual!r}, expected {image}"
    assert image_tag(actual) not in ("", "latest"), f"{service} image {actual!r} is not pinned"


def test_no_deprecated_auto_setup_image(services):
    users = [name for name, svc in services.items() if "temporalio/auto-setup" in str(svc.get("image", ""))]
    assert not users, f"temporalio/auto-setup is deprecated, used by {users}"


def test_temporal_server_and_admin_tools_share_a_version(services):
    server = image_tag(services["temporal"]["image"])
    tools = {image_tag(svc["image"]) for svc in services.values() if "temporalio/admin-tools" in str(svc.get("image", ""))}
    assert tools == {server}, f"server {server} vs admin-tools {sorted(tools)}"


def test_temporal_waits_for_schema_job(services):
    deps = depends_on(services["temporal"])
    assert deps.get("temporal-schema") == "service_completed_successfully", deps


def test_schema_job_waits_for_temporal_db(services):
    deps = depends_on(services["temporal-schema"])
    assert "temporal-db" in deps, deps
    assert deps["temporal-db"] == "service_healthy", deps


def test_schema_job_is_one_shot_and_sets_up_both_databases(services):
    job = services["temporal-schema"]
    assert job.get("restart") == "no", f"restart is {job.get('restart')!r}"
    script = " ".join(str(part) for part in (job.get("entrypoint") or []) + (job.get("command") or []))
    assert "temporal-sql-tool" in script
    for database, schema_dir in (("temporal", "temporal"), ("temporal_visibility", "visibility")):
        assert re.search(rf"--db {database} setup-schema", script), f"no setup-schema for {database}"
        update = rf"--db {database} update-schema -d /etc/temporal/schema/postgresql/v12/{schema_dir}/versioned(\s|$)"
        assert re.search(update, script), f"no update-schema for {database}"


def test_temporal_server_uses_postgres(services):
    env = environment(services["temporal"])
    assert env.get("DB") == "postgres12", env
    assert env.get("POSTGRES_SEEDS") == "temporal-db", env
    assert env.get("POSTGRES_PWD") == environment(services["temporal-db"]).get("POSTGRES_PASSWORD")


def test_databases_have_volumes_and_healthchecks(services):
    for name in ("temporal-db", "app-db"):
        svc = services[name]
        mounts = [str(v) for v in svc.get("volumes") or []]
        assert any(m.endswith(":/var/lib/postgresql/data") and not m.startswith(("/", ".")) for m in mounts), (
            f"{name} has no named data volume: {mounts}"
        )
        test = " ".join(svc.get("healthcheck", {}).get("test") or [])
        assert "pg_isready" in test, f"{name} healthcheck: {test!r}"


@pytest.mark.parametrize("service", ["worker", "web"])
def test_app_services_build_from_repo(services, service):
    build = services[service].get("build")
    context = build.get("context") if isinstance(build, dict) else build
    assert context in (".", "./"), f"{service} build is {build!r}"
    dockerfile = build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
    assert (ROOT / dockerfile).is_file(), f"{dockerfile} not found"


@pytest.mark.parametrize("service", ["worker", "web"])
def test_app_services_environment(services, service):
    env = environment(services[service])
    assert env.get("DATABASE_URL") == "postgresql+psycopg://thidua:thidua@app-db:5432/thidua", env.get("DATABASE_URL")
    assert env.get("TEMPORAL_ADDRESS") == "temporal:7233"
    assert env.get("SMTP_HOST") == "mailpit"
    assert env.get("SMTP_PORT") == "1025"
    assert env.get("FILESTORE_DIR") == "/data/files"
    assert env.get("PUBLIC_BASE_URL") == "http://localhost:8000"


def test_app_database_password_matches_database_url(services):
    db_env = environment(services["app-db"])
    url = environment(services["web"])["DATABASE_URL"]
    expected = f"//{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}@app-db:5432/{db_env['POSTGRES_DB']}"
    assert expected in url, f"{url!r} does not match app-db credentials"


def test_worker_and_web_share_the_file_store(compose, services):
    def store_volume(name):
        for mount in services[name].get("volumes") or []:
            source, _, target = str(mount).partition(":")
            if target.split(":")[0] == "/data/files":
                return source
        return None

    worker, web = store_volume("worker"), store_volume("web")
    assert worker is not None and worker == web, (worker, web)
    named_volumes = set(compose.get("volumes") or {})
    assert worker in named_volumes, f"{worker} is not a named volume: {sorted(named_volumes)}"


def test_app_commands(services):
    assert " ".join(services["worker"].get("command") or []) == "python worker.py"
    web_cmd = services["web"].get("command") or []
    web_cmd = web_cmd.split() if isinstance(web_cmd, str) else web_cmd
    assert web_cmd[:2] == ["uvicorn", "web.main:app"], web_cmd
    assert "--port" in web_cmd and web_cmd[web_cmd.index("--port") + 1] == "8000", web_cmd


def test_web_waits_for_app_db_and_temporal(services):
    deps = depends_on(services["web"])
    assert deps.get("app-db") == "service_healthy", deps
    assert "temporal" in deps, deps


def test_every_dependency_is_a_defined_service(services):
    edges = [(name, dep) for name, svc in services.items() for dep in depends_on(svc)]
    assert edges, "no depends_on at all"
    unknown = [(name, dep) for name, dep in edges if dep not in services]
    assert not unknown, f"depends_on targets that are not services: {unknown}"


@pytest.mark.parametrize(
    ("service", "address", "port"), [("web", "", "8000"), ("temporal-ui", "127.0.0.1", "8080"), ("mailpit", "127.0.0.1", "8025")]
)
def test_published_ports(services, service, address, port):
    assert (address, port, port) in published_ports(services[service]), services[service].get("ports")


def test_nothing_but_the_web_app_is_published(services):
    """Temporal's frontend, its UI, Mailpit and the databases have no login: none is reachable from outside."""
    for name, service in services.items():
        assert service.get("network_mode") != "host", f"{name} shares the machine's network"
        for address, published, target in published_ports(service):
            if name != "web":
                assert address == "127.0.0.1", f"{name} publishes {target} on {address or 'every address'}"
    for internal in ("temporal", "temporal-db", "app-db"):
        assert not services[internal].get("ports"), f"{internal} publishes {services[internal]['ports']}"
    assert {target for _, _, target in published_ports(services["mailpit"])} == {"8025"}  # SMTP for the app alone


def test_the_keys_come_from_the_environment_with_no_default(services):
    for name in ("web", "worker", "migrate"):
        raw = services[name]["environment"]
        for key in ("PAYLOAD_KEYS", "ACTION_KEYS"):
            assert re.fullmatch(rf"\$\{{{key}:\?[^}}]+\}}", raw[key]), raw[key]  # compose refuses to start without it


def test_dockerfile_base_image_is_python_311():
    lines = [line.strip() for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()]
    froms = [line.split()[1] for line in lines if line.upper().startswith("FROM ")]
    assert froms, "Dockerfile has no FROM"
    assert froms[0].startswith("python:3.11"), froms[0]


def test_dockerfile_installs_postgres_extra_and_runs_worker():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"pip install[^\n]*\.\[postgres\]", text), "no pip install of .[postgres]"
    assert "/data/files" in text
    assert re.search(r'^CMD \["python", "worker\.py"\]', text, re.MULTILINE), "default CMD is not python worker.py"


def test_mailpit_keeps_one_message_per_message_id(services):
    # A delivery repeated after a worker died mid-send carries the same Message-ID (mail/sender.py).
    assert environment(services["mailpit"]).get("MP_IGNORE_DUPLICATE_IDS") == "true"
