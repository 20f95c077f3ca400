package auth

import (
	"sync"
	"time"
)

// Limiter allows each key (a client address, an account) a number of events
// per window, as a token bucket: Burst at once, then one every Window/Burst.
// It is per process: several instances each allow the rate, which still
// makes guessing passwords slow.
type Limiter struct {
	Burst  int
	Window time.Duration
	Now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter allows burst events per window for each key.
func NewLimiter(burst int, window time.Duration) *Limiter {
	return &Limiter{Burst: burst, Window: window, Now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes one event for key and reports whether it may happen; when not,
// retry says how long until it may.
func (l *Limiter) Allow(key string) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	rate := float64(l.Burst) / l.Window.Seconds() // tokens per second
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(l.Burst), at: now}
		l.buckets[key] = b
	}
	b.tokens = min(float64(l.Burst), b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// sweep drops full buckets now and then, so memory follows active keys only.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < l.Window {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.at) >= l.Window {
			delete(l.buckets, k)
		}
	}
}
