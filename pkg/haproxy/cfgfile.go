package haproxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/pkg/atomicfile"
)

// cfgFile is the configuration file yodel writes, with the record of what
// it holds (see the comment at the top of render.go). Its mutex serialises
// writes between Apply and the background server writer; lock does between
// appliers of the same file (filelock.go, which gives the lock order).
type cfgFile struct {
	mu      sync.Mutex
	path    string
	bin     string
	txDir   string
	sidecar string
	lock    fileLock
	log     *slog.Logger
	// stickyMap is the sticky map file the services' rules read.
	stickyMap string

	// snapMu guards the record fields below for readers that do not hold
	// mu (Apply while the background writer writes).
	snapMu sync.Mutex

	read    bool      // the file was read since start
	version int64     // of the file's `# _version=N` line
	stat    fileStamp // of the file as last read or written
	// committed is the file model of every service in the file (fileModel),
	// by key; foreign means the file is not one yodel wrote (or its record
	// is lost), so the next structural write replaces whatever it holds.
	committed map[string]*Service
	foreign   bool
	baseSHA   string // of the base template in the file
	structure string // structureHash of the file
	// writtenSHA is the hash of the text yodel last wrote to the file.
	writtenSHA string
}

// staleTransaction is the age past which a file in the work directory is
// a leftover: a write takes seconds at most.
const staleTransaction = time.Minute

// errRefused is HAProxy's refusal (`haproxy -c`) of a configuration.
var errRefused = errors.New("haproxy -c refused the configuration")

// errChanged is a configuration file changed on disk since yodel read it.
var errChanged = errors.New("changed on disk since yodel read it")

// record is the sidecar: what is in the file, and the file's hash to tell
// whether it is still what yodel wrote.
type record struct {
	FileSHA   string              `json:"file_sha256"`
	BaseSHA   string              `json:"base_sha256"`
	Structure string              `json:"structure"`
	Services  map[string]*Service `json:"services"`
}

func newCfgFile(opts Options, log *slog.Logger) *cfgFile {
	dir, base := filepath.Split(opts.ConfigPath)
	return &cfgFile{path: opts.ConfigPath, bin: opts.HAProxyBin, log: log, stickyMap: stickyMapPath(opts.ConfigPath),
		txDir:   filepath.Join(dir, "."+base+".transactions"),
		sidecar: opts.ConfigPath + ".yodel.json", lock: fileLock{path: opts.ConfigPath + ".yodel.lock", log: log}}
}

// sync makes the in-memory record match the file on disk. A file changed
// since yodel last wrote it is re-read; if the sidecar does not vouch for
// it, it is foreign.
func (f *cfgFile) sync(_ context.Context) error {
	if err := ensureStickyMap(f.stickyMap); err != nil {
		return fmt.Errorf("haproxy sticky map: %w", err)
	}
	if !f.read {
		if err := f.openWorkDir(); err != nil {
			return err
		}
	}
	p, unchanged, err := f.readPair()
	if err != nil || unchanged {
		return err
	}
	f.snapMu.Lock()
	defer f.snapMu.Unlock()
	f.read, f.stat, f.version = true, p.stat, fileVersion(string(p.text))
	f.committed, f.foreign, f.baseSHA, f.structure = map[string]*Service{}, true, "", ""
	if err := p.recordErr; err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			f.log.Warn("haproxy: cannot read the record of the config file; it will be rewritten whole", "path", f.sidecar, "err", err)
		}
		return nil
	}
	var r record
	if err := json.Unmarshal(p.record, &r); err != nil {
		f.log.Warn("haproxy: the record of the config file is damaged; the file will be rewritten whole", "path", f.sidecar, "err", err)
		return nil
	}
	if r.FileSHA != sha(string(p.text)) || r.Services == nil {
		f.log.Info("haproxy: the config file was changed by something else than yodel; it will be rewritten whole", "path", f.path)
		return nil
	}
	f.committed, f.foreign, f.baseSHA, f.structure = r.Services, false, r.BaseSHA, r.Structure
	return nil
}

// filePair is the configuration file and its record as read together.
type filePair struct {
	stat      fileStamp
	text      []byte
	record    []byte
	recordErr error
}

// readPair reads the file and its record under the shared lock: they are
// the pair one yodel write left, not the file of one write and the record
// of another. unchanged: the file is as last read or written (nothing was
// read). A missing file is created, as an empty configuration: HAProxy is
// not running from this path, and the file exists from now on for whoever
// reads it (with no record, any reader takes it as foreign).
func (f *cfgFile) readPair() (p filePair, unchanged bool, err error) {
	release := f.lock.hold(false)
	defer release()
	st, err := stamp(f.path)
	if errors.Is(err, os.ErrNotExist) {
		if err := writeAtomic(f.path, 0o644, fileHeader); err != nil {
			return p, false, err
		}
		st, err = stamp(f.path)
	}
	if err != nil {
		return p, false, err
	}
	if f.read && st == f.stat {
		return p, true, nil
	}
	text, err := os.ReadFile(f.path)
	if err != nil {
		return p, false, fmt.Errorf("haproxy config: %w", err)
	}
	// Parsed by the caller, after the lock: it is 1 MB at 1000 services.
	record, rerr := os.ReadFile(f.sidecar)
	return filePair{stat: st, text: text, record: record, recordErr: rerr}, false, nil
}

// openWorkDir makes the directory of the files being validated (0700:
// they hold the whole configuration) and removes what a previous process
// left there: files older than staleTransaction (recent ones may belong to
// another applier of the same file, writing right now), and the
// directories and version stub of the client-native transactions yodel
// used before 2026-12 (the directory keeps their name).
func (f *cfgFile) openWorkDir() error {
	if err := os.Mkdir(f.txDir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("haproxy work dir: %w", err)
	}
	if err := os.Chmod(f.txDir, 0o700); err != nil {
		return fmt.Errorf("haproxy work dir: %w", err)
	}
	entries, err := os.ReadDir(f.txDir)
	if err != nil {
		return fmt.Errorf("haproxy work dir: %w", err)
	}
	for _, e := range entries {
		p := filepath.Join(f.txDir, e.Name())
		fi, err := e.Info()
		switch {
		case err != nil:
		case e.Name() == "failed" || e.Name() == "outdated" || e.Name() == "version.cfg":
			_ = os.RemoveAll(p)
		case !e.IsDir() && time.Since(fi.ModTime()) > staleTransaction:
			f.log.Info("haproxy: removing a leftover file", "path", p)
			_ = os.Remove(p)
		}
	}
	return nil
}

// fileVersion is the N of a file's first line `# _version=N` (0 without
// one). Each write moves it on by one: HAProxy ignores the comment, and it
// tells one write of the file from the next in backups and diffs.
func fileVersion(text string) int64 {
	line, _, _ := strings.Cut(text, "\n")
	rest, ok := strings.CutPrefix(line, "# _version=")
	if !ok {
		return 0
	}
	v, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return 0
	}
	return v
}

// write replaces the file with the whole configuration of target as
// renderFile renders it, once `haproxy -c` accepted it as the running
// master would read it (-W), and its record. A refusal (errRefused) or a
// file changed on disk since it was read (errChanged) leaves the file as it
// was.
func (f *cfgFile) write(base string, target map[string]*Service, hash string) error {
	head := "# _version=" + strconv.FormatInt(f.version+1, 10) + "\n"
	var text string
	if b := strings.TrimRight(base, "\n") + "\n"; hasGlobal(b) {
		// The same text, rendered once into one buffer: at 1000 services
		// the file is ~700 KB, and adding the head and the env line to the
		// rendered text held three copies of it at once.
		text = renderFileAfter(head, withStructureEnv(b, hash), f.stickyMap, target)
	} else {
		text = head + withStructureEnv(renderFile(base, f.stickyMap, target), hash)
	}
	if err := checkText(context.Background(), f.bin, f.txDir, text); err != nil {
		return err
	}
	release := f.lock.hold(true)
	defer release()
	if st, err := stamp(f.path); err != nil || st != f.stat {
		return fmt.Errorf("haproxy config %s: %w", f.path, errChanged)
	}
	st, err := f.replace(text)
	if err != nil {
		return err
	}
	return f.commit(func() {
		f.stat, f.version = st, f.version+1
		f.committed = maps.Clone(target)
		f.foreign, f.baseSHA, f.structure = false, sha(base), hash
	})
}

// commit notes what the file now holds (update, under snapMu) and saves
// the record of it. The caller holds the exclusive lock since its write of
// the file.
func (f *cfgFile) commit(update func()) error {
	f.snapMu.Lock()
	update()
	f.snapMu.Unlock()
	return f.saveRecord()
}

// replace writes text as the file (atomically, synced) and returns its
// new stamp.
func (f *cfgFile) replace(text string) (fileStamp, error) {
	return f.replaceWith(func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

// replaceWith writes the file from write (atomically, synced), noting the
// hash of what it wrote, and returns the file's new stamp. A failed write
// leaves the file as it was.
func (f *cfgFile) replaceWith(write func(io.Writer) error) (fileStamp, error) {
	h := sha256.New()
	if err := atomicfile.WriteKeepMode(f.path, 0o644, func(w io.Writer) error {
		return write(io.MultiWriter(w, h))
	}); err != nil {
		return fileStamp{}, err
	}
	f.writtenSHA = hex.EncodeToString(h.Sum(nil))
	return stamp(f.path)
}

// withStructureEnv adds `setenv YODEL_STRUCTURE <hash>` at the top of the
// global section of text.
func withStructureEnv(text, hash string) string {
	line := "  setenv " + structureEnv + " " + hash + "\n"
	if end, ok := globalLineEnd(text); ok {
		return text[:end] + line + text[end:]
	}
	return text + "\nglobal\n" + line
}

func hasGlobal(text string) bool { _, ok := globalLineEnd(text); return ok }

// globalLineEnd is where the first line of text that is `global` alone
// ends (after its newline); false when there is none.
func globalLineEnd(text string) (int, bool) {
	for i := 0; i < len(text); {
		n := strings.IndexByte(text[i:], '\n')
		if n < 0 {
			return 0, false // a last line without its newline: not one to add after
		}
		end := i + n + 1
		if f := strings.Fields(text[i:end]); len(f) == 1 && f[0] == "global" {
			return end, true
		}
		i = end
	}
	return 0, false
}

// snapshot is the record of the file: its services, whether it is foreign
// and the hash of its base template. The map is never modified in place.
func (f *cfgFile) snapshot() (map[string]*Service, bool, string) {
	f.snapMu.Lock()
	defer f.snapMu.Unlock()
	return f.committed, f.foreign, f.baseSHA
}

// saveRecord writes the sidecar for the file as just written (replace
// noted its hash: the file is not read back). It is the JSON of record,
// written a service at a time: at 1000 services the whole of it is about
// 1 MB, which json.Marshal would build (and grow) in memory for every
// background write after a runtime change.
func (f *cfgFile) saveRecord() error {
	return atomicfile.Write(f.sidecar, 0o600, func(w io.Writer) error {
		return writeRecord(w, record{FileSHA: f.writtenSHA, BaseSHA: f.baseSHA, Structure: f.structure, Services: f.committed})
	})
}

// writeRecord writes r as json.Marshal would (keys sorted, no spaces).
func writeRecord(w io.Writer, r record) error {
	bw := bufio.NewWriter(w)
	head, err := json.Marshal(record{FileSHA: r.FileSHA, BaseSHA: r.BaseSHA, Structure: r.Structure})
	if err != nil {
		return err
	}
	// head ends in "services":null}: the services go in its place.
	head = bytes.TrimSuffix(head, []byte("null}"))
	bw.Write(head)
	if r.Services == nil {
		bw.WriteString("null")
	} else {
		// One buffer for every entry: json.Marshal returns a fresh copy
		// of each, 1 MB of garbage per write at 1000 services. The
		// Encoder escapes as Marshal does and ends each value in '\n'.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		put := func(v any) error {
			buf.Reset()
			if err := enc.Encode(v); err != nil {
				return err
			}
			bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			return nil
		}
		bw.WriteByte('{')
		for i, k := range slices.Sorted(maps.Keys(r.Services)) {
			if i > 0 {
				bw.WriteByte(',')
			}
			if err := put(k); err != nil {
				return err
			}
			bw.WriteByte(':')
			if err := put(r.Services[k]); err != nil {
				return err
			}
		}
		bw.WriteByte('}')
	}
	bw.WriteByte('}')
	return bw.Flush()
}

// writeStructure writes target (file models by key) with structure hash
// as the whole file. Someone else writing the file meanwhile (errChanged)
// makes it foreign: it is re-read and written whole, once.
func (f *cfgFile) writeStructure(base string, target map[string]*Service, hash string) error {
	err := f.write(base, target, hash)
	if errors.Is(err, errChanged) {
		f.log.Warn("haproxy: the config file was written by someone else meanwhile; rewriting it whole", "path", f.path)
		if rerr := f.reread(); rerr != nil {
			return errors.Join(err, rerr)
		}
		err = f.write(base, target, hash)
	}
	return err
}

// reread takes the file on disk as it is now, as foreign.
func (f *cfgFile) reread() error {
	release := f.lock.hold(false)
	defer release()
	text, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	st, err := stamp(f.path)
	if err != nil {
		return err
	}
	f.snapMu.Lock()
	f.stat, f.version, f.foreign = st, fileVersion(string(text)), true
	f.snapMu.Unlock()
	return nil
}

// serverLine is a server line as renderService writes it.
func serverLine(sv *Server) string {
	return "    server " + sv.Name + " " + serverParams(sv)
}

// writeServers writes the servers of services already in the file (same
// structure): the file's side of a runtime change. It runs no `haproxy -c`
// (0.2 s of CPU at 1000 services, which on a small machine delayed the
// runtime changes of the next task events): every server written here was
// just accepted by HAProxy's runtime API, so nothing is left to validate.
// The server lines of the changed backends are replaced in the text as
// renderService writes them, so the file is the one a whole write of the
// same services gives. The file's `# _version` is unchanged, and the
// record follows the file.
func (f *cfgFile) writeServers(services map[string]*Service) error {
	// From the stamp's check on: another applier's write must come before
	// it or after the record.
	release := f.lock.hold(true)
	defer release()
	if st, err := stamp(f.path); err != nil || st != f.stat || f.foreign {
		// Someone else wrote the file: the next Apply sees it and writes
		// it whole rather than committing their text along with ours.
		return fmt.Errorf("haproxy config %s changed since yodel wrote it; it is rewritten on the next apply (%v)", f.path, err)
	}
	changed := map[string]*Service{}
	lines := map[string][]string{}
	for k, s := range services {
		old := f.committed[k]
		if old == nil || !sameStructure(old, s) || slices.Equal(old.Servers, s.Servers) {
			continue // gone or restructured since: the structural path wrote it
		}
		for _, set := range s.backendSets() {
			var ls []string
			for _, sv := range set.Servers {
				ls = append(ls, serverLine(&sv))
			}
			lines[set.Name] = ls
		}
		changed[k] = s
	}
	if len(changed) == 0 {
		return nil
	}
	// Streamed from the file to its replacement: the text is 1 MB at 1000
	// services, and this runs after every batch of runtime changes.
	in, err := os.Open(f.path)
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	defer in.Close()
	var spliceErr error
	st, err := f.replaceWith(func(w io.Writer) error {
		spliceErr = spliceServersTo(w, in, lines)
		return spliceErr
	})
	if spliceErr != nil {
		f.snapMu.Lock()
		f.foreign = true // the next structural write rewrites it whole
		f.snapMu.Unlock()
		return fmt.Errorf("haproxy config %s: %w; it is rewritten on the next apply", f.path, spliceErr)
	}
	if err != nil {
		return err
	}
	next := maps.Clone(f.committed)
	maps.Copy(next, changed)
	return f.commit(func() { f.committed, f.stat = next, st })
}

// spliceServersTo copies r to w a line at a time, replacing the server
// lines of the named backends (at the place of their first server line,
// else at the end of the section) and leaving every other line as it is.
// A backend it cannot find is an error: the file is not what the record
// says.
func spliceServersTo(w io.Writer, r io.Reader, servers map[string][]string) error {
	br := bufio.NewReaderSize(r, 16<<10)
	bw := bufio.NewWriterSize(w, 16<<10) // a buffer per background write: small
	done := make(map[string]bool, len(servers))
	var cur string    // backend being copied, when its servers are replaced
	var held []string // blank lines held back at a section's end
	inserted := false
	writeServers := func() {
		for _, l := range servers[cur] {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	finish := func() {
		if cur != "" && !inserted {
			writeServers()
		}
		for _, l := range held {
			bw.WriteString(l)
		}
		held, cur, inserted = nil, "", false
	}
	for {
		line, rerr := readLine(br)
		if rerr != nil && rerr != io.EOF {
			return rerr
		}
		if len(line) > 0 {
			body := bytes.TrimRight(line, "\n")
			switch {
			case len(body) > 0 && body[0] != ' ' && body[0] != '\t' && body[0] != '#':
				finish()
				if f := bytes.Fields(body); len(f) >= 2 && string(f[0]) == "backend" {
					if _, ok := servers[string(f[1])]; ok {
						cur = string(f[1])
						done[cur] = true
					}
				}
				bw.Write(line)
			case cur == "":
				bw.Write(line)
			case len(bytes.TrimSpace(body)) == 0:
				held = append(held, string(line))
			default:
				for _, l := range held {
					bw.WriteString(l)
				}
				held = nil
				if bytes.HasPrefix(bytes.TrimLeft(body, " \t"), []byte("server ")) {
					if !inserted {
						writeServers()
						inserted = true
					}
				} else {
					bw.Write(line)
				}
			}
		}
		if rerr == io.EOF {
			break
		}
	}
	finish()
	for be := range servers {
		if !done[be] {
			return fmt.Errorf("backend %s is not in the file", be)
		}
	}
	return bw.Flush()
}

// readLine reads one line with its newline (none at the end of the
// input), valid until the next read.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		rest, err := br.ReadBytes('\n')
		return append(long, rest...), err
	}
	return line, err
}

// restore puts back a file and its record after a failed reload.
func (f *cfgFile) restore(text string, committed map[string]*Service, baseSHA, structure string) error {
	release := f.lock.hold(true)
	defer release()
	st, err := f.replace(text)
	if err != nil {
		return err
	}
	return f.commit(func() {
		f.stat, f.version, f.committed, f.foreign, f.baseSHA, f.structure = st, fileVersion(text), committed, false, baseSHA, structure
	})
}
