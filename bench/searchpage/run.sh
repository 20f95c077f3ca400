#!/usr/bin/env bash
# Server CPU per request of the results page and the search API, for two
# running servers side by side, interleaved: each round measures every
# target on both builds (their order alternating by round) over the same
# queries, one request at a time, and reads the server's utime + stime from
# /proc/PID/stat before and after. The machine may be shared: CPU per request
# is the measure, and the script prints the load average as it goes.
#
#   bench/searchpage/run.sh QUERIES ROUNDS name=PID:PORT name=PID:PORT
#   bench/searchpage/run.sh /tmp/ld/q.txt 3 base=1234:8093 new=5678:8094
#
# QUERIES holds one query a line (plain text; the script URL-encodes them).
# Targets: /search?q= (30 cards, facets), /api/papers/search?limit=30&q=,
# /api/papers/search?limit=10&q=, /api/papers/search?q= (its default, 50). Before measuring, `check` mode compares
# every page and API answer of the two servers byte for byte:
#
#   bench/searchpage/run.sh check QUERIES name=PID:PORT name=PID:PORT
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

encode() { python3 -c 'import sys, urllib.parse
for l in sys.stdin:
    l = l.strip()
    if l: print(urllib.parse.quote_plus(l))' <"$1"; }

targets=("page:/search?q=" "api30:/api/papers/search?limit=30&q=" "api10:/api/papers/search?limit=10&q=" "api50:/api/papers/search?q=")

# cpu PID prints the process's utime + stime in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

if [[ $1 == check ]]; then
	encode "$2" >"$work/q"
	a=$3 b=$4
	for t in "${targets[@]}"; do
		name=${t%%:*} path=${t#*:} diffs=0 n=0
		while read -r q; do
			ha=$(curl -s "http://127.0.0.1:${a##*:}$path$q" | md5sum)
			hb=$(curl -s "http://127.0.0.1:${b##*:}$path$q" | md5sum)
			n=$((n + 1))
			[[ $ha == "$hb" ]] || { diffs=$((diffs + 1)); echo "differs: $name $q"; }
		done <"$work/q"
		echo "$name: $n answers, $diffs differ"
	done
	exit 0
fi

encode "$1" >"$work/q"
rounds=$2
shift 2
builds=("$@")
nq=$(wc -l <"$work/q")
tck=$(getconf CLK_TCK)
echo "# $nq queries, $rounds rounds; $(nproc) cores; $(uptime)"
printf "%-6s %-8s %-6s %10s %10s %8s\n" round build target "cpu ms/req" "wall ms/req" load1
for ((r = 1; r <= rounds; r++)); do
	order=("${builds[@]}")
	if ((r % 2 == 0)); then order=("${builds[1]}" "${builds[0]}"); fi
	for t in "${targets[@]}"; do
		name=${t%%:*} path=${t#*:}
		for b in "${order[@]}"; do
			label=${b%%=*} spec=${b#*=}
			pid=${spec%%:*} port=${spec#*:}
			awk -v u="http://127.0.0.1:$port$path" '{print "url = \"" u $0 "\"\noutput = \"/dev/null\""}' "$work/q" >"$work/cfg"
			c0=$(cpu "$pid") w0=$(date +%s%N)
			curl -s -K "$work/cfg"
			c1=$(cpu "$pid") w1=$(date +%s%N)
			awk -v c=$((c1 - c0)) -v w=$((w1 - w0)) -v n="$nq" -v t="$tck" -v r="$r" -v b="$label" -v x="$name" \
				-v l="$(cut -d' ' -f1 /proc/loadavg)" \
				'BEGIN { printf "%-6s %-8s %-6s %10.2f %10.2f %8s\n", r, b, x, c * 1000 / t / n, w / 1e6 / n, l }'
		done
	done
done
