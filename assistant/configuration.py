"""Typed settings for every part of the assistant, read from ASSISTANT_* variables or .env."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Defaults are anchored at the checkout, not the working directory, so the CLI,
# the UI and ingest find the same corpus and index wherever they are started.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All knobs of the assistant; construct one and pass it down instead of reading the environment."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(
        PROJECT_ROOT / "corpus",
        description="Folder of source documents to ingest (.md, .txt, .pdf, .docx, .html/.htm).",
    )
    index_dir: Path = Field(
        PROJECT_ROOT / ".index",
        description="Folder of the embedded Chroma index builds and the pointer to the current one.",
    )
    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Folder for feedback and the audit log.")
    chroma_host: str | None = Field(
        None, description="Host of a Chroma server; when set the index lives there instead of index_dir."
    )
    chroma_port: int = Field(8000, description="Port of the Chroma server named by chroma_host.")
    chroma_ssl: bool = Field(
        False, description="Connect to the Chroma server (or the proxy in front of it) over HTTPS."
    )
    chroma_token: SecretStr | None = Field(
        None,
        description="Token the app sends to the Chroma server in the chroma_token_header header. Chroma 1.x checks no "
        "token itself: a reverse proxy in front of it must (see README, 'A Chroma server').",
    )
    chroma_token_header: str = Field(
        "X-Chroma-Token", description="HTTP header that carries chroma_token ('Authorization' sends 'Bearer <token>')."
    )
    ingest_lock_seconds: float = Field(
        600.0,
        gt=0,
        description="On a Chroma server, how long an ingest's lock record stays valid without being renewed; a lock "
        "older than this (its ingest died) is taken over by the next ingest.",
    )
    memory_chunks: int = Field(
        2000,
        ge=1,
        description="Largest build (in chunks) whose vectors each serving process holds in memory. Past it ingest "
        "embeds only chunks (sentence vectors are pooled from the chunk pass) and serving searches Chroma's HNSW "
        "index, so memory per process stays flat: 2,000 chunks with their sentences hold about 100 MB of vectors.",
    )
    collection_prefix: str = Field("legal-corpus", description="Prefix of the Chroma collection names.")
    embedding_threads: int = Field(
        1,
        ge=1,
        description="Threads per embedding call (ONNX Runtime or torch); one keeps latency steady on shared cores.",
    )
    embedding_backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="'onnx': the bundled weights exported once to ONNX and run by ONNX Runtime (fast start, no torch "
        "at query time); 'torch': sentence-transformers. Both give the same vectors.",
    )
    chunk_max_tokens: int = Field(
        220, ge=32, le=254, description="Largest chunk, in model tokens including its section path (model window 256)."
    )
    top_k: int = Field(5, ge=1, le=50, description="How many fused chunks the retriever returns.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted, in characters.")
    max_history_turns: int = Field(6, ge=0, description="How many recent messages are read to resolve follow-ups.")
    min_support: float = Field(
        0.30,
        description="Score the best passage must reach for the assistant to answer: its centred cosine similarity to "
        "the question plus the weighted share of question words it and its heading use. Calibrated on the dev "
        "split: the lowest answerable question scores 0.31; 0.30 refuses none of them (0.25: 39/48 declined; "
        "0.35: 43/48 declined but 2 false refusals).",
    )
    audit_log: bool = Field(True, description="Write each exchange to data_dir/audit.jsonl.")
    host: str = Field("127.0.0.1", description="Address the chat UI listens on.")
    port: int = Field(7860, description="Port the chat UI listens on.")
    auth_users: SecretStr | None = Field(
        None, description="Optional UI login as 'user:password[,user:password…]'; protects every route."
    )
    auth_file: Path | None = Field(None, description="Optional file of 'user:password' lines for the UI login.")
    login_max_failures: int = Field(5, ge=1, description="Failed logins after which a user name is locked out.")
    login_lockout_seconds: float = Field(300.0, gt=0, description="How long a locked-out user name must wait.")
    ui_concurrency: int = Field(
        4,
        ge=1,
        description="Chat requests the UI processes at once (answers are CPU-bound; more than the cores adds latency).",
    )
    ui_queue_size: int = Field(
        24, ge=1, description="Requests that may wait; beyond this the UI answers 'busy, try again'."
    )
    export_retention_seconds: int = Field(
        3600,
        ge=60,
        description="How long the UI keeps a conversation export on disk for download before deleting it; "
        "exports never outlive the server.",
    )

    @property
    def extraction_cache_dir(self) -> Path:
        """Where the text extracted from PDF, Word and HTML files is kept, keyed by file hash (git-ignored)."""
        return self.index_dir / "extracted"

    @property
    def model_dir(self) -> Path:
        """Where the exported ONNX model is cached (beside the index, git-ignored)."""
        return self.index_dir / "models"
