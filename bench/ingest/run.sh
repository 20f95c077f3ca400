#!/bin/sh
# run.sh runs the import benchmarks and their sqlite3 peer in one go and
# prints one line per run: wall and CPU seconds, peak RSS, load average.
#
#   bench/ingest/run.sh [daily|snapshot|indexed|indexed-1m|all]   (from the repository root)
#
# "indexed" measures import to searchable with the real binary on the daily
# crawl: `import --index` (keyword index and vectors built beside the
# writes); "indexed-1m" does the same with the 1M snapshot, keyword index
# only and both, then rebuilds both indexes of the result with `reindex`.
#
# Inputs: the daily crawl in $DAILY (default ../shared/data/arxiv-daily)
# and a snapshot-format file $SNAPSHOT (default /tmp/snapshot-1m.jsonl,
# written by gensnapshot when missing). PATCHED=path/to/importbench adds runs
# of a second build (e.g. with a proposed store change) to compare.
set -eu
what=${1:-all}
DAILY=${DAILY:-../shared/data/arxiv-daily}
SNAPSHOT=${SNAPSHOT:-/tmp/snapshot-1m.jsonl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/importbench" ./bench/ingest/importbench
CGO_ENABLED=0 go build -o "$work/paperwire" ./cmd/paperwire

measure() { # name, command...
	name=$1; shift
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
	read -r wall user sys rss <"$work/time"
	printf '%-34s wall %7.1fs  cpu %7.1fs  rss %5d MB  load %s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load"
	grep -E '^(files|elapsed|total:|reindexed|embedded)' "$work/out" | sed 's/^/    /'
}

if [ "$what" = daily ] || [ "$what" = all ]; then
	measure "paperwire import, daily crawl" "$work/importbench" -data "$work/pw-daily" "$DAILY"/*.jsonl.gz
	rm -rf "$work"/pw-daily
	if [ -n "${PATCHED:-}" ]; then
		measure "  same, patched store" "$PATCHED" -data "$work/pw-daily" "$DAILY"/*.jsonl.gz
		rm -rf "$work"/pw-daily
	fi
	measure "sqlite3 + FTS5, daily crawl" bench/ingest/peer-sqlite3.sh "$work/peer-daily.db" "$DAILY"/*.jsonl.gz
	measure "sqlite3 no FTS, daily crawl" bench/ingest/peer-sqlite3.sh --no-fts "$work/peer-daily-nofts.db" "$DAILY"/*.jsonl.gz
	rm -rf "$work"/pw-daily "$work"/peer-daily*
fi
if [ "$what" = snapshot ] || [ "$what" = all ]; then
	[ -f "$SNAPSHOT" ] || go run ./bench/ingest/gensnapshot -n 1000000 -o "$SNAPSHOT" "$DAILY"/*.jsonl.gz
	measure "paperwire import, 1M snapshot" "$work/importbench" -data "$work/pw-snap" "$SNAPSHOT"
	rm -rf "$work/pw-snap"
	if [ -n "${PATCHED:-}" ]; then
		measure "  same, patched store" "$PATCHED" -data "$work/pw-snap" "$SNAPSHOT"
		rm -rf "$work/pw-snap"
	fi
	# The peer commits once per file: split the snapshot into files of 100k
	# lines first (inside the measurement) so it commits every 100k papers
	# instead of building one 8 GB write-ahead log.
	measure "sqlite3 + FTS5, 1M snapshot" sh -c "split -l 100000 -d '$SNAPSHOT' '$work/chunk-' &&
		bench/ingest/peer-sqlite3.sh '$work/peer-snap.db' '$work'/chunk-*"
fi
if [ "$what" = indexed ] || [ "$what" = daily ] || [ "$what" = all ]; then
	measure "import --index, daily crawl" "$work/paperwire" import --index --no-train --data "$work/pw-daily" "$DAILY"/*.jsonl.gz
	rm -rf "$work/pw-daily"
	# The peer's equivalent: the database and a keyword index, no vectors.
	measure "  same, keyword index only" env PAPERWIRE_EMBEDDER=off "$work/paperwire" import --index --no-train --data "$work/pw-daily" "$DAILY"/*.jsonl.gz
	rm -rf "$work/pw-daily"
fi
if [ "$what" = indexed-1m ]; then
	[ -f "$SNAPSHOT" ] || go run ./bench/ingest/gensnapshot -n 1000000 -o "$SNAPSHOT" "$DAILY"/*.jsonl.gz
	measure "import --index, keyword only, 1M" env PAPERWIRE_EMBEDDER=off "$work/paperwire" import --index --no-train --data "$work/pw-snap" "$SNAPSHOT"
	rm -rf "$work/pw-snap"
	measure "import --index, 1M snapshot" "$work/paperwire" import --index --no-train --data "$work/pw-snap" "$SNAPSHOT"
	measure "reindex (keyword + vectors), 1M" "$work/paperwire" reindex --data "$work/pw-snap"
	rm -rf "$work/pw-snap"
fi
