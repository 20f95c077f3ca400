package main

import (
	"fmt"
	"strconv"
	"strings"
)

// Default per-client API limits: enough for a script paging through a month
// or a client library's retries, not for scraping the site flat out.
const (
	defaultAPIRate  = 20.0
	defaultAPIBurst = 40
	minAPIRate      = 0.001 // one request in about 17 minutes
	maxAPIRate      = 1e6   // beyond it, use off
)

// readAPILimits reads PAPERWIRE_API_RATE (requests a second per client,
// "20" or "20/s"; 0 or "off" for no limit) and PAPERWIRE_API_BURST (how many
// at once; default twice the rate, at least the default burst when the rate
// is the default).
func readAPILimits(env *Env) (rate float64, burst int, err error) {
	rate, burst = defaultAPIRate, defaultAPIBurst
	if v := strings.TrimSpace(env.Getenv("PAPERWIRE_API_RATE")); v != "" {
		if v == "off" {
			return 0, 0, nil
		}
		rate, err = strconv.ParseFloat(strings.TrimSuffix(v, "/s"), 64)
		if err != nil || !(rate == 0 || rate >= minAPIRate && rate <= maxAPIRate) { // also refuses NaN
			return 0, 0, fmt.Errorf("PAPERWIRE_API_RATE=%q: want requests a second from 0.001 to a million, like 20 (0 or off: no limit)", v)
		}
		burst = max(1, int(2*rate))
	}
	if v := strings.TrimSpace(env.Getenv("PAPERWIRE_API_BURST")); v != "" {
		burst, err = strconv.Atoi(v)
		if err != nil || burst < 1 || burst > maxAPIRate {
			return 0, 0, fmt.Errorf("PAPERWIRE_API_BURST=%q: want a positive number of requests", v)
		}
	}
	return rate, burst, nil
}
