package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
)

// forYouRange is one of the For-you page's tabs: the papers of the last
// Days listing days, up to the newest.
type forYouRange struct {
	Key, Label string
	Days       int
}

var forYouRanges = []forYouRange{{"day", "Day", 1}, {"week", "Week", 7}, {"month", "Month", 30}}

// defaultForYouRange is the tab shown without ?range=.
const defaultForYouRange = "week"

func parseForYouRange(v string) (forYouRange, error) {
	if v == "" {
		v = defaultForYouRange
	}
	for _, r := range forYouRanges {
		if r.Key == v {
			return r, nil
		}
	}
	return forYouRange{}, paperwire.Errorf(paperwire.EINVALID, "Unknown range %q: use day, week or month.", clipText(v, 40))
}

// maxForYou is how many papers of a ranking are kept in order: what the
// page and the feed show.
const maxForYou = 200

// forYouList is a reader's ranking of one range.
type forYouList struct {
	IDs        []string
	Because    map[string]string // candidate id → the liked paper's id
	Candidates int               // papers in the range
	From, To   time.Time         // the listing days ranked, [From, To)
}

// forYouCache keeps rankings per reader, range, newest day and set of
// likes: an upvote changes the key, so the next view is ranked afresh;
// a new listing day does too. Entries also expire, and the cache is bounded.
type forYouCache struct {
	mu      sync.Mutex
	entries map[string]forYouEntry
	ttl     time.Duration
}

type forYouEntry struct {
	list *forYouList
	at   time.Time
}

const (
	forYouTTL     = 10 * time.Minute
	forYouEntries = 512
)

func (c *forYouCache) get(key string, now time.Time) *forYouList {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.Sub(e.at) > c.ttl {
		return nil
	}
	return e.list
}

func (c *forYouCache) put(key string, l *forYouList, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= forYouEntries {
		c.entries = map[string]forYouEntry{} // rankings are cheap to redo; keep the bound simple
	}
	c.entries[key] = forYouEntry{l, now}
}

// forYouKey names a ranking: who, which range ending when, liking what.
func forYouKey(userID int64, rng forYouRange, newest time.Time, likes []like) string {
	h := sha256.New()
	for _, l := range likes {
		h.Write([]byte(l.Paper.ID))
		h.Write([]byte{0})
	}
	return strconv.FormatInt(userID, 10) + "/" + rng.Key + "/" + newest.Format("2006-01-02") + "/" + hex.EncodeToString(h.Sum(nil)[:12])
}

// forYou ranks the papers of rng for a reader with likes (none: an empty
// list), from the cache when it can.
func (s *Server) forYou(ctx context.Context, userID int64, rng forYouRange, likes []like) (*forYouList, error) {
	newest, ok, err := s.latestDay(ctx)
	if err != nil || !ok {
		return &forYouList{}, err
	}
	l := &forYouList{From: newest.AddDate(0, 0, 1-rng.Days), To: newest.AddDate(0, 0, 1)}
	if len(likes) == 0 {
		return l, nil
	}
	key := forYouKey(userID, rng, newest, likes)
	if c := s.forYouCache.get(key, s.now()); c != nil {
		return c, nil
	}
	pk := s.picker()
	cands, err := pk.Candidates(ctx, l.From, l.To, s.now())
	if err != nil {
		return nil, err
	}
	ranked, err := pk.Rank(ctx, likes, cands)
	if err != nil {
		return nil, err
	}
	l.Candidates = len(cands)
	l.Because = map[string]string{}
	for _, r := range ranked[:min(maxForYou, len(ranked))] {
		l.IDs = append(l.IDs, r.ID)
		if r.Because != "" {
			l.Because[r.ID] = r.Because
		}
	}
	s.forYouCache.put(key, l, s.now())
	return l, nil
}
