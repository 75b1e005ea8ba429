package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

var uuidMu sync.Mutex
var uuidLast uint64
var uuidNode = func() []byte {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	b[0] |= 0x01 // multicast bit: a random node id, as RFC 4122 asks
	return b
}()

// timeUUID returns an RFC 4122 version 1 UUID, the kind Marathon 1.4 puts
// in task ids.
func timeUUID() string {
	uuidMu.Lock()
	// 100 ns intervals since 1582-10-15.
	t := uint64(time.Now().UnixNano()/100) + 0x01B21DD213814000
	if t <= uuidLast {
		t = uuidLast + 1
	}
	uuidLast = t
	uuidMu.Unlock()
	var u [16]byte
	binary.BigEndian.PutUint32(u[0:4], uint32(t))
	binary.BigEndian.PutUint16(u[4:6], uint16(t>>32))
	binary.BigEndian.PutUint16(u[6:8], uint16(t>>48)&0x0fff|0x1000)
	u[8] = uuidNode[0]&0x3f | 0x80
	u[9] = uuidNode[1]
	copy(u[10:], uuidNode[2:8])
	return formatUUID(u)
}

func randomUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return formatUUID(u)
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// safeAppID is Marathon's task id prefix: the app path without the leading
// slash, with slashes turned into underscores.
func safeAppID(appID string) string {
	return strings.ReplaceAll(strings.TrimPrefix(appID, "/"), "/", "_")
}

// newIDs names a new instance and its first task the way the modelled
// version does (see idScheme).
func (m Mode) newIDs(appID string) (taskID, instanceID string) {
	safe, u := safeAppID(appID), timeUUID()
	if m.ids == ids110 {
		instanceID = safe + ".instance-" + u
		return instanceID + "._app.1", instanceID
	}
	return safe + "." + u, safe + ".marathon-" + u
}

// nextIncarnation is 1.10's Task.Id.nextIncarnationFor: the task id a
// rescheduled instance (its task ended, its goal still Running) runs under.
func nextIncarnation(taskID string) string {
	if m := reIncarnation.FindStringSubmatch(taskID); m != nil {
		n, _ := strconv.Atoi(m[5])
		return strings.TrimSuffix(taskID, m[5]) + strconv.Itoa(n+1)
	}
	return taskID + ".1"
}

// Task id forms Marathon parses (Task.Id in 1.4.13 and 1.10.26), most
// specific first.
var (
	reIncarnation = regexp.MustCompile(`^(.+)\.(instance-|marathon-)([^_.]+)[._]([^.]+)\.(\d+)$`)
	reWithInst    = regexp.MustCompile(`^(.+)\.(instance-|marathon-)([^_.]+)[._]([^.]+)$`)
	reLegacy      = regexp.MustCompile(`^(.+)[._]([^_.]+)$`)
)

// parseTaskID returns the app id and instance id a task id names, as
// Marathon's Task.Id.runSpecId and instanceId do; ok is false for an id
// Marathon would reject (a 400 "Invalid task id").
func parseTaskID(taskID string) (appID, instanceID string, ok bool) {
	for _, re := range []*regexp.Regexp{reIncarnation, reWithInst} {
		if m := re.FindStringSubmatch(taskID); m != nil {
			return fromSafe(m[1]), m[1] + "." + m[2] + m[3], true
		}
	}
	if m := reLegacy.FindStringSubmatch(taskID); m != nil {
		return fromSafe(m[1]), m[1] + ".marathon-" + m[2], true
	}
	return "", "", false
}

func fromSafe(safe string) string { return "/" + strings.ReplaceAll(safe, "_", "/") }

// clock hands out strictly increasing timestamps at millisecond precision so
// that two versions of one app never share a version string.
type clock struct {
	mu   sync.Mutex
	last time.Time
}

func (c *clock) next() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := time.Now().UTC().Truncate(time.Millisecond)
	if !t.After(c.last) {
		t = c.last.Add(time.Millisecond)
	}
	c.last = t
	return t
}
