package haproxy

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// stateCache holds HAProxy's `show servers state` per backend. It serves two
// purposes: the server-state file is rewritten from it after a runtime change
// (re-reading only the backends that changed), and it lets a one-server
// change read one backend instead of thousands.
type stateCache struct {
	head  string            // "1\n# be_id be_name ...\n"
	lines map[string]string // backend -> its lines, in HAProxy's order
	at    time.Time         // last full read
}

// splitState splits a dump into its header and per-backend lines. Backends
// listed in names but absent from the dump (no servers) get "".
func splitState(out string) (string, map[string]string, error) {
	if !strings.HasPrefix(out, "1\n") {
		return "", nil, fmt.Errorf("haproxy show servers state: unexpected reply %q", truncate(out, 120))
	}
	rest := out[2:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 || !strings.HasPrefix(rest, "#") {
		return "", nil, fmt.Errorf("haproxy show servers state: no header in %q", truncate(out, 120))
	}
	head := out[:2+i+1]
	lines := map[string]string{}
	for _, line := range strings.SplitAfter(rest[i+1:], "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		if len(f) < 3 {
			continue
		}
		lines[f[1]] += line
	}
	return head, lines, nil
}

// readState reads the live servers of every backend (backends == nil) or of
// the given ones. Every existing backend is in the result, empty or not;
// a backend HAProxy does not have is absent.
func (h *HAProxy) readState(ctx context.Context, backends []string) (map[string]map[string]liveServer, error) {
	live := map[string]map[string]liveServer{}
	if backends == nil {
		out, err := h.stats.exec(ctx, "show servers state")
		if err != nil {
			return nil, err
		}
		head, lines, err := splitState(out)
		if err != nil {
			return nil, err
		}
		names, err := h.stats.exec(ctx, "show backend")
		if err != nil {
			return nil, err
		}
		for _, n := range strings.Split(names, "\n") {
			if n = strings.TrimSpace(n); n != "" && !strings.HasPrefix(n, "#") {
				live[n] = map[string]liveServer{}
			}
		}
		parsed, err := parseServersState(out)
		if err != nil {
			return nil, err
		}
		for be, m := range parsed {
			live[be] = m
		}
		h.state = &stateCache{head: head, lines: lines, at: time.Now()}
		return live, nil
	}
	for _, be := range backends {
		out, err := h.stats.exec(ctx, "show servers state "+be)
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(out, "1\n") {
			// "Can't find backend.": new, the reload will create it.
			delete(h.state.lines, be)
			continue
		}
		_, lines, err := splitState(out)
		if err != nil {
			return nil, err
		}
		parsed, err := parseServersState(out)
		if err != nil {
			return nil, err
		}
		live[be] = parsed[be]
		if live[be] == nil {
			live[be] = map[string]liveServer{}
		}
		h.state.lines[be] = lines[be]
	}
	return live, nil
}

// writeState writes the cached state where the next HAProxy process (reload
// or restart) loads it from.
func (h *HAProxy) writeState() error {
	if h.state == nil {
		return nil
	}
	keys := make([]string, 0, len(h.state.lines))
	n := len(h.state.head)
	for k, v := range h.state.lines {
		keys = append(keys, k)
		n += len(v)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.Grow(n)
	b.WriteString(h.state.head)
	for _, k := range keys {
		b.WriteString(h.state.lines[k])
	}
	return writeAtomic(h.opts.ServerStateFile, b.String(), 0o644)
}

// saveServerState refreshes the given backends (nil: all) from HAProxy and
// writes the server-state file.
func (h *HAProxy) saveServerState(ctx context.Context, backends []string) error {
	if backends == nil || h.state == nil {
		if _, err := h.readState(ctx, nil); err != nil {
			return err
		}
	} else if _, err := h.readState(ctx, backends); err != nil {
		return err
	}
	return h.writeState()
}
