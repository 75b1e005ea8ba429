package canary

import "time"

// Tracks of a service's traffic, as the lb agents report them.
const (
	TrackStable = "stable"
	TrackCanary = "canary"
)

// Counters are one track's cumulative counters on one agent (HAProxy's
// req_tot, hrsp_5xx, econ, eresp), plus its current sessions.
type Counters struct {
	Requests    int64 `json:"requests"`
	Responses5x int64 `json:"responses5xx"`
	ConnErrors  int64 `json:"connErrors"`
	RespErrors  int64 `json:"respErrors,omitempty"`
	Sessions    int64 `json:"sessions"` // a gauge, not cumulative
}

// Errors are the failed requests: 5xx answers, connections to the server
// that failed and responses that broke off. In TCP mode only the last two
// exist.
func (c Counters) Errors() int64 { return c.Responses5x + c.ConnErrors + c.RespErrors }

// ErrorRate is Errors/Requests, 0 without requests.
func (c Counters) ErrorRate() float64 {
	if c.Requests <= 0 {
		return 0
	}
	return float64(c.Errors()) / float64(c.Requests)
}

func (c Counters) add(d Counters) Counters {
	return Counters{Requests: c.Requests + d.Requests, Responses5x: c.Responses5x + d.Responses5x,
		ConnErrors: c.ConnErrors + d.ConnErrors, RespErrors: c.RespErrors + d.RespErrors, Sessions: c.Sessions + d.Sessions}
}

// since is c - prev, or all of c when the counters restarted (any of them
// went down).
func (c Counters) since(prev Counters) Counters {
	if c.Requests < prev.Requests || c.Responses5x < prev.Responses5x || c.ConnErrors < prev.ConnErrors || c.RespErrors < prev.RespErrors {
		return Counters{Requests: c.Requests, Responses5x: c.Responses5x, ConnErrors: c.ConnErrors, RespErrors: c.RespErrors}
	}
	return Counters{Requests: c.Requests - prev.Requests, Responses5x: c.Responses5x - prev.Responses5x,
		ConnErrors: c.ConnErrors - prev.ConnErrors, RespErrors: c.RespErrors - prev.RespErrors}
}

// AgentSample is what one agent reported for one service.
type AgentSample struct {
	// Epoch changes whenever the agent's counters start again from zero
	// (HAProxy restarted or reloaded, agent restarted); "" if unknown.
	Epoch  string              `json:"epoch,omitempty"`
	Tracks map[string]Counters `json:"tracks"`
	// Latency is the agent's access-log figures for the service (nil
	// without them). Not in the record: the driver keeps the step's
	// latency base in memory (latencyWindow).
	Latency *AgentLatency `json:"-"`
}

// Sample is every live agent's counters for one service at one time.
type Sample struct {
	Time   time.Time              `json:"time"`
	Agents map[string]AgentSample `json:"agents"` // by agent id
}

// Sum adds up every agent's counters per track (sessions included).
func (s Sample) Sum() map[string]Counters {
	out := map[string]Counters{}
	for _, a := range s.Agents {
		for t, c := range a.Tracks {
			out[t] = out[t].add(c)
		}
	}
	return out
}

// Increment is what the agents counted between prev and cur, per track. An
// agent whose HAProxy epoch changed restarted its counters: all it counts
// now is new. Without an epoch on both sides (an agent that does not report
// one), counters that went down are the only sign of a restart. An agent
// missing from prev is new: all it counts is new too. An agent missing from
// cur is gone and adds nothing.
func Increment(prev, cur Sample) map[string]Counters {
	out := map[string]Counters{}
	for id, a := range cur.Agents {
		p, seen := prev.Agents[id]
		for t, c := range a.Tracks {
			var d Counters
			if !seen || p.Epoch != "" && a.Epoch != "" && p.Epoch != a.Epoch {
				d = c.since(Counters{})
			} else {
				d = c.since(p.Tracks[t])
			}
			out[t] = out[t].add(d)
		}
	}
	return out
}

// NewWindow starts counting from base (taken when the step began).
func NewWindow(base Sample) *Window {
	return &Window{Last: base, Totals: map[string]Counters{}}
}

// Add folds in a new sample and returns the totals since the window began.
// Sessions in the totals are the current ones (from cur).
func (w *Window) Add(cur Sample) map[string]Counters {
	if w.Totals == nil {
		w.Totals = map[string]Counters{}
	}
	for t, d := range Increment(w.Last, cur) {
		w.Totals[t] = w.Totals[t].add(d)
	}
	sum := cur.Sum()
	for t, c := range w.Totals {
		c.Sessions = sum[t].Sessions
		w.Totals[t] = c
	}
	w.Last = cur
	return w.Totals
}
