package marathon

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/debuglog"
	"github.com/yodeldeploy/yodel/pkg/retry"
)

// DefaultTimeout bounds one request when Config.Timeout is not set.
const DefaultTimeout = 10 * time.Second

// Config says how to reach one realm's Marathon.
type Config struct {
	// URLs are the Marathon members, tried in this order. An entry without a
	// scheme inherits the first entry's (go-marathon does the same).
	URLs []string
	// Auth is Basic, Token or nil.
	Auth Auth
	// CAFile is a PEM bundle; when set, only these CAs are trusted for https.
	CAFile string
	// Timeout bounds one request to one member, the answer's transfer
	// included (default DefaultTimeout). The event stream is not subject
	// to it.
	Timeout time.Duration
	// Logger receives debug lines for requests and warnings for failovers;
	// nil discards them.
	Logger *slog.Logger
	// MaxEventBytes caps one line of the event stream (default 8 MiB). A
	// longer event is skipped and a Resync pseudo-event sent instead. A
	// deployment event is capped without its plan's root groups, which
	// the reader skips as they stream in (planskip.go).
	MaxEventBytes int
	// EventIdleTimeout reconnects the event stream when nothing, not even a
	// heartbeat, arrived for this long (default 60s).
	EventIdleTimeout time.Duration
}

// Auth is a credential. Implementations describe their source, never their
// value, so errors can say which credential was refused.
type Auth interface {
	apply(h http.Header)
	// Describe says what was sent and where it came from, without secrets.
	Describe() string
}

// Basic is HTTP basic auth. Source names where the password came from
// ("$MARATHON_PASSWORD", "file /etc/yodel/marathon.pw").
type Basic struct {
	User, Password string
	Source         string
}

func (b Basic) apply(h http.Header) {
	r := http.Request{Header: h}
	r.SetBasicAuth(b.User, b.Password)
}

// Describe implements Auth.
func (b Basic) Describe() string {
	src := b.Source
	if src == "" {
		src = "the realm configuration"
	}
	return fmt.Sprintf("basic auth user %s, password from %s", b.User, src)
}

// Token is a DC/OS ACS token, sent as "Authorization: token=<value>".
type Token struct {
	Token  string
	Source string
}

func (t Token) apply(h http.Header) { h.Set("Authorization", "token="+t.Token) }

// Describe implements Auth.
func (t Token) Describe() string {
	src := t.Source
	if src == "" {
		src = "the realm configuration"
	}
	return "DC/OS token from " + src
}

func describeAuth(a Auth) string {
	if a == nil {
		return "no credentials"
	}
	return a.Describe()
}

// Client talks to one Marathon cluster. It is safe for concurrent use.
type Client struct {
	members []*member
	auth    Auth
	http    *http.Client // requests: bounded by Timeout
	stream  *http.Client // event stream: no Timeout, no redirects followed blindly
	log     *slog.Logger
	timeout time.Duration
	maxLine int
	idle    time.Duration
	maxBody int64 // MaxResponseBytes unless a test lowers it
	// leftOut hears of an app the routing read left out (OnLeftOut).
	leftOut func(error)
}

// OnLeftOut has fn told of each app EachRoutedApp leaves out (its routing
// part is over MaxResponseBytes: AppTooLargeError); by default it
// goes to the debug log. Set it before the first read.
func (c *Client) OnLeftOut(fn func(error)) { c.leftOut = fn }

// member is one Marathon URL and whether the last request to it failed.
type member struct {
	base *url.URL
	mu   sync.Mutex
	down bool
}

func (m *member) String() string { return m.base.String() }

func (m *member) setDown(d bool) {
	m.mu.Lock()
	m.down = d
	m.mu.Unlock()
}

func (m *member) isDown() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.down
}

// New checks cfg and builds a client; it does not contact Marathon.
func New(cfg Config) (*Client, error) {
	if len(cfg.URLs) == 0 {
		return nil, errors.New("marathon: no URL configured; set the realm's marathon URLs (e.g. http://marathon.example.com:8080)")
	}
	c := &Client{
		auth:    cfg.Auth,
		log:     cfg.Logger,
		timeout: cfg.Timeout,
		maxLine: cfg.MaxEventBytes,
		idle:    cfg.EventIdleTimeout,
	}
	if c.log == nil {
		// --debug's request log (discards unless it is on).
		c.log = debuglog.Logger()
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxLine <= 0 {
		c.maxLine = 8 << 20
	}
	if c.idle <= 0 {
		c.idle = 60 * time.Second
	}
	scheme := ""
	for i, raw := range cfg.URLs {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return nil, fmt.Errorf("marathon: URL %d is empty", i+1)
		}
		if !strings.Contains(raw, "://") && scheme != "" {
			raw = scheme + "://" + raw
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("marathon: URL %d %q: %w", i+1, raw, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return nil, fmt.Errorf("marathon: URL %d %q must start with http:// or https://", i+1, raw)
		}
		if u.Host == "" {
			return nil, fmt.Errorf("marathon: URL %d %q has no host", i+1, raw)
		}
		if u.User != nil {
			return nil, fmt.Errorf("marathon: URL %d %s carries credentials; remove them from the URL and configure basic auth with the password taken from the environment", i+1, u.Redacted())
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("marathon: URL %d %q must not have a query or fragment", i+1, raw)
		}
		if scheme == "" {
			scheme = u.Scheme
		}
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawPath = ""
		c.members = append(c.members, &member{base: u})
	}

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 8
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("marathon: reading CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("marathon: CA file %s holds no PEM certificate; give the CA bundle that signed Marathon's certificate", cfg.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	c.http = &http.Client{Transport: tr, Timeout: c.timeout, CheckRedirect: c.checkRedirect}
	c.stream = &http.Client{
		Transport: tr,
		// Redirects are followed by hand so that credentials go along
		// (net/http drops them when the host changes) but only to a
		// member, never over a downgrade to plain http.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// checkRedirect lets API requests follow a redirect only to a configured
// member, with the credentials. net/http would follow one to any host,
// sending the credentials along to another port of the same host or to a
// subdomain, and a 307 re-sends the body (an app's env) wherever it points.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 3 {
		return errors.New("too many redirects")
	}
	if _, err := c.redirectTarget(via[len(via)-1].URL.String(), req.URL.String()); err != nil {
		return err
	}
	if c.auth != nil {
		c.auth.apply(req.Header)
	}
	return nil
}

// redirectTarget resolves loc against from and accepts it only within a
// configured member (scheme, host, port and base path): a Marathon that
// redirects elsewhere, or anyone who can make it answer a redirect, would
// get the credentials. A downgrade from https is refused apart.
func (c *Client) redirectTarget(from, loc string) (string, error) {
	base, err := url.Parse(from)
	if err != nil {
		return "", err
	}
	u, err := base.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("redirect to an invalid location %q: %w", loc, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("redirect to %q: not http(s)", u.Redacted())
	}
	if base.Scheme == "https" && u.Scheme != "https" {
		return "", fmt.Errorf("refusing the redirect from %s to %s: it drops TLS and the credentials would go in clear", base.Redacted(), u.Redacted())
	}
	for _, m := range c.members {
		if u.Scheme == m.base.Scheme && strings.EqualFold(hostPort(u), hostPort(m.base)) && u.User == nil &&
			(m.base.Path == "" || u.Path == m.base.Path || strings.HasPrefix(u.Path, m.base.Path+"/")) {
			return u.String(), nil
		}
	}
	return "", fmt.Errorf("refusing the redirect from %s to %s: not one of the realm's marathon.urls (%s), and the credentials would go along; list it there if it is a Marathon of this realm",
		redactQuery(base), redactQuery(u), strings.Join(c.URLs(), ", "))
}

// hostPort is u's host:port with the scheme's default port made explicit.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// redactQuery prints u without credentials or query.
func redactQuery(u *url.URL) string {
	v := *u
	v.RawQuery = ""
	return v.Redacted()
}

// URLs returns the configured member URLs, in order.
func (c *Client) URLs() []string {
	out := make([]string, len(c.members))
	for i, m := range c.members {
		out[i] = m.String()
	}
	return out
}

// Credential describes the credential in use, without its value.
func (c *Client) Credential() string { return describeAuth(c.auth) }

// order lists the members to try: those up first, then those marked down,
// each in configured order, so every call tries every URL at most once.
func (c *Client) order() []*member {
	up := make([]*member, 0, len(c.members))
	var down []*member
	for _, m := range c.members {
		if m.isDown() {
			down = append(down, m)
		} else {
			up = append(up, m)
		}
	}
	return append(up, down...)
}

// getRounds is how many times a GET tries every member before giving up;
// getRetry paces the rounds (jittered, so the clients of a realm do not
// all return to a new leader at once). Its delays, 0.5-1 s then 1-2 s,
// never sum to less than the 1.5 s the earlier fixed pauses (0.5 s, 1 s) did.
const getRounds = 3

var getRetry = retry.Backoff{Min: time.Second, Max: 2 * time.Second}

// MaxResponseBytes caps a response read into memory, and each app of a
// streamed /v2/apps answer: /v2/apps of a realm of 3000 tasks is a few
// MiB, anything near this is not Marathon (or a proxy gone wrong), and
// several such reads at once must not exhaust the CLI's or the lb agent's
// memory.
const MaxResponseBytes = 64 << 20

// MaxStreamedBytes caps a whole /v2/apps answer, read one app at a time.
// The apps are anybody's who can post to Marathon, and a few apps with
// labels of megabytes (Marathon stores them compressed) must not stop
// every lb agent's reads, as a cap of the whole answer at
// MaxResponseBytes did; what stays in memory is bounded per app and by
// what the reader keeps (the lb agent: RoutingCopy).
const MaxStreamedBytes = 1 << 30

// BodyTooLargeError: a Marathon answer exceeded the cap. The call is not
// repeated on another member: the answer came, it was just not a sane one.
type BodyTooLargeError struct {
	URL, Method, Path string
	Limit             int64
}

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("marathon: the answer of %s to %s %s is larger than %s, the most yodel reads: that is not a Marathon answer (check the realm's marathon URLs and any proxy in front)",
		e.URL, e.Method, e.Path, sizeText(e.Limit))
}

// sizeText writes a cap in MiB, or in KiB when it is not whole MiB (a
// test's lowered cap): "0 MiB" would name no cap.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func (c *Client) endpoint(m *member, p string, q url.Values) string {
	u := *m.base
	u.Path = m.base.Path + p
	u.RawQuery = q.Encode()
	return u.String()
}

// do runs one API call with failover and decodes a 2xx body into out. It
// returns the response header of the member that answered.
func (c *Client) do(ctx context.Context, method, p string, q url.Values, in, out any) (http.Header, error) {
	return c.exchange(ctx, method, p, q, in, out, nil)
}

// getStream runs a GET with failover like do, but hands a 2xx body to decode
// as it arrives instead of reading it into memory first: /v2/apps of a
// large realm is megabytes that only need to exist one app at a time. A
// decode error is not retried on another member (decode may have acted on
// part of the answer already); the caller reads again.
func (c *Client) getStream(ctx context.Context, p string, q url.Values, decode func(io.Reader) error) (http.Header, error) {
	return c.exchange(ctx, http.MethodGet, p, q, nil, nil, decode)
}

func (c *Client) exchange(ctx context.Context, method, p string, q url.Values, in, out any, decode func(io.Reader) error) (http.Header, error) {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return nil, fmt.Errorf("marathon: encoding %s %s: %w", method, p, err)
		}
	}
	var attempts []Attempt
	members := c.order()
	if method == http.MethodGet {
		// A read is safe to repeat: ride out a leader election or a
		// restart (a few seconds of 5xx or refused connections) instead of
		// failing a deploy that is only watching. Writes are not repeated:
		// the caller decides, knowing what a duplicate would do.
		for i := 1; i < getRounds; i++ {
			members = append(members, c.order()...)
		}
	}
	for i, m := range members {
		if i > 0 && i%len(c.members) == 0 {
			select {
			case <-time.After(getRetry.Delay(i / len(c.members))):
			case <-ctx.Done():
				return nil, fmt.Errorf("marathon: %s %s: %w", method, p, ctx.Err())
			}
			attempts = attempts[:0] // report the last round: one line per URL
		}
		start := time.Now()
		status, hdr, body, err := c.once(ctx, m, method, p, q, payload, decode)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("marathon: %s %s: %w", method, p, ctx.Err())
		}
		var tl *BodyTooLargeError
		var sa *SlowAnswerError
		if errors.As(err, &tl) || errors.As(err, &sa) {
			// Not tried on another member: the same answer would be as
			// large, and a whole timeout more would pass for each.
			return nil, err
		}
		var de *decodeError
		if errors.As(err, &de) {
			return hdr, fmt.Errorf("marathon: decoding the answer of %s to %s %s: %w", m, method, p, de.err)
		}
		if err == nil && status >= 500 {
			err = fmt.Errorf("%d %s: %s", status, http.StatusText(status), bodyMessage(body))
		}
		if err != nil {
			if !m.isDown() {
				c.log.Warn("marathon member failed, trying the next", "url", m.String(), "err", err)
			}
			m.setDown(true)
			attempts = append(attempts, Attempt{URL: m.String(), Err: err})
			continue
		}
		m.setDown(false)
		c.log.Debug("marathon request", "method", method, "url", c.endpoint(m, p, q), "status", status, "took", time.Since(start))
		if status >= 200 && status <= 299 {
			if decode != nil {
				return hdr, nil // decoded by once
			}
			if out != nil && len(bytes.TrimSpace(body)) > 0 {
				if err := json.Unmarshal(body, out); err != nil {
					return hdr, fmt.Errorf("marathon: decoding the answer of %s to %s %s: %w", m, method, p, err)
				}
			}
			return hdr, nil
		}
		return hdr, c.apiError(ctx, m, method, p, status, body)
	}
	return nil, &UnreachableError{Method: method, Path: p, Attempts: attempts, Timeout: c.timeout}
}

// decodeError: a streamed 2xx answer could not be decoded.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }

// capReader fails once more bytes come than its limit (exactly the limit
// is fine): a streamed answer's cap as a whole. Its readers hold at most
// one app of it, capped by themselves (walkAppsKey).
type capReader struct {
	r     io.Reader
	read  int64
	limit int64
	over  bool
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.over {
		return 0, errBodyCap
	}
	left := c.limit - c.read
	if left == 0 && len(b) > 0 {
		// Asked for more at the limit: one more byte tells "over" from
		// "done". Reading ahead short of the limit is no fault: a window
		// moves on when its part is decoded.
		n, err := c.r.Read(b[:1])
		if n > 0 {
			c.over = true
			return 0, errBodyCap
		}
		return 0, err
	}
	if int64(len(b)) > left {
		b = b[:left]
	}
	n, err := c.r.Read(b)
	c.read += int64(n)
	return n, err
}

var errBodyCap = errors.New("answer larger than the cap")

// countReader counts what it reads: how much of a whole answer came before
// the request timeout cut it (SlowAnswerError).
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}

// isTimeout: err is the client's request timeout (net/http's Client.Timeout
// is a net.Error whose Timeout is true), not the caller's context.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (c *Client) once(ctx context.Context, m *member, method, p string, q url.Values, payload []byte, decode func(io.Reader) error) (int, http.Header, []byte, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(m, p, q), rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != nil {
		c.auth.apply(req.Header)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	limit := c.oneAppLimit()
	if decode != nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		total := int64(MaxStreamedBytes)
		if c.maxBody > 0 {
			total = 16 * c.maxBody // a test's lower cap, scaled alike
		}
		cr := &capReader{r: resp.Body, limit: total}
		err := decode(cr)
		if err == nil {
			_, err = io.Copy(io.Discard, cr) // let the connection be reused
		}
		if cr.over {
			return 0, nil, nil, &BodyTooLargeError{URL: m.String(), Method: method, Path: p, Limit: total}
		}
		if err != nil && ctx.Err() == nil && isTimeout(err) {
			return 0, nil, nil, &SlowAnswerError{URL: m.String(), Method: method, Path: p, Timeout: c.timeout, Read: cr.read, Err: err}
		}
		if err != nil {
			return resp.StatusCode, resp.Header, nil, &decodeError{err}
		}
		return resp.StatusCode, resp.Header, nil, nil
	}
	lr := &countReader{r: io.LimitReader(resp.Body, limit+1)}
	body, err := io.ReadAll(lr)
	if err != nil && ctx.Err() == nil && isTimeout(err) {
		return 0, nil, nil, &SlowAnswerError{URL: m.String(), Method: method, Path: p, Timeout: c.timeout, Read: lr.n, Err: err}
	}
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the answer: %w", err)
	}
	if int64(len(body)) > limit {
		return 0, nil, nil, &BodyTooLargeError{URL: m.String(), Method: method, Path: p, Limit: limit}
	}
	return resp.StatusCode, resp.Header, body, nil
}

// unwrapURLError drops net/http's `Get "url": ` prefix: the URL is printed
// next to the error already.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
