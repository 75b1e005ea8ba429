// Package xdg chooses yodel's per-user paths by the XDG base directory
// specification: $XDG_CONFIG_HOME (else ~/.config) for what the user writes,
// $XDG_STATE_HOME (else ~/.local/state) for what yodel keeps between runs.
// Every place that picks a per-user path asks here, so that setting the
// variables moves all of them together.
package xdg

import (
	"os"
	"path/filepath"
)

// Dirs resolves the base directories from an environment. Home is the
// fallback root; empty means unknown, and then only absolute XDG variables
// give a path.
type Dirs struct {
	Getenv func(string) string
	Home   string
}

// New returns Dirs over getenv (os.Getenv when nil) with the home directory
// from $HOME, else the user database.
func New(getenv func(string) string) Dirs {
	if getenv == nil {
		getenv = os.Getenv
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return Dirs{Getenv: getenv, Home: home}
}

// ConfigHome is $XDG_CONFIG_HOME, else ~/.config; "" when neither is known.
func (d Dirs) ConfigHome() string { return d.base("XDG_CONFIG_HOME", ".config") }

// StateHome is $XDG_STATE_HOME, else ~/.local/state; "" when neither is known.
func (d Dirs) StateHome() string { return d.base("XDG_STATE_HOME", filepath.Join(".local", "state")) }

// Config is ConfigHome/yodel/elem...; "" when ConfigHome is unknown.
func (d Dirs) Config(elem ...string) string { return join(d.ConfigHome(), elem) }

// State is StateHome/yodel/elem...; "" when StateHome is unknown.
func (d Dirs) State(elem ...string) string { return join(d.StateHome(), elem) }

func (d Dirs) base(env, fallback string) string {
	// The specification says a relative value is invalid and must be
	// ignored: a relative path would move with the working directory.
	if v := d.Getenv(env); v != "" && filepath.IsAbs(v) {
		return v
	}
	if d.Home == "" {
		return ""
	}
	return filepath.Join(d.Home, fallback)
}

func join(base string, elem []string) string {
	if base == "" {
		return ""
	}
	return filepath.Join(append([]string{base, "yodel"}, elem...)...)
}
