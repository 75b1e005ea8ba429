package emulator

import (
	"fmt"
	"regexp"
	"strings"
)

// labelSelector is one selector of a ?label= query (LabelSelector.scala):
// the label must exist and its value satisfy match.
type labelSelector struct {
	key   string
	match func(string) bool
}

// labelTerm is LabelSelectorParsers.term: A-Za-z0-9._- and any character
// escaped with a backslash.
var labelTerm = regexp.MustCompile(`^(?:\\.|[-A-Za-z0-9_.])+`)

var unescapeLabel = regexp.MustCompile(`\\(.)`)

// parseLabelSelectors parses Marathon's label selector query:
//
//	query: selector {, selector}
//	selector: term | term ==|!= term | term in|notin ( term {, term} )
//
// Every selector, != and notin included, requires the label to exist.
func parseLabelSelectors(in string) ([]labelSelector, error) {
	p := &labelParser{s: in}
	var out []labelSelector
	p.space()
	if p.done() {
		return nil, nil
	}
	for {
		sel, err := p.selector()
		if err != nil {
			//lint:ignore ST1005 Marathon's message, word for word
			return nil, fmt.Errorf("Can not parse label selector %s. Reason: %v", in, err)
		}
		out = append(out, sel)
		p.space()
		if p.done() {
			return out, nil
		}
		if !p.lit(",") {
			//lint:ignore ST1005 Marathon's message, word for word
			return nil, fmt.Errorf("Can not parse label selector %s. Reason: ',' expected at offset %d", in, p.i)
		}
	}
}

type labelParser struct {
	s string
	i int
}

func (p *labelParser) space() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
}

func (p *labelParser) done() bool { return p.i >= len(p.s) }

func (p *labelParser) lit(l string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], l) {
		p.i += len(l)
		return true
	}
	return false
}

func (p *labelParser) term() (string, error) {
	p.space()
	m := labelTerm.FindString(p.s[p.i:])
	if m == "" {
		return "", fmt.Errorf("a label or value expected at offset %d (escape other characters with \\)", p.i)
	}
	p.i += len(m)
	return unescapeLabel.ReplaceAllString(m, "$1"), nil
}

func (p *labelParser) selector() (labelSelector, error) {
	key, err := p.term()
	if err != nil {
		return labelSelector{}, err
	}
	switch {
	case p.lit("=="), p.lit("!="):
		neg := p.s[p.i-2:p.i] == "!="
		v, err := p.term()
		if err != nil {
			return labelSelector{}, err
		}
		return labelSelector{key, func(x string) bool { return (x == v) != neg }}, nil
	case p.word("notin"), p.word("in"):
		neg := strings.HasSuffix(p.s[:p.i], "notin")
		if !p.lit("(") {
			return labelSelector{}, fmt.Errorf("'(' expected at offset %d", p.i)
		}
		set := map[string]bool{}
		if !p.lit(")") {
			for {
				v, err := p.term()
				if err != nil {
					return labelSelector{}, err
				}
				set[v] = true
				if p.lit(")") {
					break
				}
				if !p.lit(",") {
					return labelSelector{}, fmt.Errorf("',' or ')' expected at offset %d", p.i)
				}
			}
		}
		return labelSelector{key, func(x string) bool { return set[x] != neg }}, nil
	}
	return labelSelector{key, func(string) bool { return true }}, nil
}

// word consumes w when it stands as a word (followed by a space or "(").
func (p *labelParser) word(w string) bool {
	save := p.i
	p.space()
	rest := p.s[p.i:]
	if strings.HasPrefix(rest, w) && (len(rest) == len(w) || strings.ContainsRune(" \t(", rune(rest[len(w)]))) {
		p.i += len(w)
		return true
	}
	p.i = save
	return false
}

func matchLabels(labels map[string]string, sels []labelSelector) bool {
	for _, s := range sels {
		v, ok := labels[s.key]
		if !ok || !s.match(v) {
			return false
		}
	}
	return true
}
