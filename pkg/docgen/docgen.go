// Package docgen writes yodel's reference documentation from the command
// tree: one Markdown page per command (docs/reference) and one man page per
// command (docs/man/man1, roff by go-md2man through cobra's doc package).
// The pages are checked in, and a test regenerates them to check that they
// match the commands; `go run ./cmd/gendocs` rewrites them.
package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"

	"github.com/yodeldeploy/yodel/pkg/cmd/root"
	"github.com/yodeldeploy/yodel/pkg/iostreams"
)

// Dirs under the repository root.
const (
	MarkdownDir = "docs/reference"
	ManDir      = "docs/man/man1"
)

// manDate is the date printed in the man pages' footer. It is fixed, not
// the build's: a date that moved would make the checked-in pages stale every
// day. Change it when the pages change in substance, if you like.
var manDate = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// Tree is the command tree the pages document, built over a factory with
// no environment so nothing of the machine generating them leaks in.
func Tree() *cobra.Command {
	ios, _, _, _ := iostreams.Test()
	f := root.NewFactory(ios)
	f.Getenv = func(string) string { return "" }
	f.Executable = "yodel"
	cmd := root.NewCmdRoot(f)
	cmd.DisableAutoGenTag = true // its timestamp would change every run
	return cmd
}

// Generate writes the Markdown and man pages under repo (the repository
// root), replacing what was there.
func Generate(repo string) error {
	return generate(Tree(), filepath.Join(repo, MarkdownDir), filepath.Join(repo, ManDir))
}

func generate(cmd *cobra.Command, mdDir, manDir string) error {
	for _, d := range []string{mdDir, manDir} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if err := doc.GenMarkdownTree(cmd, mdDir); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	// go-md2man reads the text as Markdown, where <service> is an HTML tag
	// and vanishes: escape the angle brackets for the man pages only.
	escapeAngles(cmd)
	hdr := &doc.GenManHeader{Title: "YODEL", Section: "1", Source: "yodel", Manual: "yodel manual", Date: &manDate}
	if err := doc.GenManTree(cmd, hdr, manDir); err != nil {
		return fmt.Errorf("man pages: %w", err)
	}
	// The trees skip help topics (`yodel help environment`); they are
	// reference material too.
	for _, c := range cmd.Commands() {
		if !c.IsAdditionalHelpTopicCommand() {
			continue
		}
		base := cmd.Name() + "_" + c.Name()
		if err := writeFile(filepath.Join(mdDir, base+".md"), func(f *os.File) error { return doc.GenMarkdown(c, f) }); err != nil {
			return err
		}
		h := *hdr
		h.Title = "YODEL-" + strings.ToUpper(c.Name())
		if err := writeFile(filepath.Join(manDir, cmd.Name()+"-"+c.Name()+".1"), func(f *os.File) error { return doc.GenMan(c, &h, f) }); err != nil {
			return err
		}
	}
	return nil
}

func escapeAngles(c *cobra.Command) {
	// A backslash escape, not an entity (md2man prints entities as is);
	// Example is a code block, where the text is literal already.
	r := strings.NewReplacer("<", `\<`, ">", `\>`)
	c.Use, c.Short, c.Long = r.Replace(c.Use), r.Replace(c.Short), r.Replace(c.Long)
	c.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = r.Replace(f.Usage) })
	c.PersistentFlags().VisitAll(func(f *pflag.Flag) { f.Usage = r.Replace(f.Usage) })
	for _, sub := range c.Commands() {
		escapeAngles(sub)
	}
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
