package haproxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yodeldeploy/yodel/pkg/flock"
)

// cnFixture is a configuration file written as the agent writes it, with
// a real `haproxy -c`, but no running HAProxy.
func cnFixture(t *testing.T) (opts Options, base string) {
	t.Helper()
	if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
		t.Skip("needs /usr/sbin/haproxy")
	}
	dir := t.TempDir()
	base, err := RenderBase(BaseParams{StatsSocket: filepath.Join(dir, "admin.sock"), ServerStateFile: filepath.Join(dir, "state"), MonitorBind: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	opts = Options{ConfigPath: filepath.Join(dir, "haproxy.cfg"), HAProxyBin: "/usr/sbin/haproxy"}
	if err := os.WriteFile(opts.ConfigPath, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	return opts, base
}

func cnServices() map[string]*Service {
	web := &Service{Name: "web", Port: 10080, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/health",
		CanaryHeader: Header{Name: "X-Yodel-Track", Value: "canary"},
		Servers: []Server{
			{Name: "web-blue_a", Addr: "127.0.0.1", Port: 31001, Weight: 90},
			{Name: "web-blue_b", Addr: "127.0.0.1", Port: 31002, Weight: 90},
			{Name: "web-green_a", Addr: "127.0.0.1", Port: 31003, Weight: 20, Isolated: true},
		}}
	echo := &Service{Name: "echo", Port: 10090, Mode: ModeTCP, IsolatedPort: 11090, BindAddress: "::1",
		Servers: []Server{{Name: "echo-blue_a", Addr: "127.0.0.2", Port: 31010, Weight: 1}}}
	out := map[string]*Service{}
	for _, s := range []*Service{web, echo} {
		out[s.Key()] = fileModel(s)
	}
	return out
}

// readBack reads the file's sections and server lines (the text is
// yodel's own form; HAProxy's `haproxy -c` checked it when it was written)
// and returns backend -> server -> "addr weight", the frontends and the
// text.
func readBack(t *testing.T, path string) (map[string]map[string]string, []string, string) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	var frontends []string
	be := ""
	for _, line := range strings.Split(string(text), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case line[0] != ' ' && line[0] != '\t':
			be = ""
			if len(f) == 2 && (f[0] == "frontend" || f[0] == "listen") {
				frontends = append(frontends, f[1])
			}
			if len(f) == 2 && f[0] == "backend" {
				be = f[1]
				out[be] = map[string]string{}
			}
		case be != "" && f[0] == "server" && len(f) >= 3:
			weight := ""
			for i := 3; i+1 < len(f); i++ {
				if f[i] == "weight" {
					weight = f[i+1]
				}
			}
			out[be][f[1]] = f[2] + " " + weight
		}
	}
	return out, frontends, string(text)
}

func TestCfgFileWrites(t *testing.T) {
	opts, base := cnFixture(t)
	ctx := context.Background()
	f := newCfgFile(opts, nil2log())
	if err := f.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if !f.foreign {
		t.Fatal("a file without a record is not foreign")
	}
	// First write: the file had no record.
	svcs := cnServices()
	if err := f.writeStructure(base, svcs, structureHash(base, f.stickyMap, svcs)); err != nil {
		t.Fatal(err)
	}
	servers, frontends, text := readBack(t, opts.ConfigPath)
	if !strings.HasPrefix(text, "# _version=") || !strings.Contains(text, fileHeader) {
		t.Fatalf("no version line or yodel header:\n%s", text)
	}
	if !strings.Contains(text, "setenv "+structureEnv+" "+structureHash(base, f.stickyMap, svcs)+"\n") {
		t.Fatalf("no structure env:\n%s", text)
	}
	if !strings.Contains(text, "use_backend svc_web_10080_canary if { req.hdr(X-Yodel-Track) -m str canary } { nbsrv(svc_web_10080_canary) gt 0 }") ||
		!strings.Contains(text, "bind [::1]:11090") {
		t.Fatalf("canary route or IPv6 isolated bind missing:\n%s", text)
	}
	want := map[string]map[string]string{
		"svc_web_10080":         {"web-blue_a": "127.0.0.1:31001 90", "web-blue_b": "127.0.0.1:31002 90"},
		"svc_web_10080_canary":  {"web-green_a": "127.0.0.1:31003 20"},
		"svc_web_10080_stable":  {"web-blue_a": "127.0.0.1:31001 100", "web-blue_b": "127.0.0.1:31002 100"},
		"svc_echo_10090":        {"echo-blue_a": "127.0.0.2:31010 1"},
		"svc_echo_10090_canary": {},
	}
	checkServers(t, servers, want)
	for _, fe := range []string{"fe_web_10080", "fe_echo_10090", "fe_echo_10090_isolated", "yodel-stats"} {
		if !hasName(frontends, fe) {
			t.Errorf("frontend %s missing: %v", fe, frontends)
		}
	}
	for path, mode := range map[string]os.FileMode{f.sidecar: 0o600, f.lock.path: 0o600, f.txDir: 0o700 | os.ModeDir} {
		if fi, err := os.Stat(path); err != nil || fi.Mode() != mode {
			t.Errorf("%s: %v %v, want mode %v", path, fi.Mode(), err, mode)
		}
	}

	// A restarted applier trusts the record.
	f = newCfgFile(opts, nil2log())
	if err := f.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if f.foreign || len(f.committed) != 2 || !equalService(f.committed["svc_web_10080"], svcs["svc_web_10080"]) {
		t.Fatalf("restarted: foreign=%v committed=%v", f.foreign, f.committed)
	}

	// A new service, a changed health check, a removed service.
	svcs = cnServices()
	delete(svcs, "svc_echo_10090")
	svcs["svc_web_10080"].HealthPath = "/ready"
	svcs["svc_api_10100"] = fileModel(&Service{Name: "api", Port: 10100, Mode: ModeHTTP,
		Servers: []Server{{Name: "api_1", Addr: "127.0.0.3", Port: 31020, Weight: 5}}})
	if err := f.writeStructure(base, svcs, structureHash(base, f.stickyMap, svcs)); err != nil {
		t.Fatal(err)
	}
	servers, frontends, text = readBack(t, opts.ConfigPath)
	delete(want, "svc_echo_10090")
	delete(want, "svc_echo_10090_canary")
	want["svc_api_10100"] = map[string]string{"api_1": "127.0.0.3:31020 5"}
	checkServers(t, servers, want)
	if hasName(frontends, "fe_echo_10090") || !hasName(frontends, "fe_api_10100") ||
		!strings.Contains(text, "option httpchk GET /ready") || strings.Contains(text, "GET /health\n") ||
		!strings.Contains(text, "bind :10100") || !strings.Contains(text, fileHeader) {
		t.Fatalf("after the second write: frontends %v\n%s", frontends, text)
	}

	// Servers only (the background writer's text update).
	web := *svcs["svc_web_10080"]
	web.Servers = append([]Server{{Name: "web-blue_0", Addr: "127.0.0.1", Port: 31000, Weight: 7}}, web.Servers[1:]...)
	if err := f.writeServers(map[string]*Service{web.Key(): fileModel(&web)}); err != nil {
		t.Fatal(err)
	}
	servers, _, text = readBack(t, opts.ConfigPath)
	want["svc_web_10080"] = map[string]string{"web-blue_0": "127.0.0.1:31000 7", "web-blue_b": "127.0.0.1:31002 90"}
	want["svc_web_10080_stable"] = map[string]string{"web-blue_0": "127.0.0.1:31000 100", "web-blue_b": "127.0.0.1:31002 100"}
	checkServers(t, servers, want)
	// The spliced file is the one a whole write of the same services
	// gives: no later write depends on how the servers got there.
	if want := "# _version=" + strconv.FormatInt(f.version, 10) + "\n" + withStructureEnv(renderFile(base, f.stickyMap, f.committed), f.structure); text != want {
		t.Fatalf("spliced file:\n%s\nwhole write of the same services:\n%s", text, want)
	}
	if err := f.saveRecord(); err != nil {
		t.Fatal(err)
	}

	// Someone else edits the file: foreign, and the background writer
	// refuses to commit on top of it.
	if err := os.WriteFile(opts.ConfigPath, []byte(text+"\n# edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.writeServers(map[string]*Service{web.Key(): fileModel(&web)}); err == nil {
		t.Fatal("the background writer committed over a foreign edit")
	}
	f2 := newCfgFile(opts, nil2log())
	if err := f2.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if !f2.foreign {
		t.Fatal("a file edited by hand is not foreign")
	}
	entries, _ := os.ReadDir(f.txDir)
	for _, e := range entries {
		if !e.IsDir() {
			t.Errorf("leftover in the work dir: %s", e.Name())
		}
	}
}

// A base template HAProxy refuses: the write fails validation, the file
// stays as it was and nothing is left in the work dir.
func TestCfgFileRefusedBase(t *testing.T) {
	opts, base := cnFixture(t)
	ctx := context.Background()
	f := newCfgFile(opts, nil2log())
	if err := f.sync(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(opts.ConfigPath)
	bad := base + "\nfrontend broken\n    bind 127.0.0.1:1\n    no-such-keyword\n"
	err := f.writeStructure(bad, cnServices(), "x")
	if !errors.Is(err, errRefused) || !strings.Contains(err.Error(), "no-such-keyword") {
		t.Fatalf("err = %v, want a validation error naming the keyword", err)
	}
	after, _ := os.ReadFile(opts.ConfigPath)
	if string(after) != string(before) {
		t.Fatal("the file changed although validation failed")
	}
	entries, _ := os.ReadDir(f.txDir)
	for _, e := range entries {
		t.Errorf("leftover in the work dir: %s", e.Name())
	}
}

func checkServers(t *testing.T, got, want map[string]map[string]string) {
	t.Helper()
	for be, w := range want {
		g, ok := got[be]
		if !ok {
			t.Errorf("backend %s missing (have %v)", be, got)
			continue
		}
		if len(g) != len(w) {
			t.Errorf("backend %s: servers %v, want %v", be, g, w)
		}
		for name, v := range w {
			if g[name] != v {
				t.Errorf("backend %s server %s: %q, want %q", be, name, g[name], v)
			}
		}
	}
	for be := range got {
		if _, ok := want[be]; !ok {
			t.Errorf("unexpected backend %s", be)
		}
	}
}

func hasName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func nil2log() *slog.Logger { return slog.New(slog.DiscardHandler) }

// spliceServers is spliceServersTo on a string.
func spliceServers(text string, servers map[string][]string) (string, error) {
	var b strings.Builder
	if err := spliceServersTo(&b, strings.NewReader(text), servers); err != nil {
		return "", err
	}
	return b.String(), nil
}

func TestSpliceServers(t *testing.T) {
	text := "# _version=3\nglobal\n  daemon\n\nbackend a\n  mode http\n  server old1 127.0.0.1:1 weight 1\n  server old2 127.0.0.1:2 weight 1\n  # kept\n\n" +
		"backend b\n  mode tcp\n\n\nfrontend f\n  bind :80\n  default_backend a\n"
	got, err := spliceServers(text, map[string][]string{
		"a": {"  server new 127.0.0.1:3 weight 5"},
		"b": {"  server b1 127.0.0.1:4 weight 1", "  server b2 127.0.0.1:5 weight 1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "# _version=3\nglobal\n  daemon\n\nbackend a\n  mode http\n  server new 127.0.0.1:3 weight 5\n  # kept\n\n" +
		"backend b\n  mode tcp\n  server b1 127.0.0.1:4 weight 1\n  server b2 127.0.0.1:5 weight 1\n\n\nfrontend f\n  bind :80\n  default_backend a\n"
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	// Emptying a backend, and a backend at the end of the file.
	got, err = spliceServers("backend z\n  server s 127.0.0.1:1\n", map[string][]string{"z": nil})
	if err != nil || got != "backend z\n" {
		t.Fatalf("empty: %q, %v", got, err)
	}
	if _, err := spliceServers(text, map[string][]string{"missing": nil}); err == nil {
		t.Fatal("a backend not in the file must be an error")
	}
}

// The splice reads its input a line at a time: a line longer than its
// buffer (a long comment, an ACL list) and a last line without a newline
// are copied as they are.
func TestSpliceServersLongAndUnterminatedLines(t *testing.T) {
	long := "  # " + strings.Repeat("x", 200<<10) + "\n"
	text := "backend a\n" + long + "  server old 127.0.0.1:1\nfrontend f\n  bind :80"
	got, err := spliceServers(text, map[string][]string{"a": {"  server new 127.0.0.1:2"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "backend a\n" + long + "  server new 127.0.0.1:2\nfrontend f\n  bind :80"; got != want {
		t.Fatalf("got %d bytes %.80q..., want %d bytes", len(got), got, len(want))
	}
}

// The record is written a service at a time; it must be the JSON
// json.Marshal gives, which sync reads back.
func TestWriteRecordIsJSONMarshal(t *testing.T) {
	svc := func(name string) *Service {
		return fileModel(&Service{Name: name, Port: 8080, Mode: ModeHTTP, BindAddress: "127.0.0.1", HealthPath: "/h",
			Servers: []Server{{Name: name + ".t1", Addr: "127.0.0.1", Port: 31001, Weight: 10}}})
	}
	for _, r := range []record{
		{FileSHA: "f", BaseSHA: "b", Structure: "s", Services: map[string]*Service{"b\"<x>": svc("b"), "a": svc("a")}},
		{FileSHA: "f", Services: map[string]*Service{}},
		{FileSHA: "f"},
	} {
		var b bytes.Buffer
		if err := writeRecord(&b, r); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if b.String() != string(want) {
			t.Errorf("writeRecord:\n%s\njson.Marshal:\n%s", b.String(), want)
		}
	}
}

// HAProxy's refusal of a write leaves the file as it was (Apply then
// finds the failing service alone), and the file written next is the base
// of the write after it.
func TestCfgFileRefusedWriteKeepsTheFile(t *testing.T) {
	opts, base := cnFixture(t)
	f := committedEmpty(t, opts, base)
	before, err := os.ReadFile(opts.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	many := map[string]*Service{}
	for i := range 40 {
		s := &Service{Name: "svc" + strconv.Itoa(i), Port: 20000 + i, Mode: ModeHTTP, BindAddress: "127.0.0.1",
			Servers: []Server{{Name: "svc" + strconv.Itoa(i) + ".a", Addr: "127.0.0.1", Port: 1, Weight: 10}}}
		many[s.Key()] = fileModel(s)
	}
	bad := maps.Clone(many)
	bad["svc_bad_21000"] = fileModel(&Service{Name: "bad", Port: 21000, Mode: "bogus", BindAddress: "127.0.0.1"})
	err = f.writeStructure(base, bad, structureHash(base, f.stickyMap, bad))
	if !errors.Is(err, errRefused) {
		t.Fatalf("refused write: err = %v, want errRefused", err)
	}
	if after, _ := os.ReadFile(opts.ConfigPath); string(after) != string(before) {
		t.Fatalf("a refused write changed the file:\n%s", after)
	}
	if err := f.writeStructure(base, many, structureHash(base, f.stickyMap, many)); err != nil {
		t.Fatal(err)
	}
	_, frontends, text := readBack(t, opts.ConfigPath)
	if len(frontends) != len(many)+1 || !strings.Contains(text, "setenv "+structureEnv+" "+structureHash(base, f.stickyMap, many)+"\n") {
		t.Fatalf("%d frontends, want %d and the structure env:\n%s", len(frontends), len(many)+1, text)
	}
	v := fileVersion(text)
	more := maps.Clone(many)
	more["svc_one_22000"] = fileModel(&Service{Name: "one", Port: 22000, Mode: ModeTCP, BindAddress: "127.0.0.1"})
	if err := f.writeStructure(base, more, structureHash(base, f.stickyMap, more)); err != nil {
		t.Fatalf("write after a write: %v", err)
	}
	_, frontends, text = readBack(t, opts.ConfigPath)
	if !hasName(frontends, "fe_one_22000") || len(frontends) != len(more)+1 || fileVersion(text) != v+1 {
		t.Fatalf("after the next write: version %d (want %d), frontends %v", fileVersion(text), v+1, frontends)
	}
}

// A file written meanwhile by someone else (a second applier, an editor)
// is not overwritten unseen: the write finds it changed, takes it as
// foreign and writes the whole configuration over it, once.
func TestCfgFileChangedMeanwhileIsRewrittenWhole(t *testing.T) {
	opts, base := cnFixture(t)
	f := committedEmpty(t, opts, base)
	if err := os.WriteFile(opts.ConfigPath, []byte("# _version=41\n"+base+"\n# theirs\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	svcs := cnServices()
	if err := f.writeStructure(base, svcs, structureHash(base, f.stickyMap, svcs)); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(opts.ConfigPath)
	if strings.Contains(string(text), "# theirs") || fileVersion(string(text)) != 42 || f.foreign {
		t.Fatalf("foreign=%v, file:\n%s", f.foreign, text)
	}
}

// A rewrite of the same size with the same mtime (within one tick of the
// file system's clock: a few ms on ext4) is still a change: another
// applier's or an editor's atomic replace makes a new inode.
func TestCfgFileSeesASameSizeRewriteInOneTick(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the inode and ctime are read on Linux")
	}
	opts, base := cnFixture(t)
	f := committedEmpty(t, opts, base)
	ctx := context.Background()
	if err := f.sync(ctx); err != nil || f.foreign {
		t.Fatalf("yodel's own file: foreign=%v, err %v", f.foreign, err)
	}
	before, err := os.Stat(opts.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(opts.ConfigPath)
	if err != nil {
		t.Fatal(err)
	}
	theirs := strings.Replace(string(text), fileHeader, strings.Repeat("#", len(fileHeader)-1)+"\n", 1)
	if len(theirs) != len(text) || theirs == string(text) {
		t.Fatal("the edit must keep the size and change the text")
	}
	tmp := opts.ConfigPath + ".theirs"
	if err := os.WriteFile(tmp, []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, before.ModTime(), before.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, opts.ConfigPath); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(opts.ConfigPath); after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		t.Fatalf("size or mtime changed: %d %s, was %d %s", after.Size(), after.ModTime(), before.Size(), before.ModTime())
	}
	if err := f.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if !f.foreign {
		t.Fatal("a same-size rewrite with the same mtime went unseen: the file is theirs, not what the record says")
	}
}

func TestFileVersion(t *testing.T) {
	for text, want := range map[string]int64{"# _version=7\nglobal\n": 7, "# _version=12": 12, "global\n": 0, "# _version=x\n": 0, "": 0} {
		if got := fileVersion(text); got != want {
			t.Errorf("fileVersion(%q) = %d, want %d", text, got, want)
		}
	}
}

// committedEmpty is the applier of a file yodel wrote with no service (not
// foreign, its base unchanged).
func committedEmpty(tb testing.TB, opts Options, base string) *cfgFile {
	tb.Helper()
	f := newCfgFile(opts, nil2log())
	if err := f.sync(context.Background()); err != nil {
		tb.Fatal(err)
	}
	none := map[string]*Service{}
	if err := f.writeStructure(base, none, structureHash(base, f.stickyMap, none)); err != nil {
		tb.Fatal(err)
	}
	return f
}

// Two appliers of one file (the agent and `yodel lb sync --once`): one
// writes the file and its record over and over while the other reads
// them. The reader must never see the file of one write with the record
// of another, which it would take for a foreign file (and the ports in it
// for someone else's). Each write waits for a read to end, so that the
// reader, which the writer's lock would starve, reads throughout; without
// the lock it sees half a write within a few dozen writes.
func TestCfgFileReaderNeverSeesHalfAWrite(t *testing.T) {
	opts, base := cnFixture(t)
	writer := newCfgFile(opts, nil2log())
	if err := writer.sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	svcs := cnServices()
	if err := writer.writeStructure(base, svcs, structureHash(base, writer.stickyMap, svcs)); err != nil {
		t.Fatal(err)
	}
	const writes = 300
	stop, synced, readerDone := make(chan struct{}), make(chan struct{}, 1), make(chan struct{})
	var reads int
	var readErr error
	go func() {
		defer close(readerDone)
		reads, readErr = readUntil(newCfgFile(opts, nil2log()), stop, synced)
	}()
	err := churnServers(writer, base, svcs, writes, func() bool {
		select {
		case <-synced:
			return true
		case <-readerDone:
			return false
		}
	})
	close(stop)
	<-readerDone
	if readErr != nil {
		t.Fatal(readErr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the reader read the file %d times during %d writes", reads, writes)
	if reads < writes/4 {
		t.Fatalf("the reader read the file %d times during %d writes: the test proves nothing", reads, writes)
	}
}

// readUntil syncs f until stop, signalling synced after each sync, and
// returns how many times it read the file anew. Taking the file for
// foreign is an error.
func readUntil(f *cfgFile, stop <-chan struct{}, synced chan<- struct{}) (reads int, err error) {
	for {
		select {
		case <-stop:
			return reads, nil
		default:
		}
		before := f.stat
		if err := f.sync(context.Background()); err != nil {
			return reads, err
		}
		if f.stat != before {
			reads++
		}
		if _, foreign, _ := f.snapshot(); foreign {
			return reads, fmt.Errorf("read %d: the reader took the file for foreign while another applier wrote it", reads)
		}
		select {
		case synced <- struct{}{}:
		default:
		}
	}
}

// churnServers writes n times, each time once ready says to go on: the
// servers of one service alternately one way and the other (the
// background writer's write), and every 50th time the whole file (Apply's
// structural write).
func churnServers(f *cfgFile, base string, svcs map[string]*Service, n int, ready func() bool) error {
	for i := 0; i < n && ready(); i++ {
		if i%50 == 49 {
			if err := f.writeStructure(base, f.committed, f.structure); err != nil {
				return err
			}
			continue
		}
		web := *svcs["svc_web_10080"] // a new one: the record keeps the last
		web.Servers = slices.Clone(web.Servers)
		// Weights of 1 and 2 digits: the file's size tells one write
		// from the next, its mtime (the kernel's tick) may not.
		web.Servers[0].Weight = 1 + 9*(i%2)
		if err := f.writeServers(map[string]*Service{web.Key(): &web}); err != nil {
			return err
		}
	}
	return nil
}

// A lock that cannot be taken (here its path is a directory) costs one
// warning, and the file is read and written as without the lock.
func TestCfgFileWithoutTheLock(t *testing.T) {
	opts, base := cnFixture(t)
	if err := os.Mkdir(opts.ConfigPath+".yodel.lock", 0o700); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	f := newCfgFile(opts, slog.New(slog.NewTextHandler(&logs, nil)))
	if err := f.sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	svcs := cnServices()
	if err := f.writeStructure(base, svcs, structureHash(base, f.stickyMap, svcs)); err != nil {
		t.Fatal(err)
	}
	if err := churnServers(f, base, svcs, 3, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	again := newCfgFile(opts, nil2log())
	if err := again.sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if again.foreign || len(again.committed) != len(svcs) {
		t.Fatalf("written without the lock, read back: foreign=%v, %d services", again.foreign, len(again.committed))
	}
	if n := strings.Count(logs.String(), "cannot lock the config file"); n != 1 {
		t.Fatalf("%d warnings about the lock, want 1:\n%s", n, logs.String())
	}
}

// Another process holding the config lock past the wait (a `yodel lb sync
// --once` stopped mid-write) stalls an applier for the wait, then it goes
// on without the lock and warns once; a holder that lets go within the
// wait is waited for, without a warning.
func TestCfgFileLockHeldTooLong(t *testing.T) {
	opts, _ := cnFixture(t)
	var logs bytes.Buffer
	f := newCfgFile(opts, slog.New(slog.NewTextHandler(&logs, nil)))
	f.lock.wait = 150 * time.Millisecond
	other, err := os.OpenFile(f.lock.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := flock.Lock(other, true, time.Second); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f.lock.hold(false)()
	if waited := time.Since(start); waited < f.lock.wait {
		t.Fatalf("went on after %s, before the wait of %s was over", waited, f.lock.wait)
	}
	if !strings.Contains(logs.String(), "cannot lock the config file") || !strings.Contains(logs.String(), "held by another process") {
		t.Fatalf("no warning naming the holder: %q", logs.String())
	}

	logs.Reset()
	g := newCfgFile(opts, slog.New(slog.NewTextHandler(&logs, nil)))
	g.lock.wait = time.Minute
	got := make(chan func(), 1)
	go func() { got <- g.lock.hold(true) }()
	if err := flock.Unlock(other); err != nil {
		t.Fatal(err)
	}
	release := <-got
	if logs.Len() != 0 {
		t.Fatalf("warned about a lock that was let go within the wait: %q", logs.String())
	}
	// Held now: the other process waits for it in turn.
	if err := flock.Lock(other, true, 50*time.Millisecond); err == nil {
		t.Fatal("the lock was not held after hold returned")
	}
	release()
	if err := flock.Lock(other, true, time.Second); err != nil {
		t.Fatalf("not released: %v", err)
	}
}

// The file written renders its head, base (with the structure's env line)
// and services in one buffer: the same text as adding the head and the
// env line to the rendered file, with or without a global section in the
// base, and sized so that 1000 services do not outgrow it.
func TestRenderFileAfterIsTheSameText(t *testing.T) {
	services := thousandFileModels()
	for _, base := range []string{
		"global\n    maxconn 100\n\ndefaults\n    mode http\n",
		"# no newline after the last line\nglobal\n  maxconn 100\ndefaults\n  mode http", "defaults\n    mode http\n",
	} {
		const head, hash = "# _version=7\n", "abc"
		want := head + withStructureEnv(renderFile(base, "/x/sticky.map", services), hash)
		b := strings.TrimRight(base, "\n") + "\n"
		if !hasGlobal(b) {
			continue // write renders it the old way
		}
		got := renderFileAfter(head, withStructureEnv(b, hash), "/x/sticky.map", services)
		if got != want {
			t.Fatalf("base %q: the texts differ", base)
		}
	}
	// The buffer is sized once: no less than the text, not much more.
	text := renderFileAfter("", "global\n", "/x/sticky.map", services)
	if est := renderSize("", "global\n", services); est < len(text) || est > len(text)*3/2 {
		t.Errorf("renderSize %d for a text of %d bytes: want at least it and at most half more", est, len(text))
	}
}
