package cmdutil

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// OutputFormat is the value of --output.
type OutputFormat string

const (
	OutputText OutputFormat = "text"
	OutputJSON OutputFormat = "json"
)

func (o *OutputFormat) String() string { return string(*o) }
func (o *OutputFormat) Type() string   { return "format" }
func (o *OutputFormat) Set(v string) error {
	switch OutputFormat(v) {
	case OutputText, OutputJSON:
		*o = OutputFormat(v)
		return nil
	}
	return fmt.Errorf("must be one of: text, json")
}

// AddOutputFlag adds -o/--output {text|json} to a command that prints state.
func AddOutputFlag(cmd *cobra.Command, o *OutputFormat) {
	*o = OutputText
	cmd.Flags().VarP(o, "output", "o", "Output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp
	})
}

// IsJSON reports whether --output json was asked for.
func (o OutputFormat) IsJSON() bool { return o == OutputJSON }

// WriteJSON writes v as indented JSON followed by a newline: the single JSON
// path every command uses.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
