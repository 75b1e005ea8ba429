package jsondur

import (
	"encoding/json"
	"reflect"
	"sync"
	"time"
)

// MarshalNumeric writes v as encoding/json does, except that every Duration
// in it is a number of nanoseconds, as yodel wrote durations before this
// type existed. Records that other yodel versions read back from the state
// store (the rollout record) are written this way, so that a yodel from
// before the change, sharing the store, still reads them: the string form
// is for what people and scripts read (command output, the API).
//
// It mirrors v's type with time.Duration in place of Duration
// (reflect.StructOf keeps every field's name and tag) and copies v into
// it; a type with its own MarshalJSON, or one holding no Duration, is kept
// as it is.
func MarshalNumeric(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return json.Marshal(v)
	}
	m := numericType(rv.Type())
	if m == rv.Type() {
		return json.Marshal(v)
	}
	out := reflect.New(m).Elem()
	copyNumeric(out, rv)
	return json.Marshal(out.Interface())
}

var (
	durationType  = reflect.TypeFor[Duration]()
	nanosType     = reflect.TypeFor[time.Duration]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
	mirrors       sync.Map // reflect.Type -> reflect.Type
)

// numericType is t with time.Duration for Duration, wherever it holds one.
func numericType(t reflect.Type) reflect.Type {
	if m, ok := mirrors.Load(t); ok {
		return m.(reflect.Type)
	}
	m := t
	if holdsDuration(t, map[reflect.Type]bool{}) {
		m = buildNumeric(t)
	}
	mirrors.Store(t, m)
	return m
}

func ownMarshaler(t reflect.Type) bool {
	return t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType)
}

func holdsDuration(t reflect.Type, seen map[reflect.Type]bool) bool {
	if t == durationType {
		return true
	}
	if seen[t] || ownMarshaler(t) {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holdsDuration(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); (f.IsExported() || f.Anonymous) && holdsDuration(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

func buildNumeric(t reflect.Type) reflect.Type {
	switch {
	case t == durationType:
		return nanosType
	case ownMarshaler(t):
		return t
	}
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(numericType(t.Elem()))
	case reflect.Slice:
		return reflect.SliceOf(numericType(t.Elem()))
	case reflect.Array:
		return reflect.ArrayOf(t.Len(), numericType(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(t.Key(), numericType(t.Elem()))
	case reflect.Struct:
		var fields []reflect.StructField
		var paths [][]int
		structFields(t, nil, &fields, &paths)
		m := reflect.StructOf(fields)
		fieldPaths.Store(m, paths)
		return m
	}
	return t
}

// fieldPaths holds, for each mirrored struct type, the index path in the
// original type of each of its fields.
var fieldPaths sync.Map // reflect.Type -> [][]int

// structFields lists the fields of t that encoding/json writes, mirrored,
// with their index paths under at. An embedded struct of an unexported
// type (reflect.StructOf takes no unexported field) is flattened: its
// exported fields are promoted, as encoding/json writes them.
func structFields(t reflect.Type, at []int, fields *[]reflect.StructField, paths *[][]int) {
	for i := range t.NumField() {
		f := t.Field(i)
		path := append(append([]int(nil), at...), i)
		if f.Anonymous && !f.IsExported() && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			structFields(f.Type, path, fields, paths)
			continue
		}
		if !f.IsExported() {
			continue // encoding/json does not write it either
		}
		*fields = append(*fields, reflect.StructField{Name: f.Name, Type: numericType(f.Type), Tag: f.Tag, Anonymous: f.Anonymous})
		*paths = append(*paths, path)
	}
}

// copyNumeric copies src into dst, of src's numericType.
func copyNumeric(dst, src reflect.Value) {
	switch {
	case dst.Type() == src.Type():
		dst.Set(src)
		return
	case src.Type() == durationType:
		dst.SetInt(src.Int())
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if !src.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
			copyNumeric(dst.Elem(), src.Elem())
		}
	case reflect.Slice:
		if !src.IsNil() {
			dst.Set(reflect.MakeSlice(dst.Type(), src.Len(), src.Len()))
			for i := range src.Len() {
				copyNumeric(dst.Index(i), src.Index(i))
			}
		}
	case reflect.Array:
		for i := range src.Len() {
			copyNumeric(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if !src.IsNil() {
			dst.Set(reflect.MakeMapWithSize(dst.Type(), src.Len()))
			it := src.MapRange()
			for it.Next() {
				v := reflect.New(dst.Type().Elem()).Elem()
				copyNumeric(v, it.Value())
				dst.SetMapIndex(it.Key(), v)
			}
		}
	case reflect.Struct:
		paths, _ := fieldPaths.Load(dst.Type())
		for k, path := range paths.([][]int) {
			copyNumeric(dst.Field(k), src.FieldByIndex(path))
		}
	}
}
