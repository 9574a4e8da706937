#!/usr/bin/env bash
# `make loadtest`: 64 connections for 60 seconds on a page mix, against gunicorn with the
# production settings on 127.0.0.1 only. Fails on any socket error, any 4xx/5xx or a missing
# figure. Environment: LOADTEST_CONNECTIONS (64), LOADTEST_DURATION (60s), LOADTEST_PORT (8801),
# LOADTEST_DATABASE_URL (default: a throwaway SQLite file), LOADTEST_REDIS_URL (default: none,
# then the production file cache).
set -euo pipefail
cd "$(dirname "$0")/.."

connections="${LOADTEST_CONNECTIONS:-64}"
duration="${LOADTEST_DURATION:-60s}"
port="${LOADTEST_PORT:-8801}"

if ! command -v wrk >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get install -y --no-install-recommends wrk \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends wrk; }
fi

work="$(mktemp -d)"
cleanup() {
    if [ -f "$work/gunicorn.pid" ]; then kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=careers_site.settings.production
export DJANGO_SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export SITE_URL="http://127.0.0.1:$port"
export DATABASE_URL="${LOADTEST_DATABASE_URL:-sqlite:///$work/db.sqlite3}"
export DJANGO_MEDIA_ROOT="$work/media"
export DJANGO_CACHE_DIR="$work/cache"
export DJANGO_LOG_LEVEL=WARNING
if [ -n "${LOADTEST_REDIS_URL:-}" ]; then
    export REDIS_URL="$LOADTEST_REDIS_URL" CACHE_KEY_PREFIX="loadtest-$$"
else
    unset REDIS_URL
fi
export GUNICORN_BIND="127.0.0.1:$port"
python=.venv/bin/python

$python manage.py migrate --noinput -v 0
$python manage.py load_demo --no-admin --force >/dev/null
$python manage.py collectstatic --noinput -v 0
.venv/bin/gunicorn -c gunicorn.conf.py --daemon --pid "$work/gunicorn.pid" \
    --access-logfile /dev/null --error-logfile "$work/error.log"
for _ in $(seq 1 50); do
    if timeout 1 bash -c "</dev/tcp/127.0.0.1/$port" 2>/dev/null; then break; fi
    sleep 0.2
done

# The page mix: every page of the sitemap, plus search, the agenda feed, static files, health.
base="http://127.0.0.1:$port"
curl -sf -H "X-Forwarded-Proto: https" "$base/sitemap.xml" \
    | grep -o '<loc>[^<]*</loc>' | sed -E 's#<loc>https?://[^/]+##; s#</loc>##' >"$work/paths"
cat >>"$work/paths" <<'PATHS'
/recherche/?q=aide+soignante
/recherche/?q=manip+radio
/formations/?departement=15
/robots.txt
/healthz
PATHS
css="$(curl -sf -H "X-Forwarded-Proto: https" "$base/" | grep -o '/static/css/site[^"]*\.css' | head -1)"
[ -n "$css" ] && echo "$css" >>"$work/paths"
echo "Page mix: $(wc -l <"$work/paths") paths; $connections connections for $duration"

LOADTEST_PATHS="$work/paths" wrk -t4 -c"$connections" -d"$duration" --timeout 10s --latency \
    -s loadtest/mix.lua "$base" | tee "$work/wrk.txt"

if [ -s "$work/error.log" ] && grep -qi "traceback\|error" "$work/error.log"; then
    echo "gunicorn logged errors:" >&2
    cat "$work/error.log" >&2
fi
status_line="$(grep '^LOADTEST status' "$work/wrk.txt")"
errors_line="$(grep '^LOADTEST socket_errors' "$work/wrk.txt")"
if grep -q "Non-2xx or 3xx responses" "$work/wrk.txt" \
    || ! grep -q "4xx=0 5xx=0" <<<"$status_line" \
    || ! grep -q "connect=0 read=0 write=0 timeout=0 status=0" <<<"$errors_line"; then
    echo "Load test FAILED: errors or non-2xx/3xx answers (see above)." >&2
    exit 1
fi
echo "Load test passed: no socket error, no 4xx, no 5xx."
