#!/usr/bin/env bash
# Soak: builds paperwire, serves a data directory (the demo corpus in a fresh
# one by default, or DATA=dir for an imported one, e.g. the 75k crawl), makes
# USERS accounts with API tokens for the writes, and runs bench/soak against
# it at RATE requests/s for DURATION. Loopback only.
#
#   RATE=500 DURATION=10m DATA=/tmp/pw75k bench/soak/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-200}
DURATION=${DURATION:-3m}
USERS=${USERS:-20}
PORT=${PORT:-18431}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
DATA=${DATA:-$work/data}

CGO_ENABLED=0 go build -o "$work/paperwire" ./cmd/paperwire
CGO_ENABLED=0 go build -o "$work/soak" ./bench/soak

PAPERWIRE_API_RATE=off "$work/paperwire" serve --addr "127.0.0.1:$PORT" --data "$DATA" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

: >"$work/tokens"
for i in $(seq "$USERS"); do
	name="soak$i-$RANDOM"
	echo "correct horse battery $i" | "$work/paperwire" user create --data "$DATA" --name "$name" --email "$name@example.org" >/dev/null
	"$work/paperwire" user token --data "$DATA" --name "$name" | tail -n 1 >>"$work/tokens"
done

"$work/soak" -url "http://127.0.0.1:$PORT" -pid "$pid" -rate "$RATE" -d "$DURATION" -tokens "$work/tokens"
echo "server log lines at level ERROR: $(grep -c 'level=ERROR' "$work/serve.log" || true)"
