package strictyaml

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yodeldeploy/yodel/third_party/yaml"
	"github.com/yodeldeploy/yodel/third_party/yaml/ast"
	"github.com/yodeldeploy/yodel/third_party/yaml/parser"
	"github.com/yodeldeploy/yodel/third_party/yaml/token"
)

// MaxFileSize caps what yodel reads as a manifest or realm file. Real files
// are a few KiB. Parsing and validation are linear in the input (the YAML
// parser is a patched copy, third_party/yaml, whose block mappings
// were quadratic); at the cap the worst shape costs about 0.4 s of CPU
// (BENCHMARKS.md, "manifest validation").
const MaxFileSize = 256 << 10

// maxIndent bounds block nesting ("- - - x" or deep indentation) for the
// same reason maxFlowDepth bounds brackets.
const maxIndent = 200

// maxFlowDepth bounds bracket nesting before the parser sees the input: the
// YAML parser recurses per level, and no real file nests more than a handful.
const maxFlowDepth = 64

// ScalarSetter lets a type decode itself from a scalar's text (durations,
// "Name: value" headers). A type that also has fields still decodes from a
// mapping; SetScalar is only used when the YAML node is a scalar.
type ScalarSetter interface {
	SetScalar(text string) error
}

// Pos is a 1-based line and column.
type Pos struct{ Line, Col int }

// Doc is a decoded file: the positions of every field seen, by path
// ("ports[0].servicePort"), and the problems found so far. Validation code
// adds its own problems with Errorf so they carry the same positions.
type Doc struct {
	File string
	pos  map[string]Pos
	errs Errors
	// failed holds every path with a problem at it or below it, so that
	// Failed is a map lookup: a scan of errs made validation quadratic in
	// the number of problems (8,000 `- {}` ports took 19 s).
	failed map[string]bool
	parsed bool
}

// Parsed reports whether the file was valid YAML with a document in it, so
// that field-level validation makes sense.
func (d *Doc) Parsed() bool { return d.parsed }

// NewDoc returns an empty Doc for file, for problems found before parsing.
func NewDoc(file string) *Doc {
	return &Doc{File: file, pos: map[string]Pos{}, failed: map[string]bool{}}
}

// ReadFile reads path, refusing files over MaxFileSize before reading them.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("file is %d bytes, larger than the %d KiB limit: is this really a yodel file?", st.Size(), MaxFileSize>>10)}
	}
	// Stat can lie (pipes, /proc); read one byte past the cap to know.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, &Error{File: path, Msg: fmt.Sprintf("file is larger than the %d KiB limit: is this really a yodel file?", MaxFileSize>>10)}
	}
	return data, nil
}

// Decode parses data (named file in messages) into out, a pointer to a
// struct whose fields carry `yaml:"name"` tags. It never stops at the first
// problem: the returned Doc holds every problem and every field position.
// what names the kind of file for the empty-file message ("manifest").
func Decode(file string, data []byte, out any, what string) *Doc {
	d := NewDoc(file)
	if len(data) > MaxFileSize {
		d.record(&Error{File: file, Msg: fmt.Sprintf("file is larger than the %d KiB limit", MaxFileSize>>10)})
		return d
	}
	if depth, line := flowDepth(data); depth > maxFlowDepth {
		d.record(&Error{File: file, Line: line, Col: 1, Msg: fmt.Sprintf("brackets nested more than %d deep", maxFlowDepth)})
		return d
	}
	if line := deepIndent(data); line > 0 {
		d.record(&Error{File: file, Line: line, Col: 1, Msg: fmt.Sprintf("nested more than %d columns deep", maxIndent)})
		return d
	}
	// YAML allows a byte order mark at the start (Windows editors write
	// one); the parser would take it as part of the first key.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if line, col, ok := invalidUTF8(data); ok {
		// The parser would replace the bytes with U+FFFD and a deploy
		// would send that, silently changed.
		d.record(&Error{File: file, Line: line, Col: col, Msg: "not UTF-8 text: save the file as UTF-8"})
		return d
	}
	// Duplicate keys are reported by decodeStruct/decodeMap beside every
	// other problem; the parser would stop the whole file at the first.
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		d.record(d.syntaxError(err))
		return d
	}
	var body ast.Node
	docs := 0
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, ok := doc.Body.(*ast.CommentGroupNode); ok {
			continue
		}
		docs++
		if docs == 1 {
			body = doc.Body
		} else {
			d.add(nodePos(doc.Body), "", "a second YAML document (---) in the same file: put one %s per file", what)
			return d
		}
	}
	if body == nil {
		msg := "file is empty: expected a " + what
		if h, ok := out.(EmptyHinter); ok {
			msg += h.EmptyHint(file)
		}
		d.record(&Error{File: file, Msg: msg})
		return d
	}
	if b, ok := d.unwrap(body, ""); !ok {
		return d
	} else if _, ok := mappingValues(b); !ok {
		d.add(nodePos(b), "", "the file must be a mapping of keys (such as `service: name`), found %s", kindName(b))
		return d
	}
	d.parsed = true
	d.pos[""] = nodePos(body)
	d.decode(body, reflect.ValueOf(out).Elem(), "")
	return d
}

// invalidUTF8 returns the line and column (in bytes) of the first byte of
// data that is not UTF-8.
func invalidUTF8(data []byte) (line, col int, found bool) {
	if utf8.Valid(data) {
		return 0, 0, false
	}
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line, i - start + 1, true
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return 0, 0, false
}

// flowDepth returns the deepest [ / { nesting outside comments, and the line
// where it was reached. Quotes are not tracked (an apostrophe in a plain
// scalar is not a quote), so brackets inside strings count too: harmless at
// this limit.
func flowDepth(data []byte) (int, int) {
	depth, max, line, maxLine := 0, 0, 1, 0
	comment := false
	for i, c := range data {
		switch {
		case c == '\n':
			line++
			comment = false
		case comment:
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			comment = true
		case c == '[' || c == '{':
			depth++
			if depth > max {
				max, maxLine = depth, line
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return max, maxLine
}

// deepIndent returns the first line whose structure (indentation plus
// leading "- ", "? " and ": " indicators) goes deeper than maxIndent, or 0.
func deepIndent(data []byte) int {
	line, col, structural := 1, 0, true
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line, col, structural = line+1, 0, true
			continue
		case !structural:
			continue
		case c == ' ' || c == '\t':
			col++
		case (c == '-' || c == '?' || c == ':') && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\t'):
			col++
		default:
			structural = false
		}
		if col > maxIndent {
			return line
		}
	}
	return 0
}

func (d *Doc) syntaxError(err error) *Error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{File: d.File, Msg: "YAML syntax: " + ye.GetMessage()}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
		}
		return e
	}
	return &Error{File: d.File, Msg: "YAML syntax: " + err.Error()}
}

// Errors returns the problems found, sorted by position.
func (d *Doc) Errors() Errors {
	d.errs.Sort()
	return d.errs
}

// Err returns the problems as an error, or nil.
func (d *Doc) Err() error { return d.Errors().Err() }

// Has reports whether path was written in the file.
func (d *Doc) Has(path string) bool {
	_, ok := d.pos[path]
	return ok
}

// Pos returns the position of path, or of its nearest written ancestor, so
// a missing field is reported where its parent is.
func (d *Doc) Pos(path string) Pos {
	for {
		if p, ok := d.pos[path]; ok {
			return p
		}
		if path == "" {
			return Pos{}
		}
		path = parentPath(path)
	}
}

func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// Errorf records a problem with field path.
func (d *Doc) Errorf(path, format string, args ...any) {
	d.add(d.Pos(path), path, format, args...)
}

// SetPos records where a path came from when it was not read from the file
// (for example an environment override), so later messages still point
// somewhere useful. Line 0 prints no position.
func (d *Doc) SetPos(path string, p Pos) { d.pos[path] = p }

func (d *Doc) add(p Pos, path, format string, args ...any) {
	d.record(&Error{File: d.File, Line: p.Line, Col: p.Col, Field: path, Msg: fmt.Sprintf(format, args...)})
}

func nodePos(n ast.Node) Pos {
	if n == nil {
		return Pos{}
	}
	// A block mapping's own token is the first ':'; its first key is
	// where a reader's eye goes.
	switch t := n.(type) {
	case *ast.MappingNode:
		if len(t.Values) > 0 && !t.IsFlowStyle {
			return nodePos(t.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return nodePos(t.Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{tk.Position.Line, tk.Position.Column}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var scalarSetterType = reflect.TypeOf((*ScalarSetter)(nil)).Elem()

// unwrap strips anchors; aliases are refused because they make positions
// ambiguous and allow exponential expansion, and tags because nothing here
// would honour them: `!secret x` or `!!binary ...` would be read as the
// plain text, and `!!str 1` as the number.
func (d *Doc) unwrap(n ast.Node, path string) (ast.Node, bool) {
	for {
		switch t := n.(type) {
		case *ast.AnchorNode:
			n = t.Value
		case *ast.TagNode:
			d.add(nodePos(t), path, "YAML tags (%s) are not supported: remove the tag; write secrets under secrets: as env:VAR or file:PATH", t.Start.Value)
			return nil, false
		case *ast.AliasNode:
			d.add(nodePos(t), path, "YAML aliases (*name) are not supported: write the value out")
			return nil, false
		default:
			return n, true
		}
	}
}

func isNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

func kindName(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode:
		return "an integer"
	case *ast.FloatNode:
		return "a number"
	case *ast.InfinityNode:
		return "infinity (" + n.GetToken().Value + ")"
	case *ast.NanNode:
		return "not-a-number (.nan)"
	case *ast.BoolNode:
		return "a boolean"
	}
	return "a " + n.Type().String()
}

func (d *Doc) decode(n ast.Node, v reflect.Value, path string) {
	n, ok := d.unwrap(n, path)
	if !ok || isNull(n) {
		return // an empty value is the same as an absent key
	}
	if v.Kind() == reflect.Pointer {
		elem := reflect.New(v.Type().Elem())
		before := len(d.errs)
		d.decode(n, elem.Elem(), path)
		// A value that failed stays absent. A section (a struct) is kept
		// with what of it decoded, so that validation still reports the
		// problems of its other fields: every problem at once, not one
		// per run.
		if len(d.errs) == before || (elem.Elem().Kind() == reflect.Struct && !elem.Type().Implements(scalarSetterType)) {
			v.Set(elem)
		}
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(scalarSetterType) {
		if text, ok := scalarText(n); ok {
			if err := v.Addr().Interface().(ScalarSetter).SetScalar(text); err != nil {
				d.add(nodePos(n), path, "%v", err)
			}
			return
		}
		if v.Kind() != reflect.Struct {
			d.add(nodePos(n), path, "expected a single value, found %s", kindName(n))
			return
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.String:
		text, ok := scalarText(n)
		if !ok {
			hint := ""
			if _, isMap := mappingValues(n); isMap {
				// `url: http://h:80` inside {...} or a value with ": "
				// reads as a mapping; quoting is the fix.
				hint = ` (put the value in quotes if it contains ":")`
			}
			d.add(nodePos(n), path, "expected a string, found %s%s", kindName(n), hint)
			return
		}
		v.SetString(text)
	case reflect.Int, reflect.Int64:
		if why := numberText(n); why != "" {
			d.add(nodePos(n), path, "%s", why)
			return
		}
		switch t := n.(type) {
		case *ast.IntegerNode:
			var i int64
			switch x := t.Value.(type) {
			case int64:
				i = x
			case uint64:
				if x > math.MaxInt64 {
					d.add(nodePos(n), path, "number %s is too large", t.Token.Value)
					return
				}
				i = int64(x)
			}
			v.SetInt(i)
		default:
			d.add(nodePos(n), path, "expected a whole number, found %s", kindName(n))
		}
	case reflect.Float64:
		if why := numberText(n); why != "" {
			d.add(nodePos(n), path, "%s", why)
			return
		}
		if f, ok := plainFloat(n); ok {
			v.SetFloat(f)
			return
		}
		switch t := n.(type) {
		case *ast.IntegerNode:
			switch x := t.Value.(type) {
			case int64:
				v.SetFloat(float64(x))
			case uint64:
				v.SetFloat(float64(x))
			}
		case *ast.FloatNode:
			if math.IsNaN(t.Value) || math.IsInf(t.Value, 0) {
				d.add(nodePos(n), path, "expected a finite number, found %s", t.Token.Value)
				return
			}
			v.SetFloat(t.Value)
		case *ast.InfinityNode, *ast.NanNode:
			d.add(nodePos(n), path, "expected a finite number, found %s", kindName(n))
		default:
			d.add(nodePos(n), path, "expected a number, found %s", kindName(n))
		}
	case reflect.Bool:
		b, ok := n.(*ast.BoolNode)
		if !ok {
			d.add(nodePos(n), path, "expected true or false, found %s", kindName(n))
			return
		}
		v.SetBool(b.Value)
	default:
		// A programming error in the schema, not in the file.
		panic(fmt.Sprintf("strictyaml: unsupported field type %s at %s", v.Type(), path))
	}
}

// leadingZero is a whole number written with a leading 0, which YAML 1.1
// (and the parser) reads as octal and YAML 1.2 as decimal.
var leadingZero = regexp.MustCompile(`^[-+]?0[0-9]+$`)

// numberText returns why a plain scalar written as a number cannot be
// taken as one, or "".
func numberText(n ast.Node) string {
	switch t := n.(type) {
	case *ast.IntegerNode:
		if text := t.Token.Value; leadingZero.MatchString(text) {
			return fmt.Sprintf("%s starts with 0, which reads as octal (%v): write the number without the leading 0, or as 0o%s for octal", text, t.Value, cmp.Or(strings.TrimLeft(strings.TrimLeft(text, "+-"), "0"), "0"))
		}
	case *ast.StringNode:
		if t.Token.Type != token.StringType {
			return "" // quoted: a string, said by the caller
		}
		if _, err := strconv.ParseInt(t.Value, 10, 64); errors.Is(err, strconv.ErrRange) {
			return fmt.Sprintf("number %s is too large", t.Value)
		}
	}
	return ""
}

// plainFloat reads a plain scalar the parser left as a string but YAML
// 1.2's core schema reads as a float (1e20, with no dot), or a whole
// number too large for 64 bits: as the number written.
func plainFloat(n ast.Node) (float64, bool) {
	t, ok := n.(*ast.StringNode)
	if !ok || t.Token.Type != token.StringType || !floatRe.MatchString(t.Value) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t.Value, 64)
	return f, err == nil && !math.IsInf(f, 0)
}

// floatRe is YAML 1.2's core schema float, without .inf and .nan.
var floatRe = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// scalarText is the text of a scalar. Numbers and booleans keep the text as
// written, so `PORT: 8080` in an env map is the string "8080".
func scalarText(n ast.Node) (string, bool) {
	switch t := n.(type) {
	case *ast.StringNode:
		return t.Value, true
	case *ast.LiteralNode:
		if t.Value == nil {
			return "", true
		}
		return t.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// mappingValues returns the key/value pairs of a mapping node; ok is false
// when n is not a mapping.
func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch t := n.(type) {
	case *ast.MappingNode:
		return t.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{t}, true
	}
	return nil, false
}

// keyText returns a mapping key as a string, reporting keys that cannot be
// field names.
func (d *Doc) keyText(mv *ast.MappingValueNode, path string) (string, bool) {
	k, ok := d.unwrap(mv.Key, path)
	if !ok {
		return "", false
	}
	if _, merge := k.(*ast.MergeKeyNode); merge {
		d.add(nodePos(k), path, "merge keys (<<) are not supported: write the keys out")
		return "", false
	}
	text, ok := scalarText(k)
	if !ok {
		d.add(nodePos(k), path, "a key must be a plain name, found %s", kindName(k))
		return "", false
	}
	return text, true
}

type fieldInfo struct {
	index []int
	name  string
}

func structFields(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || name == "" {
			continue
		}
		out = append(out, fieldInfo{index: f.Index, name: name})
	}
	return out
}

func (d *Doc) decodeStruct(n ast.Node, v reflect.Value, path string) {
	values, ok := mappingValues(n)
	if !ok {
		d.add(nodePos(n), path, "expected a mapping (key: value lines), found %s", kindName(n))
		return
	}
	fields := structFields(v.Type())
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	seen := make(map[string]Pos, len(values))
	for _, mv := range values {
		key, ok := d.keyText(mv, path)
		if !ok || d.duplicate(seen, mv, path, key) {
			continue
		}
		kp := join(path, key)
		var fi *fieldInfo
		for i := range fields {
			if fields[i].name == key {
				fi = &fields[i]
				break
			}
		}
		if fi == nil {
			msg := "unknown key"
			if s := DidYouMean(key, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; known keys here: " + strings.Join(names, ", ")
			}
			d.add(nodePos(mv.Key), kp, "%s", msg)
			continue
		}
		d.pos[kp] = nodePos(mv.Key)
		d.decode(mv.Value, v.FieldByIndex(fi.index), kp)
	}
}

// duplicate reports a key given twice in one mapping (the first one is
// kept and decoded) and records the key's position for the next time.
func (d *Doc) duplicate(seen map[string]Pos, mv *ast.MappingValueNode, path, key string) bool {
	p := nodePos(mv.Key)
	if first, dup := seen[key]; dup {
		d.add(p, join(path, key), "key %q is already set at line %d: keep one of the two", key, first.Line)
		return true
	}
	seen[key] = p
	return false
}

func (d *Doc) decodeMap(n ast.Node, v reflect.Value, path string) {
	values, ok := mappingValues(n)
	if !ok {
		d.add(nodePos(n), path, "expected a mapping (key: value lines), found %s", kindName(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		panic("strictyaml: map keys must be strings")
	}
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(v.Type(), len(values)))
	}
	seen := make(map[string]Pos, len(values))
	for _, mv := range values {
		key, ok := d.keyText(mv, path)
		if !ok || d.duplicate(seen, mv, path, key) {
			continue
		}
		kp := join(path, key)
		d.pos[kp] = nodePos(mv.Key)
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(mv.Value, elem, kp)
		v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), elem)
	}
}

func (d *Doc) decodeSlice(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.add(nodePos(n), path, "expected a list, found %s", kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, item := range seq.Values {
		ip := path + "[" + strconv.Itoa(i) + "]"
		d.pos[ip] = nodePos(item)
		d.decode(item, out.Index(i), ip)
	}
	v.Set(out)
}

// DidYouMean returns the candidate closest to s when it is close enough to be
// a likely typo, else "".
func DidYouMean(s string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		dist := levenshtein(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := 2
	if len(s) > 8 {
		limit = 3
	}
	if bestDist >= 0 && bestDist <= limit && bestDist < len(s) {
		return best
	}
	// A longer or shorter spelling of one key ("memory" for "mem",
	// "interval" for "intervalSeconds"): the one key it starts, or that
	// starts it.
	ls, prefixed := strings.ToLower(s), ""
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if (len(c) >= 3 && strings.HasPrefix(ls, lc)) || (len(s) >= 3 && strings.HasPrefix(lc, ls)) {
			if prefixed != "" {
				return "" // more than one: no guess
			}
			prefixed = c
		}
	}
	return prefixed
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// record appends a problem and marks its field and the field's ancestors
// as failed. The cost is the field's depth, not the number of problems.
func (d *Doc) record(e *Error) {
	d.errs = append(d.errs, e)
	if d.failed == nil {
		d.failed = map[string]bool{}
	}
	for p := e.Field; ; p = parentPath(p) {
		if d.failed[p] {
			break // its ancestors are marked already
		}
		d.failed[p] = true
		if p == "" {
			break
		}
	}
}

// Failed reports whether a problem was already recorded at path or below it,
// so validation does not pile "required" on top of "expected a number".
func (d *Doc) Failed(path string) bool { return d.failed[path] }
