package instance

import "github.com/paperwire/paperwire/foryou"

// forYouExplained is how many of a ranking's papers say which like they
// resemble: as many as the page and the feed show.
const forYouExplained = 200

// ForYou returns the recommender of the For-you page and feed, over the
// instance's paper vectors (keywords only while semantic search is off).
// Call it after OpenSearch.
func (in *Instance) ForYou() *foryou.Recommender {
	var lookup func(id string) []float32
	if vecs := in.vectors; vecs != nil {
		lookup = vecs.Index().Vector
	}
	return foryou.NewRecommender(lookup, foryou.Options{Explain: forYouExplained})
}
