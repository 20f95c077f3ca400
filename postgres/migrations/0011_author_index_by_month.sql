-- paper_authors keeps one index, keyed the way an author's page reads it
-- (month, name key, day, paper): the primary key on (paper_id, name_key)
-- and the index on (month, name_key, listed_on, paper_id) were two indexes
-- written for every row. A paper's rows are removed by the keys its stored
-- version gives (store.putAuthors), so the paper_id lookup is no longer
-- needed.
CREATE TABLE paper_authors_by_month (
	month     TEXT COLLATE "C" NOT NULL,  -- YYYY-MM, of listed_on
	name_key  TEXT COLLATE "C" NOT NULL,
	listed_on TEXT COLLATE "C" NOT NULL,  -- YYYY-MM-DD
	paper_id  TEXT COLLATE "C" NOT NULL,
	position  INTEGER NOT NULL,
	CONSTRAINT paper_authors_pkey_by_month PRIMARY KEY (month, name_key, listed_on, paper_id)
);
INSERT INTO paper_authors_by_month (month, name_key, listed_on, paper_id, position)
	SELECT month, name_key, listed_on, paper_id, position FROM paper_authors;
DROP TABLE paper_authors;
ALTER TABLE paper_authors_by_month RENAME TO paper_authors;
ALTER TABLE paper_authors RENAME CONSTRAINT paper_authors_pkey_by_month TO paper_authors_pkey;
