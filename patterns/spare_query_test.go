package patterns

import (
	"bytes"
	"fmt"
	"net/url"
	"testing"
)

const ckanRes = "4f2a9c1e-8d7b-4a5f-9e3d-2c1b0a9f8e7d"

// TestCKANSQLNotFlagged: CKAN's DataStore SQL API as its users call it
// (benign2 ckan-datastore-sql: banned by sqli-libinjection at 5bf3b32).
func TestCKANSQLNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/api/3/action/datastore_search_sql?sql=" + url.QueryEscape(`SELECT "department", SUM("amount") AS total FROM "`+ckanRes+`" GROUP BY "department" ORDER BY total DESC`),
		"/api/3/action/datastore_search_sql?sql=" + url.QueryEscape(`SELECT * FROM "`+ckanRes+`" WHERE "vendor" LIKE '%Construction%' LIMIT 100`),
		"/data/api/action/datastore_search_sql?sql=" + url.QueryEscape(`SELECT COUNT(*) FROM "`+ckanRes+`" WHERE "year" = 2025 AND ("amount" > 1000 OR "amount" < 0)`),
	} {
		if hits := m.Match(req("GET", target, "python-requests/2.32.3", ""), nil); len(hits) != 0 {
			t.Errorf("GET %s: %v, want no hit (CKAN's own SQL API)", target, ids(hits))
		}
	}
}

// TestCKANSQLAttacksStillBanned: the injections an attacker would send on
// the same path and parameter to buy the spare; each scored >= 10 before it.
func TestCKANSQLAttacksStillBanned(t *testing.T) {
	m := mustCompile(t, Options{})
	from := `FROM "` + ckanRes + `"`
	for _, sql := range []string{
		`SELECT * ` + from + ` UNION SELECT usename, passwd FROM pg_shadow`,
		`SELECT * ` + from + ` WHERE "a" = (SELECT passwd FROM pg_shadow LIMIT 1)`,
		`SELECT * ` + from + ` WHERE "a"='x' OR '1'='1' --`,
		`SELECT * ` + from + `; DROP TABLE "` + ckanRes + `"`,
		`SELECT * ` + from + ` WHERE 1=1 AND pg_sleep(10) IS NULL`,
		`SELECT query_to_xml('select * from pg_user',true,true,'') ` + from,
		`SELECT * ` + from + `, pg_shadow WHERE 1=1`,
		`SELECT * FROM pg_shadow WHERE 1=1 OR 1=1`,
		`SELECT * ` + from + ` WHERE "a" = 1 /* x */ OR 1=1`,
		`1' OR '1'='1`,
		`SELECT * ` + from + ` WHERE "a" = '1' OR '1'='1`,
	} {
		target := "/api/3/action/datastore_search_sql?sql=" + url.QueryEscape(sql)
		if hits := m.Match(req("GET", target, "sqlmap/1.8", ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
	}
	// rev-sig s10: a function hidden from the allow-list by a newline (or
	// CR, form feed) before its parenthesis, or called as a quoted
	// identifier; sent with a browser's user agent, so only the SQL counts.
	for _, sql := range []string{
		`SELECT count(*) ` + from + ` WHERE pg_sleep` + "\n" + `(10) IS NULL`,
		`SELECT count(*) ` + from + ` WHERE pg_sleep` + "\r\n\f" + `(10) IS NULL`,
		`SELECT count(*) ` + from + ` WHERE "pg_sleep"(10) IS NULL`,
		`SELECT count(*) ` + from + ` WHERE "pg_sleep" (10) IS NULL`,
	} {
		target := "/api/3/action/datastore_search_sql?sql=" + url.QueryEscape(sql)
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
	}
	// the statement the spare lets through, anywhere but CKAN's endpoint
	target := "/search?sql=" + url.QueryEscape(`SELECT * `+from+` WHERE "vendor" LIKE '%a%'`)
	if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
		t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
	}
}

const lokiPanes = `{"k3x":{"datasource":"P8E80F9AEF21F6940","queries":[{"refId":"A","expr":"{job=\"nginx\"} | json | status >= 500 | line_format \"%s\"","queryType":"range"}],"range":{"from":"now-1h","to":"now"}}}`

// TestLokiTemplateNotFlagged: Grafana Explore links and Loki queries with
// a line_format template of field references (benign2
// grafana-explore-logql-line-format: ssti-expression on {{.request}}).
func TestLokiTemplateNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tmpl := range []string{
		`{{.status}} {{.request}} {{.http_user_agent}}`,
		`{{ .password_reset_count }} {{- .config_version -}}`,
		`{{.request.method}} {{ __line__ }}`,
	} {
		for _, target := range []string{
			"/explore?schemaVersion=1&panes=" + url.QueryEscape(fmt.Sprintf(lokiPanes, tmpl)) + "&orgId=1",
			"/grafana/explore?left=" + url.QueryEscape(fmt.Sprintf(lokiPanes, tmpl)),
			"/loki/api/v1/query_range?query=" + url.QueryEscape(`{job="nginx"} | json | line_format "`+tmpl+`"`) + "&limit=100",
			"/api/datasources/proxy/uid/P8E/loki/api/v1/query?query=" + url.QueryEscape(`sum by (x) (count_over_time({job="a"} | label_format x="`+tmpl+`" [5m]))`),
		} {
			if hits := m.Match(req("GET", target, browserUA, ""), nil); len(hits) != 0 {
				t.Errorf("GET %s: %v, want no hit (a LogQL template)", target, ids(hits))
			}
		}
	}
}

// TestLokiTemplateAttacksStillBanned: template injection on the same paths
// and parameters, and the spared template on any other path.
func TestLokiTemplateAttacksStillBanned(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tmpl := range []string{
		`{{7*7}}`,
		`{{config}}`,
		`{{config.items()}}`,
		`{{request.application.__globals__}}`,
		`{{''.__class__.__mro__}}`,
		`{{.status}} {{7*7}}`,
		`{{.status}} {{request}}`,
		`{{.status}} {% for x in y %}`,
		`{{.status}} ${7*7}`,
		`{{.__class__}} {{.password}}`,
		// an expression between field references
		`{{.status}} __init__ {{.request}}`,
		`{{.status}} x|attr(y) {{.request}}`,
		`{{.request}} T(java.lang.Runtime).getRuntime()`,
	} {
		for _, target := range []string{
			"/explore?schemaVersion=1&panes=" + url.QueryEscape(fmt.Sprintf(lokiPanes, tmpl)) + "&orgId=1",
			"/loki/api/v1/query_range?query=" + url.QueryEscape(`{job="nginx"} | line_format "`+tmpl+`"`),
		} {
			if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
				t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
			}
		}
	}
	for _, target := range []string{
		// no line_format stage before the template
		"/loki/api/v1/query_range?query=" + url.QueryEscape(`{{.request}} | line_format "x"`),
		"/explore?panes=" + url.QueryEscape(`{{.request}}`),
		// the spared shape on another path or parameter
		"/search?q=" + url.QueryEscape(`line_format "{{.request}}"`),
		"/explore?q=" + url.QueryEscape(`line_format "{{.request}}"`),
		"/api/explore/render?panes=" + url.QueryEscape(`line_format "{{.request}}"`),
	} {
		if hits := m.Match(req("GET", target, browserUA, ""), nil); total(hits) < 10 {
			t.Errorf("GET %s: %d points %v, want >= 10", target, total(hits), ids(hits))
		}
	}
}

// FuzzSpareQuery: ckanSQL and lokiTemplate take any bytes; what they spare
// has no backslash escape (CKAN) and no template syntax but field
// references (Loki).
func FuzzSpareQuery(f *testing.F) {
	for _, s := range []string{`SELECT * FROM "` + ckanRes + `" WHERE "a" = 'b'`, `SELECT 1`, `'`, `"`, `SELECT * FROM "`,
		`line_format "{{.a}}"`, `line_format "{{`, `{{}}`, `line_format "{{.}}{{7*7}}"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if ckanSQL([]byte("/api/3/action/datastore_search_sql"), []byte("sql"), b) {
			if bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, ';') >= 0 && bytes.Count(b, []byte("'"))+bytes.Count(b, []byte(`"`)) == 0 {
				t.Fatalf("ckanSQL(%q) = true", b)
			}
			if !bytes.HasPrefix(bytes.ToLower(bytes.TrimLeft(b, " \t\r\n")), []byte("select")) {
				t.Fatalf("ckanSQL(%q) = true: not a SELECT", b)
			}
		}
		if lokiTemplate([]byte("/loki/api/v1/query"), []byte("query"), b) {
			if bytes.Contains(b, []byte("{%")) || bytes.Contains(b, []byte("${")) || bytes.Contains(b, []byte("{{7")) {
				t.Fatalf("lokiTemplate(%q) = true", b)
			}
		}
	})
}
