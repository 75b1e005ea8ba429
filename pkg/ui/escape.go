package ui

import (
	"reflect"
	"unicode/utf8"

	"github.com/yodeldeploy/yodel/pkg/termsafe"
)

// Escape shows the control characters of s as escapes (termsafe.Escape):
// whatever Marathon holds was written by anyone who can post an app there.
func Escape(s string) string { return termsafe.Escape(s) }

func needsEscaping(s string) bool { return termsafe.Needed(s) }

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
