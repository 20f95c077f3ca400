#!/bin/bash
# One fresh import of the daily crawl into a new data directory, and the time
# of each phase from the import's own log: the writes (until training
# starts), preparing the model, the epoch, finishing and saving the model, and
# writing the vector file. Run a baseline binary and a new one interleaved.
#
#   bench/importready/phases.sh LABEL BINARY [CRAWL_DIR] [WORK_DIR]
set -eu
label=$1 bin=$2 crawl=${3:-../shared/data/arxiv-daily} work=${4:-/tmp/ip}
dir=$work/d-$label
mkdir -p "$work" && rm -rf "$dir"
start=$(date +%s.%N)
/usr/bin/time -f "%e %U %S %M" -o "$work/$label.time" "$bin" import --data "$dir" "$crawl"/*.jsonl.gz > "$work/$label.out" 2> "$work/$label.err"
python3 - "$label" "$start" "$work" <<'PY'
import datetime, re, sys
label, start, work = sys.argv[1], float(sys.argv[2]), sys.argv[3]
t = {}
for line in open(f"{work}/{label}.err"):
    m = re.match(r'time=(\S+) level=\w+ msg="([^"]+)"', line)
    if m:
        t.setdefault(m.group(2), datetime.datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp())
wall, user, sys_, rss = open(f"{work}/{label}.time").read().split()
at = lambda msg: t[msg]
train = at("training the embedding model on the imported corpus")
print(f"{label}: writes {train - start:.1f} s, prepare {at('embed train start') - train:.1f} s, "
      f"epoch {at('embed train epoch') - at('embed train start'):.1f} s, "
      f"finish {at('embed train done') - at('embed train epoch'):.2f} s, save {at('embedding model trained') - at('embed train done'):.2f} s, "
      f"vectors {at('search index files written') - at('embedding model trained'):.2f} s | wall {wall} s, user {user} s, "
      f"sys {sys_} s, peak RSS {int(rss) // 1024} MB")
PY
