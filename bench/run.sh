#!/usr/bin/env bash
# `make bench`: installs wrk from Debian's packages if missing, then runs bench/bench.py
# (PostgreSQL database « bench » and Redis db 14 on 127.0.0.1 when they answer).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    echo "wrk is missing: installing it from Debian's packages"
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get install -y --no-install-recommends wrk \
        || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends wrk; }
fi

exec .venv/bin/python bench/bench.py "$@"
