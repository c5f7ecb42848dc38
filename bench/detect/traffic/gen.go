package traffic

import (
	"math/rand/v2"
	"net/netip"
	"time"
)

// Variant is one point of the grid: the site and its visitors.
type Variant struct {
	Name     string
	Seed     uint64
	Duration time.Duration // of the log
	SiteRate float64       // benign requests per second, all clients together

	NATs, NATUsers int     // office NATs and the people behind each
	NATOneUA       bool    // everyone behind a NAT runs the same browser build
	Crawlers       int     // search-engine bot addresses (Googlebot, bingbot)
	CrawlRate      float64 // pages per second per crawler address, at most
	Sync, Media    int     // Nextcloud-style sync clients, Jellyfin-style media apps
	APIClients     int
	Monitors       int
	LoginShare     float64 // share of visits that sign in
	Refusal        float64 // chance that a person's login attempt is refused
	IPv6Share      float64 // share of clients on IPv6
	Proxy          bool    // everything arrives through a trusted reverse proxy (X-Forwarded-For)

	FloodRate float64 // requests per second of each flood
	Floods    int
	DAVLoops  int
	Scanners  int
	SlowScans int
	BFFast    int
	BFSlow    int
	BFSpread  int // botnet addresses, all guessing at one site
	BFToken   int
	Probes    int
	Injects   int
	V6Rotate  int

	Shapes Shapes // the red-team shapes (shapes.go); zero in the first grid
	Held   Held   // the held-out shapes (held.go); zero in the first and red grids
}

// ProxyAddr is the reverse proxy of Variant.Proxy; trust it (10.0.0.0/8).
var ProxyAddr = netip.MustParseAddr("10.0.0.2")

type gen struct {
	v    Variant
	rng  *rand.Rand
	site *site
	log  *Log
	dur  float64 // seconds

	v4b, v4a uint32 // next benign / attacker IPv4 (as integers)
	v6b, v6a uint32 // next benign / attacker /64 number
	crawl    [2]int // next Googlebot / bingbot host

	floodSec map[int64]int // flood requests per second, for server overload
}

// Generate builds the variant's log.
func Generate(v Variant) *Log {
	g := &gen{
		v:        v,
		rng:      rand.New(rand.NewPCG(v.Seed, v.Seed^0x5eed)),
		log:      &Log{Start: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)},
		dur:      v.Duration.Seconds(),
		v4b:      24<<24 | 1,
		v4a:      185<<24 | 1,
		floodSec: map[int64]int{},
	}
	g.site = newSite(g.rng)
	if v.Proxy {
		g.log.Proxy = ProxyAddr
	}
	for range v.NATs {
		g.nat(v.NATUsers)
	}
	for i := range v.Crawlers {
		rate := 0.1 + g.rng.Float64()*(v.CrawlRate-0.1)
		if i%2 == 0 {
			g.crawler(g.crawlerAddr(0), "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", rate)
		} else {
			g.crawler(g.crawlerAddr(1), "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", rate)
		}
	}
	for range v.Sync {
		g.sync()
	}
	for range v.Media {
		g.media()
	}
	for range v.APIClients {
		g.apiClient()
	}
	for range v.Monitors {
		g.monitor()
	}
	// Browsers fill the site up to its rate.
	for want := int(v.SiteRate * g.dur); len(g.log.Lines) < want; {
		g.browsers(20)
	}
	for range v.Floods {
		g.flood(v.FloodRate)
	}
	for range v.DAVLoops {
		g.davLoop()
	}
	for range v.Scanners {
		g.scanner()
	}
	for range v.SlowScans {
		g.slowScanner()
	}
	for range v.BFFast {
		g.bfFast()
	}
	for range v.BFSlow {
		g.bfSlow()
	}
	if v.BFSpread > 0 {
		g.bfSpread(v.BFSpread)
	}
	for range v.BFToken {
		g.bfToken()
	}
	for range v.Probes {
		g.probe()
	}
	for range v.Injects {
		g.inject()
	}
	for range v.V6Rotate {
		g.v6Rotate()
	}
	if v.Shapes != (Shapes{}) {
		g.shapes(v.Shapes)
	}
	if v.Held != (Held{}) {
		g.held(v.Held)
	}
	g.shed()
	g.log.sortLines()
	return g.log
}

func (g *gen) client(kind string, attacker bool) int32 {
	g.log.Clients = append(g.log.Clients, Client{Kind: kind, Attacker: attacker})
	return int32(len(g.log.Clients) - 1)
}

func (g *gen) emit(c int32, addr netip.Addr, t float64, method, target string, status int, ref, ua string) {
	if t < 0 || t >= g.dur {
		return
	}
	size := 0
	if status < 300 && method != "HEAD" {
		size = 200 + g.rng.IntN(40000)
	}
	g.log.Lines = append(g.log.Lines, Line{T: int64(t * 1e9), Client: c, Addr: addr, Method: method, Target: target,
		Status: status, Size: size, Referer: ref, UA: ua})
}

// emitPage is emit for an HTML page (larger).
func (g *gen) emitPage(c int32, addr netip.Addr, t float64, method, target string, status int, ref, ua string) {
	g.emit(c, addr, t, method, target, status, ref, ua)
}

// overload notes a flood request at t: a server has a capacity, and what
// a flood takes beyond it is shed with 503 for everyone (see shed).
func (g *gen) overload(t float64) { g.floodSec[int64(t)]++ }

// shed answers benign page requests with 503 in seconds where floods
// pushed the server past its capacity (4x its normal rate + 150/s), in
// proportion to the excess: the distress a flood causes is not only the
// flooder's.
func (g *gen) shed() {
	capacity := 4*g.v.SiteRate + 150
	for i := range g.log.Lines {
		ln := &g.log.Lines[i]
		if g.log.Clients[ln.Client].Attacker || ln.Status != 200 {
			continue
		}
		f := float64(g.floodSec[ln.T/1e9])
		if f == 0 {
			continue
		}
		if excess := (f + g.v.SiteRate - capacity) / (f + g.v.SiteRate); excess > 0 && g.rng.Float64() < excess {
			ln.Status, ln.Size = 503, 0
		}
	}
}

func v4(n uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// benignAddr is a new person's or office's address.
func (g *gen) benignAddr() netip.Addr {
	if g.rng.Float64() < g.v.IPv6Share {
		g.v6b++
		return g.in64(netip.AddrFrom16([16]byte{0x2a, 0x02, 0x80, 0x00, byte(g.v6b >> 24), byte(g.v6b >> 16), byte(g.v6b >> 8), byte(g.v6b)}))
	}
	g.v4b += 7
	return v4(g.v4b)
}

func (g *gen) attackerAddr() netip.Addr {
	if g.rng.Float64() < g.v.IPv6Share {
		return g.in64(g.attackerNet6())
	}
	// Every attacker in a /24 of its own: attackers three addresses apart
	// shared /24s, so per-/24 aggregates (login-guess-24) saw neighbours'
	// evidence and the grid overstated how soon single attackers are
	// banned (review rr-E). Stuffing from one /24 is a shape of its own.
	g.v4a = (g.v4a>>8+1)<<8 | 7
	return v4(g.v4a)
}

func (g *gen) attackerNet6() netip.Addr {
	g.v6a++
	return netip.AddrFrom16([16]byte{0x2a, 0x01, 0x04, 0xf8, byte(g.v6a >> 24), byte(g.v6a >> 16), byte(g.v6a >> 8), byte(g.v6a)})
}

// in64 is a random address in the /64 of net.
func (g *gen) in64(net netip.Addr) netip.Addr {
	b := net.As16()
	x := g.rng.Uint64() | 1
	for i := range 8 {
		b[8+i] = byte(x >> (8 * i))
	}
	return netip.AddrFrom16(b)
}

func (g *gen) crawlerAddr(which int) netip.Addr {
	g.crawl[which]++
	if which == 0 {
		return netip.AddrFrom4([4]byte{66, 249, 66, byte(g.crawl[0])})
	}
	return netip.AddrFrom4([4]byte{157, 55, 39, byte(g.crawl[1])})
}
