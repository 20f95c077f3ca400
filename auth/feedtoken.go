package auth

// FeedTokenPrefix starts every personal feed token, telling it apart from
// an API token: it only reads one list, and cannot act as its owner.
const FeedTokenPrefix = "pwf_"

// NewFeedToken returns a new 160-bit random feed token for the feed's URL
// and the hash the store keeps instead.
func NewFeedToken() (token, hash string) {
	token = FeedTokenPrefix + random(20)
	return token, Hash(token)
}
