package web

import (
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// pageParam reads ?p=, a 1-based page number; 1 when absent.
func pageParam(r *http.Request) (int, error) {
	return parsePage(r.URL.Query().Get("p"))
}

// parsePage reads an HTML list's 1-based ?p= value ("" is page 1).
func parsePage(v string) (int, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, paperwire.Errorf(paperwire.EINVALID, "Page %q is not a page number (1, 2, …).", clipText(v, 40))
	}
	return n, nil
}

// newPager is the navigation of page (1-based) of a list of total items,
// size a page, shown of them on this page; base?p=N are its pages.
func newPager(page, size, total, shown int, base string) pager {
	pg := pager{Page: page, Pages: (total + size - 1) / size, Total: total}
	if shown > 0 {
		pg.From = (page-1)*size + 1
		pg.To = pg.From + shown - 1
	}
	if page > 1 {
		pg.Prev = pageURL(base, page-1)
	}
	if page < pg.Pages {
		pg.Next = pageURL(base, page+1)
	}
	return pg
}

// pageURL is page n of the list at base, which has no query of its own.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "?p=" + strconv.Itoa(n)
}
