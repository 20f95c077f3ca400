#!/bin/sh
# peer-sqlite3.sh loads JSON-lines files of papers into SQLite with the sqlite3
# CLI (C): the peer Paperwire's import is compared with. Each file is read
# through `gzip -dc` (or cat), imported line by line into a staging table with
# .import in ascii mode, parsed with SQLite's JSON functions into a papers
# table keyed by id (first occurrence wins: no merging), and the new rows are
# added to an FTS5 index over title, abstract and authors; one transaction
# per file. The daily crawl's listing day comes from the file name, a
# snapshot's from update_date.
#
#   bench/ingest/peer-sqlite3.sh [--no-fts] DB FILE...
set -eu
fts=1
if [ "${1:-}" = "--no-fts" ]; then fts=0; shift; fi
db=$1; shift
rm -f "$db" "$db-wal" "$db-shm"
{
	echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32000;"
	echo "CREATE TABLE raw(line TEXT);"
	echo "CREATE TABLE papers(id TEXT PRIMARY KEY, title TEXT NOT NULL, abstract TEXT NOT NULL, authors TEXT NOT NULL,
	  categories TEXT NOT NULL, primary_category TEXT NOT NULL, comment TEXT NOT NULL, versions TEXT NOT NULL, listed_on TEXT NOT NULL);"
	echo "CREATE INDEX papers_listed_on ON papers(listed_on, id);"
	[ $fts = 1 ] && echo "CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors);"
	echo ".mode ascii"
	printf '%s\n' '.separator "\037" "\n"'
	for f in "$@"; do
		base=$(basename "$f")
		day=$(echo "$base" | sed -n 's/^\([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\)\..*/\1/p')
		if [ -n "$day" ]; then listed="'$day'"; else listed="json_extract(line, '\$.update_date')"; fi
		case "$(head -c2 "$f" | od -An -tx1 | tr -d ' ')" in
			1f8b) reader="gzip -dc $f" ;;
			*) reader="cat $f" ;;
		esac
		echo "BEGIN;"
		echo ".import '|$reader' raw"
		echo "CREATE TEMP TABLE m AS SELECT coalesce(max(rowid), 0) AS r FROM papers;"
		echo "INSERT INTO papers SELECT json_extract(line, '\$.id'), json_extract(line, '\$.title'),
		  coalesce(json_extract(line, '\$.summary'), json_extract(line, '\$.abstract'), ''),
		  coalesce(json_extract(line, '\$.authors'), ''), coalesce(json_extract(line, '\$.categories'), ''),
		  coalesce(json_extract(line, '\$.categories[0]'), ''), coalesce(json_extract(line, '\$.comment'), json_extract(line, '\$.comments'), ''),
		  coalesce(json_extract(line, '\$.versions'), '[]'), $listed
		  FROM raw WHERE json_valid(line) AND json_extract(line, '\$.id') IS NOT NULL AND json_extract(line, '\$.title') IS NOT NULL
		  ORDER BY rowid ON CONFLICT(id) DO NOTHING;"
		[ $fts = 1 ] && echo "INSERT INTO papers_fts(rowid, title, abstract, authors) SELECT rowid, title, abstract, authors FROM papers WHERE rowid > (SELECT r FROM m);"
		echo "DROP TABLE m; DELETE FROM raw; COMMIT;"
	done
	echo ".mode list"
	echo "SELECT 'papers', count(*) FROM papers;"
} | sqlite3 "$db" >/dev/null
