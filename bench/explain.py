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


def main():
    settings.DEBUG = False
    settings.PAGE_CACHE_ENABLED = False
    plans = "--plans" in sys.argv
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
