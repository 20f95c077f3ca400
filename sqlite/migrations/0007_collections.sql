-- Organizations, collections and their papers. A paper names its
-- organization by slug in papers.org_name (as Hugging Face data does), so
-- an organizations row is what /orgs/{slug} describes; every slug papers
-- already carry gets one here (the import creates later ones). Times are
-- Unix milliseconds, as in the community tables.
CREATE TABLE organizations (
	id          INTEGER PRIMARY KEY,
	slug        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
);
INSERT INTO organizations (slug, name, created_at)
	SELECT org_name, coalesce(nullif(max(org_fullname), ''), org_name), 0 FROM papers
	WHERE org_name <> '' AND instr(org_name, '/') = 0 GROUP BY org_name;
-- An organization's page lists its papers newest first.
CREATE INDEX papers_org ON papers (org_name, listed_on) WHERE org_name <> '';

-- A collection belongs to one user and goes with the account. private
-- hides it from everyone but its owner; slug is unique per owner.
CREATE TABLE collections (
	id          INTEGER PRIMARY KEY,
	owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	slug        TEXT NOT NULL,
	title       TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	private     INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	UNIQUE (owner_id, slug)
);

-- A collection's papers in order (position 0 first), each with a note.
CREATE TABLE collection_items (
	collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
	paper_id      TEXT NOT NULL REFERENCES papers (id),
	position      INTEGER NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	added_at      INTEGER NOT NULL,
	PRIMARY KEY (collection_id, paper_id)
);
-- A paper page lists the public collections that hold it.
CREATE INDEX collection_items_paper ON collection_items (paper_id);
