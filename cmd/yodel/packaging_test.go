package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yodeldeploy/yodel/third_party/yaml"
)

// Every file the deb and rpm packages ship exists (completions excepted:
// goreleaser's before hook generates them). `goreleaser check` validates
// the rest of the configuration (scripts/check-goreleaser.sh, which
// scripts/test.sh runs).
func TestPackagedFilesExist(t *testing.T) {
	b, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Builds []struct {
			ID     string `yaml:"id"`
			Main   string `yaml:"main"`
			Binary string `yaml:"binary"`
		} `yaml:"builds"`
		Nfpms []struct {
			IDs      []string `yaml:"ids"`
			Formats  []string `yaml:"formats"`
			Contents []struct {
				Src  string `yaml:"src"`
				Dst  string `yaml:"dst"`
				Type string `yaml:"type"`
			} `yaml:"contents"`
		} `yaml:"nfpms"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Nfpms) == 0 {
		t.Fatal("no nfpms section")
	}
	var dsts []string
	for _, n := range cfg.Nfpms {
		for _, c := range n.Contents {
			dsts = append(dsts, c.Dst)
			if c.Src == "" || strings.HasPrefix(c.Src, "completions/") {
				continue
			}
			m, err := filepath.Glob(filepath.Join("..", "..", c.Src))
			if err != nil || len(m) == 0 {
				t.Errorf("nfpms: %s is packaged but matches no file", c.Src)
			}
		}
	}
	all := strings.Join(dsts, " ")
	for _, want := range []string{"bash-completion", "_yodel", "fish", "/usr/share/man/man1/", "yodel-lb@.service"} {
		if !strings.Contains(all, want) {
			t.Errorf("packages lack %s", want)
		}
	}
	// The systemd unit runs a binary the packages ship.
	unit, err := os.ReadFile("../../packaging/systemd/yodel-lb@.service")
	if err != nil {
		t.Fatal(err)
	}
	var exe string
	for _, line := range strings.Split(string(unit), "\n") {
		if v, ok := strings.CutPrefix(line, "ExecStart="); ok {
			exe = strings.Fields(v)[0]
		}
	}
	built := ""
	for _, b := range cfg.Builds {
		if "/usr/bin/"+b.Binary == exe {
			built = b.ID
			if _, err := os.Stat(filepath.Join("..", "..", b.Main)); err != nil {
				t.Errorf("build %s: main %s: %v", b.ID, b.Main, err)
			}
		}
	}
	if built == "" {
		t.Fatalf("the unit runs %q, which no build makes", exe)
	}
	for _, n := range cfg.Nfpms {
		if !slices.Contains(n.IDs, built) {
			t.Errorf("a package (ids %v) lacks the build %s the unit runs", n.IDs, built)
		}
	}
}
