package idgroups

import (
	"fmt"
	"slices"
	"testing"
)

func TestEach(t *testing.T) {
	ids := []string{"b", "a", "b", "c", "a", "b"}
	var got []string
	Each(ids, func(rows []int32) { got = append(got, fmt.Sprint(ids[rows[0]], " ", rows)) })
	if want := []string{"a [1 4]", "b [0 2 5]", "c [3]"}; !slices.Equal(got, want) {
		t.Fatalf("groups %v, want %v", got, want)
	}
	Each(nil, func([]int32) { t.Fatal("called for no ids") })
}
