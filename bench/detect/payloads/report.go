package payloads

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Tally counts one class (or one class and placement).
type Tally struct {
	Requests, Detected, Banned int
	// Content, ContentDetected and ContentBanned count only the requests of
	// content-bearing corpus entries (not Inert).
	Content, ContentDetected, ContentBanned int
}

// DetectedPct and BannedPct are shares of the requests, in percent.
func (t Tally) DetectedPct() float64 { return pct(t.Detected, t.Requests) }
func (t Tally) BannedPct() float64   { return pct(t.Banned, t.Requests) }

// ContentDetectedPct and ContentBannedPct are shares of the content-bearing
// requests, in percent.
func (t Tally) ContentDetectedPct() float64 { return pct(t.ContentDetected, t.Content) }
func (t Tally) ContentBannedPct() float64   { return pct(t.ContentBanned, t.Content) }

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// Results are the tallies of a run.
type Results struct {
	Classes    map[string]*Tally
	Placements map[string]*Tally // "class/placement"
	// Halves tallies each class per corpus half (index Dev, Held).
	Halves      map[string]*[3]Tally
	Benign      map[string]*Tally // benign set name
	BenignTotal Tally
	// Misses are attack requests nothing fired on, and FalseAlarms benign
	// requests something fired on, for -v.
	Misses      []Request
	FalseAlarms []Alarm
	// Unbanned are attack requests that fired rules too weak to ban alone.
	Unbanned []Alarm
	// InertEntries are the corpus entries Inert sets aside, per class, in
	// corpus order, each once; InertHalves counts them per half.
	InertEntries map[string][]InertEntry
	InertHalves  map[string]*[3]int
}

// InertEntry is one corpus entry without attack content, and whether any
// of its requests fired a rule anyway.
type InertEntry struct {
	Payload, Method, Why string
	Half                 Half
	Detected             bool
}

// Alarm is a benign request and the rules it fired.
type Alarm struct {
	Request
	Rules []string
}

// Summarize tallies reqs and their outcomes.
func Summarize(reqs []Request, outs []Outcome) *Results {
	r := &Results{Classes: map[string]*Tally{}, Placements: map[string]*Tally{}, Benign: map[string]*Tally{},
		Halves: map[string]*[3]Tally{}, InertEntries: map[string][]InertEntry{}, InertHalves: map[string]*[3]int{}}
	seen := map[int]int{} // a request's Entry -> index in InertEntries[class]
	get := func(m map[string]*Tally, k string) *Tally {
		t := m[k]
		if t == nil {
			t = &Tally{}
			m[k] = t
		}
		return t
	}
	for i, q := range reqs {
		o := outs[i]
		var ts []*Tally
		if q.Benign {
			ts = []*Tally{get(r.Benign, q.Class), &r.BenignTotal}
			if o.Detected {
				r.FalseAlarms = append(r.FalseAlarms, Alarm{q, o.Rules})
			}
		} else {
			ts = []*Tally{get(r.Classes, q.Class), get(r.Placements, q.Class+"/"+string(q.Placement))}
			if q.Half != Both {
				h := r.Halves[q.Class]
				if h == nil {
					h = &[3]Tally{}
					r.Halves[q.Class] = h
				}
				ts = append(ts, &h[q.Half])
			}
			if !o.Detected {
				r.Misses = append(r.Misses, q)
			} else if !o.Banned {
				r.Unbanned = append(r.Unbanned, Alarm{q, o.Rules})
			}
			if q.Inert != "" {
				k := q.Entry
				j, ok := seen[k]
				if !ok {
					j = len(r.InertEntries[q.Class])
					seen[k] = j
					r.InertEntries[q.Class] = append(r.InertEntries[q.Class], InertEntry{Payload: q.Payload, Method: q.Method, Why: q.Inert, Half: q.Half})
					h := r.InertHalves[q.Class]
					if h == nil {
						h = &[3]int{}
						r.InertHalves[q.Class] = h
					}
					h[q.Half]++
				}
				if o.Detected {
					r.InertEntries[q.Class][j].Detected = true
				}
			}
		}
		for _, t := range ts {
			t.Requests++
			if o.Detected {
				t.Detected++
			}
			if o.Banned {
				t.Banned++
			}
			if q.Benign || q.Inert != "" {
				continue
			}
			t.Content++
			if o.Detected {
				t.ContentDetected++
			}
			if o.Banned {
				t.ContentBanned++
			}
		}
	}
	return r
}

// WriteTable prints the per-class table (Markdown) with each corpus
// half's figures, the placements and the benign sets. The raw figures
// (every corpus entry counted) come first; the last columns count the
// inert entries (Inert) and detection over the content-bearing rest.
func (r *Results) WriteTable(w io.Writer) {
	fmt.Fprintln(w, "| class | requests | detected | banned on one request | dev half: detected / banned | held-out half: detected / banned |"+
		" inert entries (dev / held) | detected, content-bearing entries: all / dev / held |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range Classes {
		t := r.Classes[c]
		if t == nil {
			continue
		}
		halves, content := [2]string{"-", "-"}, [2]string{"-", "-"}
		if h := r.Halves[c]; h != nil {
			for i, k := range [2]Half{Dev, Held} {
				if h[k].Requests > 0 {
					halves[i] = fmt.Sprintf("%.1f %% / %.1f %%", h[k].DetectedPct(), h[k].BannedPct())
				}
				if h[k].Content > 0 {
					content[i] = fmt.Sprintf("%.1f %%", h[k].ContentDetectedPct())
				}
			}
		}
		inert := "0"
		if ih := r.InertHalves[c]; ih != nil {
			if n := ih[Dev] + ih[Held]; n > 0 {
				inert = fmt.Sprintf("%d (%d / %d)", n, ih[Dev], ih[Held])
			} else {
				inert = fmt.Sprint(ih[Both])
			}
		}
		fmt.Fprintf(w, "| %s | %d | %.1f %% | %.1f %% | %s | %s | %s | %.1f %% / %s / %s |\n", c, t.Requests, t.DetectedPct(), t.BannedPct(),
			halves[0], halves[1], inert, t.ContentDetectedPct(), content[0], content[1])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| class/placement | requests | detected | banned |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, k := range sortedKeys(r.Placements) {
		t := r.Placements[k]
		fmt.Fprintf(w, "| %s | %d | %.1f %% | %.1f %% |\n", k, t.Requests, t.DetectedPct(), t.BannedPct())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| benign set | requests | flagged | banned |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, k := range sortedKeys(r.Benign) {
		t := r.Benign[k]
		fmt.Fprintf(w, "| %s | %d | %.2f %% | %.2f %% |\n", k, t.Requests, t.DetectedPct(), t.BannedPct())
	}
	t := r.BenignTotal
	fmt.Fprintf(w, "| **all benign** | %d | %.2f %% | %.2f %% |\n", t.Requests, t.DetectedPct(), t.BannedPct())
}

// WriteMisses prints up to n misses and n detections that did not ban
// per class, and every false alarm.
func (r *Results) WriteMisses(w io.Writer, n int) {
	per := map[string]int{}
	for _, a := range r.Unbanned {
		k := a.Class + "/" + string(a.Placement)
		if per[k] >= n {
			continue
		}
		per[k]++
		fmt.Fprintf(w, "WEAK %s\t%s\t%s\n", k, strings.Join(a.Rules, ","), trunc(a.Payload, 200))
	}
	per = map[string]int{}
	for _, q := range r.Misses {
		k := q.Class + "/" + string(q.Placement)
		if per[k] >= n {
			continue
		}
		per[k]++
		fmt.Fprintf(w, "MISS %s\t%s\n", k, trunc(q.Payload, 200))
	}
	for _, a := range r.FalseAlarms {
		fmt.Fprintf(w, "FP %s/%s\t%s\t%s\n", a.Class, a.Placement, strings.Join(a.Rules, ","), trunc(a.Payload, 200))
	}
}

// WriteInert lists the inert corpus entries per class: why, half, whether
// a rule fired on any of its requests anyway, and the entry.
func (r *Results) WriteInert(w io.Writer) {
	for _, c := range Classes {
		for _, e := range r.InertEntries[c] {
			fired := "quiet"
			if e.Detected {
				fired = "fired"
			}
			p := e.Payload
			if e.Method != "" && e.Method != "GET" || c == "cve_probes" {
				p = e.Method + " " + p
			}
			fmt.Fprintf(w, "INERT %s\t%s\t%s\t%s\t%q\n", c, e.Why, e.Half, fired, trunc(p, 200))
		}
	}
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func sortedKeys(m map[string]*Tally) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
