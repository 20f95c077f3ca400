-- for_you is a subscriber's opt-in to a "For you" section in its digest:
-- the period's papers ranked by the linked account's likes (user_id). Off
-- by default; only the account's owner turns it on, from /settings.
ALTER TABLE subscribers ADD COLUMN for_you INTEGER NOT NULL DEFAULT 0;
