-- Discussion and authors: comments under papers, bans from commenting, the
-- author index behind /authors/{name}, and users' claims on author entries.
-- Times are Unix milliseconds.

-- One row per comment. parent_id is NULL for a top-level comment and names a
-- top-level comment of the same paper for a reply (one level only). A
-- deleted comment keeps its row, with its text cleared, so replies keep their
-- place; user_id becomes NULL when the account is deleted. html is kept
-- beside the text because rendering costs far more than reading it, and a
-- paper page shows every comment of its discussion.
-- papers.num_comments is kept equal to the paper's comments that are neither
-- hidden nor deleted, in the same transaction as every comment write.
CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	paper_id   TEXT NOT NULL REFERENCES papers (id),
	user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
	parent_id  INTEGER REFERENCES comments (id),
	body       TEXT NOT NULL,
	html       TEXT NOT NULL DEFAULT '',  -- body rendered and sanitized when written
	created_at INTEGER NOT NULL,
	edited_at  INTEGER NOT NULL DEFAULT 0,
	hidden     INTEGER NOT NULL DEFAULT 0,
	deleted    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_paper ON comments (paper_id, created_at, id);
CREATE INDEX comments_user ON comments (user_id, created_at);

-- Users an admin banned from commenting; they can still sign in and read.
CREATE TABLE comment_bans (
	user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	banned_at INTEGER NOT NULL,
	banned_by INTEGER NOT NULL
);

-- The imported comment counts were Hugging Face's threads, which are not
-- here: numComments counts this site's comments from now on.
UPDATE papers SET num_comments = 0;

-- paper_authors indexes papers by author: one row per paper and normalized
-- author name (paperwire.AuthorKey) at its first position, with the paper's
-- listing day and month. It is kept by every paper write; rows of papers
-- stored before this migration are filled in by the store when it opens
-- (the normalization is Go code), until the checkpoint below is gone.
--
-- The author index leads with the month: a batch of papers (one or a few
-- listing days) then writes into one month's part of it, where an index led
-- by the name scattered every batch's rows over the whole index and made
-- each commit rewrite most of it (the daily crawl imported 3-4 times
-- slower). An author's page reads one short range per month.
CREATE TABLE paper_authors (
	paper_id  TEXT NOT NULL,
	name_key  TEXT NOT NULL,
	position  INTEGER NOT NULL,
	listed_on TEXT NOT NULL,  -- YYYY-MM-DD
	month     TEXT NOT NULL,  -- YYYY-MM, of listed_on
	PRIMARY KEY (paper_id, name_key)
) WITHOUT ROWID;
CREATE INDEX paper_authors_month_key ON paper_authors (month, name_key, listed_on, paper_id);
INSERT INTO checkpoints (key, value, updated_at) SELECT 'paper_authors:backfill', '', '' WHERE EXISTS (SELECT 1 FROM papers);

-- A user's claim to be the author at position (0-based) of a paper's author
-- list. An admin verifies or refuses it; at most one verified claim per entry.
-- hidden: the user keeps the paper off their profile.
CREATE TABLE author_claims (
	id         INTEGER PRIMARY KEY,
	paper_id   TEXT NOT NULL REFERENCES papers (id),
	position   INTEGER NOT NULL,
	name       TEXT NOT NULL,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status     TEXT NOT NULL DEFAULT 'pending',
	hidden     INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	decided_at INTEGER NOT NULL DEFAULT 0,
	decided_by INTEGER NOT NULL DEFAULT 0,
	UNIQUE (paper_id, position, user_id)
);
CREATE UNIQUE INDEX author_claims_verified ON author_claims (paper_id, position) WHERE status = 'verified';
CREATE INDEX author_claims_user ON author_claims (user_id, created_at);
CREATE INDEX author_claims_status ON author_claims (status, created_at);
