package paperwire

import (
	"context"
	"sort"
	"time"
)

// Paper is one arXiv paper as Paperwire shows it: the newest version's metadata
// plus what the community adds (upvotes, submitter, organization, links).
//
// ID is the version-less arXiv identifier, new style ("2410.12345") or old
// style ("hep-th/9901001"); it is the key everywhere. ListedOn is the day the
// paper was announced (first seen), which daily pages group by.
type Paper struct {
	ID         string
	Title      string
	Abstract   string
	Authors    []string // in the order the paper lists them
	Categories []string // primary category first
	Comment    string
	JournalRef string
	DOI        string
	ReportNo   string
	License    string
	Submitter  string // the arXiv submitter (name as arXiv gives it)

	Versions  []PaperVersion // oldest first; the last one is what is shown
	Submitted time.Time      // first version's date (zero if unknown)
	Updated   time.Time      // newest version's date (zero if unknown)
	ListedOn  time.Time      // announcement day, UTC midnight
	Withdrawn bool           // withdrawn by its authors or deleted upstream; kept, marked

	// Community and enrichment fields. Zero until votes, submissions or a
	// Hugging Face import provide them.
	//
	// Upvotes is the count shown: ImportedUpvotes, the baseline the last
	// Hugging Face import carried, plus one for each local user's upvote.
	// An import replaces the baseline and keeps the local votes; a record
	// from a source sets the baseline through its Upvotes (see MergePaper).
	Upvotes         int
	ImportedUpvotes int
	NumComments     int
	SubmittedBy     string    // Paperwire/HF user who submitted it to the daily list
	SubmittedOn     time.Time // the day it went on the community's list (UTC midnight); zero if never submitted
	Organization    *Organization
	GitHubRepo      string
	GitHubStars     int
	ProjectPage     string
	AISummary       string
	AIKeywords      []string

	// Seq is the store's change sequence: it grows every time the row changes,
	// so derived indexes can catch up by applying changes past the last Seq they saw.
	Seq int64
}

// PaperVersion is one arXiv version of a paper ("v1", "v2", …).
type PaperVersion struct {
	Version int // 1, 2, …
	Created time.Time
}

// Organization is the group a paper was submitted under (HF's "organization").
type Organization struct {
	Name     string // slug, e.g. "google"
	Fullname string // display name, e.g. "Google"
}

// PrimaryCategory returns the paper's primary arXiv category, or "".
func (p *Paper) PrimaryCategory() string {
	if len(p.Categories) == 0 {
		return ""
	}
	return p.Categories[0]
}

// LatestVersion returns the newest version number, or 0 when none is known.
func (p *Paper) LatestVersion() int {
	if len(p.Versions) == 0 {
		return 0
	}
	return p.Versions[len(p.Versions)-1].Version
}

// AbsURL links to the paper's abstract page on arXiv.
func (p *Paper) AbsURL() string { return "https://arxiv.org/abs/" + p.ID }

// PDFURL links to the paper's PDF on arXiv. Paperwire links PDFs, never re-serves them.
func (p *Paper) PDFURL() string { return "https://arxiv.org/pdf/" + p.ID }

// Sort orders for paper lists.
const (
	SortPublished = "publishedAt" // newest listing first (HF's default)
	SortUpvotes   = "upvotes"     // most upvoted first
	SortTrending  = "trending"    // highest trending score first (see TrendingScore)
)

// PaperFilter selects papers for a list page or API call. Zero values mean "any".
type PaperFilter struct {
	From, To time.Time // day range, inclusive From, exclusive To: listing days, or submission days with Picks
	Category string    // papers that carry this category (any position)
	// Picks selects the community's picks: papers submitted to the daily
	// list, by the day they were submitted (SubmittedOn), not announced.
	Picks bool
	// Submitter selects papers submitted by this user name (implies Picks).
	Submitter string
	// Org selects the papers attributed to the organization with this slug.
	Org  string
	Sort string // SortPublished (default), SortUpvotes or SortTrending
	// Now is the time trending scores are computed at; zero means the store's clock.
	Now    time.Time
	Offset int
	Limit  int // 0 means the store's default
}

// PaperService reads papers. Implemented by store.PaperStore (SQLite and PostgreSQL).
type PaperService interface {
	// Paper returns one paper by version-less id. Returns ENOTFOUND.
	Paper(ctx context.Context, id string) (*Paper, error)
	// PapersByID returns the papers among ids, in the order of ids, in one
	// read; ids it does not hold are left out, repeated ids repeat.
	PapersByID(ctx context.Context, ids []string) ([]*Paper, error)
	// Papers returns one page of papers matching f and the total that match.
	// Returns EINVALID for a negative offset or limit.
	Papers(ctx context.Context, f PaperFilter) ([]*Paper, int, error)
	// Days returns the listing days that have papers, newest first, with counts.
	Days(ctx context.Context) ([]DayCount, error)
	// CategoryCounts returns how many papers in [from, to) carry each category, most first.
	CategoryCounts(ctx context.Context, from, to time.Time) ([]CategoryCount, error)
}

// DayCount is a listing day and how many papers were announced on it.
type DayCount struct {
	Day   time.Time
	Count int
}

// CategoryCount is a category and how many papers carry it.
type CategoryCount struct {
	Category string
	Count    int
}

// SortedCategoryCounts turns counts per category into a list, most first
// and then by name, as category filters show them.
func SortedCategoryCounts(counts map[string]int) []CategoryCount {
	out := make([]CategoryCount, 0, len(counts))
	for c, n := range counts {
		out = append(out, CategoryCount{Category: c, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Category < out[j].Category
	})
	return out
}

// UpsertResult counts what a batch write did.
type UpsertResult struct {
	New, Updated, Unchanged int
}

// Add accumulates another batch's counts.
func (r *UpsertResult) Add(o UpsertResult) {
	r.New += o.New
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
}

// PaperWriter is the one write path every source goes through. Implementations
// merge each incoming record with the stored one (see MergePaper) inside one
// transaction per batch, so a batch is either fully written or not at all.
type PaperWriter interface {
	// UpsertPapers writes a batch. Returns EINVALID for a paper with no id.
	UpsertPapers(ctx context.Context, papers []*Paper) (UpsertResult, error)
	// UpsertPapersAt writes a batch and, in the same transaction, the checkpoints
	// that say how far the source has been read.
	UpsertPapersAt(ctx context.Context, papers []*Paper, cps ...Checkpoint) (UpsertResult, error)
}

// Stats are the counts `paperwire stats` and the status page report.
type Stats struct {
	Papers    int       `json:"papers"`
	Days      int       `json:"days"`
	Authors   int       `json:"authors"`
	Withdrawn int       `json:"withdrawn"`
	FirstDay  string    `json:"first_day,omitempty"`
	LastDay   string    `json:"last_day,omitempty"`
	MaxSeq    int64     `json:"max_seq"`
	SizeBytes int64     `json:"size_bytes"`
	Now       time.Time `json:"-"`
}

// ChangeFeed lets derived state (the search index, embeddings) catch up with
// the store: every write gives the row a new, larger Seq.
type ChangeFeed interface {
	// ChangesSince returns up to limit papers whose Seq is greater than after,
	// in increasing Seq order. An empty result means the caller is current.
	ChangesSince(ctx context.Context, after int64, limit int) ([]*Paper, error)
}

// Checkpoint is a named piece of progress (an OAI-PMH resumptionToken, a file
// offset, a harvest's state) written in the same transaction as the papers it
// covers, so a crash never leaves progress ahead of, or behind, the data.
type Checkpoint struct {
	Key   string
	Value string
}

// CheckpointStore reads checkpoints written by UpsertPapersAt.
type CheckpointStore interface {
	// Checkpoint returns the value stored under key, or "" if there is none.
	Checkpoint(ctx context.Context, key string) (string, error)
	// SetCheckpoint stores a value outside any paper batch.
	SetCheckpoint(ctx context.Context, cp Checkpoint) error
}
