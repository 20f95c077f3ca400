// Package web serves Paperwire's site and JSON API over net/http: server-rendered
// pages (daily, weekly and monthly lists, paper pages, search) that work
// without JavaScript, a JSON API shaped like Hugging Face's Daily Papers API,
// and health probes.
//
// Templates and static files are embedded and parsed when the server is built,
// so a broken template fails New instead of a request. Everything the handlers
// need arrives through Config; the package holds no global state.
package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/internal/metrics"
	"github.com/paperwire/paperwire/internal/reqlog"
)

// Config is what a Server needs. Papers is required; the rest has defaults.
type Config struct {
	// Papers reads papers for every page and API call.
	Papers paperwire.PaperService
	// Searcher answers /search, /api/papers/search and "Related papers".
	// Nil means search is not available: the box still shows and /search says so.
	Searcher Searcher
	// Status gathers what /status shows. Nil: the page only says the server is up.
	Status StatusFunc
	// Ready reports whether the server can answer (e.g. the database pings).
	// Nil means /readyz asks Papers for its days instead.
	Ready func(ctx context.Context) error
	// Logger receives one line per request and the causes of errors. Nil discards.
	Logger *slog.Logger
	// Clock returns "now". Nil means time.Now.
	Clock paperwire.Clock
	// PageSize is how many cards an HTML list page shows. 0 means 30.
	PageSize int
	// Users keeps accounts, sessions and API tokens. Nil serves the site
	// read-only: nobody can sign in, vote or submit.
	Users paperwire.UserService
	// Votes, Submissions and Audit record the community's upvotes,
	// submissions and admins' actions; needed with Users.
	Votes       paperwire.VoteService
	Submissions paperwire.SubmissionService
	Audit       paperwire.AuditService
	// Fetch gets a paper not yet stored from arXiv, for a submission (the
	// arXiv API client); it returns ENOTFOUND when arXiv has no such paper.
	// Nil means only stored papers can be submitted.
	Fetch func(ctx context.Context, id string) (*paperwire.Paper, error)
	// Mailer sends account mail (address verification). Nil sends none:
	// addresses stay unverified. See Mailer.
	Mailer Mailer
	// Mail is the digest, saved-search alerts and password reset (package
	// mail). Nil, or not Enabled, hides the subscribe forms.
	Mail MailList
	// Signup is "open" (anyone may create an account; the default) or
	// "closed" (only admins create accounts, with `paperwire user create`).
	Signup string
	// BaseURL is the site's public address (PAPERWIRE_BASE_URL). Served over
	// https://, session cookies are Secure and __Host- prefixed. Feeds and
	// /opensearch.xml build their absolute links on it; "" means the
	// request's own scheme and host.
	BaseURL string
	// SessionTTL is how long a sign-in lasts. 0 means 30 days.
	SessionTTL time.Duration
	// SubmitMaxAge is how long after its first version a paper may be
	// submitted. 0 means 14 days.
	SubmitMaxAge time.Duration
	// SubmitPerDay is how many papers one user may submit in 24 hours. 0 means 5.
	SubmitPerDay int
	// TrustProxy takes the client's address for rate limits from the last
	// X-Forwarded-For entry (behind a reverse proxy that sets it).
	TrustProxy bool
	// CacheTTL is how long list pages, paper pages, API answers and the list of
	// days with papers are reused before they are computed again: an import
	// shows up at most this late. 0 means 5 seconds; negative disables caching.
	CacheTTL time.Duration
	// MaxSearches bounds the searches running at once (every search entry
	// point). 0 means 2×GOMAXPROCS; negative means no bound.
	MaxSearches int
	// SearchQueueWait is how long a search waits for a free slot before it
	// is answered 503 with Retry-After. 0 means 200 ms; negative, no wait.
	SearchQueueWait time.Duration
	// Orgs, Links and Collections keep organizations (/orgs/{slug}),
	// papers' code and project links, and users' collections. Each nil
	// turns its pages and API routes off; Links and Collections need Users.
	Orgs        paperwire.OrgService
	Links       paperwire.LinkService
	Collections paperwire.CollectionService
	// VerifiedAuthor says whether a user is a verified author of a paper,
	// who may then set its links and organization as its submitter and
	// admins can. Nil means nobody is (see mayEditPaperLinks).
	VerifiedAuthor func(ctx context.Context, userID int64, paperID string) (bool, error)
	// ForYou ranks /papers/for-you and its feed. Nil ranks by keywords
	// alone (foryou.NewRecommender without vectors).
	ForYou Recommender
	// FeedTokens keeps the secret tokens of For-you feeds. Nil: no feeds.
	FeedTokens paperwire.FeedTokenService
	// Comments keeps the discussions under papers; nil shows none. Writing
	// needs Users too.
	Comments paperwire.CommentService
	// Authors serves /authors/{name} and authorship claims; nil turns both off.
	Authors paperwire.AuthorService
	// Metrics records requests (by route pattern) and searches. Nil records none.
	Metrics *metrics.Metrics
	// ServeMetrics serves Metrics at GET /metrics on this handler.
	ServeMetrics bool
	// SearchMode labels the search metrics: "keyword" (the default) or "hybrid".
	SearchMode string
	// APIRate limits each API client (a token's account, else an address)
	// to this many requests a second on average, APIBurst at once; 429 with
	// Retry-After beyond. 0 means no limit; APIBurst 0 means twice the rate.
	APIRate  float64
	APIBurst int
}

// Server is Paperwire's HTTP front end. Build it with New; serve Handler().
type Server struct {
	papers   paperwire.PaperService
	searcher Searcher
	status   StatusFunc
	ready    func(ctx context.Context) error
	logger   *slog.Logger
	now      paperwire.Clock
	pageSize int
	days     *dayCache
	cache    *pageCache
	views    *views

	users        paperwire.UserService
	votes        paperwire.VoteService
	submissions  paperwire.SubmissionService
	audit        paperwire.AuditService
	fetch        func(ctx context.Context, id string) (*paperwire.Paper, error)
	mailer       Mailer
	mail         MailList
	mailLimit    *auth.Limiter // subscribe, alert and reset requests per client address
	signupOpen   bool
	secure       bool
	baseURL      string // Config.BaseURL without a trailing slash; "" uses the request's
	sessionTTL   time.Duration
	submitMaxAge time.Duration
	submitPerDay int
	trustProxy   bool
	limits       limits
	searchGate   *searchGate // bounds concurrent searches; nil: no bound
	curation     curation
	discussion   discussion
	metrics      *metrics.Metrics
	serveMetrics bool
	apiLimiter   *auth.Limiter // nil: no API rate limit
	assets       *assets
	handler      http.Handler

	recommender Recommender
	feedTokens  paperwire.FeedTokenService
	forYouCache forYouCache
}

// New builds a Server, parsing every template and hashing every static file.
// It fails when Papers is nil or a template does not parse.
func New(cfg Config) (*Server, error) {
	if cfg.Papers == nil {
		return nil, errors.New("web: Config.Papers is required")
	}
	s := &Server{
		papers:   cfg.Papers,
		searcher: withSearchTiming(cfg.Searcher, cfg.Metrics, cfg.SearchMode),
		status:   cfg.Status,
		ready:    cfg.Ready,
		logger:   cfg.Logger,
		now:      cfg.Clock,
		pageSize: cfg.PageSize,

		users:        cfg.Users,
		votes:        cfg.Votes,
		submissions:  cfg.Submissions,
		audit:        cfg.Audit,
		fetch:        cfg.Fetch,
		mailer:       cfg.Mailer,
		mail:         cfg.Mail,
		mailLimit:    auth.NewLimiter(10, time.Hour),
		signupOpen:   cfg.Signup != "closed",
		secure:       strings.HasPrefix(cfg.BaseURL, "https://"),
		baseURL:      strings.TrimRight(cfg.BaseURL, "/"),
		sessionTTL:   cfg.SessionTTL,
		submitMaxAge: cfg.SubmitMaxAge,
		submitPerDay: cfg.SubmitPerDay,
		trustProxy:   cfg.TrustProxy,
		limits:       newLimits(),
		searchGate:   newSearchGate(cfg.MaxSearches, cfg.SearchQueueWait),
		curation:     newCuration(cfg),
		recommender:  cfg.ForYou,
		feedTokens:   cfg.FeedTokens,
		forYouCache:  forYouCache{ttl: forYouTTL},
		discussion:   newDiscussion(cfg.Comments, cfg.Authors),
		metrics:      cfg.Metrics,
		serveMetrics: cfg.ServeMetrics,
		apiLimiter:   newAPILimiter(cfg.APIRate, cfg.APIBurst),
	}
	if s.recommender == nil {
		s.recommender = foryou.NewRecommender(nil, foryou.Options{Explain: maxForYou})
	}
	if cfg.Signup != "" && cfg.Signup != "open" && cfg.Signup != "closed" {
		return nil, fmt.Errorf("web: Config.Signup is %q; want open or closed", cfg.Signup)
	}
	if s.sessionTTL <= 0 {
		s.sessionTTL = 30 * 24 * time.Hour
	}
	if s.submitMaxAge <= 0 {
		s.submitMaxAge = 14 * 24 * time.Hour
	}
	if s.submitPerDay <= 0 {
		s.submitPerDay = 5
	}
	if s.logger == nil {
		s.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.logger = slog.New(reqlog.Handler(s.logger.Handler())) // request ids on every line
	if s.now == nil {
		s.now = time.Now
	}
	if s.pageSize <= 0 {
		s.pageSize = 30
	}
	ttl := cfg.CacheTTL
	if ttl == 0 {
		ttl = 5 * time.Second
	}
	s.days = newDayCache(cfg.Papers, s.now, ttl)
	s.cache = newPageCache(ttl, s.now, maxCachedPages)
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.views, err = parseViews(s.assets); err != nil {
		return nil, err
	}
	// Every state-changing route is refused to cross-origin browser
	// requests (CSRF): Go's CrossOriginProtection checks Sec-Fetch-Site or
	// Origin against Host. API clients send neither and pass.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.failAny(w, r, paperwire.Errorf(paperwire.EFORBIDDEN, "Cross-origin requests may not change anything here."))
	}))
	csrf.AddInsecureBypassPattern(unsubscribePattern) // RFC 8058 one-click: the signed token is the authority
	s.handler = s.middleware(s.limitBodies(csrf.Handler(s.authenticate(s.apiRateLimit(s.httpCaching(notePattern(s.routes())))))))
	return s, nil
}

// maxCachedPages bounds the page cache; at ~50 KB a page, about 50 MB.
const maxCachedPages = 1024

// Invalidate drops every cached page and the cached list of days, so the
// next request shows the store as it is now. The instance calls it when the
// change sequence moves (an import, a harvest, another instance's write),
// so a change shows at once instead of when the pages expire.
func (s *Server) Invalidate() {
	s.cache.invalidate()
	s.days.invalidate()
}

// Handler returns the server's HTTP handler, with logging, security headers
// and panic recovery around every route.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	c := s.cache.wrap
	mux.HandleFunc("GET /{$}", c(s.homeShow))
	mux.HandleFunc("GET /papers/date/{date}", c(s.periodShow(paperwire.PeriodDay, "date")))
	mux.HandleFunc("GET /papers/week/{week}", c(s.periodShow(paperwire.PeriodWeek, "week")))
	mux.HandleFunc("GET /papers/month/{month}", c(s.periodShow(paperwire.PeriodMonth, "month")))
	mux.HandleFunc("GET /papers/{id...}", s.paperRoute()) // the page, or its .md twin
	mux.HandleFunc("GET /search", s.searchShow)
	mux.HandleFunc("GET /static/{name}", s.assetShow)
	mux.HandleFunc("GET /favicon.ico", s.faviconShow)
	mux.HandleFunc("GET /status", s.statusShow)
	mux.HandleFunc("GET /healthz", s.healthShow)
	mux.HandleFunc("GET /readyz", s.readyShow)

	mux.HandleFunc("GET /api/daily_papers", c(s.apiDailyPapersList))
	mux.HandleFunc("GET /api/papers/search", s.apiPapersSearch)
	mux.HandleFunc("GET /api/papers/{id...}", c(s.apiPaperShow))
	s.accountRoutes(mux)
	s.communityRoutes(mux)
	s.feedRoutes(mux)
	s.curationRoutes(mux)
	s.mailRoutes(mux)
	s.forYouRoutes(mux)
	s.discussionRoutes(mux)
	s.metricsRoutes(mux)
	mux.HandleFunc("OPTIONS /api/", s.apiPreflight(mux))
	mux.HandleFunc("/api/", s.apiNotFound)
	mux.HandleFunc("/", s.notFound)
	return mux
}
