-- paper_authors becomes one B-tree, keyed the way an author's page reads it
-- (month, name key, day, paper): the primary key on (paper_id, name_key)
-- and the index on (month, name_key, listed_on, paper_id) were two B-trees
-- written for every row, half of what writing a paper cost. A paper's rows
-- are removed by the keys its stored version gives (store.putAuthors), so
-- the paper_id lookup is no longer needed.
CREATE TABLE paper_authors_by_month (
	month     TEXT NOT NULL,  -- YYYY-MM, of listed_on
	name_key  TEXT NOT NULL,
	listed_on TEXT NOT NULL,  -- YYYY-MM-DD
	paper_id  TEXT NOT NULL,
	position  INTEGER NOT NULL,
	PRIMARY KEY (month, name_key, listed_on, paper_id)
) WITHOUT ROWID;
INSERT INTO paper_authors_by_month (month, name_key, listed_on, paper_id, position)
	SELECT month, name_key, listed_on, paper_id, position FROM paper_authors;
DROP TABLE paper_authors;
ALTER TABLE paper_authors_by_month RENAME TO paper_authors;
