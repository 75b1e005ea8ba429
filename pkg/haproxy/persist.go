package haproxy

import (
	"context"
	"sync"
	"time"
)

// persistGap is the pause after a background write before the next one:
// changes arriving meanwhile are coalesced into one write of the file.
// Flush and Apply's structural path skip the pause.
const persistGap = time.Second

// persister writes runtime server changes to the configuration file in the
// background (writeServers), so Apply returns once HAProxy's runtime has
// them: changes are coalesced per service and written one batch at a time.
type persister struct {
	mu      sync.Mutex
	pending map[string]*Service // file models by key, newest wins
	running bool
	idle    chan struct{} // closed when the running writer stops
	hurry   chan struct{} // cuts the pause short (Flush)
	err     error         // of the last commit
}

// schedule queues file models for the background writer.
func (p *persister) schedule(h *HAProxy, services map[string]*Service) {
	if len(services) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending == nil {
		p.pending = map[string]*Service{}
	}
	for k, s := range services {
		p.pending[k] = s
	}
	if !p.running {
		p.running = true
		p.idle = make(chan struct{})
		p.hurry = make(chan struct{})
		go p.run(h, p.idle, p.hurry)
	}
}

func (p *persister) run(h *HAProxy, idle, hurry chan struct{}) {
	for first := true; ; first = false {
		if !first {
			t := time.NewTimer(persistGap)
			select {
			case <-t.C:
			case <-hurry:
				t.Stop()
			}
		}
		p.mu.Lock()
		batch := p.pending
		p.pending = nil
		if len(batch) == 0 {
			p.running = false
			close(idle)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		h.file.mu.Lock()
		err := h.file.writeServers(batch)
		h.file.mu.Unlock()
		if err != nil {
			h.log.Warn("haproxy: writing runtime server changes to the config file failed; the next full apply writes them", "err", err)
		}
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
	}
}

// wait returns when no writer runs. With drop, pending changes are
// discarded (the caller writes the file itself, from the whole desired
// configuration); otherwise they are written first. It returns the last
// commit's error.
func (p *persister) wait(ctx context.Context, drop bool) error {
	p.mu.Lock()
	if drop {
		p.pending = nil
	}
	running, idle := p.running, p.idle
	if running {
		select {
		case <-p.hurry:
		default:
			close(p.hurry)
		}
	}
	p.mu.Unlock()
	if running {
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	err := p.err
	if drop {
		p.err = nil // the caller's write supersedes the failed ones
	}
	return err
}

// busy reports whether a background writer runs.
func (p *persister) busy() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running
}

// fileStat is the file's stamp as last committed, unless a writer runs
// (writing: the stamp is in flux).
func (p *persister) fileStat(f *cfgFile) (st fileStamp, writing bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running {
		return fileStamp{}, true
	}
	if p.err != nil {
		return fileStamp{}, false // a failed write: the full path rewrites the file
	}
	// The writer updated f.stat before it stopped running (under p.mu).
	return f.stat, false
}
