// Package manifesttmpl holds the manifest scaffold `yodel init` writes,
// compiled into the binary so init works from any directory.
package manifesttmpl

import (
	_ "embed"
	"strconv"
	"strings"
	"text/template"
)

//go:embed manifest.yaml.tmpl
var source string

// Data fills the scaffold.
type Data struct {
	Service     string
	Image       string // exactly one of Image and Cmd
	Cmd         string
	ServicePort int
}

var tmpl = template.Must(template.New("manifest.yaml").Funcs(template.FuncMap{
	// A double-quoted Go string is a valid double-quoted YAML scalar, so
	// any image or command text stays one value.
	"quote": strconv.Quote,
}).Parse(source))

// Render returns the scaffold for d.
func Render(d Data) (string, error) {
	var b strings.Builder
	if err := tmpl.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}
