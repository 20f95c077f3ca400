// Package arxiv speaks arXiv's two public metadata interfaces, OAI-PMH
// (export.arxiv.org/oai2) and the Atom search API (export.arxiv.org/api/query),
// and turns their records into paperwire.Paper values.
//
// It is protocol only: nothing here stores papers. Both clients follow arXiv's
// terms of use (one request at a time, a pause between requests, a User-Agent
// naming the product) and survive what arXiv and networks do in practice: 503
// answers with Retry-After, connection resets, truncated bodies, HTML error
// pages, empty result pages. Malformed records inside a good response are
// skipped and reported, never fatal.
package arxiv
