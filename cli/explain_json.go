package cli

import (
	"time"

	"github.com/guardctl/guardctl/clientip"
	"github.com/guardctl/guardctl/detector"
	"github.com/guardctl/guardctl/ipprefix"
	"github.com/guardctl/guardctl/parser"
	"github.com/guardctl/guardctl/rules"
)

// flagExplainOldFormat is explain's old spelling of --log-format, kept so
// scripts keep working; -o/--output is the output format, as everywhere.
const flagExplainOldFormat = "format"

// explainDoc is `guardctl explain -o json`: the parsed fields, the client
// as judged, and the verdict of a fresh detector on this line alone (the
// text output also walks every pattern, list, trap and throttle).
type explainDoc struct {
	Line     string            `json:"line"`
	Format   string            `json:"format"`
	How      string            `json:"how"` // "forced", "detected" or "source NAME"
	Fields   map[string]string `json:"fields"`
	Client   string            `json:"client,omitempty"`
	JudgedAs string            `json:"judged_as,omitempty"`
	Allowed  bool              `json:"allowed"`
	Hits     []explainHit      `json:"hits"`
	Decision *explainDecision  `json:"decision,omitempty"`
	// Country and network of the client, when a geo database is set.
	Country string `json:"country,omitempty"`
	ASN     uint32 `json:"asn,omitempty"`
	ASOrg   string `json:"as_org,omitempty"`
}

type explainHit struct {
	Rule     string `json:"rule"`
	Category string `json:"category"`
	Points   int    `json:"points"`
}

type explainDecision struct {
	Action      string   `json:"action"`
	Key         string   `json:"key"`
	BanSeconds  int64    `json:"ban_seconds"`
	Offence     int      `json:"offence"`
	Rules       []string `json:"rules"`
	Passive     bool     `json:"passive,omitempty"`
	PointsToBan int      `json:"points_to_ban"`
}

func explainJSON(line []byte, format, how string, ev *parser.Event, resolver *clientip.Resolver, pol *rules.Policy) explainDoc {
	doc := explainDoc{Line: string(line), Format: format, How: how, Hits: []explainHit{}, Fields: map[string]string{
		"time": ev.Time.UTC().Format(time.RFC3339Nano), "peer": ev.Peer.String(),
		"method": string(ev.Method), "path": string(ev.Path), "query": string(ev.Query), "proto": string(ev.Proto),
		"referer": string(ev.Referer), "user_agent": string(ev.UA), "x_forwarded_for": string(ev.XFF),
		"host": string(ev.Host), "user": string(ev.User), "event": ev.Kind.String(),
	}}
	if resolver != nil {
		resolver.Resolve(ev)
	}
	if !ev.Client.IsValid() {
		return doc
	}
	client := ev.Client.Unmap()
	doc.Client = client.String()
	doc.JudgedAs = ipprefix.String(pol.ClientKey(client))
	v := detector.New(pol, detector.Options{}).Observe(ev)
	doc.Allowed = v.Allowed
	for _, h := range v.Hits {
		doc.Hits = append(doc.Hits, explainHit{Rule: h.Rule, Category: h.Category, Points: h.Points})
	}
	if d := v.Decision; d != nil {
		doc.Decision = &explainDecision{Action: string(d.Action), Key: ipprefix.String(d.Key), BanSeconds: int64(d.Duration / time.Second),
			Offence: d.Offence, Rules: d.Rules, Passive: d.Passive, PointsToBan: pol.Escalation.Threshold}
	}
	return doc
}
