package emulator

import (
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The Mesos agent API of the one agent the emulator stands for, as much as
// `yodel logs` reads (mesos/src/slave/http.cpp and files/files.cpp, 1.x):
// GET /state lists each executor's sandbox directory; GET /files/read
// serves a byte range of a file inside a sandbox ({"data", "offset"}; an
// offset of -1 answers the file's size); GET /files/browse lists one
// directory. Only the "process" executor has sandboxes (DIR/tasks/<id>,
// with the task's stdout and stderr); files outside them are not served,
// as the real agent serves only attached sandbox paths.
func (e *Emulator) routeAgent(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Path {
	case "/state", "/slave(1)/state":
		e.serveAgentState(w)
	case "/files/read":
		e.serveFileRead(w, r)
	case "/files/browse":
		e.serveFileBrowse(w, r)
	default:
		return false
	}
	return true
}

type agentExecutorOut struct {
	ID        string           `json:"id"`
	Directory string           `json:"directory"`
	Tasks     []map[string]any `json:"tasks"`
}

func (e *Emulator) serveAgentState(w http.ResponseWriter) {
	live := map[string]string{} // task id -> state
	e.mu.Lock()
	for _, as := range e.apps {
		for id, t := range as.tasks {
			live[id] = t.State
		}
	}
	e.mu.Unlock()
	root := e.taskRoot()
	entries, _ := os.ReadDir(root)
	running, done := []agentExecutorOut{}, []agentExecutorOut{}
	for _, d := range entries {
		if !d.IsDir() {
			continue
		}
		id := d.Name()
		ex := agentExecutorOut{ID: id, Directory: filepath.Join(root, id), Tasks: []map[string]any{}}
		if st, ok := live[id]; ok {
			ex.Tasks = append(ex.Tasks, map[string]any{"id": id, "state": st})
			running = append(running, ex)
		} else {
			done = append(done, ex)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": e.slaveID(), "hostname": e.cfg.HostIP,
		"frameworks": []any{map[string]any{
			"id": e.frameworkID, "name": "marathon", "executors": running, "completed_executors": done,
		}},
		"completed_frameworks": []any{},
	})
}

// sandboxPath resolves a path inside a task sandbox, or answers 404 as the
// agent does for a path it does not serve. Like the agent's
// FilesProcess::resolve it follows symlinks and refuses (400, "is
// inaccessible") a path that then leads out of the task's own sandbox:
// a task writing a link to the state directory, or to another task's
// sandbox, must not make the agent serve it.
func (e *Emulator) sandboxPath(w http.ResponseWriter, r *http.Request) (string, bool) {
	p := r.URL.Query().Get("path")
	root := e.taskRoot()
	clean := filepath.Clean(p)
	rel, err := filepath.Rel(root, clean)
	if p == "" || !filepath.IsAbs(p) || err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		http.Error(w, "Path '"+p+"' not found", http.StatusNotFound)
		return "", false
	}
	sandbox, _, _ := strings.Cut(rel, string(filepath.Separator))
	realSandbox, err := filepath.EvalSymlinks(filepath.Join(root, sandbox))
	if err != nil {
		http.Error(w, "Path '"+p+"' not found", http.StatusNotFound)
		return "", false
	}
	real, err := filepath.EvalSymlinks(clean)
	if err != nil {
		http.Error(w, "Path '"+p+"' not found", http.StatusNotFound)
		return "", false
	}
	if real != realSandbox && !strings.HasPrefix(real, realSandbox+string(filepath.Separator)) {
		http.Error(w, "'"+p+"' is inaccessible", http.StatusBadRequest)
		return "", false
	}
	return real, true
}

func (e *Emulator) serveFileRead(w http.ResponseWriter, r *http.Request) {
	p, ok := e.sandboxPath(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	offset, err := strconv.ParseInt(q.Get("offset"), 10, 64)
	if err != nil && q.Get("offset") != "" {
		http.Error(w, "Failed to parse offset: "+err.Error(), http.StatusBadRequest)
		return
	}
	length := int64(-1)
	if s := q.Get("length"); s != "" {
		if length, err = strconv.ParseInt(s, 10, 64); err != nil {
			http.Error(w, "Failed to parse length: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	f, err := os.Open(p)
	if err != nil {
		http.Error(w, "Path '"+q.Get("path")+"' not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.Error(w, "Cannot read a directory", http.StatusBadRequest)
		return
	}
	size := st.Size()
	if offset < 0 {
		writeJSON(w, http.StatusOK, map[string]any{"data": "", "offset": size})
		return
	}
	// The agent caps one read (its pagesize times 16); so does this.
	const maxRead = 64 << 10
	if length < 0 || length > maxRead {
		length = maxRead
	}
	if offset > size {
		offset = size
	}
	buf := make([]byte, min(length, size-offset))
	n, _ := f.ReadAt(buf, offset)
	writeJSON(w, http.StatusOK, map[string]any{"data": string(buf[:n]), "offset": offset})
}

func (e *Emulator) serveFileBrowse(w http.ResponseWriter, r *http.Request) {
	p, ok := e.sandboxPath(w, r)
	if !ok {
		return
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		http.Error(w, "Path '"+r.URL.Query().Get("path")+"' not found", http.StatusNotFound)
		return
	}
	out := []map[string]any{}
	for _, d := range entries {
		info, err := d.Info()
		if err != nil {
			continue
		}
		out = append(out, map[string]any{"path": filepath.Join(p, d.Name()), "size": info.Size(),
			"mode": info.Mode().String(), "mtime": info.ModTime().Unix(), "nlink": 1})
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["path"].(string) < out[j]["path"].(string) })
	writeJSON(w, http.StatusOK, out)
}
