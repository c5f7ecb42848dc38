package patterns

import (
	"strconv"
	"testing"
)

// benchRequests are typical requests; the benign ones must stay
// allocation-free and cheap (see TestMatchAllocs).
var benchRequests = []struct {
	name string
	r    Request
}{
	{"static", Request{Method: []byte("GET"), Path: []byte("/static/css/app.3f2a.css"),
		UA:      []byte("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"),
		Referer: []byte("https://shop.example.com/products/shoes")}},
	{"api", Request{Method: []byte("GET"), Path: []byte("/api/v1/items"), Query: []byte("page=2&sort=name"),
		UA:      []byte("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"),
		Referer: []byte("https://app.example.com/items")}},
	{"search-encoded", Request{Method: []byte("GET"), Path: []byte("/search"), Query: []byte("q=men%27s+running+shoes&page=1"),
		UA: []byte("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")}},
	{"googlebot", Request{Method: []byte("GET"), Path: []byte("/blog/2024/05/hello-world/"),
		UA: []byte("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")}},
	{"app-pages", Request{Method: []byte("GET"), Path: []byte("/account/settings/password"), Query: []byte("return_url=/users/alice/orders&confirm=1"),
		UA: []byte("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")}},
	{"attack-sqli", Request{Method: []byte("GET"), Path: []byte("/products.php"), Query: []byte("id=1%27%20OR%20%271%27%3D%271"),
		UA: []byte("sqlmap/1.7.2#stable (https://sqlmap.org)")}},
	{"attack-traversal", Request{Method: []byte("GET"), Path: []byte("/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd")}},
}

func BenchmarkMatch(b *testing.B) { benchMatch(b, false) }

// BenchmarkMemoMatch is Match through a warm Memo, as the replay's
// preparing goroutine runs it: logs repeat their request lines and agents.
func BenchmarkMemoMatch(b *testing.B) { benchMatch(b, true) }

func benchMatch(b *testing.B, memo bool) {
	m, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range benchRequests {
		b.Run(bc.name, func(b *testing.B) {
			r := bc.r
			match := m.Match
			if memo {
				match = m.NewMemo().Match
			}
			dst := match(&r, make([]Hit, 0, 16))
			b.ReportAllocs()
			b.SetBytes(int64(len(r.Path) + len(r.Query) + len(r.UA) + len(r.Referer)))
			for b.Loop() {
				dst = match(&r, dst[:0])
			}
		})
	}
}

// BenchmarkMemoMiss is Memo.Match on requests whose request line and
// referer the memo has not seen (8,192 of them in turn, more than its
// slots), the agent repeating: the cost of a miss.
func BenchmarkMemoMiss(b *testing.B) {
	m, err := Compile(Options{})
	if err != nil {
		b.Fatal(err)
	}
	var reqs []Request
	for i := range 8192 {
		reqs = append(reqs, Request{Method: []byte("GET"), Path: []byte("/products/" + strconv.Itoa(i)), Query: []byte("ref=" + strconv.Itoa(i)),
			UA: []byte(browserUA), Referer: []byte("https://shop.example.com/c/" + strconv.Itoa(i*7))})
	}
	mm := m.NewMemo()
	dst := make([]Hit, 0, 16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dst = mm.Match(&reqs[i&8191], dst[:0])
	}
}
