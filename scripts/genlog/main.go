// Command genlog writes a synthetic nginx "combined" access log for the
// end-to-end benchmark: mostly ordinary browsing from many clients, with a
// small share of floods, scanners and injection probes so the detector does
// real work. Output is deterministic for a given -seed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"
)

func main() {
	lines := flag.Int("lines", 1_000_000, "number of lines")
	clients := flag.Int("clients", 20_000, "distinct ordinary clients")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	if err := write(*out, *lines, *clients, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genlog:", err)
		os.Exit(1)
	}
}

var (
	pages = []string{"/", "/index.html", "/products", "/products/42", "/products/1337?color=red&size=m",
		"/search?q=blue+shoes", "/search?q=O%27Reilly", "/cart", "/checkout", "/about", "/blog/2026/11/hello-world",
		"/api/v1/items?page=2&sort=name", "/api/v1/items/981", "/login", "/account/orders"}
	assets = []string{"/static/css/app.3f2a.css", "/static/js/app.9c1d.js", "/static/img/logo.svg",
		"/favicon.ico", "/static/fonts/inter.woff2", "/static/img/hero.webp"}
	uas = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	}
	probes = []string{"/.env", "/.git/config", "/wp-config.php.bak", "/phpinfo.php",
		"/index.php?id=1%27%20UNION%20SELECT%20user,password%20FROM%20users--",
		"/download?file=../../../../etc/passwd", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		"/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E"}
)

func write(path string, n, clients int, seed uint64) error {
	f := os.Stdout
	if path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
		defer f.Close()
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	// ~250 requests/s on average: 1M lines span a little over an hour.
	step := 4 * time.Millisecond
	for i := 0; i < n; i++ {
		t := start.Add(time.Duration(i) * step)
		ip, path, status, ua, method := ordinary(rng, clients)
		switch r := rng.IntN(1000); {
		case r < 3: // attackers: a few hundred distinct ones, each probing
			a := rng.IntN(300)
			ip = fmt.Sprintf("203.0.%d.%d", 113+a/250, a%250+1)
			path = probes[rng.IntN(len(probes))]
			status, ua = 404, "Mozilla/5.0 zgrab/0.x"
		case r < 13: // a flood from a handful of clients
			ip = fmt.Sprintf("198.51.100.%d", rng.IntN(5)+1)
			path, status = "/", 200
		}
		fmt.Fprintf(w, "%s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"\n",
			ip, t.Format("02/Jan/2006:15:04:05 -0700"), method, path, status, 200+rng.IntN(40000), ua)
	}
	return w.Flush()
}

func ordinary(rng *rand.Rand, clients int) (ip, path string, status int, ua, method string) {
	c := rng.IntN(clients)
	if c%10 == 0 {
		ip = fmt.Sprintf("2001:db8:%x:%x::%x", c>>16, c&0xffff, rng.IntN(4)+1)
	} else {
		ip = fmt.Sprintf("10.%d.%d.%d", c>>16&0xff, c>>8&0xff, c&0xff)
	}
	method, status = "GET", 200
	if rng.IntN(3) == 0 {
		path = pages[rng.IntN(len(pages))]
	} else {
		path = assets[rng.IntN(len(assets))]
		if rng.IntN(4) == 0 {
			status = 304
		}
	}
	if rng.IntN(200) == 0 {
		status = 404
	}
	ua = uas[c%len(uas)]
	return
}
