package detector

// browserCache caches browserUA's answer for the last user agents the flood
// model asked about, in browserUASlots entries chosen by the user agent's
// flood fingerprint (uaFP, which the model has computed anyway). An entry
// holds the user agent's bytes and is used only when they are equal to the
// asked one, so the answer is browserUA's, exactly; comparing ~130 bytes
// once costs less than browserUA's prefix test and seven substring scans
// (browserUA was ~3.9 % of analyze's CPU on the small log, session 14's
// profile). One client's requests come in runs with one user agent, so
// most questions hit. No allocation: user agents longer than browserUAMax
// are answered without the cache.
type browserCache struct {
	n   [browserUASlots]uint16 // length of the entry's user agent; 0: empty
	ok  [browserUASlots]bool
	buf [browserUASlots][browserUAMax]byte
}

const (
	browserUASlots = 8
	browserUAMax   = 256
)

// browser reports browserUA(ua); fp is uaFP(ua).
func (c *browserCache) browser(ua []byte, fp uint16) bool {
	if len(ua) == 0 || len(ua) > browserUAMax {
		return browserUA(ua)
	}
	j := fp % browserUASlots
	if int(c.n[j]) == len(ua) && string(c.buf[j][:len(ua)]) == string(ua) {
		return c.ok[j]
	}
	ok := browserUA(ua)
	c.n[j], c.ok[j] = uint16(copy(c.buf[j][:], ua)), ok
	return ok
}
