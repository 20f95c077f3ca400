package store_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestMain stops the throwaway PostgreSQL cluster the tests started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func paper(id, title, listed string, cats ...string) *paperwire.Paper {
	return &paperwire.Paper{ID: id, Title: title, Abstract: "About " + title, Authors: []string{"Ada Lovelace", "Alan Turing"},
		Categories: cats, ListedOn: day(listed)}
}

func TestOpenTwiceKeepsData(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			target := storetest.Target(t, kind)
			db := storetest.OpenTarget(t, kind, target)
			if _, err := store.NewPaperStore(db).UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00001", "A", "2024-01-02", "cs.CL")}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			db = storetest.OpenTarget(t, kind, target) // migrations must not run twice
			defer db.Close()
			if _, err := store.NewPaperStore(db).Paper(ctx, "2401.00001"); err != nil {
				t.Fatal(err)
			}
			if err := db.Ping(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestUpsertCountsAndRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		in := paper("hep-th/9901001", "Old style $x<y$", "1999-01-04", "hep-th", "gr-qc")
		in.Versions = []paperwire.PaperVersion{{Version: 1, Created: time.Date(1999, 1, 1, 10, 0, 0, 0, time.UTC)}}
		in.DOI, in.JournalRef, in.Comment = "10.1000/x", "J. Phys. 1", "12 pages"
		in.Organization = &paperwire.Organization{Name: "cern", Fullname: "CERN"}
		in.AIKeywords = []string{"strings"}
		res, err := s.UpsertPapers(ctx, []*paperwire.Paper{in, paper("2401.00001", "New", "2024-01-02", "cs.CL")})
		if err != nil {
			t.Fatal(err)
		}
		if res != (paperwire.UpsertResult{New: 2}) {
			t.Fatalf("first write = %+v, want 2 new", res)
		}
		got, err := s.Paper(ctx, "hep-th/9901001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != in.Title || got.DOI != in.DOI || got.PrimaryCategory() != "hep-th" || len(got.Authors) != 2 ||
			got.Authors[1] != "Alan Turing" || got.Organization.Fullname != "CERN" || got.LatestVersion() != 1 ||
			!got.Submitted.Equal(in.Versions[0].Created) || got.AIKeywords[0] != "strings" || got.Seq == 0 {
			t.Fatalf("round trip lost fields: %+v", got)
		}

		res, err = s.UpsertPapers(ctx, []*paperwire.Paper{in})
		if err != nil {
			t.Fatal(err)
		}
		if res != (paperwire.UpsertResult{Unchanged: 1}) {
			t.Fatalf("rewrite = %+v, want 1 unchanged", res)
		}
		again, _ := s.Paper(ctx, "hep-th/9901001")
		if again.Seq != got.Seq {
			t.Fatalf("unchanged write moved seq %d -> %d", got.Seq, again.Seq)
		}
	})
}

func TestOlderVersionNeverOverwritesNewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		v2 := paper("2401.00002", "Title v2", "2024-01-03", "cs.LG")
		v2.Versions = []paperwire.PaperVersion{{Version: 1}, {Version: 2}}
		v1 := paper("2401.00002", "Title v1", "2024-01-02", "cs.LG")
		v1.Versions = []paperwire.PaperVersion{{Version: 1}}
		if _, err := s.UpsertPapers(ctx, []*paperwire.Paper{v2}); err != nil {
			t.Fatal(err)
		}
		res, err := s.UpsertPapers(ctx, []*paperwire.Paper{v1})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Paper(ctx, "2401.00002")
		if got.Title != "Title v2" {
			t.Fatalf("older version overwrote title: %q", got.Title)
		}
		if !got.ListedOn.Equal(day("2024-01-02")) || res.Updated != 1 {
			t.Fatalf("listing day should move to the earlier announcement: %v (res %+v)", got.ListedOn, res)
		}
	})
}

func TestDuplicateIDsInOneBatchMerge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		a := paper("2401.00003", "First", "2024-01-05", "cs.CV")
		b := paper("2401.00003", "Second", "2024-01-04", "cs.CV")
		res, err := s.UpsertPapers(ctx, []*paperwire.Paper{a, b})
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 1 || res.Updated != 1 {
			t.Fatalf("res = %+v", res)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Papers != 1 || st.Authors != 2 || st.Days != 1 || st.FirstDay != "2024-01-04" {
			t.Fatalf("stats = %+v", st)
		}
	})
}

func TestInvalidPaperFailsBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		_, err := s.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00004", "ok", "2024-01-01"), {ID: "2401.00005"}})
		if paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		if _, err := s.Paper(ctx, "2401.00004"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("a failed batch must write nothing, got %v", err)
		}
	})
}

func TestPapersFilterSortPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		ps := []*paperwire.Paper{
			paper("2401.00010", "a", "2024-01-02", "cs.CV"),
			paper("2401.00011", "b", "2024-01-02", "cs.CL", "cs.CV"),
			paper("2401.00012", "c", "2024-01-03", "cs.C_"),
			paper("2401.00013", "d", "2024-01-09", "cs.LG"),
		}
		ps[0].Upvotes = 7
		if _, err := s.UpsertPapers(ctx, ps); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			f     paperwire.PaperFilter
			ids   []string
			total int
		}{
			{"all newest first", paperwire.PaperFilter{}, []string{"2401.00013", "2401.00012", "2401.00010", "2401.00011"}, 4},
			{"one day", paperwire.PaperFilter{From: day("2024-01-02"), To: day("2024-01-03")}, []string{"2401.00010", "2401.00011"}, 2},
			{"category anywhere", paperwire.PaperFilter{Category: "cs.CV"}, []string{"2401.00010", "2401.00011"}, 2},
			{"no prefix match", paperwire.PaperFilter{Category: "cs.C"}, []string{}, 0},
			{"like wildcard is literal", paperwire.PaperFilter{Category: "cs.CL"}, []string{"2401.00011"}, 1},
			{"most upvoted", paperwire.PaperFilter{Sort: paperwire.SortUpvotes, Limit: 1}, []string{"2401.00010"}, 4},
			{"trending: upvoted papers of the last month", paperwire.PaperFilter{Sort: paperwire.SortTrending, Now: day("2024-01-10")}, []string{"2401.00010"}, 1},
			{"page 2", paperwire.PaperFilter{Limit: 3, Offset: 3}, []string{"2401.00011"}, 4},
			{"past the end", paperwire.PaperFilter{Offset: 10}, []string{}, 4},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, total, err := s.Papers(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, p := range got {
					ids = append(ids, p.ID)
				}
				if total != c.total || len(ids) != len(c.ids) {
					t.Fatalf("got %v (total %d), want %v (total %d)", ids, total, c.ids, c.total)
				}
				for i := range ids {
					if ids[i] != c.ids[i] {
						t.Fatalf("got %v, want %v", ids, c.ids)
					}
				}
			})
		}
		if _, _, err := s.Papers(ctx, paperwire.PaperFilter{Offset: -1}); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Fatalf("negative offset: %v", err)
		}

		days, err := s.Days(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != 3 || !days[0].Day.Equal(day("2024-01-09")) || days[2].Count != 2 {
			t.Fatalf("days = %+v", days)
		}
		cc, err := s.CategoryCounts(ctx, day("2024-01-01"), day("2024-01-08"))
		if err != nil {
			t.Fatal(err)
		}
		if len(cc) != 3 || cc[0] != (paperwire.CategoryCount{Category: "cs.CV", Count: 2}) {
			t.Fatalf("category counts = %+v", cc)
		}
	})
}

func TestDaysCacheSeesNewWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		s.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00020", "a", "2024-01-02")})
		if d, _ := s.Days(ctx); len(d) != 1 {
			t.Fatalf("days = %v", d)
		}
		s.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00021", "b", "2024-01-03")})
		if d, _ := s.Days(ctx); len(d) != 2 {
			t.Fatalf("stale days cache: %v", d)
		}
	})
}

func TestChangesSinceAndCheckpoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		_, err := s.UpsertPapersAt(ctx, []*paperwire.Paper{paper("2401.00030", "a", "2024-01-02"), paper("2401.00031", "b", "2024-01-02")},
			paperwire.Checkpoint{Key: "oai:token", Value: "abc|100"})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Checkpoint(ctx, "oai:token"); v != "abc|100" {
			t.Fatalf("checkpoint = %q", v)
		}
		if v, _ := s.Checkpoint(ctx, "missing"); v != "" {
			t.Fatalf("missing checkpoint = %q", v)
		}
		all, err := s.ChangesSince(ctx, 0, 10)
		if err != nil || len(all) != 2 || all[0].Seq >= all[1].Seq {
			t.Fatalf("changes = %v, %v", all, err)
		}
		upd := paper("2401.00030", "a, revised", "2024-01-02")
		if _, err := s.UpsertPapers(ctx, []*paperwire.Paper{upd}); err != nil {
			t.Fatal(err)
		}
		later, _ := s.ChangesSince(ctx, all[1].Seq, 10)
		if len(later) != 1 || later[0].ID != "2401.00030" || later[0].Title != "a, revised" {
			t.Fatalf("changes after update = %+v", later)
		}
		if err := s.SetCheckpoint(ctx, paperwire.Checkpoint{Key: "oai:token", Value: ""}); err != nil {
			t.Fatal(err)
		}
		if max, _ := s.MaxSeq(ctx); max != later[0].Seq {
			t.Fatalf("max seq %d, want %d", max, later[0].Seq)
		}
	})
}

func TestPapersByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		s.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00040", "a", "2024-01-02"), paper("2401.00041", "b", "2024-01-02")})
		got, err := s.PapersByID(ctx, []string{"2401.00041", "2401.99999", "2401.00040"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != "2401.00041" || got[1].ID != "2401.00040" {
			t.Fatalf("got %v", got)
		}
		if got, err := s.PapersByID(ctx, nil); err != nil || len(got) != 0 {
			t.Fatalf("no ids: %v, %v", got, err)
		}
		// Lists of every length up to past two paddings, the papers and some
		// absent ids in a changing order, each asked twice (the kept statement).
		var many []*paperwire.Paper
		for i := range 20 {
			many = append(many, paper(fmt.Sprintf("2402.%05d", i), "t", "2024-02-02"))
		}
		if _, err := s.UpsertPapers(ctx, many); err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= 40; n++ {
			var ids, want []string
			for i := range n {
				id := fmt.Sprintf("2402.%05d", (i*7+n)%27)
				ids = append(ids, id)
				if (i*7+n)%27 < 20 && !slices.Contains(want, id) {
					want = append(want, id)
				}
			}
			for range 2 {
				got, err := s.PapersByID(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				var gotIDs []string
				for _, p := range got {
					gotIDs = append(gotIDs, p.ID)
				}
				if !slices.Equal(dedupe(gotIDs), want) {
					t.Fatalf("%d ids %v: got %v, want %v", n, ids, gotIDs, want)
				}
			}
		}
	})
}

// dedupe drops repeats, keeping first places.
func dedupe(ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func TestCheckpointKeysAndSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		for _, k := range []string{"harvest:state:cs", "harvest:state:all", "harvest:statex", "oai:x"} {
			if err := s.SetCheckpoint(ctx, paperwire.Checkpoint{Key: k, Value: "1"}); err != nil {
				t.Fatal(err)
			}
		}
		keys, err := s.CheckpointKeys(ctx, "harvest:state:")
		if err != nil || len(keys) != 2 || keys[0] != "harvest:state:all" || keys[1] != "harvest:state:cs" {
			t.Fatalf("keys = %v, %v", keys, err)
		}
		s.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00050", "a", "2024-01-02")})
		sum, err := s.Summary(ctx)
		if err != nil || sum.Papers != 1 || sum.Authors != 0 || sum.LastDay != "2024-01-02" {
			t.Fatalf("summary = %+v, %v", sum, err)
		}
	})
}

// TestPaperCardsByID checks that a card is the stored paper with exactly the
// fields cards do not show left zero, in the order of the ids asked.
func TestPaperCardsByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		a, b := paper("2401.00040", "a", "2024-01-02"), paper("2401.00041", "b", "2024-01-02")
		b.Comment, b.JournalRef, b.DOI, b.ReportNo, b.License, b.Submitter = "12 pages", "J. Test 1", "10.1/x", "R-1", "cc-by", "Sub Mitter"
		b.Versions = []paperwire.PaperVersion{{Version: 1, Created: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)}, {Version: 2, Created: time.Date(2024, 1, 5, 10, 0, 0, 0, time.UTC)}}
		b.Submitted, b.Updated = b.Versions[0].Created, b.Versions[1].Created
		b.Categories, b.AIKeywords, b.AISummary = []string{"cs.CL", "cs.LG"}, []string{"k1"}, "summary"
		b.GitHubRepo, b.GitHubStars, b.ProjectPage, b.ImportedUpvotes = "https://github.com/x/y", 7, "https://x.y", 3
		b.Organization = &paperwire.Organization{Name: "org", Fullname: "Org"}
		if _, err := s.UpsertPapers(ctx, []*paperwire.Paper{a, b}); err != nil {
			t.Fatal(err)
		}
		ids := []string{"2401.00041", "2401.99999", "2401.00040"}
		full, err := s.PapersByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		cards, err := s.PaperCardsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(cards) != 2 || len(full) != 2 {
			t.Fatalf("%d cards, %d papers", len(cards), len(full))
		}
		for i, p := range full {
			want := *p
			want.Comment, want.JournalRef, want.DOI, want.ReportNo, want.License, want.Submitter = "", "", "", "", "", ""
			want.Versions, want.ImportedUpvotes, want.Seq = nil, 0, 0
			if !reflect.DeepEqual(*cards[i], want) {
				t.Fatalf("card %d:\n%+v\nwant\n%+v", i, *cards[i], want)
			}
		}
		if cards[0].ID != "2401.00041" || cards[0].Updated.IsZero() || len(cards[0].Categories) != 2 {
			t.Fatalf("card 0: %+v", cards[0])
		}
	})
}
