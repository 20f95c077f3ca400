package analysis

// stopwords is the English stop list. It is Lucene's default English set
// (what the published BM25 baselines use) plus a few function words that carry
// no topical weight in abstracts. Kept short on purpose: "not", "no" and
// "against" matter in scientific claims, and long lists hurt phrase search.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "but": true, "by": true, "for": true, "if": true, "in": true,
	"into": true, "is": true, "it": true, "of": true, "on": true, "or": true,
	"such": true, "that": true, "the": true, "their": true, "then": true,
	"there": true, "these": true, "they": true, "this": true, "to": true,
	"was": true, "will": true, "with": true,
	"we": true, "our": true, "its": true, "from": true, "which": true,
	"been": true, "were": true, "has": true, "have": true, "can": true,
}

// IsStopword reports whether a lower-case word is dropped by the analyzer.
func IsStopword(w string) bool { return stopwords[w] }

// latexNoise are LaTeX commands that format rather than name something;
// after a backslash they are skipped (\mathcal{O} indexes "o", not "mathcal").
var latexNoise = map[string]bool{
	"mathcal": true, "mathbf": true, "mathrm": true, "mathbb": true, "mathit": true,
	"mathsf": true, "mathtt": true, "boldsymbol": true, "bm": true, "text": true,
	"textbf": true, "textit": true, "emph": true, "frac": true, "dfrac": true,
	"tfrac": true, "left": true, "right": true, "big": true, "bigl": true, "bigr": true,
	"cdot": true, "cdots": true, "ldots": true, "dots": true, "times": true,
	"operatorname": true, "mathop": true, "hat": true, "tilde": true, "bar": true,
	"widetilde": true, "widehat": true, "overline": true, "sqrt": true, "quad": true,
	"qquad": true, "le": true, "leq": true, "ge": true, "geq": true, "sim": true,
	"approx": true, "in": true, "to": true, "rightarrow": true, "mid": true,
}

// greek maps Greek letters to their Latin names so that "α-synuclein",
// "$\alpha$-synuclein" and "alpha-synuclein" analyse alike.
var greek = map[rune]string{
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'δ': "delta", 'ε': "epsilon", 'ϵ': "epsilon",
	'ζ': "zeta", 'η': "eta", 'θ': "theta", 'ϑ': "theta", 'ι': "iota", 'κ': "kappa",
	'λ': "lambda", 'μ': "mu", 'µ': "mu", 'ν': "nu", 'ξ': "xi", 'ο': "omicron", 'π': "pi",
	'ρ': "rho", 'σ': "sigma", 'ς': "sigma", 'τ': "tau", 'υ': "upsilon", 'φ': "phi",
	'ϕ': "phi", 'χ': "chi", 'ψ': "psi", 'ω': "omega",
	'Α': "alpha", 'Β': "beta", 'Γ': "gamma", 'Δ': "delta", 'Ε': "epsilon", 'Ζ': "zeta",
	'Η': "eta", 'Θ': "theta", 'Ι': "iota", 'Κ': "kappa", 'Λ': "lambda", 'Μ': "mu",
	'Ν': "nu", 'Ξ': "xi", 'Ο': "omicron", 'Π': "pi", 'Ρ': "rho", 'Σ': "sigma",
	'Τ': "tau", 'Υ': "upsilon", 'Φ': "phi", 'Χ': "chi", 'Ψ': "psi", 'Ω': "omega",
}

// latinFold strips accents from common Latin letters so "Schrödinger" and
// "Schrodinger" meet; names in author lists are often typed without them.
var latinFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'ţ': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}
