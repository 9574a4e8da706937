"""Backups that lose nothing: the database content and the uploaded media in one archive.

    careers-backup-YYYYmmdd-HHMMSS.tar.gz
        manifest.json   format, date, Django version, database vendor, objects per model,
                        size and sha256 of data.json and of every media file
        data.json       dumpdata of the project's apps, auth, taggit, the admin log and the
                        versions of django-reversion,
                        every row (base managers), foreign keys to content types by natural
                        key so that the dump loads into any fresh installation
        media/...       every file under MEDIA_ROOT

The dump is read inside one transaction (REPEATABLE READ on PostgreSQL): an editor saving
during the backup cannot leave half of a change in it. Restoring checks every checksum before
touching anything, refuses a database that already holds content unless forced, then writes
the media, empties the backed-up tables and loads the data in one transaction, and checks the
counts.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from careers_site.core.content import content_rewritten
from careers_site.core.moved_models import current_label, relabel_dump

FORMAT = "careers-backup/1"
# What is backed up: the content, the accounts, the tags and the editing history (the admin
# log and every version kept by django-reversion, deleted items included). Content types and
# permissions are rebuilt by `migrate`; sessions and login attempts are transient.
# The content apps are the CONTENT_APPS setting's (the one list of them); then the accounts,
# the admin log and the history.
BOOKKEEPING_APPS = ("auth", "admin", "reversion")


def app_labels():
    return [*settings.CONTENT_APPS, *BOOKKEEPING_APPS]


EXCLUDED_MODELS = {"auth.permission"}
# A model that says `kept_in_backups = False` is left out too: personal data deleted within
# days (the counsellors' source requests), which a backup would keep for months.
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must read: the archive or the target is not what it should be."""


# Backups hold password hashes: owner only (rw-------).
OWNER_ONLY = 0o600


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def backed_up_models(include_auto_created=False):
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model._meta.app_label in app_labels()
        and model._meta.label_lower not in EXCLUDED_MODELS
        and getattr(model, "kept_in_backups", True)
    ]


def _dump_labels():
    return [model._meta.label for model in backed_up_models()]


def media_root():
    return Path(settings.MEDIA_ROOT)


def media_files(root=None):
    root = Path(root or media_root())
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def dump_data(path, using=DEFAULT_DB_ALIAS):
    """dumpdata into `path`, in one consistent snapshot of the database."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Must be the first statement of the transaction.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            *_dump_labels(),
            format="json-exact",  # keeps microseconds (careers_site/platform/exact_json.py)
            use_natural_foreign_keys=True,
            use_base_manager=True,
            database=using,
            output=str(path),
            verbosity=0,
        )


def create_backup(output, using=DEFAULT_DB_ALIAS):
    """Write the archive to `output` (written aside, then renamed: never half an archive
    under the final name), readable by its owner only: it holds the editors' password hashes
    and every draft. Returns the manifest."""
    output = Path(output)
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="careers-backup-") as work:
        data_path = Path(work) / "data.json"
        dump_data(data_path, using=using)
        with open(data_path, encoding="utf-8") as handle:
            objects = json.load(handle)
        root = media_root()
        files = {
            PurePosixPath(path.relative_to(root)).as_posix(): {
                "sha256": sha256_file(path),
                "size": path.stat().st_size,
            }
            for path in media_files(root)
        }
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": connections[using].vendor,
            "models": dict(sorted(Counter(obj["model"] for obj in objects).items())),
            "objects": len(objects),
            "data": {"sha256": sha256_file(data_path), "size": data_path.stat().st_size},
            "media": files,
        }
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
        os.fchmod(descriptor, OWNER_ONLY)  # a file left by an earlier run keeps its mode
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(body))
            archive.add(data_path, arcname="data.json")
            for name in files:
                archive.add(root / name, arcname=f"media/{name}", recursive=False)
        partial.replace(output)
    return manifest


# --- Restore -----------------------------------------------------------------------------------


def _safe_member_name(name):
    """Relative, inside the archive, no parent step: a hostile archive cannot write outside
    the media folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"Chemin refusé dans l'archive : {name!r}")
    return path


def _extract(archive, workdir):
    for member in archive.getmembers():
        name = _safe_member_name(member.name)
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(f"Élément refusé dans l'archive (lien ou spécial) : {name}")
        target = workdir.joinpath(*name.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as destination:
            shutil.copyfileobj(source, destination, CHUNK)


def read_archive(path, workdir):
    """Extract into `workdir` and check everything against the manifest. Returns it."""
    workdir = Path(workdir)
    try:
        with tarfile.open(path, "r:gz") as archive:
            _extract(archive, workdir)
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"Archive illisible : {error}") from None
    try:
        manifest = json.loads((workdir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("L'archive n'a pas de manifest.json lisible.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format d'archive inconnu : {manifest.get('format')!r}")
    data = workdir / "data.json"
    if not data.is_file() or sha256_file(data) != manifest["data"]["sha256"]:
        raise BackupError("data.json manque ou ne correspond pas à sa somme de contrôle.")
    for name, expected in manifest["media"].items():
        _safe_member_name(name)
        file = workdir / "media" / name
        if not file.is_file() or sha256_file(file) != expected["sha256"]:
            raise BackupError(f"Fichier média absent ou altéré dans l'archive : {name}")
    return manifest


def relabel_moved_models(workdir, manifest):
    """A backup made before a model moved to another app (Organisation and StaffMembership,
    from campaigns to core) names it, its content type and its permissions by the old label:
    read it with the current ones (careers_site/core/moved_models.py). Called once the
    checksums are checked; changes the extracted data.json and `manifest` in place."""
    data = Path(workdir) / "data.json"
    with open(data, encoding="utf-8") as handle:
        objects = json.load(handle)
    if relabel_dump(objects):
        with open(data, "w", encoding="utf-8") as handle:
            json.dump(objects, handle, ensure_ascii=False)
    counts = Counter()
    for label, count in manifest["models"].items():
        counts[current_label(label)] += count
    manifest["models"] = dict(sorted(counts.items()))


def database_has_content(using=DEFAULT_DB_ALIAS):
    """Accounts or editorial content (anything timestamped). Reference data that migrations
    load (the list of communes) does not count: every fresh installation has it."""
    for model in backed_up_models():
        names = {field.name for field in model._meta.get_fields()}
        is_content = "created_at" in names or model._meta.label_lower == "auth.user"
        if is_content and model._base_manager.using(using).exists():
            return True
    return False


def _empty_tables(using):
    connection = connections[using]
    tables = sorted({model._meta.db_table for model in backed_up_models(include_auto_created=True)})
    existing = set(connection.introspection.table_names())
    sql = connection.ops.sql_flush(
        no_style(), [table for table in tables if table in existing], allow_cascade=True
    )
    connection.ops.execute_sql_flush(sql)


def restore_backup(path, force=False, using=DEFAULT_DB_ALIAS):
    """Bring an archive back. Returns the manifest. Raises BackupError, changing nothing,
    when the archive is damaged or the installation not empty (unless `force`)."""
    root = media_root()
    with tempfile.TemporaryDirectory(prefix="careers-restore-") as work:
        manifest = read_archive(path, work)
        relabel_moved_models(work, manifest)
        if not force:
            if database_has_content(using):
                raise BackupError(
                    "La base de données contient déjà des comptes ou des contenus : "
                    "restaurez dans une installation vide, ou ajoutez --force pour les remplacer."
                )
            if media_files(root):
                raise BackupError(
                    f"Le dossier des médias ({root}) n'est pas vide : videz-le, ou ajoutez "
                    "--force pour le remplacer."
                )
        # Media first: signals that run while the data loads may read the files.
        if force and root.is_dir():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        for name in manifest["media"]:
            target = root.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(work) / "media" / name, target)
        with transaction.atomic(using=using):
            _empty_tables(using)
            call_command("loaddata", str(Path(work) / "data.json"), database=using, verbosity=0)
            # Rows loaded without save(): what the apps derive from them is derived again.
            content_rewritten.send(sender=restore_backup, using=using)
        check_restored(manifest, using=using)
    return manifest


def check_restored(manifest, using=DEFAULT_DB_ALIAS):
    counts = {}
    for model in backed_up_models():
        count = model._base_manager.using(using).count()
        if count:
            counts[model._meta.label_lower] = count
    if counts != manifest["models"]:
        raise BackupError(
            f"Après restauration, les nombres d'objets diffèrent : {counts} au lieu de "
            f"{manifest['models']}"
        )
    root = media_root()
    for name, expected in manifest["media"].items():
        if sha256_file(root.joinpath(*PurePosixPath(name).parts)) != expected["sha256"]:
            raise BackupError(f"Fichier média altéré après restauration : {name}")
