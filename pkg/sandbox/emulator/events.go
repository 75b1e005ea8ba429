package emulator

import (
	"encoding/json"
	"net"
	"net/http"
	"sync"
	"time"
)

type event struct {
	Type string
	Data []byte
}

// eventBus fans events out to subscribers. An event stream holds at most
// Config.EventStreamMaxOutstanding events not yet written (Marathon's
// --event_stream_max_outstanding_messages, 50), counting every event,
// whatever types the stream asked for (HttpEventStreamHandleActor counts
// them before HttpEventSSEHandle.sendEvent filters). Beyond that Marathon
// 1.4.13 drops the event and keeps the stream, telling the client
// nothing; 1.10.26 closes the stream (Mode.eventOverflowClosesStream).
// An HTTP callback subscriber too slow to keep up is dropped.
type eventBus struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
	// dropOnOverflow: an event stream that overflows loses the event
	// (1.4), not the connection.
	dropOnOverflow bool
}

type subscriber struct {
	ch     chan event
	filter map[string]bool
	gone   chan struct{}
	once   sync.Once
	// stream: an event stream (bounded as Marathon bounds it), not an
	// HTTP callback.
	stream bool
	// dropped counts events lost to overflow (1.4); under eventBus.mu.
	dropped int
}

func (s *subscriber) drop() { s.once.Do(func() { close(s.gone) }) }

func newEventBus(dropOnOverflow bool) *eventBus {
	return &eventBus{subs: map[*subscriber]struct{}{}, dropOnOverflow: dropOnOverflow}
}

// DefaultEventStreamMaxOutstanding is Marathon's
// --event_stream_max_outstanding_messages default (both modelled versions,
// core/event/EventConf.scala).
const DefaultEventStreamMaxOutstanding = 50

// callbackQueue bounds an HTTP callback subscriber's queue.
const callbackQueue = 4096

// subscribe adds a subscriber: an event stream holding at most
// outstanding unwritten events, or (outstanding 0) an HTTP callback.
func (b *eventBus) subscribe(filter []string, outstanding int) *subscriber {
	n := outstanding
	if n <= 0 {
		n = callbackQueue
	}
	s := &subscriber{ch: make(chan event, n), gone: make(chan struct{}), stream: outstanding > 0}
	if len(filter) > 0 {
		s.filter = map[string]bool{}
		for _, f := range filter {
			s.filter[f] = true
		}
	}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

func (b *eventBus) unsubscribe(s *subscriber) {
	b.mu.Lock()
	delete(b.subs, s)
	b.mu.Unlock()
	s.drop()
}

func (b *eventBus) send(ev event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		out := ev
		if (s.filter != nil && !s.filter[ev.Type]) || ev.Data == nil {
			if !s.stream {
				continue
			}
			out = event{Type: ev.Type} // counted, never written
		}
		select {
		case s.ch <- out:
		default:
			if s.stream && b.dropOnOverflow {
				s.dropped++
				continue
			}
			delete(b.subs, s)
			s.drop()
		}
	}
}

// wants reports whether any subscriber takes events of type typ.
func (b *eventBus) wants(typ string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.filter == nil || s.filter[typ] {
			return true
		}
	}
	return false
}

// closeAll ends every stream: fault injection and shutdown.
func (b *eventBus) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		delete(b.subs, s)
		s.drop()
	}
}

func (b *eventBus) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// publish sends an event with eventType and timestamp added to fields.
func (e *Emulator) publish(typ string, fields map[string]any) {
	data, ok := e.encodeEvent(typ, fields)
	if !ok {
		data = nil // no stream writes it, each counts it (eventBus)
	}
	e.bus.send(event{Type: typ, Data: data})
}

// encodeEvent is fields with eventType and timestamp added, as JSON; false
// when nobody would read the event (a deployment event of a realm of a
// thousand apps is megabytes to encode: the root groups).
func (e *Emulator) encodeEvent(typ string, fields map[string]any) ([]byte, bool) {
	if !e.bus.wants(typ) {
		return nil, false
	}
	fields["eventType"] = typ
	if _, ok := fields["timestamp"]; !ok { // an unhealthy kill's is its last failure's
		fields["timestamp"] = ts(time.Now())
	}
	data, err := json.Marshal(fields)
	if err != nil {
		e.log.Error("encoding event", "type", typ, "err", err)
		return nil, false
	}
	return data, true
}

var taskConditions = map[string]string{
	TaskStaging: "Staging", TaskStarting: "Starting", TaskRunning: "Running", TaskKilling: "Killing",
	TaskKilled: "Killed", TaskFailed: "Failed", TaskFinished: "Finished", TaskLost: "Unreachable",
	TaskUnreachable: "Unreachable",
}

// publishStatus sends status_update_event and instance_changed_event for a
// task's current state.
func (e *Emulator) publishStatus(t *Task, msg string) {
	e.publish("status_update_event", map[string]any{
		"slaveId": e.slaveID(), "taskId": t.ID, "taskStatus": t.State, "message": msg,
		"appId": t.AppID, "host": e.cfg.HostIP, "ipAddresses": e.ipAddresses(), "ports": nonNilInts(t.Ports),
		"version": t.Version,
	})
	cond := taskConditions[t.State]
	if t.Inactive {
		cond = "UnreachableInactive"
	}
	e.publish("instance_changed_event", map[string]any{
		"instanceId": t.InstanceID, "condition": cond, "runSpecId": t.AppID,
		"agentId": e.slaveID(), "host": e.cfg.HostIP, "runSpecVersion": t.Version,
	})
}

// publishProvisioned is 1.10's launch: instance_changed_event Scheduled
// (the instance has no agent yet: agentId and host null), then Provisioned
// once an offer matched; no status_update_event until Mesos reports.
func (e *Emulator) publishProvisioned(t *Task) {
	for _, c := range []struct {
		cond        string
		agent, host any
	}{{"Scheduled", nil, nil}, {"Provisioned", e.slaveID(), e.cfg.HostIP}} {
		e.publish("instance_changed_event", map[string]any{
			"instanceId": t.InstanceID, "condition": c.cond, "runSpecId": t.AppID,
			"agentId": c.agent, "host": c.host, "runSpecVersion": t.Version,
		})
	}
}

func (e *Emulator) ipAddresses() []map[string]string {
	proto := "IPv4"
	if ip := net.ParseIP(e.cfg.HostIP); ip != nil && ip.To4() == nil {
		proto = "IPv6"
	}
	return []map[string]string{{"ipAddress": e.cfg.HostIP, "protocol": proto}}
}

func nonNilInts(p []int) []int {
	if p == nil {
		return []int{}
	}
	return p
}

// serveEvents is GET /v2/events: Server-Sent Events with Marathon's exact
// framing and CRLF heartbeats.
func (e *Emulator) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Accept") != "text/event-stream" {
		// Jetty's EventSourceServlet only answers exact event-stream requests.
		w.Header().Set("Allow", "GET")
		http.Error(w, "HTTP method GET is not supported by this URL", http.StatusMethodNotAllowed)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	sub := e.bus.subscribe(r.URL.Query()["event_type"], e.cfg.EventStreamMaxOutstanding)
	defer e.bus.unsubscribe(sub)
	w.Header().Set("Content-Type", "text/event-stream;charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	attached, _ := json.Marshal(map[string]any{"remoteAddress": hostOf(r.RemoteAddr),
		"eventType": "event_stream_attached", "timestamp": ts(time.Now())})
	if sub.filter == nil || sub.filter["event_stream_attached"] {
		if writeEvent(w, event{Type: "event_stream_attached", Data: attached}) != nil {
			return
		}
	}
	fl.Flush()
	var written []event // this burst's, for Config.EventWritten
	write := func(ev event) error {
		if e.cfg.EventWritten != nil {
			written = append(written, ev)
		}
		return writeEvent(w, ev)
	}
	hb := time.NewTicker(e.cfg.HeartbeatInterval)
	defer hb.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-sub.gone:
			return
		case ev := <-sub.ch:
			written = written[:0]
			if ev.Data != nil && write(ev) != nil {
				return
			}
			// Drain what is queued before flushing: one syscall per burst.
			for more := true; more; {
				select {
				case ev := <-sub.ch:
					if ev.Data != nil && write(ev) != nil {
						return
					}
				default:
					more = false
				}
			}
			// Taken before the flush: a reader woken by the bytes may run
			// before this goroutine does again, and a start taken after it
			// would then make the reader look faster than it was.
			at := time.Now()
			fl.Flush()
			if len(written) > 0 {
				for _, ev := range written {
					e.cfg.EventWritten(r, ev.Type, ev.Data, at)
				}
			}
		case <-hb.C:
			if _, err := w.Write([]byte("\r\n")); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

func writeEvent(w http.ResponseWriter, ev event) error {
	buf := make([]byte, 0, len(ev.Data)+len(ev.Type)+20)
	buf = append(buf, "event: "...)
	buf = append(buf, ev.Type...)
	buf = append(buf, "\r\ndata: "...)
	buf = append(buf, ev.Data...)
	buf = append(buf, "\r\n\r\n"...)
	_, err := w.Write(buf)
	return err
}

func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return h
}
