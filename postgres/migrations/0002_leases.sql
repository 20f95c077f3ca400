-- leases let one instance at a time do a named piece of scheduled work (the
-- harvest, digests). expires_at is Unix milliseconds; a holder renews its
-- lease well before then, and a lapsed lease is taken over by the next
-- instance that asks (store.DB.AcquireLease), which is how work moves off an
-- instance that died.
CREATE TABLE leases (
	name       TEXT COLLATE "C" PRIMARY KEY,
	holder     TEXT NOT NULL,
	expires_at BIGINT NOT NULL
);
