"""Time each public page and print the PostgreSQL plan of its slowest queries.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/explain.py [--plans]

Run it on a database holding the large generated set (manage.py generate_large_dataset)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers_site.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/",
    "/metiers/",
    "/metiers/aide-soignant/",
    "/recherche/?q=aide+soignante",
    "/formations/",
    "/formations/?departement=63&modalite=apprentissage",
    "/formations/etablissements/",
    "/formations/etablissements/ifas-ch-saint-flour/",
    "/formations/diplomes/de-aide-soignant/",
    "/videos/",
    "/videos/sara-aide-soignante/",
    "/agenda/",
    "/campagnes/webserie-metiers-du-soin/",
    "/plan-du-site/",
]


def never_analyzed():
    """The tables PostgreSQL holds no statistics for: after a bulk load without autovacuum,
    the planner guesses one row per table and its plans (nested loops everywhere) are not
    the ones production gets."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace "
            "WHERE nspname = 'public' AND relkind = 'r' AND reltuples < 0 ORDER BY relname"
        )
        return [name for (name,) in cursor.fetchall()]


def main():
    settings.DEBUG = False
    settings.PAGE_CACHE_ENABLED = False
    plans = "--plans" in sys.argv
    if connection.vendor == "postgresql" and (tables := never_analyzed()):
        print(
            f"Attention : {len(tables)} tables sans statistiques (jamais analysées), dont "
            f"{', '.join(tables[:3])} : lancez VACUUM ANALYZE sur cette base (make bench le "
            "fait), sinon les plans ne sont pas ceux de la production.\n"
        )
    client = Client(HTTP_HOST="127.0.0.1")
    for path in PAGES:
        client.get(path)
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"{path:55} {response.status_code} {elapsed:8.1f} ms, {len(queries)} requêtes "
            f"({sql_ms:.1f} ms SQL), {len(response.content) // 1024} Ko"
        )
        if plans and connection.vendor == "postgresql":
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
            for query in slowest:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                    print("    " + query["sql"][:160])
                    for (line,) in cursor.fetchall():
                        print("      " + line)


if __name__ == "__main__":
    main()
