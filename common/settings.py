"""Settings read from the environment (or a .env file), shared by the worker and the web app."""

from pathlib import Path
from typing import Literal

from pydantic import PositiveInt, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.keys import parse_ring

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # "production" (docker-compose): Secure cookies, HSTS, the demo's credentials refused, and no start
    # without keys of its own; "development" (make run, the tests) allows the demo's credentials and falls
    # back to keys written in common/keys.py.
    environment: Literal["development", "production"] = "development"
    # Key rings "id:base64,…" (common/keys.py), the first key current: PAYLOAD_KEYS encrypt what Temporal
    # stores (common/codec.py), ACTION_KEYS sign each action sent to a workflow (common/signing.py).
    payload_keys: str = ""
    action_keys: str = ""

    # Any SQLAlchemy URL; SQLite in a local folder by default.
    database_url: str = f"sqlite:///{ROOT / '.data' / 'thidua.db'}"
    # Uploaded and generated files, addressed by the SHA-256 of their content.
    filestore_dir: Path = ROOT / ".data" / "files"

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "thidua"
    # How long a request waits for its action's Update: longer, it answers 503 and the action is still
    # applied once when a worker gets to it (a retry with the same request id waits for that same Update).
    # A person would rather wait for the step than be told to send it again; 30 s stays under the 60 s a
    # reverse proxy commonly allows a reply (nginx's proxy_read_timeout).
    update_wait_seconds: float = 30.0
    # How soon a workflow task left by a worker that died goes to another (Temporal's default is 10 s).
    workflow_task_timeout_seconds: int = 10
    # How many activities a worker runs at once, and as many local activities (the database writes of each
    # step): each has a thread of its own, so none waits for one while its timeout runs; the worker keeps as
    # many database connections open.
    worker_activities: PositiveInt = 16
    # Whether the worker runs the workflows in Temporal's sandbox, which refuses a non-deterministic call (the
    # clock, random, I/O) as it is made, at a cost: a third of a worker's CPU (the workflow's module imported
    # again for every workflow started, every activation run through it). Unset, it does in development
    # (make run, the tests: a mistake is caught where it is made) and not in production, where the CPU goes
    # to the work; the saved histories are replayed in the sandbox by the tests either way.
    workflow_sandbox: bool | None = None

    # A plan's settings file (YAML) larger than this is refused before it is parsed.
    campaign_file_max_bytes: int = 1024 * 1024
    # A registry file to import (CSV or .xlsx): its size, what an .xlsx may unpack to, its rows of records
    # under the header and its columns; beyond any of them the file is refused whole.
    import_max_bytes: int = 5 * 1024 * 1024
    import_max_unpacked_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 5000
    import_max_columns: int = 50
    # A dossier's document: larger, it is refused (413) as soon as the request says or shows it, unread
    # beyond. Any other request body (JSON) past request_max_bytes is refused the same way; a form with a
    # file may carry upload_max_bytes and its fields.
    upload_max_bytes: PositiveInt = 20 * 1024 * 1024
    request_max_bytes: PositiveInt = 1024 * 1024
    # The root certificates a decision signed in the e-office must chain to (the Ban Cơ yếu Chính phủ's), one
    # .cer/.crt/.pem/.der file each, put there by the admin; the uploaded decision's PDF is refused otherwise.
    signing_roots_dir: Path = ROOT / ".data" / "signing-roots"

    # Base URL of the web app, used in links sent by mail.
    public_base_url: str = "http://127.0.0.1:8000"
    # A login to the web pages lasts this long. Outside development its cookie is Secure (sent over HTTPS
    # only) and every answer asks browsers to come back over HTTPS only (HSTS); LOGIN_COOKIE_SECURE, when
    # set, decides instead (false: a trial over plain HTTP).
    login_hours: int = 12
    login_cookie_secure: bool | None = None
    # Guessing: this many wrong passwords of one account within the window lock it for LOGIN_LOCK_MINUTES
    # (an admin can lift the lock sooner); this many wrong passwords or API tokens from one address within
    # the window refuse that address until the oldest of them is older than the window.
    login_failure_window_minutes: PositiveInt = 15
    login_account_max_failures: PositiveInt = 5
    login_lock_minutes: PositiveInt = 15
    login_address_max_failures: PositiveInt = 20

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_sender: str = "Thi đua - Khen thưởng <thiduakhenthuong@localhost>"

    @property
    def sandboxed(self) -> bool:
        """Whether the worker runs the workflows in Temporal's sandbox (workflow_sandbox)."""
        return self.environment == "development" if self.workflow_sandbox is None else self.workflow_sandbox

    @property
    def secure(self) -> bool:
        """Whether the site is served over HTTPS: its cookies Secure, HSTS sent."""
        return self.environment != "development" if self.login_cookie_secure is None else self.login_cookie_secure

    @model_validator(mode="after")
    def _keys_of_its_own(self) -> "Settings":
        for name in ("payload_keys", "action_keys"):
            if getattr(self, name):
                parse_ring(getattr(self, name), name.upper())  # a malformed ring stops the start, saying why
            elif self.environment == "production":
                raise ValueError(f"{name.upper()} must be set in production (docs/production.md: keys)")
        return self


def get_settings() -> Settings:
    return Settings()
