package store

import "database/sql"

// Pools names the database's connection pools for monitoring (their
// sql.DBStats): "write" and "read", or one "pool" when both are the same.
func (db *DB) Pools() map[string]*sql.DB {
	if db.write == db.read {
		return map[string]*sql.DB{"pool": db.read}
	}
	return map[string]*sql.DB{"write": db.write, "read": db.read}
}
