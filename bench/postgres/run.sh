#!/bin/sh
# run.sh measures Paperwire on PostgreSQL beside SQLite in one go, on the
# daily crawl, and prints one line per measurement:
#
#   bench/postgres/run.sh [import|serve|all]   (from the repository root)
#
# "import": importbench into a fresh SQLite file and into a fresh PostgreSQL
# database, $RUNS times each, alternating (and alternating which goes first),
# then the median papers/s of each and the median of the per-round ratios.
# "serve": `paperwire import --no-train` into both (so both serve with the
# shipped embedding model), then `paperwire serve` on each in turn, $ROUNDS
# times alternating, loaded by bench/http: the day page of the busiest day
# from the page cache and rendered afresh (-bust), and the search API, which
# is never cached, at 16 connections and at 1.
#
# Settings (environment): DAILY (default ../shared/data/arxiv-daily), RUNS
# (import runs per store, default 5), ROUNDS (serve rounds per store, 2),
# DUR and DUR1 (seconds per URL at 16 connections and at 1: 8 and 5),
# QUERIES (search queries, + for spaces), PGBIN, and REV (below).
#
# It starts its own throwaway PostgreSQL cluster ($PGBIN, default the Debian
# PostgreSQL 15 binaries) in a temporary directory on the first free port
# from 55440, with PostgreSQL's default durability (fsync on,
# synchronous_commit on; only initdb itself runs with --no-sync), and
# stops and removes it at the end. Run as root, the cluster runs as the
# postgres user. The load generator, Paperwire and PostgreSQL share the
# machine's cores.
#
# The first serve of each store builds the search indexes from the database
# ("ready in"); later rounds load them.
#
# Columns: "db cpu" is the CPU the PostgreSQL cluster used (postmaster, its
# live children and the backends already gone) over the measurement; on
# SQLite the database work is inside the paperwire process. For HTTP, the
# CPU columns are per request, over the warm-up and the measurement,
# estimated with the measured rate; "new conns" is how many connections
# PostgreSQL saw opened to the served database meanwhile (pg_stat_database,
# which lags by up to a second).
set -eu
what=${1:-all}
DAILY=${DAILY:-../shared/data/arxiv-daily}
RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-2}
DUR=${DUR:-8}   # seconds per URL at 16 connections
DUR1=${DUR1:-5} # seconds per URL at 1 connection
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
QUERIES=${QUERIES:-"graph+neural+network protein+structure+prediction reinforcement+learning+from+human+feedback diffusion+transformer"}

work=$(mktemp -d)
chmod 755 "$work"
servepid=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	[ -z "$servepid" ] || kill "$servepid" 2>/dev/null || true
	[ ! -f "$work/pg/data/postmaster.pid" ] || as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# REV=commit builds Paperwire (and importbench) from that commit instead of
# the working tree, so edits in progress stay out of the figures; the load
# generator, which imports nothing of Paperwire's, comes from the working tree.
src=.
rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || rev="$rev + uncommitted changes"
if [ -n "${REV:-}" ]; then
	src=$work/src
	mkdir "$src"
	git archive "$REV" | tar -x -C "$src"
	rev=$(git rev-parse --short "$REV")
fi
(cd "$src" && CGO_ENABLED=0 go build -o "$work/importbench" ./bench/ingest/importbench && CGO_ENABLED=0 go build -o "$work/paperwire" ./cmd/paperwire)
CGO_ENABLED=0 go build -o "$work/http" ./bench/http

# The cluster.
mkdir "$work/pg"
[ "$(id -u)" != 0 ] || chown postgres "$work/pg"
as_pg "$PGBIN/initdb" --no-sync -D "$work/pg/data" -U postgres -A trust -E UTF8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
port=55440
until as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/log" -w start >/dev/null 2>&1; do
	port=$((port + 1))
	[ "$port" -lt 55500 ] || { cat "$work/pg/log"; exit 1; }
done
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -X -q -A -t "$@"; }
url() { echo "postgres://postgres@127.0.0.1:$port/$1?sslmode=disable"; }
echo "paperwire at $rev; go $(go env GOVERSION)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u '+%F %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL $(psql -c 'SHOW server_version') on port $port: fsync $(psql -c 'SHOW fsync'), synchronous_commit $(psql -c 'SHOW synchronous_commit'), shared_buffers $(psql -c 'SHOW shared_buffers')"

hz=$(getconf CLK_TCK)
# pgcpu prints the CPU seconds the cluster has used so far.
# A backend that has just exited is briefly counted nowhere (neither live nor
# reaped), so it settles first.
pgcpu() {
	sleep 0.3
	pm=$(head -1 "$work/pg/data/postmaster.pid")
	{
		cat "/proc/$pm/stat"
		for c in $(pgrep -P "$pm"); do cat "/proc/$c/stat" 2>/dev/null || true; done
	} | awk -v pm="$pm" -v hz="$hz" '{ t += $14 + $15; if ($1 == pm) t += $16 + $17 } END { printf "%.2f\n", t / hz }'
}
# proccpu PID prints the CPU seconds process PID has used so far.
proccpu() { awk -v hz="$hz" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# sessions DB prints how many connections DB has had (PostgreSQL 14+).
sessions() { psql -c "SELECT sessions FROM pg_stat_database WHERE datname = '$1'"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a - b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# importbench STORE ROUND: one import of the crawl into a fresh database.
importbench() {
	store=$1 i=$2
	load=$(load)
	if [ "$store" = sqlite ]; then
		/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/importbench" -data "$work/imp-$i" "$DAILY"/*.jsonl.gz >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
		dbsize=$(du -cm "$work/imp-$i"/paperwire.db* | tail -1 | cut -f1)
		dbcpu=-
		rm -rf "$work/imp-$i"
	else
		psql -c "CREATE DATABASE imp$i"
		c0=$(pgcpu)
		/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/importbench" -database-url "$(url "imp$i")" "$DAILY"/*.jsonl.gz >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
		dbcpu=$(minus "$(pgcpu)" "$c0" | awk '{ printf "%.1fs", $1 }')
		dbsize=$(($(psql -c "SELECT pg_database_size('imp$i')") / 1048576))
		psql -c "DROP DATABASE imp$i"
	fi
	read -r wall user sys rss <"$work/time"
	rate=$(sed -n 's/.* \([0-9]*\) new papers\/s.*/\1/p' "$work/out")
	echo "$i $rate" >>"$work/rate-$store"
	printf 'import %-8s run %d  %6d papers/s  wall %5.1fs  cpu %5.1fs  db cpu %6s  peak rss %4d MB  db %4d MB  load %s\n' \
		"$store" "$i" "$rate" "$wall" "$(echo "$user + $sys" | bc)" "$dbcpu" $((rss / 1024)) "$dbsize" "$load"
}

if [ "$what" = import ] || [ "$what" = all ]; then
	echo "== import: importbench, daily crawl ($(ls "$DAILY"/*.jsonl.gz | wc -l) files), $RUNS runs per store, alternating"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		if [ $((i % 2)) = 1 ]; then importbench sqlite "$i"; importbench postgres "$i"; else importbench postgres "$i"; importbench sqlite "$i"; fi
		i=$((i + 1))
	done
	ms=$(cut -d' ' -f2 "$work/rate-sqlite" | median)
	mp=$(cut -d' ' -f2 "$work/rate-postgres" | median)
	# The ratio of each run's pair (same run number), then their median.
	awk 'NR == FNR { sq[$1] = $2; next } { printf "%.3f\n", $2 / sq[$1] }' "$work/rate-sqlite" "$work/rate-postgres" >"$work/ratios"
	echo "import median: sqlite $ms papers/s, postgres $mp papers/s; per-run ratios postgres/sqlite $(awk '{ printf "%.2f ", $1 }' "$work/ratios")-> median $(median <"$work/ratios")"
fi

# serve STORE ROUND: start paperwire serve on STORE, load it, stop it.
serveround() {
	store=$1 r=$2
	addr=127.0.0.1:$((18400 + r * 2 + $([ "$store" = sqlite ] && echo 0 || echo 1)))
	if [ "$store" = sqlite ]; then
		set -- serve --data "$work/pw-sqlite" --no-demo --addr "$addr"
	else
		set -- serve --database-url "$(url serve)" --data "$work/pw-postgres" --no-demo --addr "$addr"
	fi
	t0=$(date +%s.%N)
	PAPERWIRE_LOG_LEVEL=warn "$work/paperwire" "$@" >"$work/serve.log" 2>&1 &
	servepid=$!
	n=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/readyz")" = 200 ]; do
		kill -0 "$servepid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
		n=$((n + 1)); [ "$n" -lt 3000 ] || { echo "serve not ready after 10 min"; exit 1; }
		sleep 0.2
	done
	ready=$(echo "$(date +%s.%N) - $t0" | bc)
	printf 'serve %-8s round %d  ready in %.1fs, rss %d MB\n' "$store" "$r" "$ready" $(($(ps -o rss= -p "$servepid") / 1024))
	day="/papers/date/$busiest"
	for c in 16 1; do
		d=$DUR
		[ "$c" = 16 ] || d=$DUR1
		for target in "cached $day" "uncached $day" $(for q in $QUERIES; do echo "search /api/papers/search?limit=10&q=$q"; done | tr ' ' '|'); do
			kind=${target%%[ |]*}
			path=${target#*[ |]}
			bust=
			[ "$kind" != uncached ] || bust=-bust
			d0=0 d1=0 s0=0 s1=0
			[ "$store" = sqlite ] || { d0=$(pgcpu); s0=$(sessions serve); }
			a0=$(proccpu "$servepid")
			"$work/http" -c "$c" -d "${d}s" $bust "http://$addr$path" >"$work/http.out" 2>"$work/http.err"
			a1=$(proccpu "$servepid")
			[ "$store" = sqlite ] || { d1=$(pgcpu); s1=$(sessions serve); }
			tail -1 "$work/http.out" | awk -v s="$store" -v r="$r" -v k="$kind" -v p="$path" -v c="$c" -v sec="$((d + 1))" \
				-v app="$(minus "$a1" "$a0")" -v db="$(minus "$d1" "$d0")" -v conns="$((s1 - s0))" '{
					rps = $(NF - 5); n = rps * sec
					printf "http %-8s round %d  c%-2d %-8s %-62s %7.0f req/s  p50 %6.2f  p90 %6.2f  p99 %7.2f ms  errors %d  cpu/req app %5.2f db %s ms",
						s, r, c, k, p, rps, $(NF - 4), $(NF - 3), $(NF - 2), $(NF - 1), 1000 * app / n, (s == "sqlite" ? "   -" : sprintf("%5.2f", 1000 * db / n))
					if (s != "sqlite") printf "  new conns %d", conns
					printf "\n"
				}' | tee -a "$work/http.lines"
			[ ! -s "$work/http.err" ] || sed 's/^/    /' "$work/http.err"
		done
	done
	kill "$servepid"
	wait "$servepid" 2>/dev/null || true
	servepid=
	# Requests cut off at the end of each measurement log "context canceled": not failures.
	grep -v 'context canceled' "$work/serve.log" | head -20 | sed 's/^/    serve log: /'
	[ "$(grep -c 'context canceled' "$work/serve.log")" = 0 ] || echo "    serve log: $(grep -c 'context canceled' "$work/serve.log") requests cut off by the load generator's deadlines"
}

if [ "$what" = serve ] || [ "$what" = all ]; then
	echo "== serve: paperwire import --no-train into both, then paperwire serve on each, $ROUNDS rounds alternating"
	for store in sqlite postgres; do
		load=$(load)
		if [ "$store" = sqlite ]; then
			/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/paperwire" import --no-train --data "$work/pw-sqlite" "$DAILY"/*.jsonl.gz >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
			dbcpu=-
		else
			psql -c "CREATE DATABASE serve"
			c0=$(pgcpu)
			/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$work/paperwire" import --no-train --database-url "$(url serve)" --data "$work/pw-postgres" "$DAILY"/*.jsonl.gz >"$work/out" 2>&1 || { cat "$work/out"; exit 1; }
			dbcpu=$(minus "$(pgcpu)" "$c0" | awk '{ printf "%.1fs", $1 }')
		fi
		read -r wall user sys rss <"$work/time"
		new=$(sed -n 's/^total: .*, new \([0-9]*\),.*/\1/p' "$work/out")
		printf 'paperwire import %-8s wall %5.1fs (%d new papers/s)  cpu %5.1fs  db cpu %6s  peak rss %4d MB  load %s\n' \
			"$store" "$wall" "$(echo "$new / $wall" | bc)" "$(echo "$user + $sys" | bc)" "$dbcpu" $((rss / 1024)) "$load"
	done
	busiest=$(psql -d serve -c "SELECT listed_on FROM papers GROUP BY listed_on ORDER BY count(*) DESC, listed_on LIMIT 1")
	echo "busiest day: $busiest ($(psql -d serve -c "SELECT count(*) FROM papers WHERE listed_on = '$busiest'") papers)"
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		if [ $((r % 2)) = 1 ]; then serveround sqlite "$r"; serveround postgres "$r"; else serveround postgres "$r"; serveround sqlite "$r"; fi
		r=$((r + 1))
	done
	# Medians over the rounds, and the median of the per-round ratios of req/s.
	echo "== serve medians over $ROUNDS rounds (req/s, p50 and p99 ms), postgres/sqlite req/s"
	awk '
		function med(list,   n, v, i, j, t) {
			n = split(list, v, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		{
			k = $5 " " $6 " " $7; st = $2; r = $4
			if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
			rps[k, st] = rps[k, st] " " $8; p50[k, st] = p50[k, st] " " $11; p99[k, st] = p99[k, st] " " $15
			got[k, st, r] = $8
		}
		END {
			for (i = 1; i <= nk; i++) {
				k = keys[i]; ratios = ""
				for (r = 1; r <= 100; r++) if ((k, "sqlite", r) in got && (k, "postgres", r) in got) ratios = ratios " " got[k, "postgres", r] / got[k, "sqlite", r]
				printf "%-84s sqlite %6.0f %7.2f %7.2f   postgres %6.0f %7.2f %7.2f   ratio %.2f\n", k,
					med(rps[k, "sqlite"]), med(p50[k, "sqlite"]), med(p99[k, "sqlite"]),
					med(rps[k, "postgres"]), med(p50[k, "postgres"]), med(p99[k, "postgres"]), med(ratios)
			}
		}' "$work/http.lines"
fi
