package haproxy

import (
	"context"
	"fmt"
	"strings"
)

// StatsEpoch is Stats together with the epoch of its counters: the
// worker's pid and start time from `show info`. Counters are per worker, so
// they restart from zero exactly when the epoch changes (a reload starts a
// new worker, a restart a new process); readers that take differences
// between two reads compare epochs instead of guessing from counters that
// went down. Both commands run on one connection, so they describe the same
// worker even across a reload.
func (h *HAProxy) StatsEpoch(ctx context.Context) (string, map[string]ServiceStats, error) {
	out, err := h.stats.exec(ctx, "show info;show stat")
	if err != nil {
		return "", nil, err
	}
	info, stat, ok := strings.Cut(out, "\n# ")
	if !ok {
		return "", nil, fmt.Errorf("show info;show stat: no stat header in the reply (got %q)", truncate(out, 80))
	}
	epoch, err := parseEpoch(info)
	if err != nil {
		return "", nil, err
	}
	rows, err := parseStats("# " + stat)
	if err != nil {
		return "", nil, err
	}
	h.trackMu.RLock()
	defer h.trackMu.RUnlock()
	return epoch, aggregate(rows, func(b, s string) string { return h.tracks[b][s] }), nil
}

// parseEpoch reads "Pid: N" and "Start_time_sec: N" from `show info` as
// "<pid>@<start>". A pid alone could repeat after a restart; together with
// the start second it does not.
func parseEpoch(info string) (string, error) {
	var pid, start string
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "Pid":
			pid = strings.TrimSpace(v)
		case "Start_time_sec":
			start = strings.TrimSpace(v)
		}
	}
	if pid == "" || start == "" {
		return "", fmt.Errorf("show info: no Pid or Start_time_sec (got %q)", truncate(info, 80))
	}
	return pid + "@" + start, nil
}
