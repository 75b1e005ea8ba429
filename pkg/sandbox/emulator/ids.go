package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
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

func newTaskID(appID string) string { return safeAppID(appID) + "." + timeUUID() }

// appIDFromTaskID inverts newTaskID; ok is false for ids not of that form.
func appIDFromTaskID(taskID string) (string, bool) {
	i := strings.LastIndex(taskID, ".")
	if i <= 0 || i == len(taskID)-1 {
		return "", false
	}
	return "/" + strings.ReplaceAll(taskID[:i], "_", "/"), true
}

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
