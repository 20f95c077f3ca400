-- foryou_feeds holds each user's one secret For-you feed token, as its
-- SHA-256 hash only: the feed URL is shown once when it is made, and
-- regenerating it replaces the row, which revokes the old URL.
CREATE TABLE foryou_feeds (
	user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL
);
