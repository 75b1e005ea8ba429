package marathon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Exit codes, mirrored from pkg/cmdutil (this package must not import the
// command layer); cmdutil.ExitCode finds them through ExitCode().
const (
	exitFailure = 1
	exitInvalid = 2
	exitLocked  = 5
)

// errorBody is every shape of Marathon error body yodel reads.
type errorBody struct {
	Message     string        `json:"message"`
	Details     []FieldErrors `json:"details"`
	Deployments []struct {
		ID string `json:"id"`
	} `json:"deployments"`
}

// bodyMessage extracts Marathon's message, or a short excerpt of a body
// that is not Marathon JSON (a proxy's HTML page, say).
func bodyMessage(body []byte) string {
	var eb errorBody
	s := ""
	if json.Unmarshal(body, &eb) == nil && eb.Message != "" {
		s = eb.Message
	} else {
		s = strings.Join(strings.Fields(string(body)), " ")
	}
	// Marathon's messages are one line; anything longer is not worth a
	// terminal full (and must not flood logs).
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "") + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}

func (c *Client) apiError(ctx context.Context, m *member, method, p string, status int, body []byte) error {
	var eb errorBody
	_ = json.Unmarshal(body, &eb)
	msg := bodyMessage(body)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &AuthError{URL: m.String(), Method: method, Path: p, Status: status, Message: msg, Credential: describeAuth(c.auth), hasAuth: c.auth != nil}
	case status == http.StatusNotFound:
		return &NotFoundError{Path: p, Message: msg}
	case status == http.StatusConflict && lockingIDs(eb) != nil:
		le := &LockedError{Message: msg, URL: m.String(), DeploymentIDs: lockingIDs(eb)}
		c.describeLock(ctx, le)
		return le
	case status == http.StatusUnprocessableEntity:
		return &InvalidError{Message: msg, Details: eb.Details}
	}
	return &APIError{Status: status, Method: method, Path: p, Message: msg, Details: eb.Details}
}

// lockingIDs are the deployment ids a 409 names; nil when it names none
// usable (a body without ids is not a lock yodel can describe or wait on).
func lockingIDs(eb errorBody) []string {
	var ids []string
	for _, d := range eb.Deployments {
		if deployIDRe.MatchString(d.ID) {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// describeLock adds when the locking deployment started and what it
// touches, so the message can say how long it has been running. Best effort:
// the 409 is what matters.
func (c *Client) describeLock(ctx context.Context, le *LockedError) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var deps []Deployment
	if _, err := c.do(ctx, http.MethodGet, "/v2/deployments", nil, nil, &deps); err != nil {
		return
	}
	for _, d := range deps {
		if d.ID != le.DeploymentIDs[0] {
			continue
		}
		le.AffectedApps = d.AffectedApps
		if t, err := parseTime(d.Version); err == nil {
			le.Started = t
		}
	}
}

// Attempt is one member's failure within a call.
type Attempt struct {
	URL string
	Err error
}

// UnreachableError: no member answered (transport errors or 5xx on all).
type UnreachableError struct {
	Method, Path string
	Attempts     []Attempt
	// Timeout is the request timeout each attempt had.
	Timeout time.Duration
}

func (e *UnreachableError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Marathon unreachable: every URL failed for %s %s:", e.Method, e.Path)
	for _, a := range e.Attempts {
		fmt.Fprintf(&b, "\n  %s: %v", a.URL, a.Err)
	}
	return b.String()
}

// ExitCode implements cmdutil.Coder.
func (e *UnreachableError) ExitCode() int { return exitFailure }

// Hint says what to check.
func (e *UnreachableError) Hint() string {
	timedOut := len(e.Attempts) > 0 && e.Timeout > 0
	for _, a := range e.Attempts {
		timedOut = timedOut && isTimeout(a.Err)
	}
	if timedOut {
		// Marathon 1.4 builds a whole /v2/apps answer before it sends a
		// byte: a large realm can be up and still this slow.
		return fmt.Sprintf("no URL answered within the request timeout (%s): check that Marathon runs and is reachable from here; "+
			"if it is up but slow to answer (a realm of many apps), raise marathon.timeout in the realm file", e.Timeout)
	}
	return "check that Marathon runs and that the realm's marathon URLs are right and reachable from here (a 5xx also counts as down: see the errors above)"
}

// SlowAnswerError: a member was still sending its answer when the request
// timeout ran out. Not tried on another member: the answer would be as long.
type SlowAnswerError struct {
	URL, Method, Path string
	Timeout           time.Duration
	// Read is how much of the answer had come.
	Read int64
	// Err is the read's error: net/http's timeout, which is a
	// context.DeadlineExceeded (the lb agent lengthens its reads on it).
	Err error
}

func (e *SlowAnswerError) Unwrap() error { return e.Err }

func (e *SlowAnswerError) Error() string {
	return fmt.Sprintf("marathon: %s was still sending its answer to %s %s when the request timeout (%s) ran out, %s in",
		e.URL, e.Method, e.Path, e.Timeout, readText(e.Read))
}

// ExitCode implements cmdutil.Coder.
func (e *SlowAnswerError) ExitCode() int { return exitFailure }

// Hint says which setting to raise.
func (e *SlowAnswerError) Hint() string {
	h := fmt.Sprintf("Marathon answers, but the answer takes longer than %s to come: a realm of this many apps, or a link this slow, "+
		"needs a longer marathon.timeout in the realm file", e.Timeout)
	if p, _, _ := strings.Cut(e.Path, "?"); p == "/v2/apps" {
		h += " (yodel status SERVICE reads only that service's apps)"
	}
	return h
}

// readText writes an amount read: "3.2 MiB", "512 KiB", "100 bytes".
func readText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// AuthError: Marathon refused the credential (401) or the action (403).
type AuthError struct {
	URL string
	// Method and Path are the refused request ("PUT", "/v2/apps/web-blue"),
	// empty when unknown.
	Method, Path string
	Status       int
	Message      string
	Credential   string // Auth.Describe(): the source, never the value
	hasAuth      bool
}

func (e *AuthError) Error() string {
	if e.Status == http.StatusForbidden {
		return fmt.Sprintf("Marathon %s forbade %s (%d: %s): the credential (%s) lacks permission to %s",
			e.URL, e.request(), e.Status, e.Message, e.Credential, e.Permission())
	}
	return fmt.Sprintf("Marathon %s refused the credentials (%d: %s); sent: %s", e.URL, e.Status, e.Message, e.Credential)
}

func (e *AuthError) request() string {
	if e.Method == "" {
		return "the action"
	}
	p, _, _ := strings.Cut(e.Path, "?")
	return e.Method + " " + p
}

// Permission says what a 403 means the credential may not do ("update
// app /web-blue"), following Marathon's authorizer actions (create, read,
// update, delete; DC/OS: dcos:service:marathon:marathon:services:<id>).
func (e *AuthError) Permission() string {
	p, _, _ := strings.Cut(e.Path, "?")
	id := ""
	if rest, ok := strings.CutPrefix(p, "/v2/apps/"); ok {
		rest, _, _ = strings.Cut(rest, "/tasks")
		id = "/" + strings.TrimSuffix(rest, "/restart")
	}
	app := func(verb string) string {
		if id == "" {
			return verb + " apps"
		}
		return verb + " app " + id
	}
	switch {
	case e.Method == "" || e.Method == http.MethodGet || e.Method == http.MethodHead:
		return "read"
	case e.Method == http.MethodPost && id == "" && (p == "/v2/apps" || p == "/v2/groups"):
		return "create apps"
	case e.Method == http.MethodDelete && strings.Contains(p, "/tasks"):
		return "kill tasks of " + app("")[1:]
	case e.Method == http.MethodDelete:
		return app("delete")
	}
	return app("update")
}

// ExitCode implements cmdutil.Coder.
func (e *AuthError) ExitCode() int { return exitFailure }

// Hint says how to fix the credential.
func (e *AuthError) Hint() string {
	switch {
	case !e.hasAuth:
		return "this Marathon needs credentials: configure basic auth or a DC/OS token for the realm (the secret from an environment variable or a file)"
	case e.Status == http.StatusForbidden:
		return "the credential is accepted but may not " + e.Permission() +
			" (a read-only or another team's credential?): point the realm's marathon.auth at a credential allowed to deploy, " +
			"or ask the Marathon admin to grant it (the refused request changed nothing)"
	default:
		return "check the credential named above (" + e.Credential + "): it is wrong, expired, or meant for another realm"
	}
}

// NotFoundError: the app, task, version or deployment does not exist.
type NotFoundError struct {
	Path    string
	Message string
}

func (e *NotFoundError) Error() string { return "Marathon: " + e.Message }

// ExitCode implements cmdutil.Coder.
func (e *NotFoundError) ExitCode() int { return exitFailure }

// IsNotFound reports whether err is or wraps a NotFoundError.
func IsNotFound(err error) bool {
	var nf *NotFoundError
	return errors.As(err, &nf)
}

// LockedError: another deployment holds the app (409 with deployments).
type LockedError struct {
	Message       string
	URL           string
	DeploymentIDs []string
	AffectedApps  []string
	Started       time.Time // zero if unknown
	// SeeCommand and CancelCommand are the commands the hint suggests. They
	// default to Marathon API calls; the command layer may set yodel ones.
	SeeCommand, CancelCommand string
}

func (e *LockedError) Error() string {
	id := strings.Join(e.DeploymentIDs, ", ")
	s := "locked: Marathon deployment " + id + " is in progress"
	if len(e.AffectedApps) > 0 {
		s += " on " + strings.Join(e.AffectedApps, ", ")
	}
	if !e.Started.IsZero() {
		s += fmt.Sprintf(" (running for %s)", time.Since(e.Started).Round(time.Second))
	}
	return s
}

// ExitCode implements cmdutil.Coder.
func (e *LockedError) ExitCode() int { return exitLocked }

// Hint names the commands to see or cancel the deployment.
func (e *LockedError) Hint() string {
	id := ""
	if len(e.DeploymentIDs) > 0 {
		id = e.DeploymentIDs[0]
	}
	see, cancel := e.SeeCommand, e.CancelCommand
	if see == "" {
		see = fmt.Sprintf("curl %s/v2/deployments", e.URL)
	}
	if cancel == "" {
		cancel = fmt.Sprintf("curl -X DELETE %s/v2/deployments/%s  (Marathon rolls it back; add ?force=true to just stop it)", e.URL, id)
	}
	return fmt.Sprintf("wait for deployment %s to finish, or\n  see it:    %s\n  cancel it: %s", id, see, cancel)
}

// FieldErrors is one entry of a 422's details.
type FieldErrors struct {
	Path   string   `json:"path"`
	Errors []string `json:"errors"`
	// Field is the manifest field (with file:line when known) that Path came
	// from, set by InvalidError.MapFields; empty when unknown.
	Field string `json:"-"`
}

// InvalidError: Marathon rejected the app definition (422).
type InvalidError struct {
	Message string
	Details []FieldErrors
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("Marathon rejected the app definition: ")
	b.WriteString(e.Message)
	for _, d := range e.Details {
		where := d.Path
		if d.Field != "" {
			where = d.Field + " (Marathon " + d.Path + ")"
		}
		fmt.Fprintf(&b, "\n  %s: %s", where, strings.Join(d.Errors, "; "))
	}
	return b.String()
}

// ExitCode implements cmdutil.Coder.
func (e *InvalidError) ExitCode() int { return exitInvalid }

// Hint says what to fix.
func (e *InvalidError) Hint() string {
	return "fix the fields listed above in the manifest (or the realm's overrides) and run the command again"
}

// MapFields names the manifest field behind each Marathon path, using fn
// (for example "/healthChecks/0/path" -> "services/web.yaml:14 health.path").
// fn returns "" when it does not know the path.
func (e *InvalidError) MapFields(fn func(marathonPath string) string) {
	for i := range e.Details {
		e.Details[i].Field = fn(e.Details[i].Path)
	}
}

// PathSegments splits a Marathon JSON path ("/healthChecks/0/path") into its
// segments, undoing JSON-pointer escapes, for MapFields functions.
func PathSegments(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return segs
}

// APIError is any other non-2xx answer.
type APIError struct {
	Status       int
	Method, Path string
	Message      string
	Details      []FieldErrors
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("Marathon answered %d to %s %s: %s", e.Status, e.Method, e.Path, e.Message)
	for _, d := range e.Details {
		s += fmt.Sprintf("\n  %s: %s", d.Path, strings.Join(d.Errors, "; "))
	}
	return s
}

// ExitCode implements cmdutil.Coder.
func (e *APIError) ExitCode() int { return exitFailure }
