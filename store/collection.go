package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.CollectionService = (*PaperStore)(nil)

// Visibility is decided here, in every query, not by callers: a private
// collection matches only when the viewer is its owner, so a page, an API
// call, a count or a feed cannot see one by mistake.

const collectionColumns = `c.id, c.owner_id, u.name, c.slug, c.title, c.description, c.private, c.created_at, c.updated_at,
	(SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id)`

const collectionFrom = ` FROM collections c JOIN users u ON u.id = c.owner_id`

// visibleTo is the condition that a collection c is visible to viewer ?:
// public and its owner (u) not disabled, or the viewer's own. A banned
// account's collections go away with its profile.
const visibleTo = ` ((c.private = 0 AND u.disabled = 0) OR c.owner_id = ?)`

func scanCollection(r rowScanner) (*paperwire.Collection, error) {
	var c paperwire.Collection
	var private int
	var created, updated int64
	if err := r.Scan(&c.ID, &c.OwnerID, &c.Owner, &c.Slug, &c.Title, &c.Description, &private, &created, &updated, &c.Items); err != nil {
		return nil, err
	}
	c.Private = private != 0
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return &c, nil
}

func collectionNotFound() error {
	return paperwire.Errorf(paperwire.ENOTFOUND, "There is no such collection.")
}

// CreateCollection stores a new collection under the first free slug made
// from its title ("reading-list", "reading-list-2", …).
func (s *PaperStore) CreateCollection(ctx context.Context, c *paperwire.Collection) error {
	if err := paperwire.ValidateCollection(c); err != nil {
		return err
	}
	if c.OwnerID == 0 {
		return paperwire.Errorf(paperwire.EUNAUTHORIZED, "Sign in to make a collection.")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT name FROM users WHERE id = ?`), c.OwnerID).Scan(&c.Owner); isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such user.")
	} else if err != nil {
		return fmt.Errorf("create collection: %w", err)
	}
	base := paperwire.Slugify(c.Title)
	taken, err := queryStrings(ctx, tx, s.db.q(`SELECT slug FROM collections WHERE owner_id = ?`), c.OwnerID)
	if err != nil {
		return fmt.Errorf("create collection: %w", err)
	}
	used := make(map[string]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	c.Slug = base
	for n := 2; used[c.Slug]; n++ {
		c.Slug = base + "-" + strconv.Itoa(n)
	}
	now := s.db.Now().UTC().Truncate(time.Millisecond)
	c.CreatedAt, c.UpdatedAt, c.Items = now, now, 0
	if err := tx.QueryRowContext(ctx, s.db.q(`INSERT INTO collections (owner_id, slug, title, description, private, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.OwnerID, c.Slug, c.Title, c.Description, boolInt(c.Private),
		now.UnixMilli(), now.UnixMilli()).Scan(&c.ID); err != nil {
		return fmt.Errorf("create collection: %w", err)
	}
	return tx.Commit()
}

// Collection returns owner's collection slug as viewerID sees it.
func (s *PaperStore) Collection(ctx context.Context, viewerID int64, owner, slug string) (*paperwire.Collection, error) {
	c, err := scanCollection(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+collectionColumns+collectionFrom+
		` WHERE u.name_key = lower(?) AND c.slug = ? AND`+visibleTo), owner, slug, viewerID))
	if isNoRows(err) {
		return nil, collectionNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("collection %s/%s: %w", owner, slug, err)
	}
	return c, nil
}

// CollectionByID returns a collection by id as viewerID sees it.
func (s *PaperStore) CollectionByID(ctx context.Context, viewerID, id int64) (*paperwire.Collection, error) {
	return s.collectionByID(ctx, s.db.read, viewerID, id)
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *PaperStore) collectionByID(ctx context.Context, q rowQueryer, viewerID, id int64) (*paperwire.Collection, error) {
	c, err := scanCollection(q.QueryRowContext(ctx, s.db.q(`SELECT `+collectionColumns+collectionFrom+` WHERE c.id = ? AND`+visibleTo), id, viewerID))
	if isNoRows(err) {
		return nil, collectionNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("collection %d: %w", id, err)
	}
	return c, nil
}

// ownCollection starts a write to collection id: ENOTFOUND when userID
// cannot see it, EFORBIDDEN when they see it but it is someone else's.
// The caller commits or rolls back the transaction.
func (s *PaperStore) ownCollection(ctx context.Context, userID, id int64) (*sql.Tx, *paperwire.Collection, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.collectionByID(ctx, tx, userID, id)
	if err == nil && (userID == 0 || c.OwnerID != userID) {
		err = paperwire.Errorf(paperwire.EFORBIDDEN, "Only its owner may change this collection.")
	}
	if err != nil {
		tx.Rollback()
		return nil, nil, err
	}
	return tx, c, nil
}

// touch records that a collection changed.
func (s *PaperStore) touch(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, s.db.q(`UPDATE collections SET updated_at = ? WHERE id = ?`), s.db.Now().UnixMilli(), id)
	return err
}

// UpdateCollection writes a collection's title, description and privacy.
func (s *PaperStore) UpdateCollection(ctx context.Context, userID int64, c *paperwire.Collection) error {
	if err := paperwire.ValidateCollection(c); err != nil {
		return err
	}
	tx, _, err := s.ownCollection(ctx, userID, c.ID)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE collections SET title = ?, description = ?, private = ?, updated_at = ? WHERE id = ?`),
		c.Title, c.Description, boolInt(c.Private), s.db.Now().UnixMilli(), c.ID); err != nil {
		return fmt.Errorf("update collection: %w", err)
	}
	return tx.Commit()
}

// DeleteCollection removes a collection and its items.
func (s *PaperStore) DeleteCollection(ctx context.Context, userID, id int64) error {
	tx, _, err := s.ownCollection(ctx, userID, id)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM collection_items WHERE collection_id = ?`, `DELETE FROM collections WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, s.db.q(q), id); err != nil {
			return fmt.Errorf("delete collection: %w", err)
		}
	}
	return tx.Commit()
}

func (s *PaperStore) queryCollections(ctx context.Context, query string, args ...any) ([]*paperwire.Collection, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.Collection
	for rows.Next() {
		c, err := scanCollection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UserCollections lists the owner's collections the viewer may see.
func (s *PaperStore) UserCollections(ctx context.Context, viewerID, ownerID int64) ([]*paperwire.Collection, error) {
	return s.queryCollections(ctx, `SELECT `+collectionColumns+collectionFrom+` WHERE c.owner_id = ? AND`+visibleTo+
		` ORDER BY c.updated_at DESC, c.id DESC`, ownerID, viewerID)
}

// PaperCollections lists public collections holding a paper.
func (s *PaperStore) PaperCollections(ctx context.Context, paperID string, limit int) ([]*paperwire.Collection, int, error) {
	var total int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM collection_items i JOIN collections c ON c.id = i.collection_id
		JOIN users u ON u.id = c.owner_id WHERE i.paper_id = ? AND c.private = 0 AND u.disabled = 0`), paperID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count collections: %w", err)
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	out, err := s.queryCollections(ctx, `SELECT `+collectionColumns+collectionFrom+` JOIN collection_items ci ON ci.collection_id = c.id
		WHERE ci.paper_id = ? AND c.private = 0 AND u.disabled = 0 ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`, paperID, min(limit, MaxLimit))
	return out, total, err
}

// CollectionItems returns a collection's papers in order.
func (s *PaperStore) CollectionItems(ctx context.Context, viewerID, id int64) ([]paperwire.CollectionItem, error) {
	if _, err := s.CollectionByID(ctx, viewerID, id); err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT paper_id, note, position, added_at FROM collection_items
		WHERE collection_id = ? ORDER BY position, added_at`), id)
	if err != nil {
		return nil, fmt.Errorf("collection items: %w", err)
	}
	defer rows.Close()
	var items []paperwire.CollectionItem
	var ids []string
	for rows.Next() {
		var it paperwire.CollectionItem
		var id string
		var added int64
		if err := rows.Scan(&id, &it.Note, &it.Position, &added); err != nil {
			return nil, err
		}
		it.AddedAt = time.UnixMilli(added).UTC()
		it.Paper = &paperwire.Paper{ID: id}
		items, ids = append(items, it), append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	papers, err := s.PapersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*paperwire.Paper, len(papers))
	for _, p := range papers {
		byID[p.ID] = p
	}
	out := items[:0]
	for i, it := range items {
		if p := byID[it.Paper.ID]; p != nil {
			it.Paper, it.Position = p, i
			out = append(out, it)
		}
	}
	return out, nil
}

// AddToCollection appends a paper to a collection of userID's.
func (s *PaperStore) AddToCollection(ctx context.Context, userID, id int64, paperID, note string) error {
	note, err := paperwire.ValidateNote(note)
	if err != nil {
		return err
	}
	tx, c, err := s.ownCollection(ctx, userID, id)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM papers WHERE id = ?`), paperID).Scan(&n); err != nil {
		return fmt.Errorf("add to collection: %w", err)
	} else if n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", clip(paperID, 40))
	}
	if c.Items >= paperwire.MaxCollectionItems {
		return paperwire.Errorf(paperwire.ECONFLICT, "A collection holds at most %d papers.", paperwire.MaxCollectionItems)
	}
	var next int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT coalesce(max(position), -1) + 1 FROM collection_items WHERE collection_id = ?`), id).Scan(&next); err != nil {
		return fmt.Errorf("add to collection: %w", err)
	}
	res, err := tx.ExecContext(ctx, s.db.q(`INSERT INTO collection_items (collection_id, paper_id, position, note, added_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (collection_id, paper_id) DO NOTHING`), id, paperID, next, note, s.db.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("add to collection: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s is in %s already.", paperID, c.Title)
	}
	if err := s.touch(ctx, tx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// SetItemNote changes the note on a collection's paper.
func (s *PaperStore) SetItemNote(ctx context.Context, userID, id int64, paperID, note string) error {
	note, err := paperwire.ValidateNote(note)
	if err != nil {
		return err
	}
	return s.changeItem(ctx, userID, id, paperID, `UPDATE collection_items SET note = ? WHERE collection_id = ? AND paper_id = ?`, note, id, paperID)
}

// RemoveFromCollection takes a paper out of a collection.
func (s *PaperStore) RemoveFromCollection(ctx context.Context, userID, id int64, paperID string) error {
	return s.changeItem(ctx, userID, id, paperID, `DELETE FROM collection_items WHERE collection_id = ? AND paper_id = ?`, id, paperID)
}

// changeItem runs one statement on an item of a collection of userID's.
func (s *PaperStore) changeItem(ctx context.Context, userID, id int64, paperID, query string, args ...any) error {
	tx, _, err := s.ownCollection(ctx, userID, id)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.db.q(query), args...)
	if err != nil {
		return fmt.Errorf("change collection item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s is not in this collection.", clip(paperID, 40))
	}
	if err := s.touch(ctx, tx, id); err != nil {
		return err
	}
	return tx.Commit()
}

// MoveItem puts a paper at position and renumbers the collection 0, 1, 2, ….
func (s *PaperStore) MoveItem(ctx context.Context, userID, id int64, paperID string, position int) error {
	tx, _, err := s.ownCollection(ctx, userID, id)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	order, err := queryStrings(ctx, tx, s.db.q(`SELECT paper_id FROM collection_items WHERE collection_id = ? ORDER BY position, added_at`), id)
	if err != nil {
		return fmt.Errorf("move item: %w", err)
	}
	from := -1
	for i, pid := range order {
		if pid == paperID {
			from = i
		}
	}
	if from < 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s is not in this collection.", clip(paperID, 40))
	}
	position = max(0, min(position, len(order)-1))
	order = append(order[:from], order[from+1:]...)
	order = append(order[:position], append([]string{paperID}, order[position:]...)...)
	for i, pid := range order {
		if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE collection_items SET position = ? WHERE collection_id = ? AND paper_id = ?`), i, id, pid); err != nil {
			return fmt.Errorf("move item: %w", err)
		}
	}
	if err := s.touch(ctx, tx, id); err != nil {
		return err
	}
	return tx.Commit()
}
