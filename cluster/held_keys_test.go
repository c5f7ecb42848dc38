package cluster

// count is countLog for a log of clients' keys (the tests' and
// benchmarks' logs of every kind of client): the keys are logged as Add
// logs them (eventOf: an IPv4 /32 client as its address, any other as
// logOther and its key in others), so the tests count through the
// daemon's path.
func (h *heldTable) count(log [][]countKey, hot map[countKey]int64) {
	events, others := logOf(log)
	h.countLog(events, others, hot)
}

// logOf is log as Add writes it: the same chunks of events, and the keys
// of their logOther events.
func logOf(log [][]countKey) ([][]logEvent, []countKey) {
	events := make([][]logEvent, len(log))
	var others []countKey
	for i, ch := range log {
		events[i] = make([]logEvent, len(ch))
		for j, k := range ch {
			e, other := eventOf(k.prefix())
			if other {
				others = append(others, k)
			}
			events[i][j] = e
		}
	}
	return events, others
}

// keysOf is the clients' keys of a log, in order (logOf undone).
func keysOf(log [][]logEvent, others []countKey) []countKey {
	var out []countKey
	o := 0
	for _, ch := range log {
		for _, e := range ch {
			if e == logOther {
				out = append(out, others[o])
				o++
				continue
			}
			out = append(out, v4Key(e))
		}
	}
	return out
}
