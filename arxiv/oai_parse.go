package arxiv

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Page is one ListRecords response: its papers, the records skipped as
// malformed, and the resumptionToken that fetches the next page. A harvester
// commits Papers and Token together, so progress never runs ahead of data.
type Page struct {
	Number  int                // 1-based position of the page within one ListRecords call
	Papers  []*paperwire.Paper // good records in page order; deleted ones have only ID and Withdrawn
	Skipped []Skip             // malformed records, with position and reason
	Records int                // records on the page: len(Papers) + len(Skipped)
	Deleted int                // records whose header says status="deleted"

	// Token is the resumptionToken that follows this page, "" on the last page.
	Token            string
	Cursor           int // the token's cursor attribute, -1 when absent
	CompleteListSize int // the token's completeListSize attribute, -1 when absent

	// MaxDatestamp is the newest header datestamp on the page (YYYY-MM-DD), ""
	// if none: the next incremental harvest starts from the newest one seen.
	MaxDatestamp string
	ResponseDate time.Time
}

// Skip reports a record that could not be used and why.
type Skip struct {
	Position int    // 1-based position of the record on its page (or entry in a feed)
	ID       string // the identifier as the record gave it, if any
	Reason   string
}

func (s Skip) String() string {
	if s.ID == "" {
		return fmt.Sprintf("record %d: %s", s.Position, s.Reason)
	}
	return fmt.Sprintf("record %d (%s): %s", s.Position, s.ID, s.Reason)
}

// OAIError is an error condition an OAI-PMH repository reported
// (badArgument, badResumptionToken, cannotDisseminateFormat, …).
// noRecordsMatch is not one: it means zero records.
type OAIError struct {
	Code    string
	Message string
}

func (e *OAIError) Error() string {
	return fmt.Sprintf("OAI-PMH error %s: %s", e.Code, e.Message)
}

// Unwrap maps the OAI code to a paperwire error, so callers and the web layer
// can tell a caller's mistake (EINVALID) from a missing record (ENOTFOUND).
func (e *OAIError) Unwrap() error {
	switch e.Code {
	case "idDoesNotExist":
		return paperwire.Errorf(paperwire.ENOTFOUND, "arXiv has no record %s", e.Message)
	case "badArgument", "badVerb", "cannotDisseminateFormat", "noSetHierarchy", "badResumptionToken":
		return paperwire.Errorf(paperwire.EINVALID, "arXiv OAI-PMH refused the request: %s (%s)", e.Message, e.Code)
	}
	return nil
}

// oaiDoc is what the streaming decoder collects from one OAI-PMH response.
type oaiDoc struct {
	responseDate string
	errors       []OAIError
	records      []oaiRecord
	token        *oaiToken
	identify     *Repository
}

type oaiToken struct {
	Value            string `xml:",chardata"`
	Cursor           string `xml:"cursor,attr"`
	CompleteListSize string `xml:"completeListSize,attr"`
}

type oaiRecord struct {
	Header struct {
		Status     string `xml:"status,attr"`
		Identifier string `xml:"identifier"`
		Datestamp  string `xml:"datestamp"`
	} `xml:"header"`
	Metadata struct {
		ArXiv    *arXivMeta    `xml:"arXiv"`
		ArXivRaw *arXivRawMeta `xml:"arXivRaw"`
	} `xml:"metadata"`
}

// errNotOAI marks a well-formed document that is not an OAI-PMH response.
var errNotOAI = errors.New("not an OAI-PMH response")

// decodeOAI reads an OAI-PMH response token by token, decoding each record
// on its own. Any XML syntax error (a truncated body, most often) fails the
// whole page: without the resumptionToken at its end the page is unusable.
func decodeOAI(data []byte) (*oaiDoc, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = charsetReader
	doc := &oaiDoc{}
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if root {
				return nil, fmt.Errorf("empty response: %w", io.ErrUnexpectedEOF)
			}
			return doc, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root {
			root = false
			if se.Name.Local != "OAI-PMH" {
				return nil, fmt.Errorf("root element <%s>: %w", se.Name.Local, errNotOAI)
			}
			continue
		}
		switch se.Name.Local {
		case "responseDate":
			err = dec.DecodeElement(&doc.responseDate, &se)
		case "error":
			var e struct {
				Code    string `xml:"code,attr"`
				Message string `xml:",chardata"`
			}
			err = dec.DecodeElement(&e, &se)
			doc.errors = append(doc.errors, OAIError{Code: e.Code, Message: clean(e.Message)})
		case "record":
			var r oaiRecord
			err = dec.DecodeElement(&r, &se)
			doc.records = append(doc.records, r)
		case "resumptionToken":
			doc.token = &oaiToken{}
			err = dec.DecodeElement(doc.token, &se)
		case "Identify":
			doc.identify = &Repository{}
			err = dec.DecodeElement(doc.identify, &se)
		}
		if err != nil {
			return nil, err
		}
	}
}

// charsetReader accepts the encodings OAI-PMH responses declare; the protocol
// requires UTF-8, and ISO-8859-1 is mapped byte for byte.
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return strings.NewReader(string(r)), nil
	}
	return nil, fmt.Errorf("unsupported charset %q", charset)
}

// ParseListRecords parses one ListRecords response in the arXiv or arXivRaw
// metadata format. noRecordsMatch yields an empty page; any other OAI error
// is returned as *OAIError. Malformed records are skipped and listed in
// Page.Skipped; the rest of the page is kept.
func ParseListRecords(data []byte) (*Page, error) {
	doc, err := decodeOAI(data)
	if err != nil {
		return nil, fmt.Errorf("parsing OAI-PMH response: %w", err)
	}
	page := &Page{Cursor: -1, CompleteListSize: -1}
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(doc.responseDate)); err == nil {
		page.ResponseDate = t.UTC()
	}
	for _, e := range doc.errors {
		if e.Code == "noRecordsMatch" {
			return page, nil
		}
	}
	if len(doc.errors) > 0 {
		e := doc.errors[0]
		return nil, &e
	}
	limit := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	if !page.ResponseDate.IsZero() {
		limit = page.ResponseDate.Add(48 * time.Hour)
	}
	for i := range doc.records {
		rec := &doc.records[i]
		page.Records++
		p, err := rec.paper(limit)
		if err != nil {
			page.Skipped = append(page.Skipped, Skip{Position: i + 1, ID: clean(rec.Header.Identifier), Reason: err.Error()})
			continue
		}
		if p.Withdrawn && rec.Header.Status == "deleted" {
			page.Deleted++
		}
		page.Papers = append(page.Papers, p)
		if ds := clean(rec.Header.Datestamp); len(ds) >= 10 {
			if _, err := parseDay(ds[:10]); err == nil && ds[:10] > page.MaxDatestamp {
				page.MaxDatestamp = ds[:10]
			}
		}
	}
	if t := doc.token; t != nil {
		page.Token = strings.TrimSpace(t.Value)
		page.Cursor = atoiOr(t.Cursor, -1)
		page.CompleteListSize = atoiOr(t.CompleteListSize, -1)
	}
	return page, nil
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// Repository is what an OAI-PMH Identify response says about the repository.
type Repository struct {
	Name              string `xml:"repositoryName"`
	BaseURL           string `xml:"baseURL"`
	ProtocolVersion   string `xml:"protocolVersion"`
	AdminEmail        string `xml:"adminEmail"`
	EarliestDatestamp string `xml:"earliestDatestamp"`
	DeletedRecord     string `xml:"deletedRecord"`
	Granularity       string `xml:"granularity"`
}

// ParseIdentify parses an Identify response.
func ParseIdentify(data []byte) (*Repository, error) {
	doc, err := decodeOAI(data)
	if err != nil {
		return nil, fmt.Errorf("parsing OAI-PMH Identify response: %w", err)
	}
	if len(doc.errors) > 0 {
		e := doc.errors[0]
		return nil, &e
	}
	if doc.identify == nil {
		return nil, errors.New("parsing OAI-PMH Identify response: no <Identify> element")
	}
	r := doc.identify
	for _, f := range []*string{&r.Name, &r.BaseURL, &r.ProtocolVersion, &r.AdminEmail, &r.EarliestDatestamp, &r.DeletedRecord, &r.Granularity} {
		*f = clean(*f)
	}
	return r, nil
}
