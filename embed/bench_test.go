package embed

import (
	"context"
	"testing"
)

// BenchmarkTrain trains one epoch on the 200 real abstracts in testdata.
func BenchmarkTrain(b *testing.B) {
	docs := loadSample(b)
	o := TrainOptions{Epochs: 1, Seed: 1}
	for b.Loop() {
		if _, err := Train(context.Background(), docs, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmbed embeds one abstract-sized text with a trained model.
func BenchmarkEmbed(b *testing.B) {
	docs := loadSample(b)
	m, err := Train(context.Background(), docs, TrainOptions{Epochs: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{docs[0].Title + "\n" + docs[0].Text}
	for b.Loop() {
		m.Embed(context.Background(), texts)
	}
}
