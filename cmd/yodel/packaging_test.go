package main

import (
	"os"
	"path/filepath"
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
		Nfpms []struct {
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
}
