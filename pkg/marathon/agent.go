package marathon

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The Mesos agent API a task's output is read from (`yodel logs`): the
// agent's /state names the task's sandbox directory, /files/read serves
// its stdout and stderr. It lives beside the Marathon client because it
// shares its transport (CA, timeouts) and, on the same origin as a
// Marathon URL (DC/OS's admin router proxies /agent/<id>/... next to
// /service/marathon), its credentials.

// AgentURL expands a realm's agent URL template for a task: {host} is the
// task's host, {agentId} its Mesos agent id.
func AgentURL(template, host, agentID string) string {
	return strings.NewReplacer("{host}", host, "{agentId}", agentID).Replace(template)
}

type agentState struct {
	Frameworks          []agentFramework `json:"frameworks"`
	CompletedFrameworks []agentFramework `json:"completed_frameworks"`
}

type agentFramework struct {
	Executors          []agentExecutor `json:"executors"`
	CompletedExecutors []agentExecutor `json:"completed_executors"`
}

type agentExecutor struct {
	ID        string `json:"id"`
	Directory string `json:"directory"`
	Tasks     []struct {
		ID string `json:"id"`
	} `json:"tasks"`
	CompletedTasks []struct {
		ID string `json:"id"`
	} `json:"completed_tasks"`
}

func (e agentExecutor) runs(taskID string) bool {
	if e.ID == taskID {
		return true // the command executor's id is the task's
	}
	for _, t := range e.Tasks {
		if t.ID == taskID {
			return true
		}
	}
	for _, t := range e.CompletedTasks {
		if t.ID == taskID {
			return true
		}
	}
	return false
}

// TaskSandbox returns the sandbox directory of taskID on the agent at
// agentURL, from the agent's /state.
func (c *Client) TaskSandbox(ctx context.Context, agentURL, taskID string) (string, error) {
	var st agentState
	if err := c.agentGet(ctx, agentURL, "/state", nil, &st); err != nil {
		return "", err
	}
	for _, fws := range [][]agentFramework{st.Frameworks, st.CompletedFrameworks} {
		for _, fw := range fws {
			for _, exs := range [][]agentExecutor{fw.Executors, fw.CompletedExecutors} {
				for _, ex := range exs {
					if ex.runs(taskID) && ex.Directory != "" {
						return ex.Directory, nil
					}
				}
			}
		}
	}
	return "", fmt.Errorf("the Mesos agent at %s does not know task %s (its sandbox may have been garbage-collected)", agentURL, taskID)
}

// TailStart returns where the last n lines of path on the agent begin
// (its size for n 0), and its size. It reads back from the end in chunks
// until it holds them, or the file's start, or 1 MiB: a log without
// newlines is not read whole.
func (c *Client) TailStart(ctx context.Context, agentURL, path string, n int) (start, size int64, err error) {
	_, size, err = c.ReadAgentFile(ctx, agentURL, path, -1, -1)
	if err != nil {
		return 0, 0, err
	}
	const chunk, most = 16 << 10, 1 << 20
	start, held := size, []byte(nil)
	for n > 0 && start > 0 && size-start < most && lastLinesStart(held, n) < 0 {
		from := max(0, start-chunk)
		data, _, err := c.ReadAgentFile(ctx, agentURL, path, from, start-from)
		if err != nil {
			return 0, 0, err
		}
		held, start = append(data, held...), from
	}
	if i := lastLinesStart(held, n); i >= 0 {
		start += int64(i)
	} else if n == 0 {
		start = size
	}
	return start, size, nil
}

// TaskOutputTail returns the last n lines of a task's file (stdout or
// stderr) in its sandbox on the agent at agentURL; a finished task's too,
// while the agent keeps its sandbox.
func (c *Client) TaskOutputTail(ctx context.Context, agentURL, taskID, file string, n int) (string, error) {
	dir, err := c.TaskSandbox(ctx, agentURL, taskID)
	if err != nil {
		return "", err
	}
	path := dir + "/" + file
	start, size, err := c.TailStart(ctx, agentURL, path, n)
	if err != nil || start >= size {
		return "", err
	}
	data, _, err := c.ReadAgentFile(ctx, agentURL, path, start, size-start)
	return string(data), err
}

// lastLinesStart is the index in data (the end of a file) where its last n
// lines begin, or -1 when data holds fewer whole lines. A newline ending the
// file does not start an empty line.
func lastLinesStart(data []byte, n int) int {
	end := len(data)
	if end > 0 && data[end-1] == '\n' {
		end--
	}
	for i := end - 1; i >= 0; i-- {
		if data[i] == '\n' {
			n--
			if n == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// ReadAgentFile reads up to length bytes of path from offset (Mesos'
// /files/read). An offset of -1 reads nothing and returns the file's size
// as next. It returns the bytes and the offset after them.
func (c *Client) ReadAgentFile(ctx context.Context, agentURL, path string, offset, length int64) (data []byte, next int64, err error) {
	q := url.Values{"path": {path}, "offset": {strconv.FormatInt(offset, 10)}}
	if length >= 0 {
		q.Set("length", strconv.FormatInt(length, 10))
	}
	var out struct {
		Data   string `json:"data"`
		Offset int64  `json:"offset"`
	}
	if err := c.agentGet(ctx, agentURL, "/files/read", q, &out); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, out.Offset, nil
	}
	return []byte(out.Data), out.Offset + int64(len(out.Data)), nil
}

func (c *Client) agentGet(ctx context.Context, agentURL, p string, q url.Values, out any) error {
	u, err := url.Parse(strings.TrimRight(agentURL, "/") + p)
	if err != nil {
		return fmt.Errorf("mesos agent URL %q: %w", agentURL, err)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if c.auth != nil && c.sameOrigin(u) {
		c.auth.apply(req.Header)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("mesos agent %s: %w", agentURL, unwrapURLError(err))
	}
	defer resp.Body.Close()
	limit := c.maxBody
	if limit <= 0 {
		limit = MaxResponseBytes
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("mesos agent %s: reading the answer: %w", agentURL, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mesos agent %s: GET %s: %s: %s", agentURL, p, resp.Status, strings.TrimSpace(string(body[:min(len(body), 200)])))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("mesos agent %s: GET %s: not the agent API's JSON: %w", agentURL, p, err)
	}
	return nil
}

// sameOrigin: credentials go only where Marathon's own go (scheme, host and
// port of a configured Marathon URL), never to every agent host.
func (c *Client) sameOrigin(u *url.URL) bool {
	for _, m := range c.members {
		if m.base.Scheme == u.Scheme && m.base.Host == u.Host {
			return true
		}
	}
	return false
}
