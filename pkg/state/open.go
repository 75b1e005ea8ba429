package state

import (
	"context"
)

// Open connects to the store at rawURL: zk://h1:2181,h2:2181/yodel/prod or
// file:///abs/path. A malformed URL is a *URLError (exit 2); an unreachable
// store is an *UnreachableError naming the URL (exit 1), and nothing is
// written in that case.
func Open(ctx context.Context, rawURL string, opts Options) (Store, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	switch u.scheme {
	case "zk":
		return openZK(ctx, u, opts)
	default:
		return openFile(u, opts)
	}
}
