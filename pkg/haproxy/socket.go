package haproxy

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// The runtime API is spoken directly over the unix socket rather than
// through client-native's runtime client: the protocol is a line per
// command, client-native's version check is a process-wide sync.Once that
// breaks a second client, and its master-socket mode is broken on 2.6.

const defaultSocketTimeout = 30 * time.Second

// socket is a HAProxy CLI endpoint (admin stats socket or master socket).
type socket struct {
	path string
	log  *writeLog // when set, told of every command that may write
}

// wrote tells the write log of commands sent.
func (s socket) wrote(cmds ...string) {
	if s.log != nil {
		s.log.wrote(cmds)
	}
}

func (s socket) dial(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", s.path)
	if err != nil {
		return nil, fmt.Errorf("haproxy socket %s: %w (is HAProxy running with this socket?)", s.path, err)
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(defaultSocketTimeout)
	}
	_ = conn.SetDeadline(deadline)
	return conn, nil
}

// exec runs one command (or several joined by ';') and returns the raw reply.
func (s socket) exec(ctx context.Context, cmd string) (string, error) {
	conn, err := s.dial(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	defer s.wrote(strings.Split(cmd, ";")...) // once answered (or failed)
	if _, err := io.WriteString(conn, cmd+"\n"); err != nil {
		return "", fmt.Errorf("haproxy socket %s: send %q: %w", s.path, firstWord(cmd), err)
	}
	out, err := io.ReadAll(conn)
	if err != nil {
		return "", fmt.Errorf("haproxy socket %s: read reply to %q: %w", s.path, firstWord(cmd), err)
	}
	return string(out), nil
}

// CommandError is a command HAProxy refused.
type CommandError struct {
	Command string
	Reply   string
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("haproxy refused %q: %s", e.Command, e.Reply)
}

// batch runs commands on one connection in interactive (prompt) mode, so each
// reply can be matched to its command, and reports HAProxy's refusals per
// command (nil where it succeeded). Replies carry a severity ("[3]: ...")
// thanks to `set severity-output number`; levels 0-3 are errors.
func (s socket) batch(ctx context.Context, cmds []string) ([]error, error) {
	errs, _, err := s.batchRead(ctx, cmds, nil)
	return errs, err
}

// backendRead is one backend's `show servers state` as a batch read it
// after its commands: its lines (splitState), and the write log's sequence
// number the read stands for (stateCache.readAt), 0 when a write from
// elsewhere may have come between.
type backendRead struct {
	lines string
	seq   uint64
}

// batchRead is batch followed, on the same connection, by `show servers
// state` of each of backends: the servers as the commands left them,
// without a round trip of its own. A backend HAProxy does not have is
// absent from the result.
func (s socket) batchRead(ctx context.Context, cmds, backends []string) ([]error, map[string]backendRead, error) {
	if len(cmds) == 0 {
		return nil, nil, nil
	}
	for _, c := range cmds {
		if strings.ContainsAny(c, "\n;") {
			return nil, nil, fmt.Errorf("haproxy runtime command %q: contains a newline or ';'", c)
		}
	}
	var began uint64
	if s.log != nil {
		began = s.log.now()
	}
	conn, err := s.dial(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	recorded := false
	defer func() {
		if !recorded {
			s.wrote(cmds...) // failed half-way: they may have run
		}
	}()
	// Write from a goroutine: HAProxy stops reading when its reply buffer is
	// full, so writing everything before reading could deadlock.
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriter(conn)
		_, _ = w.WriteString("prompt\nset severity-output number\n")
		for _, c := range cmds {
			_, _ = w.WriteString(c + "\n")
		}
		for _, be := range backends {
			_, _ = w.WriteString("show servers state " + be + "\n")
		}
		_, _ = w.WriteString("quit\n")
		werr <- w.Flush()
	}()
	out, rerr := io.ReadAll(conn)
	if err := <-werr; err != nil {
		return nil, nil, fmt.Errorf("haproxy socket %s: send commands: %w", s.path, err)
	}
	if rerr != nil {
		return nil, nil, fmt.Errorf("haproxy socket %s: read replies: %w", s.path, rerr)
	}
	// Every reply, including the one to "prompt", ends with "\n> ".
	parts := strings.Split(string(out), "\n> ")
	replies := parts[:len(parts)-1]
	if len(replies) != len(cmds)+len(backends)+2 {
		return nil, nil, fmt.Errorf("haproxy socket %s: %d replies to %d commands (%q)", s.path, len(replies), len(cmds)+len(backends)+2, truncate(string(out), 200))
	}
	errs := make([]error, len(cmds))
	for i, r := range replies[2 : 2+len(cmds)] {
		if msg, bad := refusal(r); bad {
			errs[i] = &CommandError{Command: cmds[i], Reply: msg}
		}
	}
	var seqs map[string]uint64
	if s.log != nil {
		seqs = s.log.wroteThenRead(cmds, began, backends)
		recorded = true
	}
	var reads map[string]backendRead
	for i, r := range replies[2+len(cmds):] {
		if !strings.HasPrefix(r, "1\n") {
			continue // "Can't find backend."
		}
		_, lines, err := splitState(r + "\n")
		if err != nil {
			continue // read again when needed
		}
		if reads == nil {
			reads = map[string]backendRead{}
		}
		reads[backends[i]] = backendRead{lines: lines[backends[i]], seq: seqs[backends[i]]}
	}
	return errs, reads, nil
}

// refusal finds an error-level reply ("[0]:" to "[3]:").
func refusal(reply string) (string, bool) {
	for _, line := range strings.Split(reply, "\n") {
		line = strings.TrimSpace(line)
		if len(line) >= 4 && line[0] == '[' && line[1] >= '0' && line[1] <= '3' && line[2] == ']' && line[3] == ':' {
			return strings.TrimSpace(strings.TrimSpace(reply)[4:]), true
		}
	}
	return "", false
}

func firstWord(cmd string) string {
	f := strings.Fields(cmd)
	if len(f) > 2 {
		return f[0] + " " + f[1]
	}
	return cmd
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
