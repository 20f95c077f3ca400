-- version makes account updates optimistic: an update names the version it
-- read and bumps it, so a password change and an admin's change made at the
-- same moment cannot silently overwrite each other (store.UserStore.UpdateUser).
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
