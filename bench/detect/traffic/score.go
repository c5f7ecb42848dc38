package traffic

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
)

// Score sums a variant's outcomes.
type Score struct {
	Variant string
	Lines   int
	// Attackers and AttackersBanned count attacker clients; by kind in Kinds.
	Attackers, AttackersBanned int
	Kinds                      map[string]*KindScore
	// Benign clients, those banned, and benign requests dropped by bans.
	Benign, BenignBanned int
	BenignRequests       int
	BenignDropped        int
	BenignBans           []string // "kind: rules" of each benign ban
	// LetThrough: per banned attacker, its requests up to the ban.
	LetThrough []int
	// FloodShares: per flood, the share of its requests let through
	// (1 for a flood never banned).
	FloodShares []float64
}

// KindScore is one attacker kind's tally.
type KindScore struct {
	Clients, Banned int
	Missed          []string  // outcomes of the ones not banned, for -v
	LetThrough      []int     // per banned client, its requests up to the ban
	Shares          []float64 // per client, the share of its requests let through (1: never banned)
}

// Recall is the share of attacker clients banned.
func (s *Score) Recall() float64 {
	if s.Attackers == 0 {
		return 1
	}
	return float64(s.AttackersBanned) / float64(s.Attackers)
}

// Summarize scores outcomes of log.
func Summarize(name string, log *Log, outs []Outcome) *Score {
	s := &Score{Variant: name, Lines: len(log.Lines), Kinds: map[string]*KindScore{}}
	for i, c := range log.Clients {
		o := outs[i]
		if o.Requests == 0 {
			continue // every line fell outside the log
		}
		if !c.Attacker {
			s.Benign++
			s.BenignRequests += o.Requests
			s.BenignDropped += o.Dropped
			if o.BannedAt > 0 {
				s.BenignBanned++
				s.BenignBans = append(s.BenignBans, fmt.Sprintf("%s (%d requests, banned at #%d): %s%s", c.Kind, o.Requests, o.BannedAt, strings.Join(o.Rules, ","), note(c)))
			}
			continue
		}
		k := s.Kinds[c.Kind]
		if k == nil {
			k = &KindScore{}
			s.Kinds[c.Kind] = k
		}
		k.Clients++
		s.Attackers++
		if o.BannedAt > 0 {
			k.Banned++
			s.AttackersBanned++
			s.LetThrough = append(s.LetThrough, o.BannedAt)
			k.LetThrough = append(k.LetThrough, o.BannedAt)
		} else {
			k.Missed = append(k.Missed, fmt.Sprintf("client %d: %d requests%s", i, o.Requests, note(c)))
		}
		share := 1.0
		if o.BannedAt > 0 {
			share = float64(o.BannedAt) / float64(o.Requests)
		}
		k.Shares = append(k.Shares, share)
		if c.Kind == KindFlood {
			s.FloodShares = append(s.FloodShares, share)
		}
	}
	return s
}

// note is a client's Note for the details, if it has one.
func note(c Client) string {
	if c.Note == "" {
		return ""
	}
	return " (" + c.Note + ")"
}

// quantile of xs (sorted copy), q in [0,1]; 0 for none.
func quantile[T int | float64](xs []T, q float64) T {
	if len(xs) == 0 {
		return 0
	}
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys[min(len(ys)-1, int(math.Ceil(q*float64(len(ys))))-1+boolInt(q == 0))]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// kindOrder is the column order of the per-kind recall.
var kindOrder = []string{KindFlood, KindDAVLoop, KindScanner, KindSlowScan, KindBFFast, KindBFSlow, KindBFSpread,
	KindBFToken, KindProbe, KindInject, KindV6Rotate}

// WriteTable writes scores as a Markdown table: one row per variant.
func WriteTable(w io.Writer, scores []*Score) { writeKindTable(w, scores, kindOrder, true, false) }

// writeKindTable writes one row per variant: lines, recall, benign bans,
// let-through, with flood the flood shares, then recall of each of kinds,
// with bans the benign bans by kind.
func writeKindTable(w io.Writer, scores []*Score, kinds []string, flood, bans bool) {
	fmt.Fprint(w, "| variant | lines | attackers | recall | benign clients | benign banned | let through median / p95 |")
	align := "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	if flood {
		fmt.Fprint(w, " flood share let through median / max |")
		align += " ---: |"
	}
	for _, k := range kinds {
		fmt.Fprintf(w, " %s |", k)
		align += " ---: |"
	}
	if bans {
		fmt.Fprint(w, " benign banned by kind |")
		align += " --- |"
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, align)
	for _, s := range scores {
		fmt.Fprintf(w, "| %s | %d | %d | %.1f %% | %d | %d | %d / %d |", s.Variant, s.Lines, s.Attackers, 100*s.Recall(),
			s.Benign, s.BenignBanned, quantile(s.LetThrough, 0.5), quantile(s.LetThrough, 0.95))
		if flood {
			fmt.Fprintf(w, " %.1f / %.1f %% |", 100*quantile(s.FloodShares, 0.5), 100*quantile(s.FloodShares, 1))
		}
		for _, k := range kinds {
			if ks := s.Kinds[k]; ks != nil && ks.Clients > 0 {
				fmt.Fprintf(w, " %d/%d |", ks.Banned, ks.Clients)
			} else {
				fmt.Fprint(w, " - |")
			}
		}
		if bans {
			fmt.Fprintf(w, " %s |", bansByKind(s))
		}
		fmt.Fprintln(w)
	}
}

// WriteDetails lists benign bans and missed attackers.
func WriteDetails(w io.Writer, s *Score) {
	for _, b := range s.BenignBans {
		fmt.Fprintf(w, "%s: benign banned: %s\n", s.Variant, b)
	}
	kinds := make([]string, 0, len(s.Kinds))
	for k := range s.Kinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		ks := s.Kinds[k]
		fmt.Fprintf(w, "%s: %s let through: requests median %d, max %d; share median %.1f %%, max %.1f %%\n", s.Variant, k,
			quantile(ks.LetThrough, 0.5), quantile(ks.LetThrough, 1), 100*quantile(ks.Shares, 0.5), 100*quantile(ks.Shares, 1))
	}
	for _, k := range kinds {
		for _, m := range s.Kinds[k].Missed {
			fmt.Fprintf(w, "%s: missed %s %s\n", s.Variant, k, m)
		}
	}
}
