package lb

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/yodeldeploy/yodel/pkg/debuglog"
)

// Unreadable says why the agent registered with address addr by host
// cannot be read from this host, or returns nil. A loopback address
// registered on another host is this host's loopback here: whatever
// listens there (another user's process) would be taken for that agent.
func Unreadable(id, host, addr string) error {
	if !IsLoopback(addr) || host == "" {
		return nil
	}
	here, _ := os.Hostname()
	if host == here {
		return nil
	}
	return fmt.Errorf("lb agent %s on host %s registered the loopback address %s, which cannot be read from %s: give it a routable haproxy.agentListen (or --listen) and a token", id, host, addr, here)
}

// Client reads an agent's API (the canary checks read /v1/stats of every
// live agent, found through state.Store.ListAgents).
type Client struct {
	HTTP  *http.Client // default: 10s timeout
	Token string       // bearer token for agents bound off loopback
}

// Status reads /v1/status of the agent at addr (host:port or a URL).
func (c *Client) Status(ctx context.Context, addr string) (Status, error) {
	var s Status
	err := c.get(ctx, addr, "/v1/status", &s)
	return s, err
}

// Stats reads /v1/stats of the agent at addr.
func (c *Client) Stats(ctx context.Context, addr string) (StatsResponse, error) {
	var s StatsResponse
	err := c.get(ctx, addr, "/v1/stats", &s)
	return s, err
}

func (c *Client) get(ctx context.Context, addr, path string, v any) error {
	base := addr
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+path, nil)
	if err != nil {
		return fmt.Errorf("lb agent %s: %w", addr, err)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		debuglog.Call(ctx, "agent", "GET "+debuglog.URL(req.URL), "took", time.Since(start), "err", err)
		return fmt.Errorf("lb agent %s: %w", addr, err)
	}
	debuglog.Call(ctx, "agent", "GET "+debuglog.URL(req.URL), "status", resp.StatusCode, "took", time.Since(start))
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("lb agent %s%s: %w", addr, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(body, &e)
		if e.Error == "" {
			e.Error = strings.TrimSpace(string(body))
		}
		return &StatusError{Addr: addr, Path: path, Code: resp.StatusCode, Message: e.Error}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("lb agent %s%s: %w", addr, path, err)
	}
	return nil
}

// StatusError is an agent's answer other than 200 OK.
type StatusError struct {
	Addr, Path string
	Code       int
	Message    string // its JSON "error", else its body
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("lb agent %s%s: HTTP %d: %s", e.Addr, e.Path, e.Code, e.Message)
}
