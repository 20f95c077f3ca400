package ingest

import "strings"

// normalizeAuthors picks the best author list a record has: the snapshot's
// parsed names, a list of names, or one string to split.
func normalizeAuthors(r *Record) []string {
	if len(r.AuthorsParsed) > 0 {
		out := make([]string, 0, len(r.AuthorsParsed))
		for _, parts := range r.AuthorsParsed {
			if name := parsedName(parts); name != "" {
				out = append(out, name)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if len(r.Authors) > 0 {
		out := make([]string, 0, len(r.Authors))
		for _, a := range r.Authors {
			if a = collapseSpace(a); a != "" {
				out = append(out, a)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return SplitAuthors(r.AuthorString)
}

// parsedName turns the snapshot's [last, first, suffix] into "First Last Suffix".
// arXiv writes hyphenated initials as "C. -P."; they are joined back to "C.-P.".
func parsedName(parts []string) string {
	var last, first, suffix string
	if len(parts) > 0 {
		last = collapseSpace(parts[0])
	}
	if len(parts) > 1 {
		first = strings.ReplaceAll(collapseSpace(parts[1]), ". -", ".-")
	}
	if len(parts) > 2 {
		suffix = collapseSpace(parts[2])
	}
	name := last
	if first != "" {
		name = strings.TrimSpace(first + " " + last)
	}
	if suffix != "" && name != "" {
		name += " " + suffix
	}
	return name
}

// SplitAuthors splits an author string such as "A. Smith, B. Jones Jr. and
// C. Doe (MIT)" into names. It splits on commas, semicolons and the word
// "and" outside parentheses, drops parenthesised affiliations, and keeps
// generational suffixes ("Jr.", "III") with the name before them.
func SplitAuthors(s string) []string {
	s = collapseSpace(s)
	if s == "" {
		return nil
	}
	var names []string
	var cur strings.Builder
	depth := 0
	emit := func() {
		name := strings.Trim(collapseSpace(cur.String()), " ,;")
		cur.Reset()
		name = strings.TrimPrefix(name, "and ")
		switch {
		case name == "" || name == "and" || name == "&":
		case isNameSuffix(name) && len(names) > 0:
			names[len(names)-1] += " " + name
		default:
			names = append(names, name)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == ',' || c == ';':
			emit()
		case c == ' ' && (strings.HasPrefix(s[i:], " and ") || strings.HasPrefix(s[i:], " & ")):
			emit()
			if s[i+1] == '&' {
				i += 2
			} else {
				i += 4
			}
		default:
			cur.WriteByte(c)
		}
	}
	emit()
	return names
}

// isNameSuffix reports whether s is a generational suffix that belongs to
// the preceding name rather than being an author of its own.
func isNameSuffix(s string) bool {
	switch strings.TrimSuffix(strings.ToLower(s), ".") {
	case "jr", "sr", "jnr", "snr", "ii", "iii", "iv", "v":
		return true
	}
	return false
}
