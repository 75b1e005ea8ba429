package ui

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Escape shows the control characters of s as escapes: C0 as \n, \r, \t
// or \xNN, DEL as \x7f, C1 and the Unicode bidi controls as \uNNNN, bytes
// that are not UTF-8 as \xNN. Whatever Marathon holds (app ids, labels,
// task failures, health check causes) was written by anyone who can post
// an app there: printed raw, an escape sequence rewrites the operator's
// terminal (colours, its title, erased lines), a newline fakes table rows
// and a bidi override shows text reversed. A backslash stays as it is:
// this is for reading, not for parsing back.
func Escape(s string) string {
	if !needsEscaping(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case needsEscape(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

func needsEscaping(s string) bool {
	return strings.IndexFunc(s, needsEscape) >= 0 || !utf8.ValidString(s)
}

func needsEscape(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1 (0x9b is a CSI)
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // ALM, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

// Escaped returns a copy of v, a view model, with Escape applied to every
// string in its exported fields, slices, arrays, maps and pointers. Text
// renderers start from it, so no field, today's or tomorrow's, reaches a
// terminal raw; -o json writes the model itself, exact. v must not hold a
// cycle of pointers. Unexported fields are copied as they are: a renderer
// outside the model's package cannot print them.
func Escaped[T any](v T) T {
	c := reflect.ValueOf(&v).Elem()
	escapeIn(c)
	return v
}

// escapeIn escapes the strings under v (settable) in place, copying
// whatever v shares (slices, maps, pointers) first.
func escapeIn(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); needsEscaping(s) {
			v.SetString(Escape(s))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				escapeIn(v.Field(i))
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			escapeIn(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() || !hasStrings(v.Type().Elem(), 0) {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			escapeIn(c.Index(i))
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() || !hasStrings(v.Type().Elem(), 0) {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		escapeIn(c.Elem())
		v.Set(c)
	case reflect.Map:
		if v.IsNil() || !hasStrings(v.Type(), 0) {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			escapeIn(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			escapeIn(e)
			c.SetMapIndex(k, e)
		}
		v.Set(c)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := reflect.New(v.Elem().Type()).Elem()
		e.Set(v.Elem())
		escapeIn(e)
		v.Set(e)
	}
}

// hasStrings says whether a value of type t can hold a string escapeIn
// reaches, so that what cannot ([]byte, []int, time.Time) is not copied.
// depth stops at recursive types, which are then assumed to.
func hasStrings(t reflect.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Interface:
		return true
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && hasStrings(f.Type, depth+1) {
				return true
			}
		}
	case reflect.Array, reflect.Slice, reflect.Pointer:
		return hasStrings(t.Elem(), depth+1)
	case reflect.Map:
		return hasStrings(t.Key(), depth+1) || hasStrings(t.Elem(), depth+1)
	}
	return false
}

// Cut shortens s to n runes, its last one "…", when it is longer.
func Cut(s string, n int) string {
	if n < 1 || utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for range n - 1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}
