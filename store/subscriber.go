package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

const subscriberColumns = `id, email, COALESCE(user_id, 0), status, frequency, categories, send_hour, time_zone, failures, created_at, confirmed_at, for_you`

func scanSubscriber(r rowScanner) (*paperwire.Subscriber, error) {
	var s paperwire.Subscriber
	var cats string
	var created, confirmed, forYou int64
	if err := r.Scan(&s.ID, &s.Email, &s.UserID, &s.Status, &s.Frequency, &cats, &s.SendHour, &s.TimeZone,
		&s.Failures, &created, &confirmed, &forYou); err != nil {
		return nil, err
	}
	s.ForYou = forYou != 0
	s.Categories = strings.Fields(cats)
	s.CreatedAt = time.UnixMilli(created).UTC()
	if confirmed != 0 {
		s.ConfirmedAt = time.UnixMilli(confirmed).UTC()
	}
	return &s, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// PutSubscriber records that email asked to subscribe with prefs, and returns
// the subscriber. A new address starts pending, or active when confirmed is
// true (a signed-in user's verified address). For an address already known:
// confirmed makes it active with prefs, its failures forgiven; otherwise an
// active subscriber is left exactly as it is (whoever typed its address into
// a form cannot change its choices), and any other goes back to pending with
// prefs. Returns EINVALID for a bad address or bad choices.
func (s *MailStore) PutSubscriber(ctx context.Context, email string, userID int64, prefs paperwire.SubscriptionPrefs, confirmed bool) (*paperwire.Subscriber, error) {
	if err := paperwire.ValidateEmail(email); err != nil {
		return nil, err
	}
	if err := prefs.Validate(); err != nil {
		return nil, err
	}
	now := s.db.Now().UnixMilli()
	status, confirmedAt := paperwire.SubscriberPending, int64(0)
	if confirmed {
		status, confirmedAt = paperwire.SubscriberActive, now
	}
	cats := strings.Join(prefs.Categories, " ")
	rows, err := s.db.write.QueryContext(ctx, s.db.q(`INSERT INTO subscribers (email, email_key, user_id, status, frequency, categories,
		send_hour, time_zone, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (email_key) DO NOTHING RETURNING `+subscriberColumns),
		email, strings.ToLower(email), nullID(userID), status, prefs.Frequency, cats, prefs.SendHour, prefs.TimeZone, now, confirmedAt)
	if err != nil {
		return nil, fmt.Errorf("put subscriber: %w", err)
	}
	var sub *paperwire.Subscriber
	if rows.Next() {
		sub, err = scanSubscriber(rows)
	}
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("put subscriber: %w", err)
	}
	if sub != nil {
		return sub, nil
	}
	old, err := s.SubscriberByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	switch {
	case confirmed:
		err = s.exec1(ctx, "put subscriber", `UPDATE subscribers SET user_id = COALESCE(?, user_id), status = 'active', failures = 0,
			frequency = ?, categories = ?, send_hour = ?, time_zone = ?,
			confirmed_at = CASE WHEN status = 'active' THEN confirmed_at ELSE ? END WHERE id = ?`,
			nullID(userID), prefs.Frequency, cats, prefs.SendHour, prefs.TimeZone, now, old.ID)
	case old.Status == paperwire.SubscriberActive:
		return old, nil
	default:
		err = s.exec1(ctx, "put subscriber", `UPDATE subscribers SET status = 'pending', frequency = ?, categories = ?, send_hour = ?,
			time_zone = ? WHERE id = ?`, prefs.Frequency, cats, prefs.SendHour, prefs.TimeZone, old.ID)
	}
	if err != nil {
		return nil, err
	}
	return s.Subscriber(ctx, old.ID)
}

// Subscriber returns the subscriber with id. Returns ENOTFOUND.
func (s *MailStore) Subscriber(ctx context.Context, id int64) (*paperwire.Subscriber, error) {
	return s.subscriberWhere(ctx, "id = ?", id)
}

// SubscriberByEmail returns the subscriber with email, in any case. Returns ENOTFOUND.
func (s *MailStore) SubscriberByEmail(ctx context.Context, email string) (*paperwire.Subscriber, error) {
	return s.subscriberWhere(ctx, "email_key = ?", strings.ToLower(email))
}

// SubscriberByUser returns the subscriber belonging to an account. Returns ENOTFOUND.
func (s *MailStore) SubscriberByUser(ctx context.Context, userID int64) (*paperwire.Subscriber, error) {
	return s.subscriberWhere(ctx, "user_id = ? ORDER BY id LIMIT 1", userID)
}

func (s *MailStore) subscriberWhere(ctx context.Context, cond string, arg any) (*paperwire.Subscriber, error) {
	sub, err := scanSubscriber(s.db.write.QueryRowContext(ctx, s.db.q(`SELECT `+subscriberColumns+` FROM subscribers WHERE `+cond), arg))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such subscription.")
	}
	if err != nil {
		return nil, fmt.Errorf("subscriber: %w", err)
	}
	return sub, nil
}

// ConfirmSubscriber makes a pending (or lapsed) subscriber active, forgiving
// its past failures. Returns ENOTFOUND.
func (s *MailStore) ConfirmSubscriber(ctx context.Context, id int64) (*paperwire.Subscriber, error) {
	now := s.db.Now().UnixMilli()
	if err := s.exec1(ctx, "confirm", `UPDATE subscribers SET status = 'active', failures = 0,
		confirmed_at = CASE WHEN status = 'active' THEN confirmed_at ELSE ? END WHERE id = ?`, now, id); err != nil {
		return nil, err
	}
	return s.Subscriber(ctx, id)
}

// SetPrefs changes a subscriber's choices. Returns EINVALID or ENOTFOUND.
func (s *MailStore) SetPrefs(ctx context.Context, id int64, prefs paperwire.SubscriptionPrefs) error {
	if err := prefs.Validate(); err != nil {
		return err
	}
	return s.exec1(ctx, "set prefs", `UPDATE subscribers SET frequency = ?, categories = ?, send_hour = ?, time_zone = ? WHERE id = ?`,
		prefs.Frequency, strings.Join(prefs.Categories, " "), prefs.SendHour, prefs.TimeZone, id)
}

// SetForYou turns the "For you" section of a subscriber's digest on or
// off. Turning it on links the subscriber to userID, whose likes the
// section ranks by: the caller has checked that userID owns the address.
// Returns ENOTFOUND.
func (s *MailStore) SetForYou(ctx context.Context, id, userID int64, on bool) error {
	if on && userID == 0 {
		return paperwire.Errorf(paperwire.EINVALID, "Papers picked for you need an account.")
	}
	flag := 0
	if on {
		flag = 1
	}
	return s.exec1(ctx, "set for you", `UPDATE subscribers SET for_you = ?, user_id = COALESCE(?, user_id) WHERE id = ?`,
		flag, nullID(userID), id)
}

// Unsubscribe stops all mail to a subscriber and drops what is queued for it.
// Unsubscribing twice is not an error. Returns ENOTFOUND.
func (s *MailStore) Unsubscribe(ctx context.Context, id int64) error {
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.db.q(`UPDATE subscribers SET status = 'unsubscribed' WHERE id = ?`), id)
	if err := oneRow(res, err, "unsubscribe"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE outbox SET status = 'dropped', last_error = 'unsubscribed'
		WHERE subscriber_id = ? AND status = 'queued'`), id); err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	return tx.Commit()
}

// exec1 runs a statement that must change exactly one row: none is ENOTFOUND.
func (s *MailStore) exec1(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.write.ExecContext(ctx, s.db.q(query), args...)
	return oneRow(res, err, what)
}

func oneRow(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such subscription.")
	}
	return nil
}

// ActiveSubscribers returns up to limit active subscribers with an id above
// after, in id order: the digest walks them in pages.
func (s *MailStore) ActiveSubscribers(ctx context.Context, after int64, limit int) ([]*paperwire.Subscriber, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+subscriberColumns+` FROM subscribers
		WHERE status = 'active' AND id > ? ORDER BY id LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("active subscribers: %w", err)
	}
	out, err := scanRows(rows, scanSubscriber)
	if err != nil {
		return nil, fmt.Errorf("active subscribers: %w", err)
	}
	return out, nil
}

// SubscriberCounts returns how many subscribers are in each status.
func (s *MailStore) SubscriberCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM subscribers GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("subscriber counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
