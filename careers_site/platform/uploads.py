"""Imports in a bounded box: what an uploaded file may cost the server, whoever sends it.

An import page (FINESS in `trainings/admin_institutes.py`, the CSV imports) goes through the
same four steps, each bounded:

1. `keep_upload()`: the upload is refused above `IMPORT_MAX_UPLOAD_BYTES` (the national files
   go through their command) and otherwise streamed to a private temporary file (folder 0700,
   file 0600), removed in every outcome: by `UploadSlot.forget()` after the confirmation or a
   refusal, by `sweep_abandoned()` after `ABANDONED_AFTER` for a preview never confirmed.
2. `check_json_depth()` / `check_csv_rows()`: the file's shape is checked before any parser
   builds anything from it (a JSON nested 200,000 levels deep made the reader take 22 GB).
3. `run_bounded()`: the reading itself runs in a child process with a memory ceiling
   (`IMPORT_MEMORY_BYTES`, `RLIMIT_AS` above what the worker already maps) and a time limit
   (`IMPORT_SECONDS`, enforced by the parent with a kill): a file that gets past the checks
   still cannot take the host's memory or hold a worker thread for minutes. It needs
   nothing but `fork()`, so it works on the default SQLite set-up as on PostgreSQL. The child
   must not touch the database (it would share the parent's connection): give it plain
   values and let it return plain values.
4. The database work (plan, write) stays in the web process, on what the child returned;
   or, when the work is the database's (the CSV imports' dry run and confirmation, row by
   row), `run_bounded_with_database()` runs it in the child on connections of its own.

Every refusal is an `ImportRefused` whose message is French and says what to do.
"""

import os
import pickle
import resource
import select
import signal
import tempfile
import time
import zipfile
from pathlib import Path

import ijson
from django.conf import settings
from django.db import connections

ABANDONED_AFTER = 60 * 60  # seconds: a preview not confirmed within the hour is forgotten
READ_CHUNK = 64 * 1024


class ImportRefused(Exception):
    """The file is not imported; the message says why, in French, for the editor."""


def upload_dir():
    folder = Path(getattr(settings, "IMPORT_UPLOAD_DIR", "") or tempfile.gettempdir())
    folder = folder / "careers-site-imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def megabytes(size):
    """« 20 Mo », « 1,5 Mo », « 900 Ko »: a size as an editor reads it."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f}".replace(".0", "").replace(".", ",") + " Mo"


def sweep_abandoned(max_age=ABANDONED_AFTER, now=None):
    """Remove the uploads previewed and never confirmed nor refused (a closed tab)."""
    now = now or time.time()
    for old in upload_dir().iterdir():
        try:
            if now - old.stat().st_mtime > max_age:
                old.unlink(missing_ok=True)
        except OSError:
            continue


def too_large(max_bytes, hint=""):
    return ImportRefused(
        f"Ce fichier pèse plus de {megabytes(max_bytes)}, la limite d'un dépôt dans "
        f"l'administration. {hint}".strip()
    )


def too_many_rows(max_rows, hint=""):
    return ImportRefused(
        f"Ce fichier compte plus de {max_rows} lignes, la limite d'un import dans "
        f"l'administration. {hint}".strip()
    )


def check_upload_size(upload, max_bytes=None, hint=""):
    """Refuse an upload over `max_bytes` (its size as received, not as announced)."""
    max_bytes = max_bytes or settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise too_large(max_bytes, hint)


def keep_upload(upload, *, suffix, max_bytes=None, too_large_hint=""):
    """Stream an uploaded file to a private temporary file and return its path; refuse it
    (ImportRefused) over `max_bytes`, counting what is actually written."""
    max_bytes = max_bytes or settings.IMPORT_MAX_UPLOAD_BYTES
    check_upload_size(upload, max_bytes, too_large_hint)
    sweep_abandoned()
    handle, name = tempfile.mkstemp(suffix=suffix, dir=upload_dir())  # mode 0600
    try:
        written = 0
        with os.fdopen(handle, "wb") as stored:
            for chunk in upload.chunks():
                written += len(chunk)
                if written > max_bytes:
                    raise too_large(max_bytes, too_large_hint)
                stored.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


class UploadSlot:
    """The file of one import waiting for its confirmation, named in the session."""

    def __init__(self, request, name):
        self.session = request.session
        self.key = f"upload:{name}"

    def keep(self, path):
        self.forget()
        self.session[self.key] = str(path)

    def path(self):
        """The kept file, or None once it was confirmed, refused or swept."""
        stored = self.session.get(self.key)
        if not stored:
            return None
        path = Path(stored)
        # Only ever a file of our own folder, whatever the session holds.
        if path.parent != upload_dir() or not path.is_file():
            return None
        return path

    def forget(self):
        stored = self.session.pop(self.key, None)
        if stored and Path(stored).parent == upload_dir():
            Path(stored).unlink(missing_ok=True)


# --- Shape, before any parser ---------------------------------------------------------------


def check_json_depth(stream, max_depth=None):
    """Refuse a JSON file nested deeper than `max_depth`, reading it as a flat stream of
    events (no prefix, no object built): memory stays flat whatever the depth. `stream` is
    a binary file, rewound afterwards."""
    max_depth = max_depth or settings.IMPORT_MAX_JSON_DEPTH
    depth = 0
    try:
        for event, _value in ijson.basic_parse(stream):
            if event in ("start_map", "start_array"):
                depth += 1
                if depth > max_depth:
                    raise ImportRefused(
                        f"Ce fichier est imbriqué sur plus de {max_depth} niveaux : ce n'est "
                        "pas la forme du fichier attendu."
                    )
            elif event in ("end_map", "end_array"):
                depth -= 1
    except ijson.JSONError:
        pass  # the reader itself says what is wrong with the JSON, in French
    except UnicodeDecodeError:
        pass
    finally:
        stream.seek(0)


def check_csv_rows(stream, max_rows=None, hint=""):
    """Refuse a text file of more than `max_rows` lines, counting line ends in fixed chunks
    (a quoted line break counts as a row: the bound errs on the safe side)."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    lines = 0
    try:
        while chunk := stream.read(READ_CHUNK):
            lines += chunk.count(b"\n" if isinstance(chunk, bytes) else "\n")
            if lines > max_rows + 1:  # the header line is not a row
                raise too_many_rows(max_rows, hint)
    finally:
        stream.seek(0)


def check_zip_expansion(stream, max_bytes=None, hint=""):
    """Refuse a zip file (an Excel workbook is one) that would expand beyond `max_bytes`
    (five times the upload cap by default), read from its directory before anything is
    decompressed; a file that is not a zip is left to its reader."""
    max_bytes = max_bytes or 5 * settings.IMPORT_MAX_UPLOAD_BYTES
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        expanded = 0
    finally:
        stream.seek(0)
    if expanded > max_bytes:
        raise ImportRefused(
            f"Ce classeur décompressé dépasse {megabytes(max_bytes)}, la limite d'un import "
            f"dans l'administration. {hint}".strip()
        )


# --- A child process with a ceiling ---------------------------------------------------------


def _mapped_bytes():
    """What this process maps already (Linux), so that the child's ceiling is added on top."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(write_end, function, args, memory_bytes, seconds):
    status = 1
    try:
        limit = _mapped_bytes() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = max(1, int(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            outcome = ("ok", function(*args))
        except ImportRefused as error:
            outcome = ("refused", str(error))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as error:  # reported by class, handled by the parent
            outcome = ("error", f"{error.__class__.__module__}.{error.__class__.__name__}")
        try:
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception as error:  # an answer that cannot cross: a bug, not the file
            payload = pickle.dumps(("error", f"unpicklable answer: {error}"))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        # Never run the parent's clean-up (database connections, atexit): they are the
        # parent's, and closing them here would close them there.
        os._exit(status)


def run_bounded(function, *args, memory_bytes=None, seconds=None, hint=""):
    """`function(*args)` in a child process with at most `memory_bytes` more memory than this
    one and `seconds` of time; returns its result (picklable), or raises ImportRefused with a
    French message (over the memory, over the time, or the child's own ImportRefused), to
    which `hint` adds what to do. Any other exception of the child is raised as RuntimeError
    naming its class."""
    memory_bytes = memory_bytes or settings.IMPORT_MEMORY_BYTES
    seconds = seconds or settings.IMPORT_SECONDS
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        _child(write_end, function, args, memory_bytes, seconds)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks = []
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([pipe], [], [], remaining)
            if not ready:
                continue
            chunk = pipe.read(READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out or os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        raise ImportRefused(
            f"La lecture de ce fichier a dépassé le temps permis ({int(seconds)} s) : il est "
            f"trop lourd pour l'administration. {hint}".strip()
        )
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        kind, value = "memory", None  # killed before it could answer (the memory ceiling)
    if kind == "ok":
        return value
    if kind == "refused":
        raise ImportRefused(value)
    if kind == "memory":
        raise ImportRefused(
            f"La lecture de ce fichier demande plus de {megabytes(memory_bytes)} de mémoire : "
            f"il est trop lourd pour l'administration. {hint}".strip()
        )
    raise RuntimeError(f"the bounded reader failed: {value}")


# --- The database from a child --------------------------------------------------------------

# The parent's connection objects, as the child found them: kept referenced and never closed
# (closing or collecting one would end the parent's session), until the child's os._exit().
_parents_connections = []


def children_see_this_database():
    """Whether a child process opening its own connections sees what this process sees: not
    when this process holds uncommitted work (a test's transaction, ATOMIC_REQUESTS), nor
    when its database lives in its own memory (SQLite « :memory: », the tests' default)."""
    for connection in connections.all():
        if connection.in_atomic_block:
            return False
        in_memory = getattr(connection, "is_in_memory_db", None)
        if in_memory is not None and in_memory():
            return False
    return True


def _on_own_connections(function, args):
    """In the child: the same work on new connections. A connection is never shared between
    two processes (an SQLite file gets corrupted, PostgreSQL's protocol and TLS state break)."""
    for alias in connections:
        _parents_connections.append(connections[alias])
        connections[alias] = connections.create_connection(alias)
    try:
        return function(*args)
    finally:
        connections.close_all()


def run_bounded_with_database(function, *args, **limits):
    """`run_bounded` for work that reads and writes the database row by row (the CSV imports'
    dry run and their confirmation): the child opens connections of its own and commits or
    rolls back its own transaction; a child stopped for its time or memory never commits, so
    nothing of it is saved. Same limits, same French refusals.

    Where a child would not see this process's database (`children_see_this_database`: in
    tests, or with ATOMIC_REQUESTS), `function` runs here instead, without the bound; the
    production set-ups (PostgreSQL, or an SQLite file, without ATOMIC_REQUESTS) never do."""
    if not children_see_this_database():
        return function(*args)
    return run_bounded(_on_own_connections, function, args, **limits)
