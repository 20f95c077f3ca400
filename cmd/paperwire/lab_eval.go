package main

import (
	"os"
	"strconv"

	"github.com/paperwire/paperwire/embed"
)

func labOptions(o *embed.TrainOptions) {
	if v := os.Getenv("PW_BIGRAMS"); v != "" {
		o.Bigrams, _ = strconv.Atoi(v)
	}
	o.FixedBigrams = os.Getenv("PW_BIGRAM_FIXED") != ""
	if v := os.Getenv("PW_BIGRAM_WEIGHT"); v != "" {
		f, _ := strconv.ParseFloat(v, 32)
		o.BigramWeight = float32(f)
	}
}
