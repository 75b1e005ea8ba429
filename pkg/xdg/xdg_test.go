package xdg

import (
	"path/filepath"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDirs(t *testing.T) {
	for _, tc := range []struct {
		name          string
		env           map[string]string
		home          string
		config, state string
	}{
		{"fallback to home", nil, "/home/u", "/home/u/.config/yodel/x", "/home/u/.local/state/yodel/x"},
		{"xdg wins", map[string]string{"XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s"}, "/home/u", "/c/yodel/x", "/s/yodel/x"},
		{"relative xdg ignored", map[string]string{"XDG_CONFIG_HOME": "c", "XDG_STATE_HOME": "s"}, "/home/u", "/home/u/.config/yodel/x", "/home/u/.local/state/yodel/x"},
		{"no home, no xdg", nil, "", "", ""},
		{"no home, xdg set", map[string]string{"XDG_CONFIG_HOME": "/c"}, "", "/c/yodel/x", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Dirs{Getenv: env(tc.env), Home: tc.home}
			if got := d.Config("x"); got != filepath.FromSlash(tc.config) {
				t.Errorf("Config = %q, want %q", got, tc.config)
			}
			if got := d.State("x"); got != filepath.FromSlash(tc.state) {
				t.Errorf("State = %q, want %q", got, tc.state)
			}
		})
	}
}

func TestNewReadsHomeFromEnv(t *testing.T) {
	d := New(env(map[string]string{"HOME": "/h"}))
	if d.Home != "/h" {
		t.Fatalf("Home = %q, want /h", d.Home)
	}
}
