// Package digest decides who gets what mail for a period and queues it: the
// period's trending papers within each subscriber's categories, for those
// who opted in the papers picked for them (For you), then the new matches
// of each of its saved searches; or, for a subscriber who takes
// no digest, an alert with the matches alone. Messages are rendered here
// (HTML with inline CSS, and plain text) and queued in the outbox under a
// key per subscriber and period; package mail sends them.
package digest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/mail"
)

// SearchFunc returns up to limit papers matching a saved search's query.
type SearchFunc func(ctx context.Context, query string, limit int) ([]*paperwire.Paper, error)

// Builder queues the digests of a period.
type Builder struct {
	Mail   *mail.Service
	Papers paperwire.PaperService
	// Search answers saved searches; nil leaves them out.
	Search SearchFunc
	Logger *slog.Logger
	// Trending is how many trending papers a digest lists. 0 means 10.
	Trending int
	// Matches is how many new matches of one saved search it lists. 0 means 10.
	Matches int
	// ForYou ranks the period's papers for subscribers who opted in to a
	// For-you section (Subscriber.ForYou), by their account's likes; nil
	// leaves the section out.
	ForYou *foryou.Picker
	// ForYouSize is how many papers the For-you section lists. 0 means 5.
	ForYouSize int
}

// Options narrow a Build.
type Options struct {
	// Now decides which subscribers are due (Period.Due) and the trending
	// scores; zero means time.Now.
	Now time.Time
	// AllDue ignores send hours: every subscriber of the period is due
	// (`paperwire digest send`).
	AllDue bool
	// DryRun renders but queues nothing.
	DryRun bool
	// Email limits the run to one address.
	Email string
}

// Result counts what a Build did.
type Result struct {
	Queued  int // new messages in the outbox
	Already int // subscribers whose message for the period was queued before
	Empty   int // subscribers with nothing to send this period
	NotDue  int // subscribers whose send hour has not come
}

func (r Result) String() string {
	return fmt.Sprintf("%d queued, %d already queued, %d with nothing new, %d not due yet", r.Queued, r.Already, r.Empty, r.NotDue)
}

// pageSize is how many subscribers are read at a time.
const pageSize = 500

// Build queues the digests (and, for daily periods, the alerts) of period p
// for every active subscriber that is due. Running it again, or on another
// instance at the same time, queues nothing twice: each message's outbox key
// is unique, and keys already queued are skipped before rendering.
func (b *Builder) Build(ctx context.Context, p Period, opts Options) (Result, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if b.Logger == nil {
		b.Logger = slog.New(slog.DiscardHandler)
	}
	var res Result
	have := map[string]bool{}
	for _, kind := range []string{paperwire.MailDigest, paperwire.MailAlert} {
		keys, err := b.Mail.Store().QueuedKeys(ctx, kind+":"+p.Key()+":")
		if err != nil {
			return res, err
		}
		for k := range keys {
			have[k] = true
		}
	}
	c := &cache{b: b, p: p, now: opts.Now, trending: map[string][]*paperwire.Paper{}, matches: map[string][]*paperwire.Paper{}}
	var after int64
	var batch []*paperwire.OutboxMessage
	flush := func() error {
		if len(batch) == 0 || opts.DryRun {
			batch = batch[:0]
			return nil
		}
		n, err := b.Mail.Store().EnqueueAll(ctx, batch)
		if err != nil {
			return err
		}
		res.Queued += n
		res.Already += len(batch) - n // another instance queued them meanwhile
		batch = batch[:0]
		return nil
	}
	for {
		subs, err := b.Mail.Store().ActiveSubscribers(ctx, after, pageSize)
		if err != nil {
			return res, err
		}
		if len(subs) == 0 {
			return res, flush()
		}
		after = subs[len(subs)-1].ID
		for _, sub := range subs {
			if opts.Email != "" && !strings.EqualFold(sub.Email, opts.Email) {
				continue
			}
			kind := paperwire.MailDigest
			switch {
			case sub.Frequency == p.Frequency:
			case sub.Frequency == paperwire.FrequencyNone && p.Frequency == paperwire.FrequencyDaily:
				kind = paperwire.MailAlert
			default:
				continue
			}
			key := messageKey(kind, p, sub.ID)
			if have[key] {
				res.Already++
				continue
			}
			if !opts.AllDue && !p.Due(sub, opts.Now) {
				res.NotDue++
				continue
			}
			m, err := b.message(ctx, c, kind, key, sub)
			if err != nil {
				return res, err
			}
			if m == nil {
				res.Empty++
				continue
			}
			if opts.DryRun {
				res.Queued++
				continue
			}
			batch = append(batch, m)
		}
		// One transaction per page of subscribers: a crash loses at most
		// the page being rendered, which the next run renders again.
		if err := flush(); err != nil {
			return res, err
		}
	}
}

// messageKey is the outbox key of a subscriber's mail for a period.
func messageKey(kind string, p Period, subID int64) string {
	return kind + ":" + p.Key() + ":" + strconv.FormatInt(subID, 10)
}

// Preview renders what sub would get for p, queuing nothing; nil when it
// would get nothing.
func (b *Builder) Preview(ctx context.Context, p Period, sub *paperwire.Subscriber, now time.Time) (*paperwire.OutboxMessage, error) {
	c := &cache{b: b, p: p, now: now, trending: map[string][]*paperwire.Paper{}, matches: map[string][]*paperwire.Paper{}}
	kind := paperwire.MailDigest
	if sub.Frequency == paperwire.FrequencyNone {
		kind = paperwire.MailAlert
	}
	return b.message(ctx, c, kind, messageKey(kind, p, sub.ID), sub)
}

// message renders one subscriber's mail, nil when there is nothing in it.
func (b *Builder) message(ctx context.Context, c *cache, kind, key string, sub *paperwire.Subscriber) (*paperwire.OutboxMessage, error) {
	d := &digestData{Period: c.p, Kind: kind}
	if kind == paperwire.MailDigest {
		papers, err := c.trendingFor(ctx, sub.Categories)
		if err != nil {
			return nil, err
		}
		d.Trending = b.items(papers)
		d.Categories = strings.Join(sub.Categories, ", ")
		if d.ForYou, err = b.forYouFor(ctx, c, sub, papers); err != nil {
			return nil, err
		}
		if len(d.ForYou) > 0 {
			d.ForYouURL = b.Mail.URL("/papers/for-you")
		}
	}
	if b.Search != nil {
		searches, err := b.Mail.Store().SavedSearches(ctx, sub.ID)
		if err != nil {
			return nil, err
		}
		for _, ss := range searches {
			papers, err := c.matchesFor(ctx, ss.Query)
			if err != nil {
				return nil, err
			}
			if len(papers) > 0 {
				d.Searches = append(d.Searches, searchSection{Query: ss.Query, URL: b.Mail.URL("/search?q=" + urlEscape(ss.Query)), Items: b.items(papers)})
			}
		}
	}
	if len(d.Trending) == 0 && len(d.ForYou) == 0 && len(d.Searches) == 0 {
		return nil, nil
	}
	d.ManageURL, d.UnsubscribeURL, d.ViewURL = b.Mail.ManageURL(sub), b.Mail.UnsubscribeURL(sub), b.Mail.ViewURL(key)
	d.SiteURL = b.Mail.URL("/")
	subject := "Trending papers for " + c.p.Label()
	if kind == paperwire.MailAlert {
		subject = "New papers matching your saved searches"
	}
	d.Subject = subject
	html, text, err := render(d)
	if err != nil {
		return nil, err
	}
	return &paperwire.OutboxMessage{Kind: kind, DedupeKey: key, SubscriberID: sub.ID, Recipient: sub.Email, Subject: subject,
		HTML: html, Text: text, Unsubscribe: d.UnsubscribeURL, MessageID: b.Mail.MessageID(key)}, nil
}

// cache keeps what a run reads once for many subscribers: trending papers
// per category ("" for all), matches per saved query.
type cache struct {
	b        *Builder
	p        Period
	now      time.Time
	trending map[string][]*paperwire.Paper
	matches  map[string][]*paperwire.Paper
	// The period's papers, read on the first For-you section.
	candidates []*paperwire.Paper
	candidate  map[string]*paperwire.Paper
}

func (c *cache) trendingFor(ctx context.Context, cats []string) ([]*paperwire.Paper, error) {
	limit := c.b.Trending
	if limit <= 0 {
		limit = 10
	}
	if len(cats) == 0 {
		cats = []string{""}
	}
	// Each category's top papers by trending score (read once per run),
	// merged by score.
	seen := map[string]bool{}
	var all []*paperwire.Paper
	for _, cat := range cats {
		papers, ok := c.trending[cat]
		if !ok {
			var err error
			papers, _, err = c.b.Papers.Papers(ctx, paperwire.PaperFilter{From: c.p.Start, To: c.p.End, Category: cat,
				Sort: paperwire.SortTrending, Now: c.now, Limit: limit})
			if err != nil {
				return nil, err
			}
			c.trending[cat] = papers
		}
		for _, p := range papers {
			if !seen[p.ID] {
				seen[p.ID] = true
				all = append(all, p)
			}
		}
	}
	if len(cats) == 1 {
		return all, nil
	}
	slices.SortStableFunc(all, func(a, b *paperwire.Paper) int {
		sa, sb := paperwire.TrendingScore(a, c.now), paperwire.TrendingScore(b, c.now)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return strings.Compare(b.ID, a.ID)
	})
	if len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// matchesFor returns the matches of query listed in the period: what is new
// since the last digest of this frequency.
func (c *cache) matchesFor(ctx context.Context, query string) ([]*paperwire.Paper, error) {
	if got, ok := c.matches[query]; ok {
		return got, nil
	}
	limit := c.b.Matches
	if limit <= 0 {
		limit = 10
	}
	// The search's own date filters pick the period's papers, so a match
	// listed today is found however many older papers rank above it.
	q := query + " after:" + c.p.Start.Format("2006-01-02") + " before:" + c.p.End.Format("2006-01-02")
	papers, err := c.b.Search(ctx, q, 100)
	if err != nil {
		// A saved search that no longer parses or runs is skipped, not fatal.
		c.b.Logger.Warn("digest: saved search failed", "query", query, "error", err.Error())
		papers = nil
	}
	var out []*paperwire.Paper
	for _, p := range papers {
		if !p.ListedOn.Before(c.p.Start) && p.ListedOn.Before(c.p.End) {
			out = append(out, p)
			if len(out) == limit {
				break
			}
		}
	}
	c.matches[query] = out
	return out, nil
}
