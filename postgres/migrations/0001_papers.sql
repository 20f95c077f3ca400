-- papers is the source of truth for everything Paperwire shows, with the same
-- columns as SQLite's so one codec reads both: one row per version-less arXiv
-- id; list-valued fields are JSON arrays as text; dates are ISO text.
-- Keys and days sort bytewise (COLLATE "C") whatever the database's locale,
-- so lists page in the same order on both stores. seq is the change sequence
-- that derived indexes follow; writers take it under an advisory lock
-- (store.Dialect.LockWrites), so seq order is commit order.
CREATE TABLE papers (
	id               TEXT COLLATE "C" PRIMARY KEY,
	title            TEXT NOT NULL,
	abstract         TEXT NOT NULL DEFAULT '',
	authors          TEXT NOT NULL DEFAULT '[]',
	categories       TEXT NOT NULL DEFAULT '[]',
	primary_category TEXT NOT NULL DEFAULT '',
	comment          TEXT NOT NULL DEFAULT '',
	journal_ref      TEXT NOT NULL DEFAULT '',
	doi              TEXT NOT NULL DEFAULT '',
	report_no        TEXT NOT NULL DEFAULT '',
	license          TEXT NOT NULL DEFAULT '',
	submitter        TEXT NOT NULL DEFAULT '',
	versions         TEXT NOT NULL DEFAULT '[]',
	submitted_at     TEXT NOT NULL DEFAULT '',
	updated_at       TEXT NOT NULL DEFAULT '',
	listed_on        TEXT COLLATE "C" NOT NULL,  -- YYYY-MM-DD, the announcement day
	withdrawn        INTEGER NOT NULL DEFAULT 0,
	-- Community and enrichment fields, zero until a source provides them.
	upvotes          INTEGER NOT NULL DEFAULT 0,
	num_comments     INTEGER NOT NULL DEFAULT 0,
	submitted_by     TEXT NOT NULL DEFAULT '',
	org_name         TEXT NOT NULL DEFAULT '',
	org_fullname     TEXT NOT NULL DEFAULT '',
	github_repo      TEXT NOT NULL DEFAULT '',
	github_stars     INTEGER NOT NULL DEFAULT 0,
	project_page     TEXT NOT NULL DEFAULT '',
	ai_summary       TEXT NOT NULL DEFAULT '',
	ai_keywords      TEXT NOT NULL DEFAULT '[]',
	seq              BIGINT NOT NULL
);

-- Daily, weekly and monthly pages read one listing-day range at a time.
CREATE INDEX papers_listed_on ON papers (listed_on, upvotes DESC, id);
-- Derived indexes catch up with ChangesSince(seq).
CREATE UNIQUE INDEX papers_seq ON papers (seq);

-- checkpoints records how far each source has been read, written in the same
-- transaction as the papers it covers.
CREATE TABLE checkpoints (
	key        TEXT COLLATE "C" PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
