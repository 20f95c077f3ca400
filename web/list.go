package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
)

// listPage is a day, week or month of papers.
type listPage struct {
	Page
	Heading    string // "Daily Papers", "Weekly Papers", "Monthly Papers"
	Label      string // "July 1, 2026"
	Range      string // the days a week spans, "Jun 29 – Jul 5"
	Kind       string
	Views      []navLink // day / week / month switch
	Prev, Next navLink   // nearest periods with papers; empty URL when none
	Total      int       // papers in the shown list of the period (all categories)
	Lists      []navLink // community picks / all papers
	Picks      bool      // the shown list is the community's picks
	FellBack   bool      // showing all papers because the period has no picks
	SubmitURL  string    // where to submit a paper; empty when this server takes none
	Matching   int       // papers matching the category filter
	Cards      []card
	Category   string
	Categories []navLink // the most common categories, then the rest
	More       []navLink
	AllURL     string // the list without the category filter
	Sorts      []navLink
	Pager      pager
	Empty      bool // no papers at all in the period, announced or picked
}

// shownCategories is how many category chips show before "more".
const shownCategories = 12

var categoryRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9.\-]{0,39}$`)

// listParams are the query parameters of an HTML list page.
type listParams struct {
	List     string // listAuto, listPicks or listAll
	Category string
	Sort     string
	Page     int // 1-based
}

// parseListParams reads ?list=&cat=&sort=&p= of an HTML list. Page numbers are
// 1-based here because people read them; the JSON API's p is 0-based like HF's.
func parseListParams(q url.Values) (listParams, error) {
	lp := listParams{List: q.Get("list"), Category: q.Get("cat"), Sort: q.Get("sort"), Page: 1}
	if lp.List != listAuto && lp.List != listPicks && lp.List != listAll {
		return lp, paperwire.Errorf(paperwire.EINVALID, "Unknown list %q: use picks or all.", clipText(lp.List, 40))
	}
	if lp.Category != "" && !categoryRe.MatchString(lp.Category) {
		return lp, paperwire.Errorf(paperwire.EINVALID, "%q is not an arXiv category (expected e.g. cs.CL).", clipText(lp.Category, 40))
	}
	switch lp.Sort {
	case "", paperwire.SortPublished:
		lp.Sort = paperwire.SortPublished
	case paperwire.SortUpvotes, paperwire.SortTrending:
	default:
		return lp, paperwire.Errorf(paperwire.EINVALID, "Unknown sort %q: use publishedAt, upvotes or trending.", clipText(lp.Sort, 40))
	}
	var err error
	lp.Page, err = parsePage(q.Get("p"))
	return lp, err
}

// encode writes the parameters back as a query string, leaving out defaults.
func (lp listParams) url(base string) string {
	q := url.Values{}
	if lp.List != listAuto {
		q.Set("list", lp.List)
	}
	if lp.Category != "" {
		q.Set("cat", lp.Category)
	}
	if lp.Sort != "" && lp.Sort != paperwire.SortPublished {
		q.Set("sort", lp.Sort)
	}
	if lp.Page > 1 {
		q.Set("p", strconv.Itoa(lp.Page))
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}

var headings = map[string]string{
	paperwire.PeriodDay:   "Daily Papers",
	paperwire.PeriodWeek:  "Weekly Papers",
	paperwire.PeriodMonth: "Monthly Papers",
}

// showList renders the list page of period per. base is the URL the page's
// own links (filters, pages) point at.
func (s *Server) showList(w http.ResponseWriter, r *http.Request, per paperwire.Period, base string) {
	lp, err := parseListParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, err, navLink{Label: "This list without filters", URL: base})
		return
	}
	ctx := r.Context()
	days, err := s.days.Days(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choice, err := s.chooseList(ctx, per, lp.List)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	papers, matching, err := s.papers.Papers(ctx, paperwire.PaperFilter{
		From: per.Start, To: per.End, Category: lp.Category, Sort: lp.Sort, Picks: choice.Picks, Now: s.now(),
		Offset: (lp.Page - 1) * s.pageSize, Limit: s.pageSize,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := pager{Page: lp.Page, Pages: (matching + s.pageSize - 1) / s.pageSize, Total: matching}
	if lp.Page > 1 && lp.Page > pg.Pages {
		first := lp
		first.Page = 1
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d: this list has %s.", lp.Page, plural(pg.Pages, "page")),
			navLink{Label: "First page", URL: first.url(base)})
		return
	}
	var counts []paperwire.CategoryCount
	if choice.Picks {
		counts, err = s.pickCategoryCounts(ctx, per, papers, lp.Category == "" && len(papers) == matching)
	} else {
		counts, err = s.papers.CategoryCounts(ctx, per.Start, per.End)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}

	announced := countIn(days, per)
	if !choice.Picks {
		announced = max(announced, matching) // the day cache may be a few seconds behind
	}
	p := listPage{
		Page:     s.page(r, headings[per.Kind]+" · "+per.Label()),
		Heading:  headings[per.Kind],
		Label:    per.Label(),
		Kind:     per.Kind,
		Total:    announced,
		Matching: matching,
		Category: lp.Category,
		Picks:    choice.Picks,
		FellBack: choice.FellBack,
	}
	feedQuery := lp
	feedQuery.Page = 1
	p.Feeds = feedLinks(p.Title, base, feedQuery.url(""))
	if s.canSubmit() {
		p.SubmitURL = "/papers/submit"
	}
	p.Section = "papers"
	if per.Kind == paperwire.PeriodWeek {
		p.Range = per.Start.Format("Jan 2") + " – " + per.End.AddDate(0, 0, -1).Format("Jan 2")
	}
	p.Empty = announced == 0 && choice.PicksTotal == 0
	if choice.Picks {
		p.Total = choice.PicksTotal
	}
	p.Lists = listTabs(lp, base, choice, announced)
	before, after := neighbours(days, per)
	if !before.IsZero() {
		prev := paperwire.Day(before).As(per.Kind)
		p.Prev = navLink{Label: prev.Label(), URL: periodURL(prev)}
	}
	if !after.IsZero() {
		next := paperwire.Day(after).As(per.Kind)
		p.Next = navLink{Label: next.Label(), URL: periodURL(next)}
	}
	anchor := newestIn(days, per)
	for _, kind := range []string{paperwire.PeriodDay, paperwire.PeriodWeek, paperwire.PeriodMonth} {
		v := paperwire.Day(anchor).As(kind)
		label := map[string]string{paperwire.PeriodDay: "Day", paperwire.PeriodWeek: "Week", paperwire.PeriodMonth: "Month"}[kind]
		p.Views = append(p.Views, navLink{Label: label, URL: periodURL(v), Current: kind == per.Kind})
	}

	all := lp
	all.Category, all.Page = "", 1
	p.AllURL = all.url(base)
	for i, c := range counts {
		f := lp
		f.Category, f.Page = c.Category, 1
		l := navLink{Label: c.Category, URL: f.url(base), Count: c.Count, Current: c.Category == lp.Category}
		if i < shownCategories || l.Current {
			p.Categories = append(p.Categories, l)
		} else {
			p.More = append(p.More, l)
		}
	}
	for _, srt := range []struct{ key, label string }{
		{paperwire.SortPublished, "Newest"}, {paperwire.SortTrending, "Trending"}, {paperwire.SortUpvotes, "Most upvoted"}} {
		f := lp
		f.Sort, f.Page = srt.key, 1
		p.Sorts = append(p.Sorts, navLink{Label: srt.label, URL: f.url(base), Current: lp.Sort == srt.key})
	}

	for _, pp := range papers {
		c := cardOf(pp)
		if c.Category != "" {
			f := lp
			f.Category, f.Page = c.Category, 1
			c.CategoryURL = f.url(base)
		}
		p.Cards = append(p.Cards, c)
	}
	s.markVotes(r, lp.url(base), p.Cards)
	if len(p.Cards) > 0 {
		p.Pager.From = (lp.Page-1)*s.pageSize + 1
		p.Pager.To = p.Pager.From + len(p.Cards) - 1
	}
	p.Pager.Page, p.Pager.Pages, p.Pager.Total = pg.Page, pg.Pages, pg.Total
	if lp.Page > 1 {
		prev := lp
		prev.Page--
		p.Pager.Prev = prev.url(base)
	}
	if lp.Page < pg.Pages {
		next := lp
		next.Page++
		p.Pager.Next = next.url(base)
	}
	s.render(w, r, http.StatusOK, "list", p)
}

// newestIn returns the newest day with papers within per, or per.Start.
func newestIn(days []paperwire.DayCount, per paperwire.Period) time.Time {
	for _, d := range days {
		day := d.Day.UTC()
		if !day.Before(per.Start) && day.Before(per.End) {
			return day
		}
	}
	return per.Start
}
