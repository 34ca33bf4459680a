"""Where index builds live (embedded Chroma folders or a Chroma server) and which build is current."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from .configuration import Settings
from .errors import IndexCorruptError, IngestLockedError, StoreUnavailableError

logger = logging.getLogger(__name__)

CHUNKS = "chunks"
UNITS = "units"
POINTER_FILE = "CURRENT"
LOCK_ID = "writer"  # the one record of a server's lock collection
# Cosine space so that 1 - distance is the similarity the abstention threshold is calibrated on.
COLLECTION_CONFIG = {"hnsw": {"space": "cosine"}}


@dataclass(frozen=True)
class BuildInfo:
    """What the pointer says about the current build."""

    build: str
    corpus_version: str
    created: float
    chunks: int
    documents: list[str]
    mode: str = "memory"  # "memory": serving loads every vector; "chroma": vectors stay in Chroma (large corpora)
    # How sentence vectors are stored: "records" (one Chroma record each, in the units collection) or "packed"
    # (one record per chunk holding all its sentences' spans and vectors, with a one-number embedding: no large
    # HNSW index of sentences that every serving process would have to load).
    units_layout: str = "records"
    chunk_centroid: list[float] | None = None  # mean chunk vector ("chroma" builds, where no process sees them all)
    unit_centroid: list[float] | None = None  # mean sentence vector ("chroma" builds)


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    # Confidential material: no telemetry leaves the machine, and nothing can wipe the store remotely.
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class IndexStore:
    """One place that knows the index layout, for the embedded folder and the server alike.

    Each ingest writes a complete new build (its own folder, or its own collections on a server) and then
    switches a small pointer to it, so readers only ever open finished builds.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = Path(settings.index_dir)
        self.remote = bool(settings.chroma_host)
        self._server_client: Any = None
        self._open: dict[str, list[Any]] = {}  # embedded clients opened per build, closed by release()
        self._lock = threading.Lock()

    # --- description -------------------------------------------------------------------------------------
    def describe(self) -> str:
        """Human-readable location, for messages."""
        if self.remote:
            return f"Chroma server {self.settings.chroma_host}:{self.settings.chroma_port}"
        return str(self.root)

    # --- clients -----------------------------------------------------------------------------------------
    def _server(self) -> Any:
        if self._server_client is None:
            import chromadb

            try:
                self._server_client = chromadb.HttpClient(
                    host=self.settings.chroma_host,
                    port=self.settings.chroma_port,
                    ssl=self.settings.chroma_ssl,
                    headers=self._headers(),
                    settings=_chroma_settings(),
                )
                self._server_client.heartbeat()
            except Exception as exc:
                self._server_client = None
                raise StoreUnavailableError(
                    f"Cannot reach the {self.describe()}: {exc}. Start it (`chroma run --path DIR --port "
                    f"{self.settings.chroma_port}`) or unset ASSISTANT_CHROMA_HOST to use the local index."
                ) from exc
        return self._server_client

    def _headers(self) -> dict[str, str]:
        """The token header a reverse proxy in front of the server checks (Chroma 1.x checks none itself)."""
        token = self.settings.chroma_token
        if token is None:
            return {}
        name = self.settings.chroma_token_header
        value = token.get_secret_value()
        return {name: f"Bearer {value}" if name.lower() == "authorization" else value}

    def _build_dir(self, build: str) -> Path:
        return self.root / "builds" / build

    def _collection_name(self, build: str, kind: str) -> str:
        if self.remote:
            return f"{self.settings.collection_prefix}-{build}-{kind}"
        return f"{self.settings.collection_prefix}-{kind}"

    def client(self, build: str) -> Any:
        """A Chroma client that can see the given build."""
        if self.remote:
            return self._server()
        import chromadb

        client = chromadb.PersistentClient(path=str(self._build_dir(build)), settings=_chroma_settings())
        with self._lock:
            self._open.setdefault(build, []).append(client)
        return client

    def collections(self, build: str, create: bool = False) -> tuple[Any, Any]:
        """The (chunks, units) collections of a build."""
        client = self.client(build)
        names = (self._collection_name(build, CHUNKS), self._collection_name(build, UNITS))
        if create:
            return tuple(client.get_or_create_collection(n, configuration=COLLECTION_CONFIG) for n in names)
        return tuple(client.get_collection(n) for n in names)

    def release(self, build: str) -> None:
        """Close the clients this store opened on an embedded build (Chroma's public `close()`), so its files can
        be removed; a no-op on a server."""
        if self.remote:
            return
        with self._lock:
            clients = self._open.pop(build, [])
        for client in clients:
            try:
                client.close()
            except Exception as exc:  # noqa: BLE001 - a failed close must be seen, but must not stop an ingest
                logger.warning("could not close the Chroma client of build %s: %s", build, exc)

    # --- builds and the pointer --------------------------------------------------------------------------
    def new_build_id(self) -> str:
        """Sortable, unique build name."""
        return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:8]

    def pointer_token(self) -> Any:
        """Cheap value that changes whenever the current build changes (used to notice re-ingests)."""
        if self.remote:
            info = self.current()
            return info.build if info else None
        try:
            st = (self.root / POINTER_FILE).stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def current(self) -> BuildInfo | None:
        """The build the pointer names, or None when nothing was ingested yet."""
        if self.remote:
            try:
                meta = self._server().get_collection(self._pointer_name()).metadata or {}
            except StoreUnavailableError:
                raise
            except Exception:
                return None
            raw = meta.get("info")
        else:
            try:
                raw = (self.root / POINTER_FILE).read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise IndexCorruptError(f"Cannot read {self.root / POINTER_FILE}: {exc.strerror}.") from exc
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return BuildInfo(**data)
        except (ValueError, TypeError) as exc:
            raise IndexCorruptError(
                f"The index pointer in {self.describe()} is damaged. Rebuild it with `python ingest.py`."
            ) from exc

    def _pointer_name(self) -> str:
        return f"{self.settings.collection_prefix}-pointer"

    def set_current(self, info: BuildInfo) -> None:
        """Switch readers to a finished build in one atomic step."""
        raw = json.dumps(info.__dict__)
        if self.remote:
            client = self._server()
            col = client.get_or_create_collection(self._pointer_name(), configuration=COLLECTION_CONFIG)
            col.modify(metadata={"info": raw})
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{POINTER_FILE}.{uuid.uuid4().hex}"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / POINTER_FILE)
        with contextlib.suppress(OSError):
            dir_fd = os.open(self.root, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def build_exists(self, build: str) -> bool:
        """Is the build there at all (its folder, or its collections on the server)?"""
        if self.remote:
            return build in self.builds()
        return (self._build_dir(build) / "chroma.sqlite3").exists()

    def builds(self) -> list[str]:
        """Every build present, current or not, oldest first."""
        if self.remote:
            suffix = f"-{CHUNKS}"
            prefix = f"{self.settings.collection_prefix}-"
            names = [c if isinstance(c, str) else c.name for c in self._server().list_collections()]
            return sorted(n[len(prefix) : -len(suffix)] for n in names if n.startswith(prefix) and n.endswith(suffix))
        folder = self.root / "builds"
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []

    def drop(self, build: str) -> None:
        """Delete a build that no reader should be using any more."""
        if self.remote:
            for kind in (CHUNKS, UNITS):
                with contextlib.suppress(Exception):
                    self._server().delete_collection(self._collection_name(build, kind))
            return
        self.release(build)
        shutil.rmtree(self._build_dir(build), ignore_errors=True)

    def prune(self, keep: set[str]) -> list[str]:
        """Remove builds not in keep (the new one and its predecessor, which open readers may still hold)."""
        dropped = [b for b in self.builds() if b not in keep]
        for build in dropped:
            self.drop(build)
        return dropped

    # --- the writer lock ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self):
        """Hold the single-writer lock for the length of an ingest, or fail at once with a clear message.

        Embedded: a lock file beside the builds. Server: a lock record in the server itself, so ingests started on
        different machines are coordinated too.
        """
        if self.remote:
            with self._server_lock():
                yield
            return
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".ingest.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout as exc:
            raise IngestLockedError(
                f"Another ingest is already writing to {self.describe()} (lock {self.root / '.ingest.lock'}). "
                "Wait for it to finish, then run ingest again if needed."
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def _lock_collection(self) -> Any:
        return self._server().get_or_create_collection(f"{self.settings.collection_prefix}-lock")

    @contextlib.contextmanager
    def _server_lock(self):
        """A lock record (owner, time taken, expiry) in a small collection on the server, renewed while held."""
        col = self._lock_collection()
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        ttl = self.settings.ingest_lock_seconds
        for _ in range(2):
            now = time.time()
            # Chroma keeps the first record written under an id and ignores later adds: whoever reads back its
            # own name holds the lock.
            col.add(ids=[LOCK_ID], embeddings=[[1.0]], metadatas=[{"owner": owner, "taken": now, "expires": now + ttl}])
            held = (col.get(ids=[LOCK_ID])["metadatas"] or [None])[0] or {}
            if held.get("owner") == owner:
                break
            if float(held.get("expires", 0)) > time.time():
                taken = time.strftime("%H:%M:%S UTC", time.gmtime(float(held.get("taken", 0))))
                raise IngestLockedError(
                    f"Another ingest is already writing to {self.describe()} (lock held by {held.get('owner')} since "
                    f"{taken}). Wait for it to finish, then run ingest again if needed."
                )
            # The holder died without releasing: remove exactly that stale record (not one a rival just took).
            logger.warning("taking over the expired ingest lock of %s", held.get("owner"))
            col.delete(ids=[LOCK_ID], where={"owner": held.get("owner", "")})
        else:
            raise IngestLockedError(f"Another ingest took the lock on {self.describe()} first; try again.")
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(ttl / 3):
                with contextlib.suppress(Exception):  # a missed renewal only shortens the lock's life
                    held = (col.get(ids=[LOCK_ID])["metadatas"] or [None])[0] or {}
                    if held.get("owner") == owner:
                        col.update(ids=[LOCK_ID], metadatas=[dict(held, expires=time.time() + ttl)])

        renewer = threading.Thread(target=renew, name="ingest-lock", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            with contextlib.suppress(Exception):
                col.delete(ids=[LOCK_ID], where={"owner": owner})


# (start, end, kind, block, intro) of one sentence or list item, the offsets relative to its chunk's start.
UnitSpan = tuple[int, int, str, int, bool]
PACK_EMBEDDING = [1.0]  # a packed record is only ever fetched by id; Chroma still wants a vector for it
KINDS = {"s": "sentence", "i": "item"}


def pack_units(spans: list[UnitSpan], vectors: np.ndarray) -> dict[str, str]:
    """The metadata of one packed record: a chunk's sentence spans (JSON) and vectors (float16, base64).

    Half precision moves a cosine by about 1e-3, far below the gaps ranking decides on, and halves the store."""
    return {
        "spans": json.dumps([[s, e, k[0], b, int(i)] for s, e, k, b, i in spans], separators=(",", ":")),
        "vectors": base64.b64encode(np.ascontiguousarray(vectors, dtype=np.float16).tobytes()).decode("ascii"),
    }


def unpack_units(meta: dict[str, Any]) -> tuple[list[UnitSpan], np.ndarray]:
    """(spans, float32 vectors) of one packed record."""
    spans = [(int(s), int(e), KINDS[k], int(b), bool(i)) for s, e, k, b, i in json.loads(meta["spans"])]
    raw = np.frombuffer(base64.b64decode(meta["vectors"]), dtype=np.float16).astype(np.float32)
    return spans, raw.reshape(len(spans), -1) if spans else raw.reshape(0, 0)


def read_all(collection: Any, include: list[str], page: int = 5000) -> dict[str, list]:
    """Every record of a collection, read in pages (one huge read holds every row twice in Chroma's client)."""
    out: dict[str, list] = {"ids": [], **{k: [] for k in include}}
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        if not got["ids"]:
            return out
        out["ids"].extend(got["ids"])
        for k in include:
            out[k].extend(got[k])
        offset += len(got["ids"])


def make_store(settings: Settings) -> IndexStore:
    """The one factory for the index location, embedded or server."""
    return IndexStore(settings)
