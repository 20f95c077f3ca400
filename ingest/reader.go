package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// rawRecord is one undecoded record: a line of a JSON-lines file or an item
// of a JSON array. num counts lines (1-based, blank lines included) or items.
type rawRecord struct {
	num  int
	data []byte // valid until the next call to next
	err  *RecordError
}

// recordReader yields raw records. next returns io.EOF at a clean end and any
// other error when the input stops early (truncated gzip, corrupt data).
type recordReader interface {
	next() (rawRecord, error)
}

// lineReader reads JSON lines. A line longer than max is skipped (read
// through to its end without keeping it) and reported.
type lineReader struct {
	r    *bufio.Reader
	max  int
	num  int
	long []byte
}

func (l *lineReader) next() (rawRecord, error) {
	for {
		line, err := l.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			rec, err := l.readLong(line)
			if rec.err == nil && len(bytes.TrimSpace(rec.data)) == 0 && err == nil {
				continue
			}
			return rec, err
		}
		if len(line) == 0 && err != nil {
			return rawRecord{}, err
		}
		l.num++
		if len(line) > l.max {
			return rawRecord{num: l.num, err: skipf(ReasonTooLong, "line longer than %d bytes", l.max)}, nil
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			// A last line without its newline at a clean EOF is a record; the
			// error (EOF or truncation) comes with the next call.
			return rawRecord{num: l.num, data: t}, nil
		}
		if err != nil {
			return rawRecord{}, err
		}
	}
}

// readLong assembles a line longer than the buffer, up to max bytes.
func (l *lineReader) readLong(first []byte) (rawRecord, error) {
	l.long = append(l.long[:0], first...)
	tooLong := false
	for {
		part, err := l.r.ReadSlice('\n')
		if !tooLong {
			l.long = append(l.long, part...)
			if len(l.long) > l.max {
				tooLong, l.long = true, l.long[:0]
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		l.num++
		if tooLong {
			return rawRecord{num: l.num, err: skipf(ReasonTooLong, "line longer than %d bytes", l.max)}, nilIfEOF(err)
		}
		return rawRecord{num: l.num, data: bytes.TrimSpace(l.long)}, nilIfEOF(err)
	}
}

// skip discards whole lines up to and including line n (used to resume).
func (l *lineReader) skip(n int) error {
	for l.num < n {
		_, err := l.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return err
		}
		l.num++
	}
	return nil
}

func nilIfEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// arrayReader reads the items of one JSON array (Hugging Face's daily_papers).
// A syntax error ends the array: the items before it are kept.
type arrayReader struct {
	dec     *json.Decoder
	num     int
	started bool
	item    json.RawMessage
}

func newArrayReader(r io.Reader) *arrayReader {
	return &arrayReader{dec: json.NewDecoder(r)}
}

func (a *arrayReader) next() (rawRecord, error) {
	if !a.started {
		a.started = true
		t, err := a.dec.Token()
		if err != nil {
			return rawRecord{}, fmt.Errorf("expected a JSON array: %w", err)
		}
		if t != json.Delim('[') {
			return rawRecord{}, fmt.Errorf("expected a JSON array, found %v", t)
		}
	}
	if !a.dec.More() {
		if _, err := a.dec.Token(); err != nil { // the closing bracket
			return rawRecord{}, fmt.Errorf("array not closed after item %d: %w", a.num, err)
		}
		return rawRecord{}, io.EOF
	}
	a.num++
	a.item = a.item[:0]
	if err := a.dec.Decode(&a.item); err != nil {
		return rawRecord{}, fmt.Errorf("item %d: %w", a.num, err)
	}
	return rawRecord{num: a.num, data: a.item}, nil
}

// skip discards items up to and including item n (used to resume).
func (a *arrayReader) skip(n int) error {
	for a.num < n {
		if _, err := a.next(); err != nil {
			return err
		}
	}
	return nil
}
