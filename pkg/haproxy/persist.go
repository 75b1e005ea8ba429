package haproxy

import (
	"maps"
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
	coalescer[string, *Service] // file models by key
}

func newPersister(h *HAProxy) persister {
	return persister{coalescer[string, *Service]{gap: persistGap, write: func(batch map[string]*Service) error {
		h.file.mu.Lock()
		err := h.file.writeServers(batch)
		h.file.mu.Unlock()
		if err != nil {
			h.log.Warn("haproxy: writing runtime server changes to the config file failed; the next full apply writes them", "err", err)
		}
		return err
	}}}
}

// schedule queues file models for the background writer.
func (p *persister) schedule(services map[string]*Service) {
	if len(services) == 0 {
		return
	}
	p.coalescer.schedule(func(pending map[string]*Service) { maps.Copy(pending, services) })
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
