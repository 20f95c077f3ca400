-- leases let one instance at a time do a named piece of scheduled work (the
-- harvest, digests). expires_at is Unix milliseconds; a holder renews its
-- lease well before then, and a lapsed lease is taken over by the next
-- instance that asks (store.DB.AcquireLease). On SQLite there is one
-- instance, but the schedule goes through the same code on both stores.
CREATE TABLE leases (
	name       TEXT PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);
