-- Accounts, sessions, API tokens, upvotes, submissions and the admin audit
-- log: the community core. Times are Unix milliseconds, compared as numbers.
-- Session ids and API tokens are stored only as SHA-256 hashes (they are
-- random, 128 bits and more), passwords only as argon2id hashes.
CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL,
	name_key       TEXT NOT NULL UNIQUE,   -- lower(name): names are unique regardless of case
	email          TEXT NOT NULL,
	email_key      TEXT NOT NULL UNIQUE,   -- lower(email)
	password_hash  TEXT NOT NULL,
	admin          INTEGER NOT NULL DEFAULT 0,
	disabled       INTEGER NOT NULL DEFAULT 0,
	show_upvotes   INTEGER NOT NULL DEFAULT 0,
	email_verified INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	hint         TEXT NOT NULL,
	token_hash   TEXT NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per user per paper; papers.upvotes is kept equal to
-- papers.imported_upvotes plus the paper's rows here, in the same transaction.
CREATE TABLE upvotes (
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	paper_id   TEXT NOT NULL REFERENCES papers (id),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX upvotes_paper ON upvotes (paper_id);
CREATE INDEX upvotes_user_time ON upvotes (user_id, created_at);

-- One submission per paper: who put it on the community's list, and when.
-- The day itself is papers.submitted_on, so list pages need no join.
CREATE TABLE submissions (
	paper_id     TEXT PRIMARY KEY REFERENCES papers (id),
	user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
	submitted_at INTEGER NOT NULL
);
CREATE INDEX submissions_user_time ON submissions (user_id, submitted_at);

CREATE TABLE audit_log (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL,
	actor_id INTEGER NOT NULL,
	actor    TEXT NOT NULL,
	action   TEXT NOT NULL,
	target   TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
);

-- upvotes was the imported count; it becomes the count shown (imported
-- baseline plus local votes), with the baseline kept beside it.
ALTER TABLE papers ADD COLUMN imported_upvotes INTEGER NOT NULL DEFAULT 0;
UPDATE papers SET imported_upvotes = upvotes;
-- submitted_on: YYYY-MM-DD, the day a paper went on the community's list ('' if never).
ALTER TABLE papers ADD COLUMN submitted_on TEXT NOT NULL DEFAULT '';
UPDATE papers SET submitted_on = listed_on WHERE submitted_by <> '';
CREATE INDEX papers_submitted_on ON papers (submitted_on, upvotes DESC, id) WHERE submitted_on <> '';
CREATE INDEX papers_upvoted ON papers (upvotes) WHERE upvotes > 0;
