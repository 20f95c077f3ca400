package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

const outboxColumns = `id, kind, dedupe_key, COALESCE(subscriber_id, 0), recipient, subject, html, text, unsubscribe, message_id,
	status, attempts, next_at, last_error, created_at, sent_at`

func scanOutbox(r rowScanner) (*paperwire.OutboxMessage, error) {
	var m paperwire.OutboxMessage
	var next, created, sent int64
	if err := r.Scan(&m.ID, &m.Kind, &m.DedupeKey, &m.SubscriberID, &m.Recipient, &m.Subject, &m.HTML, &m.Text,
		&m.Unsubscribe, &m.MessageID, &m.Status, &m.Attempts, &next, &m.LastError, &created, &sent); err != nil {
		return nil, err
	}
	m.NextAt, m.CreatedAt = time.UnixMilli(next).UTC(), time.UnixMilli(created).UTC()
	if sent != 0 {
		m.SentAt = time.UnixMilli(sent).UTC()
	}
	return &m, nil
}

// Enqueue puts m in the outbox, due now, unless a message with its
// DedupeKey is there already; it reports whether m was queued and sets m.ID
// when it was. That UNIQUE key is what makes "one digest per subscriber per
// period" hold whoever queues it and however often.
func (s *MailStore) Enqueue(ctx context.Context, m *paperwire.OutboxMessage) (bool, error) {
	n, err := s.EnqueueAll(ctx, []*paperwire.OutboxMessage{m})
	return n == 1, err
}

// EnqueueAll is Enqueue for a batch, in one transaction (a commit per
// message would bound a digest run by the disk's sync rate). It returns how
// many were queued; the others were there already, and keep ID 0.
func (s *MailStore) EnqueueAll(ctx context.Context, ms []*paperwire.OutboxMessage) (int, error) {
	for _, m := range ms {
		if m.DedupeKey == "" || m.Recipient == "" || m.MessageID == "" || m.Text == "" {
			return 0, paperwire.Errorf(paperwire.EINVALID, "An outbox message needs a key, a recipient, a Message-ID and a text part.")
		}
	}
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	defer tx.Rollback()
	now := s.db.Now().UTC().Truncate(time.Millisecond)
	stmt, err := tx.PrepareContext(ctx, s.db.q(`INSERT INTO outbox (kind, dedupe_key, subscriber_id, recipient, subject, html, text,
		unsubscribe, message_id, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`))
	if err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	defer stmt.Close()
	queued := 0
	for _, m := range ms {
		m.Status, m.CreatedAt = paperwire.OutboxQueued, now
		if m.NextAt.IsZero() {
			m.NextAt = now
		}
		err := stmt.QueryRowContext(ctx, m.Kind, m.DedupeKey, nullID(m.SubscriberID), m.Recipient, m.Subject, m.HTML, m.Text,
			m.Unsubscribe, m.MessageID, m.NextAt.UnixMilli(), now.UnixMilli()).Scan(&m.ID)
		if isNoRows(err) {
			continue // queued before
		}
		if err != nil {
			return 0, fmt.Errorf("enqueue %s: %w", m.DedupeKey, err)
		}
		queued++
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("enqueue: %w", err)
	}
	return queued, nil
}

// QueuedKeys returns which of keys are in the outbox already, so a digest
// run after a crash renders only what is missing.
func (s *MailStore) QueuedKeys(ctx context.Context, prefix string) (map[string]bool, error) {
	keys, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT dedupe_key FROM outbox WHERE dedupe_key >= ? AND dedupe_key < ?`),
		prefix, prefix+"\uffff")
	if err != nil {
		return nil, fmt.Errorf("queued keys: %w", err)
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// Claim leases up to limit due messages to holder until now+lease and
// returns them. A message another holder leased is skipped until its lease
// lapses (the holder died mid-send), so two instances never send the same
// message at once. On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED;
// SQLite has one writer anyway.
func (s *MailStore) Claim(ctx context.Context, holder string, limit int, lease time.Duration) ([]*paperwire.OutboxMessage, error) {
	now := s.db.Now().UnixMilli()
	lock := ""
	if s.db.dialect.Name == "postgres" {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	// The pick is a CTE so PostgreSQL runs it once (a row-locking CTE is
	// never inlined); as a plain IN subquery it may be re-run, and its LIMIT
	// with it.
	rows, err := s.db.write.QueryContext(ctx, s.db.q(`WITH picked AS (SELECT id FROM outbox
			WHERE status = 'queued' AND next_at <= ? AND lease_until <= ? ORDER BY next_at, id LIMIT ?`+lock+`)
		UPDATE outbox SET lease_holder = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM picked) AND status = 'queued' AND lease_until <= ?
		RETURNING `+outboxColumns),
		now, now, limit, holder, now+lease.Milliseconds(), now)
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	out, err := scanRows(rows, scanOutbox)
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	// RETURNING does not promise an order.
	slices.SortFunc(out, func(a, b *paperwire.OutboxMessage) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// MarkSent records that the mail server accepted message id. On
// PostgreSQL the commit does not wait for the disk (synchronous_commit
// off, for this transaction only): if this process dies, the mark is safe
// with the server; only a crash of the database server itself within a
// fraction of a second could lose it, and then the message is sent again
// with the same Message-ID. Waiting for the disk on every message would
// bound sending by its sync rate.
func (s *MailStore) MarkSent(ctx context.Context, id int64) error {
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark sent %d: %w", id, err)
	}
	defer tx.Rollback()
	if s.db.dialect.Name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit TO OFF`); err != nil {
			return fmt.Errorf("mark sent %d: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE outbox SET status = 'sent', sent_at = ?, lease_holder = '', lease_until = 0,
		last_error = '' WHERE id = ?`), s.db.Now().UnixMilli(), id); err != nil {
		return fmt.Errorf("mark sent %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark sent %d: %w", id, err)
	}
	return nil
}

// Retry puts message id back in the queue, due at next, after a temporary failure.
func (s *MailStore) Retry(ctx context.Context, id int64, next time.Time, cause string) error {
	_, err := s.db.write.ExecContext(ctx, s.db.q(`UPDATE outbox SET next_at = ?, lease_holder = '', lease_until = 0, last_error = ?
		WHERE id = ? AND status = 'queued'`), next.UnixMilli(), clip(cause, 500), id)
	if err != nil {
		return fmt.Errorf("retry %d: %w", id, err)
	}
	return nil
}

// Drop gives message id up. A permanent refusal (permanent is true) counts
// against the recipient's subscription: at paperwire.MaxSubscriberFailures
// the address is marked bouncing and whatever else is queued for it is
// dropped too, until it subscribes again. It reports whether the address
// just stopped receiving mail.
func (s *MailStore) Drop(ctx context.Context, id int64, permanent bool, cause string) (stopped bool, err error) {
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("drop %d: %w", id, err)
	}
	defer tx.Rollback()
	var recipient string
	if err := tx.QueryRowContext(ctx, s.db.q(`UPDATE outbox SET status = 'dropped', lease_holder = '', lease_until = 0, last_error = ?
		WHERE id = ? RETURNING recipient`), clip(cause, 500), id).Scan(&recipient); err != nil {
		return false, fmt.Errorf("drop %d: %w", id, err)
	}
	if permanent {
		key := strings.ToLower(recipient)
		var failures int
		err := tx.QueryRowContext(ctx, s.db.q(`UPDATE subscribers SET failures = failures + 1,
			status = CASE WHEN failures + 1 >= ? THEN 'bouncing' ELSE status END
			WHERE email_key = ? RETURNING failures`), paperwire.MaxSubscriberFailures, key).Scan(&failures)
		if err != nil && !isNoRows(err) {
			return false, fmt.Errorf("drop %d: count failure: %w", id, err)
		}
		if failures >= paperwire.MaxSubscriberFailures {
			stopped = true
			if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE outbox SET status = 'dropped', last_error = 'address refused too often'
				WHERE status = 'queued' AND lower(recipient) = ?`), key); err != nil {
				return false, fmt.Errorf("drop %d: %w", id, err)
			}
		}
	}
	return stopped, tx.Commit()
}

// OutboxDepth is how many messages wait to be sent (queued, due or not):
// what /metrics reports to show whether sending keeps up.
func (s *MailStore) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	if err := s.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE status = 'queued'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("outbox depth: %w", err)
	}
	return n, nil
}

// LeasedUntil returns when the last lease on a due, queued message lapses:
// zero when no due message is leased. A sender that found nothing to claim
// waits for it when it must see the queue empty (a crashed run's leftovers).
func (s *MailStore) LeasedUntil(ctx context.Context) (time.Time, error) {
	now := s.db.Now().UnixMilli()
	var until sql.NullInt64
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT MAX(lease_until) FROM outbox WHERE status = 'queued' AND next_at <= ? AND lease_until > ?`),
		now, now).Scan(&until); err != nil {
		return time.Time{}, fmt.Errorf("outbox leases: %w", err)
	}
	if !until.Valid {
		return time.Time{}, nil
	}
	return time.UnixMilli(until.Int64).UTC(), nil
}

// OutboxMessage returns message id. Returns ENOTFOUND.
func (s *MailStore) OutboxMessage(ctx context.Context, id int64) (*paperwire.OutboxMessage, error) {
	m, err := scanOutbox(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+outboxColumns+` FROM outbox WHERE id = ?`), id))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such message.")
	}
	if err != nil {
		return nil, fmt.Errorf("outbox message %d: %w", id, err)
	}
	return m, nil
}

// OutboxMessageByKey returns the message with a dedupe key. Returns ENOTFOUND.
func (s *MailStore) OutboxMessageByKey(ctx context.Context, key string) (*paperwire.OutboxMessage, error) {
	m, err := scanOutbox(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+outboxColumns+` FROM outbox WHERE dedupe_key = ?`), key))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such message.")
	}
	if err != nil {
		return nil, fmt.Errorf("outbox message %s: %w", key, err)
	}
	return m, nil
}

// OutboxMessages returns the messages whose dedupe key starts with prefix, in
// id order: what tests and `digest send` inspect after a run.
func (s *MailStore) OutboxMessages(ctx context.Context, prefix string) ([]*paperwire.OutboxMessage, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+outboxColumns+` FROM outbox WHERE dedupe_key >= ? AND dedupe_key < ? ORDER BY id`),
		prefix, prefix+"\uffff")
	if err != nil {
		return nil, fmt.Errorf("outbox messages: %w", err)
	}
	return scanRows(rows, scanOutbox)
}
