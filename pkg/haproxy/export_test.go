package haproxy

// SkipPortCheck turns off the bind check before reloads, so a test can make
// the reload itself fail on a port another process holds.
func SkipPortCheck(h *HAProxy) { h.noPortCheck = true }
