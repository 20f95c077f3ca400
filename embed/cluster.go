package embed

import (
	"math/rand/v2"

	"github.com/viterin/vek/vek32"
)

// docVectors embeds every training document (title and abstract) with the
// current word vectors.
func (t *trainer) docVectors(c *corpus) [][]float32 {
	bags := make([]bag, len(c.docs))
	for i, d := range c.docs {
		bags[i] = c.bags.make(append([][]int32{d.title}, d.sents...)...)
	}
	return t.encode(bags).vecs
}

// kmeans assigns each unit vector to one of k centroids (spherical k-means,
// a few Lloyd iterations from randomly chosen seeds).
func kmeans(vecs [][]float32, k, iters int, rng *rand.Rand) []int {
	if k <= 1 || len(vecs) == 0 {
		return make([]int, len(vecs))
	}
	cent := make([][]float32, k)
	for i, j := range rng.Perm(len(vecs))[:k] {
		cent[i] = append([]float32(nil), vecs[j]...)
	}
	assign := make([]int, len(vecs))
	for range iters {
		for i, v := range vecs {
			best, bi := float32(-2), 0
			for c, ct := range cent {
				if s := vek32.Dot(v, ct); s > best {
					best, bi = s, c
				}
			}
			assign[i] = bi
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range vecs {
			axpy(cent[assign[i]], v, 1)
		}
		for c := range cent {
			if vek32.Dot(cent[c], cent[c]) == 0 {
				copy(cent[c], vecs[rng.IntN(len(vecs))])
			}
			normalize(cent[c])
		}
	}
	return assign
}

// clusterOrder reorders pairs so that pairs whose documents share a cluster
// sit in the same batch: the other documents in a batch are then on the same
// topic, harder negatives than random ones (topic-aware sampling).
func clusterOrder(pairs []pairSpec, assign []int, k int, rng *rand.Rand) []pairSpec {
	groups := make([][]pairSpec, k)
	for _, p := range pairs {
		groups[assign[p.doc]] = append(groups[assign[p.doc]], p)
	}
	out := make([]pairSpec, 0, len(pairs))
	for _, c := range rng.Perm(k) {
		out = append(out, groups[c]...)
	}
	return out
}
