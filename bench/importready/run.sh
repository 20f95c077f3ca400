#!/bin/bash
# Fresh import of the daily crawl into a new data directory, then the time to
# serve's /readyz and one hybrid query. Run a baseline binary and a new one
# interleaved and compare CPU seconds (the wall time follows the machine's load).
#
#   bench/importready/run.sh LABEL BINARY PORT [CRAWL_DIR] [WORK_DIR]
set -u
label=$1 bin=$2 port=$3 crawl=${4:-../shared/data/arxiv-daily} work=${5:-/tmp/if}
dir=$work/d-$label
mkdir -p "$work" && rm -rf "$dir"
echo "== $label $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "import wall %e s, user %U s, sys %S s, maxrss %M KB" "$bin" import --data "$dir" "$crawl"/*.jsonl.gz > "$work/$label.out" 2> "$work/$label.err"
tail -1 "$work/$label.err"
grep -o 'msg="embed train done".*' "$work/$label.err"
grep -o 'msg="search index files written".*' "$work/$label.err"
echo "after import load: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
PAPERWIRE_NO_DEMO=1 "$bin" serve --data "$dir" --addr 127.0.0.1:"$port" > "$work/$label.serve.out" 2> "$work/$label.serve.err" &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:"$port"/readyz)" = 200 ]; do sleep 0.05; done
echo "serve ready in $(echo "$(date +%s.%N) - $start" | bc) s"
curl -s -o "$work/$label.q.json" -w "query: http %{http_code} in %{time_total} s\n" "http://127.0.0.1:$port/api/papers/search?q=graph+neural+network&limit=10"
echo "serve CPU until now: $(ps -o times= -p $pid) s"
kill $pid
wait $pid 2>/dev/null
