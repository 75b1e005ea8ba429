//go:build tools

// Package tools pins modules the design has chosen but whose packages are not
// imported yet, so `go mod tidy` keeps them at the pinned versions. Remove an
// import once real code uses that module.
package tools

import (
	_ "github.com/charmbracelet/lipgloss"
	_ "github.com/gambol99/go-marathon"
	_ "github.com/go-zookeeper/zk"
	_ "github.com/goccy/go-yaml"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/haproxytech/client-native/v5"
	_ "github.com/haproxytech/config-parser/v5"
	_ "github.com/spf13/cobra"
	_ "github.com/spf13/viper"
	_ "github.com/stretchr/testify/require"
	_ "github.com/tsenart/vegeta/v12/lib"
)
