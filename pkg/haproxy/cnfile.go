package haproxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/configuration"
	cfgopt "github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/configuration/options"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-client-native/models"
	parser "github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/params"
	"github.com/yodeldeploy/yodel/third_party/haproxytech-config-parser/types"
)

// cnFile is the configuration file as client-native manages it, with the
// record of what yodel committed to it (see the comment at the top of
// render.go). Its mutex serialises commits between Apply and the background
// server writer.
type cnFile struct {
	mu      sync.Mutex
	path    string
	bin     string
	txDir   string
	sidecar string
	log     *slog.Logger
	// stickyMap is the sticky map file the services' rules read.
	stickyMap string

	// snapMu guards the record fields below for readers that do not hold
	// mu (Apply while the background writer commits).
	snapMu sync.Mutex

	cfg  configuration.Configuration // nil until the first sync
	stat fileStamp                   // of the file as last read or committed
	// committed is the file model of every service in the file (fileModel),
	// by key; foreign means the file is not one yodel committed (or its
	// record is lost), so the next structural write rewrites it whole.
	committed map[string]*Service
	foreign   bool
	baseSHA   string // of the base template in the file
	structure string // structureHash of the file
}

// staleTransaction is the age past which a transaction file is a leftover:
// a commit takes seconds at most.
const staleTransaction = time.Minute

// record is the sidecar: what is in the file, and the file's hash to tell
// whether it is still what yodel committed.
type record struct {
	FileSHA   string              `json:"file_sha256"`
	BaseSHA   string              `json:"base_sha256"`
	Structure string              `json:"structure"`
	Services  map[string]*Service `json:"services"`
}

func newCNFile(opts Options, log *slog.Logger) *cnFile {
	dir, base := filepath.Split(opts.ConfigPath)
	return &cnFile{path: opts.ConfigPath, bin: opts.HAProxyBin, log: log, stickyMap: stickyMapPath(opts.ConfigPath),
		txDir:   filepath.Join(dir, "."+base+".transactions"),
		sidecar: opts.ConfigPath + ".yodel.json"}
}

// sync makes the in-memory record match the file on disk. A file changed
// since yodel last committed it is re-read; if the sidecar does not vouch for
// it, it is foreign.
func (f *cnFile) sync(ctx context.Context) error {
	if err := ensureStickyMap(f.stickyMap); err != nil {
		return fmt.Errorf("haproxy sticky map: %w", err)
	}
	st, err := stamp(f.path)
	if errors.Is(err, os.ErrNotExist) {
		// client-native cannot start from no file; HAProxy is not running
		// from this path anyway, so an empty file is as good.
		if err := writeAtomic(f.path, fileHeader, 0o644); err != nil {
			return err
		}
		st, err = stamp(f.path)
	}
	if err != nil {
		return err
	}
	if f.cfg != nil && st == f.stat {
		return nil
	}
	text, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	if f.cfg == nil {
		if err := f.open(ctx); err != nil {
			return err
		}
	} else if err := f.cfg.LoadData(f.path); err != nil {
		return fmt.Errorf("haproxy config %s: client-native cannot read it: %w", f.path, err)
	} else if err := f.shrink(); err != nil {
		return err
	}
	f.stat = st
	f.committed, f.foreign, f.baseSHA, f.structure = map[string]*Service{}, true, "", ""
	b, err := os.ReadFile(f.sidecar)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			f.log.Warn("haproxy: cannot read the record of the config file; it will be rewritten whole", "path", f.sidecar, "err", err)
		}
		return nil
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		f.log.Warn("haproxy: the record of the config file is damaged; the file will be rewritten whole", "path", f.sidecar, "err", err)
		return nil
	}
	if r.FileSHA != sha(string(text)) || r.Services == nil {
		f.log.Info("haproxy: the config file was changed by something else than yodel; it will be rewritten whole", "path", f.path)
		return nil
	}
	f.committed, f.foreign, f.baseSHA, f.structure = r.Services, false, r.BaseSHA, r.Structure
	return nil
}

// open starts client-native on the file, in a transactions directory of its
// own (0700). Transaction files a previous process left behind (a crash in
// the middle of a commit) are removed; recent ones may belong to another
// applier of the same file that is committing right now.
func (f *cnFile) open(ctx context.Context) error {
	// Created here, 0700, so client-native does not create them 0755.
	for _, d := range []string{f.txDir, filepath.Join(f.txDir, models.TransactionStatusFailed), filepath.Join(f.txDir, models.TransactionStatusOutdated)} {
		if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("haproxy transactions dir: %w", err)
		}
		if err := os.Chmod(d, 0o700); err != nil {
			return fmt.Errorf("haproxy transactions dir: %w", err)
		}
		entries, err := os.ReadDir(d)
		if err != nil {
			return fmt.Errorf("haproxy transactions dir: %w", err)
		}
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && !e.IsDir() && time.Since(fi.ModTime()) > staleTransaction {
				f.log.Info("haproxy: removing a leftover transaction file", "path", filepath.Join(d, e.Name()))
				_ = os.Remove(filepath.Join(d, e.Name()))
			}
		}
	}
	cfg, err := configuration.New(ctx,
		cfgopt.ConfigurationFile(f.path),
		cfgopt.HAProxyBin(f.bin),
		cfgopt.TransactionsDir(f.txDir),
		cfgopt.MasterWorker, // validation runs `haproxy -W -f <tx> -c`, like the running master
		cfgopt.SkipFailedTransactions,
	)
	if err != nil {
		return fmt.Errorf("haproxy config %s: client-native: %w", f.path, err)
	}
	f.cfg = cfg
	return f.shrink()
}

// wholeWriteAt is how many services added, removed or restructured make a
// structural write render the whole file instead of a client-native
// transaction. A transaction parses the whole file into config-parser's
// model (0.2 s and ~50 MB allocated at 1000 services), serialises it back
// and runs `haproxy -c`; the whole text costs only the `haproxy -c`. The
// agent's first sync against a fresh HAProxy (1000 services added) took
// 0.64 s in the transaction, 0.2 s this way. Small changes keep the model
// operations, which leave every other line of the file as it is.
var wholeWriteAt = 32 // a variable for BenchmarkWriteStructure1000

func (f *cnFile) manyChanges(target map[string]*Service) bool {
	n := 0
	for k, s := range target {
		if old := f.committed[k]; old == nil || !sameStructure(old, s) {
			n++
		}
	}
	for k := range f.committed {
		if target[k] == nil {
			n++
		}
	}
	return n >= wholeWriteAt
}

// writeWhole writes the whole file as renderFile renders it, validated by
// `haproxy -c` as a commit is, without a client-native transaction, and
// moves client-native's version on by one as a commit would. A refusal is
// a configuration.ErrValidationError, like a commit's; a file changed on
// disk since it was read is an ErrVersionMismatch.
func (f *cnFile) writeWhole(base string, target map[string]*Service, hash string) error {
	v, err := f.cfg.GetVersion("")
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	text := "# _version=" + strconv.FormatInt(v+1, 10) + "\n" + withStructureEnv(renderFile(base, f.stickyMap, target), hash)
	tmp, err := os.CreateTemp(f.txDir, "whole-*.cfg")
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	// As client-native validates a commit (cfgopt.MasterWorker).
	if out, err := exec.Command(f.bin, "-W", "-f", tmp.Name(), "-c").CombinedOutput(); err != nil {
		return configuration.NewConfError(configuration.ErrValidationError, fmt.Sprintf("%v: %s", err, strings.TrimSpace(string(out))))
	}
	if st, err := stamp(f.path); err != nil || st != f.stat {
		return configuration.NewConfError(configuration.ErrVersionMismatch, fmt.Sprintf("%s changed on disk since it was read", f.path))
	}
	if err := writeAtomic(f.path, text, 0o644); err != nil {
		return err
	}
	if err := f.loadVersion(v + 1); err != nil {
		return err
	}
	st, err := stamp(f.path)
	if err != nil {
		return err
	}
	f.stat = st
	return nil
}

// withStructureEnv adds `setenv YODEL_STRUCTURE <hash>` at the top of the
// global section of text, as setStructureEnv does in a transaction.
func withStructureEnv(text, hash string) string {
	line := "  setenv " + structureEnv + " " + hash + "\n"
	for i := 0; i < len(text); {
		end := len(text)
		if n := strings.IndexByte(text[i:], '\n'); n >= 0 {
			end = i + n + 1
		}
		if f := strings.Fields(text[i:end]); len(f) == 1 && f[0] == "global" {
			return text[:end] + line + text[end:]
		}
		i = end
	}
	return text + "\nglobal\n" + line
}

// shrink drops client-native's in-memory copy of the file (its master
// parser: 50-80 MB at 1000 services) and keeps only the version. yodel never
// reads through it: a transaction parses the file from disk, the record says
// what the file holds, and a commit needs only the version to detect a
// concurrent one.
func (f *cnFile) shrink() error {
	v, err := f.cfg.GetVersion("")
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	return f.loadVersion(v)
}

// loadVersion makes client-native hold an empty configuration of version v.
func (f *cnFile) loadVersion(v int64) error {
	stub := filepath.Join(f.txDir, "version.cfg")
	if err := writeAtomic(stub, "# _version="+strconv.FormatInt(v, 10)+"\n", 0o600); err != nil {
		return err
	}
	if err := f.cfg.LoadData(stub); err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	return nil
}

// begin starts a transaction on the file as it is on disk.
func (f *cnFile) begin() (string, parser.Parser, error) {
	v, err := f.cfg.GetVersion("")
	if err != nil {
		return "", nil, fmt.Errorf("haproxy config: %w", err)
	}
	tx, err := f.cfg.StartTransaction(v)
	if err != nil {
		return "", nil, fmt.Errorf("haproxy config: start transaction: %w", err)
	}
	p, err := f.cfg.GetParser(tx.ID)
	if err != nil {
		_ = f.cfg.DeleteTransaction(tx.ID)
		return "", nil, fmt.Errorf("haproxy config: %w", err)
	}
	return tx.ID, p, nil
}

// commit validates and writes a transaction; on any error the transaction is
// gone (client-native drops a failed one, an unfinished one is deleted here).
func (f *cnFile) commit(tx string) error {
	_, err := f.cfg.CommitTransaction(tx)
	if err != nil {
		_ = f.cfg.DeleteTransaction(tx)
		return err
	}
	if err := f.shrink(); err != nil {
		return err
	}
	st, err := stamp(f.path)
	if err != nil {
		return err
	}
	f.stat = st
	return nil
}

// snapshot is the record of the file: its services, whether it is foreign
// and the hash of its base template. The map is never modified in place.
func (f *cnFile) snapshot() (map[string]*Service, bool, string) {
	f.snapMu.Lock()
	defer f.snapMu.Unlock()
	return f.committed, f.foreign, f.baseSHA
}

// record writes the sidecar for the file as just committed.
func (f *cnFile) saveRecord() error {
	text, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	b, err := json.Marshal(record{FileSHA: sha(string(text)), BaseSHA: f.baseSHA, Structure: f.structure, Services: f.committed})
	if err != nil {
		return err
	}
	return writeAtomic(f.sidecar, string(b), 0o600)
}

// writeStructure commits target (file models by key) with structure hash:
// model operations on the services that differ from what is committed, or
// the whole file when the file is foreign or the base template changed.
// Someone else committing meanwhile (ErrVersionMismatch) makes the file
// foreign: it is re-read and written whole, once.
func (f *cnFile) writeStructure(base string, target map[string]*Service, hash string) error {
	err := f.tryWriteStructure(base, target, hash)
	if errors.Is(err, configuration.ErrVersionMismatch) {
		f.log.Warn("haproxy: the config file was committed by someone else meanwhile; rewriting it whole", "path", f.path)
		if lerr := f.cfg.LoadData(f.path); lerr != nil {
			return errors.Join(err, lerr)
		}
		if serr := f.shrink(); serr != nil {
			return errors.Join(err, serr)
		}
		f.foreign = true
		err = f.tryWriteStructure(base, target, hash)
	}
	if err != nil {
		return err
	}
	f.committed = maps.Clone(target)
	f.foreign, f.baseSHA, f.structure = false, sha(base), hash
	return f.saveRecord()
}

func (f *cnFile) tryWriteStructure(base string, target map[string]*Service, hash string) error {
	if f.foreign || f.baseSHA != sha(base) || f.manyChanges(target) {
		return f.writeWhole(base, target, hash)
	}
	tx, p, err := f.begin()
	if err != nil {
		return err
	}
	if f.foreign || f.baseSHA != sha(base) {
		err = f.loadRaw(p, renderFile(base, f.stickyMap, target))
	} else {
		err = f.applyOps(tx, p, target)
	}
	if err == nil {
		err = setStructureEnv(p, hash)
	}
	if err != nil {
		_ = f.cfg.DeleteTransaction(tx)
		return err
	}
	return f.commit(tx)
}

// loadRaw replaces the transaction's configuration with text, keeping the
// transaction's version so the commit is not taken for a concurrent one.
func (f *cnFile) loadRaw(p parser.Parser, text string) error {
	data, err := p.Get(parser.Comments, parser.CommentsSectionName, "# _version", true)
	if err != nil {
		return fmt.Errorf("haproxy config: version of the transaction: %w", err)
	}
	ver, _ := data.(*types.ConfigVersion)
	if ver == nil {
		return fmt.Errorf("haproxy config: the transaction has no version")
	}
	tmp, err := os.CreateTemp(f.txDir, "raw-*.cfg")
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString("# _version=" + strconv.FormatInt(ver.Value, 10) + "\n" + text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	if err := p.LoadData(tmp.Name()); err != nil {
		return fmt.Errorf("haproxy config: client-native cannot read the rendered configuration: %w", err)
	}
	return nil
}

// applyOps turns the committed services into target, touching only the
// services that differ.
func (f *cnFile) applyOps(tx string, p parser.Parser, target map[string]*Service) error {
	keys := slices.Sorted(maps.Keys(f.committed))
	for k := range target {
		if f.committed[k] == nil {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		old, s := f.committed[k], target[k]
		switch {
		case s == nil:
			if err := f.deleteService(tx, old); err != nil {
				return err
			}
		case old == nil:
			if err := f.createService(tx, p, s); err != nil {
				return err
			}
		case !sameStructure(old, s):
			if err := f.deleteService(tx, old); err != nil {
				return err
			}
			if err := f.createService(tx, p, s); err != nil {
				return err
			}
		case !slices.Equal(old.Servers, s.Servers):
			if err := setServers(p, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// createService adds a service's frontends and backends, as renderService
// writes them.
func (f *cnFile) createService(tx string, p parser.Parser, s *Service) error {
	wrap := func(what string, err error) error {
		if err != nil {
			return fmt.Errorf("haproxy config: service %s: create %s: %w", s.Key(), what, err)
		}
		return nil
	}
	be, cb := BackendName(s.Name, s.Port), CanaryBackendName(s.Name, s.Port)
	sb := StableBackendName(s.Name, s.Port)
	backend := func(name string) error {
		m := &models.Backend{Name: name, Mode: s.Mode, Balance: &models.Balance{Algorithm: ptr(models.BalanceAlgorithmRoundrobin)}}
		if s.HealthPath != "" {
			m.AdvCheck = models.BackendAdvCheckHttpchk
			m.HttpchkParams = &models.HttpchkParams{Method: "GET", URI: s.HealthPath}
		}
		if err := f.cfg.CreateBackend(m, tx, 0); err != nil {
			return wrap("backend "+name, err)
		}
		if s.Mode != ModeHTTP {
			return nil
		}
		rule := &models.HTTPRequestRule{Index: ptr(int64(0)), Type: models.HTTPRequestRuleTypeDisableDashL7DashRetry,
			Cond: models.HTTPRequestRuleCondIf, CondTest: noReplayCond}
		return wrap("no-replay rule of "+name, f.cfg.CreateHTTPRequestRule("backend", name, rule, tx, 0))
	}
	frontend := func(name string, port int, def string, public bool) error {
		m := &models.Frontend{Name: name, Mode: s.Mode, DefaultBackend: def}
		if public && s.Mode == ModeHTTP {
			m.Forwardfor = &models.Forwardfor{Enabled: ptr(models.ForwardforEnabledEnabled)}
			m.LogFormat = `"` + AccessLogFormat + `"`
		}
		if err := f.cfg.CreateFrontend(m, tx, 0); err != nil {
			return wrap("frontend "+name, err)
		}
		bind := &models.Bind{BindParams: models.BindParams{Name: name}, Address: s.BindAddress, Port: ptr(int64(port))}
		return wrap("bind of "+name, f.cfg.CreateBind("frontend", name, bind, tx, 0))
	}
	for _, name := range backendsOf(s) {
		if err := backend(name); err != nil {
			return err
		}
	}
	if err := frontend(frontendName(s.Name, s.Port), s.Port, be, true); err != nil {
		return err
	}
	if s.CanaryHeader.Name != "" {
		rule := &models.BackendSwitchingRule{Index: ptr(int64(0)), Name: cb, Cond: models.BackendSwitchingRuleCondIf, CondTest: canaryCond(s)}
		if err := f.cfg.CreateBackendSwitchingRule(frontendName(s.Name, s.Port), rule, tx, 0); err != nil {
			return wrap("canary route", err)
		}
		rule = &models.BackendSwitchingRule{Index: ptr(int64(1)), Name: sb, Cond: models.BackendSwitchingRuleCondIf, CondTest: stableCond(s)}
		if err := f.cfg.CreateBackendSwitchingRule(frontendName(s.Name, s.Port), rule, tx, 0); err != nil {
			return wrap("stable route", err)
		}
		rule = &models.BackendSwitchingRule{Index: ptr(int64(2)), Name: cb, Cond: models.BackendSwitchingRuleCondIf, CondTest: stickyCanaryCond(s)}
		if err := f.cfg.CreateBackendSwitchingRule(frontendName(s.Name, s.Port), rule, tx, 0); err != nil {
			return wrap("sticky canary route", err)
		}
		rule = &models.BackendSwitchingRule{Index: ptr(int64(3)), Name: sb, Cond: models.BackendSwitchingRuleCondIf, CondTest: stickyStableCond(s)}
		if err := f.cfg.CreateBackendSwitchingRule(frontendName(s.Name, s.Port), rule, tx, 0); err != nil {
			return wrap("sticky stable route", err)
		}
	}
	if s.HasStableBackend() {
		fe := frontendName(s.Name, s.Port)
		req, resp := stickyRules(s, f.stickyMap)
		for i, r := range req {
			m := &models.HTTPRequestRule{Index: ptr(int64(i)), Type: models.HTTPRequestRuleTypeSetDashVar,
				VarScope: "txn", VarName: r.Var, VarExpr: r.Expr}
			if r.Cond != "" {
				m.Cond, m.CondTest = models.HTTPRequestRuleCondIf, r.Cond
			}
			if err := f.cfg.CreateHTTPRequestRule("frontend", fe, m, tx, 0); err != nil {
				return wrap("sticky request rule", err)
			}
		}
		for i, r := range resp {
			m := &models.HTTPResponseRule{Index: ptr(int64(i)), Type: models.HTTPResponseRuleTypeAddDashHeader,
				HdrName: "Set-Cookie", HdrFormat: `"` + r.Value + `"`, Cond: models.HTTPResponseRuleCondIf, CondTest: r.Cond}
			if err := f.cfg.CreateHTTPResponseRule("frontend", fe, m, tx, 0); err != nil {
				return wrap("sticky response rule", err)
			}
		}
	}
	if s.IsolatedPort != 0 {
		if err := frontend(isolatedFrontendName(s.Name, s.Port), s.IsolatedPort, cb, false); err != nil {
			return err
		}
	}
	return setServers(p, s)
}

func (f *cnFile) deleteService(tx string, s *Service) error {
	names := []string{frontendName(s.Name, s.Port)}
	if s.IsolatedPort != 0 {
		names = append(names, isolatedFrontendName(s.Name, s.Port))
	}
	for _, n := range names {
		if err := f.cfg.DeleteFrontend(n, tx, 0); err != nil && !errors.Is(err, configuration.ErrObjectDoesNotExist) {
			return fmt.Errorf("haproxy config: service %s: delete frontend %s: %w", s.Key(), n, err)
		}
	}
	for _, n := range backendsOf(s) {
		if err := f.cfg.DeleteBackend(n, tx, 0); err != nil && !errors.Is(err, configuration.ErrObjectDoesNotExist) {
			return fmt.Errorf("haproxy config: service %s: delete backend %s: %w", s.Key(), n, err)
		}
	}
	return nil
}

// setServers writes the server lines of a service's backends, each list in
// one call on the transaction's parser. CreateServer per server would re-scan
// the backend on every insert, quadratic in its servers (3.3 s for 2000).
func setServers(p parser.Parser, s *Service) error {
	for _, set := range s.backendSets() {
		be := set.Name
		var list []types.Server
		for _, sv := range set.Servers {
			list = append(list, configuration.SerializeServer(fileServer(&sv)))
		}
		var data any
		if list != nil {
			data = list
		}
		if err := p.Set(parser.Backends, be, "server", data); err != nil {
			return fmt.Errorf("haproxy config: servers of %s: %w", be, err)
		}
	}
	return nil
}

// fileServer is the file's version of a server: the settings of the runtime
// `add server` (serverParams).
func fileServer(sv *Server) models.Server {
	return models.Server{Name: sv.Name, Address: sv.Addr, Port: ptr(int64(sv.Port)),
		ServerParams: models.ServerParams{Weight: ptr(int64(sv.Weight)), Check: models.ServerParamsCheckEnabled,
			Inter: ptr(int64(2000)), PoolPurgeDelay: ptr(int64(5000))}}
}

// setStructureEnv sets `setenv YODEL_STRUCTURE <hash>` in the global
// section, keeping the base template's own setenv lines.
func setStructureEnv(p parser.Parser, hash string) error {
	var envs []types.StringKeyValueC
	if data, err := p.Get(parser.Global, parser.GlobalSectionName, "setenv"); err == nil {
		if l, ok := data.([]types.StringKeyValueC); ok {
			envs = l
		}
	}
	envs = slices.DeleteFunc(slices.Clone(envs), func(e types.StringKeyValueC) bool { return e.Key == structureEnv })
	envs = append(envs, types.StringKeyValueC{Key: structureEnv, Value: hash})
	if err := p.Set(parser.Global, parser.GlobalSectionName, "setenv", envs); err != nil {
		return fmt.Errorf("haproxy config: setenv %s: %w", structureEnv, err)
	}
	return nil
}

// writeServers writes the servers of services already in the file (same
// structure): the file's side of a runtime change. It is not a client-native
// transaction: a commit re-parses the whole file and runs `haproxy -c`
// (0.5 s of CPU at 1000 services), which on a small machine delayed the
// runtime changes of the next task events past 50 ms. Every server written
// here was just accepted by HAProxy's runtime API, so nothing is left to
// validate; the server lines of the changed backends are replaced in the
// text client-native wrote, in the form config-parser gives them, so the
// next transaction parses the file as if it had written them itself. The
// file's `# _version` is unchanged, and the record follows the file.
func (f *cnFile) writeServers(services map[string]*Service) error {
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
				ls = append(ls, serverLine(fileServer(&sv)))
			}
			lines[set.Name] = ls
		}
		changed[k] = s
	}
	if len(changed) == 0 {
		return nil
	}
	text, err := os.ReadFile(f.path)
	if err != nil {
		return fmt.Errorf("haproxy config: %w", err)
	}
	out, err := spliceServers(string(text), lines)
	if err != nil {
		f.snapMu.Lock()
		f.foreign = true // the next structural write rewrites it whole
		f.snapMu.Unlock()
		return fmt.Errorf("haproxy config %s: %w; it is rewritten on the next apply", f.path, err)
	}
	if err := writeAtomic(f.path, out, 0o644); err != nil {
		return err
	}
	st, err := stamp(f.path)
	if err != nil {
		return err
	}
	next := maps.Clone(f.committed)
	maps.Copy(next, changed)
	f.snapMu.Lock()
	f.committed, f.stat = next, st
	f.snapMu.Unlock()
	return f.saveRecord()
}

// serverLine is a server as config-parser writes it in a section.
func serverLine(m models.Server) string {
	ts := configuration.SerializeServer(m)
	line := "  server " + ts.Name + " " + ts.Address
	if opts := params.ServerOptionsString(ts.Params); opts != "" {
		line += " " + opts
	}
	return line
}

// spliceServers replaces the server lines of the named backends (at the
// place of their first server line, else at the end of the section) and
// leaves every other line as it is. A backend it cannot find is an error:
// the file is not what the record says.
func spliceServers(text string, servers map[string][]string) (string, error) {
	var b strings.Builder
	b.Grow(len(text) + 256)
	done := make(map[string]bool, len(servers))
	var cur string    // backend being copied, when its servers are replaced
	var held []string // blank lines held back at a section's end
	inserted := false
	finish := func() {
		if cur != "" && !inserted {
			for _, l := range servers[cur] {
				b.WriteString(l + "\n")
			}
		}
		for _, l := range held {
			b.WriteString(l)
		}
		held, cur, inserted = nil, "", false
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		body := strings.TrimRight(line, "\n")
		if body != "" && body[0] != ' ' && body[0] != '\t' && body[0] != '#' {
			finish()
			if f := strings.Fields(body); len(f) >= 2 && f[0] == "backend" {
				if _, ok := servers[f[1]]; ok {
					cur = f[1]
					done[cur] = true
				}
			}
			b.WriteString(line)
			continue
		}
		if cur == "" {
			b.WriteString(line)
			continue
		}
		if strings.TrimSpace(body) == "" {
			held = append(held, line)
			continue
		}
		for _, l := range held {
			b.WriteString(l)
		}
		held = nil
		if strings.HasPrefix(strings.TrimLeft(body, " \t"), "server ") {
			if !inserted {
				for _, l := range servers[cur] {
					b.WriteString(l + "\n")
				}
				inserted = true
			}
			continue
		}
		b.WriteString(line)
	}
	finish()
	for be := range servers {
		if !done[be] {
			return "", fmt.Errorf("backend %s is not in the file", be)
		}
	}
	return b.String(), nil
}

// restore puts back a file and its record after a failed reload.
func (f *cnFile) restore(text string, committed map[string]*Service, baseSHA, structure string) error {
	if err := writeAtomic(f.path, text, 0o644); err != nil {
		return err
	}
	if err := f.cfg.LoadData(f.path); err != nil {
		return err
	}
	if err := f.shrink(); err != nil {
		return err
	}
	st, err := stamp(f.path)
	if err != nil {
		return err
	}
	f.stat, f.committed, f.foreign, f.baseSHA, f.structure = st, committed, false, baseSHA, structure
	return f.saveRecord()
}
