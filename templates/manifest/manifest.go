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
	// HealthPath is the path Marathon's health check calls (DefaultHealthPath
	// when empty).
	HealthPath string
}

// DefaultHealthPath is the health check path of a scaffold that names none.
const DefaultHealthPath = "/healthz"

var tmpl = template.Must(template.New("manifest.yaml").Funcs(template.FuncMap{
	// A double-quoted Go string is a valid double-quoted YAML scalar, so
	// any image or command text stays one value.
	"quote": strconv.Quote,
}).Parse(source))

// Render returns the scaffold for d.
func Render(d Data) (string, error) {
	if d.HealthPath == "" {
		d.HealthPath = DefaultHealthPath
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}
