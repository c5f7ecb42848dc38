package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed html.tmpl
var htmlFiles embed.FS

// htmlPage is parsed once per WriteHTML: template parsing is cheap next to
// a report, and nothing is kept between calls.
func htmlPage() (*template.Template, error) {
	return template.New("html.tmpl").Funcs(template.FuncMap{
		"ts":       ts,
		"dur":      func(s int64) string { return shortDuration(time.Duration(s) * time.Second) },
		"thousand": thousands,
		"clip":     clip,
		"join":     strings.Join,
	}).ParseFS(htmlFiles, "html.tmpl")
}

// WriteHTML writes r as one self-contained HTML page: inline CSS, inline
// SVG charts and a few lines of inline script to sort tables; nothing is
// fetched when it is viewed (its Content-Security-Policy forbids it).
func WriteHTML(w io.Writer, r *Report) error {
	t, err := htmlPage()
	if err != nil {
		return fmt.Errorf("html report template: %w", err)
	}
	if err := t.Execute(w, newHTMLView(r)); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

// Chart geometry, in SVG user units.
const (
	chartW = 1000.0
	chartH = 180.0
	laneH  = 24.0 // the bans lane under the chart
)

type htmlView struct {
	R          *Report
	Generated  string
	Chart      chartView
	Offenders  []offenderView
	Categories []barView
	Statuses   []barView
}

// OmittedNote is the text report's line on offenders counted, not detailed.
func (v htmlView) OmittedNote() string { return omittedNote(v.R.Summary) }

type chartView struct {
	Empty     bool
	Bars      []bar
	Bans      []banMark
	BanCount  int
	MaxRPS    float64
	Unit      string
	From, To  string
	GridLines []gridLine
}

type bar struct{ X, Y, W, H, RPS float64 }

type banMark struct {
	X, Y, W, H float64
	Title      string
}

type gridLine struct {
	Y     float64
	Label string
}

type offenderView struct {
	Offender
	N              int
	LineX1, LineX2 float64
	Bans           []banMark
	Reasons        string
}

type barView struct {
	Label string
	Count uint64
	Pct   float64
}

func newHTMLView(r *Report) htmlView {
	v := htmlView{R: r, Generated: time.Now().UTC().Format("2006-01-02 15:04:05Z")}
	t0, t1 := r.Summary.FirstSeen, r.Summary.LastSeen
	if tl := r.Timeline; tl != nil && len(tl.Requests) > 0 {
		t0 = tl.Start
		t1 = tl.Start.Add(time.Duration(int64(len(tl.Requests))*tl.BucketSeconds) * time.Second)
	}
	span := t1.Sub(t0).Seconds()
	x := func(t time.Time) float64 { // position on the chart's time axis
		if span <= 0 {
			return 0
		}
		return max(0, min(chartW, t.Sub(t0).Seconds()/span*chartW))
	}
	v.Chart = newChart(r, x)
	for i, o := range r.Offenders {
		ov := offenderView{Offender: o, N: i + 1, LineX1: x(o.FirstSeen), LineX2: max(x(o.LastSeen), x(o.FirstSeen)+1), Reasons: strings.Join(o.Reasons, ", ")}
		for _, b := range o.Bans {
			ov.Bans = append(ov.Bans, banMark{X: x(b.At), Title: fmt.Sprintf("ban at %s for %s, offence %d: %s", ts(b.At), shortDuration(time.Duration(b.Seconds)*time.Second), b.Offence, strings.Join(b.Rules, ", "))})
		}
		v.Offenders = append(v.Offenders, ov)
	}
	cats := make([]Count, 0, len(r.Categories))
	for k, n := range r.Categories {
		cats = append(cats, Count{Value: k, Count: n})
	}
	v.Categories = bars(sortCounts(cats, -1))
	v.Statuses = bars(r.Top.Statuses)
	return v
}

func newChart(r *Report, x func(time.Time) float64) chartView {
	c := chartView{Unit: "requests/s", From: ts(r.Summary.FirstSeen), To: ts(r.Summary.LastSeen)}
	tl := r.Timeline
	if tl == nil || len(tl.Requests) == 0 {
		c.Empty = true
		return c
	}
	for _, n := range tl.Requests {
		c.MaxRPS = max(c.MaxRPS, float64(n)/float64(tl.BucketSeconds))
	}
	if c.MaxRPS == 0 {
		c.MaxRPS = 1
	}
	w := chartW / float64(len(tl.Requests))
	for i, n := range tl.Requests {
		rps := float64(n) / float64(tl.BucketSeconds)
		h := rps / c.MaxRPS * chartH
		c.Bars = append(c.Bars, bar{X: float64(i) * w, Y: chartH - h, W: max(w-0.5, 0.5), H: h, RPS: rps})
	}
	for _, f := range []float64{0.5, 1} {
		c.GridLines = append(c.GridLines, gridLine{Y: chartH - f*chartH, Label: fmt.Sprintf("%.3g", f*c.MaxRPS)})
	}
	// Bans per bucket, drawn as a lane under the chart: a red bar as high
	// as the bucket's share of the busiest one, titled with its clients.
	type lane struct {
		n   int
		ips []string
	}
	lanes := make([]lane, len(tl.Requests))
	for _, o := range r.Offenders {
		for _, b := range o.Bans {
			i := int(b.At.Sub(tl.Start).Seconds()) / int(tl.BucketSeconds)
			i = max(0, min(len(lanes)-1, i))
			lanes[i].n++
			if len(lanes[i].ips) < 5 {
				lanes[i].ips = append(lanes[i].ips, o.IP)
			}
		}
	}
	most := 0
	for _, l := range lanes {
		most = max(most, l.n)
	}
	for i, l := range lanes {
		if l.n == 0 {
			continue
		}
		c.BanCount += l.n
		title := fmt.Sprintf("%d bans: %s", l.n, strings.Join(l.ips, ", "))
		if l.n > len(l.ips) {
			title += fmt.Sprintf(" (+%d more)", l.n-len(l.ips))
		}
		h := max(3, float64(l.n)/float64(most)*laneH)
		c.Bans = append(c.Bans, banMark{X: float64(i) * w, W: max(w-0.5, 1.5), Y: chartH + 6 + laneH - h, H: h, Title: title})
	}
	return c
}

func bars(cs []Count) []barView {
	var top uint64
	for _, c := range cs {
		top = max(top, c.Count)
	}
	out := make([]barView, 0, len(cs))
	for _, c := range cs {
		pct := 0.0
		if top > 0 {
			pct = float64(c.Count) / float64(top) * 100
		}
		out = append(out, barView{Label: c.Value, Count: c.Count, Pct: pct})
	}
	return out
}
