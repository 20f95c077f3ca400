// Package idgroups finds the repeated ids of a list by sorting it, for the
// index builders that keep no map from id to position: a map of a million
// ids takes 50 to 80 MB, a sort order 4 MB.
package idgroups

import (
	"slices"
	"strings"
)

// Each calls fn once per distinct id of ids with the positions that hold it,
// in increasing order; fn must not keep rows. Ids come in sorted order.
func Each(ids []string, fn func(rows []int32)) {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && ids[order[j]] == ids[order[i]] {
			j++
		}
		fn(order[i:j])
		i = j
	}
}
