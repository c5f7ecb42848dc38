package firewalltest

import (
	"math/rand/v2"
	"net/netip"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Rand draws the bans and networks of the backends' random unban tests,
// all inside 10.200.0.0/22 (Addrs addresses), so they overlap often.
type Rand struct{ *rand.Rand }

// Addrs is how many addresses Rand draws from.
const Addrs = 1024

// NewRand seeds a Rand with 1, or GUARDCTL_TEST_SEED to run another
// sequence; the seed is logged.
func NewRand(t testing.TB) Rand {
	seed := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("GUARDCTL_TEST_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("seed %d (GUARDCTL_TEST_SEED)", seed)
	return Rand{rand.New(rand.NewPCG(seed, 1))}
}

// Addr is the i-th address of 10.200.0.0/22.
func (Rand) Addr(i int) netip.Addr { return netip.AddrFrom4([4]byte{10, 200, byte(i >> 8), byte(i)}) }

// Prefix draws a prefix of minBits to maxBits.
func (r Rand) Prefix(minBits, maxBits int) netip.Prefix {
	return netip.PrefixFrom(r.Addr(r.IntN(Addrs)), minBits+r.IntN(maxBits-minBits+1)).Masked()
}

// Bans draws one to four bans of /24 to single addresses, for an hour.
func (r Rand) Bans() []firewall.Ban {
	var bans []firewall.Ban
	for range 1 + r.IntN(4) {
		bans = append(bans, firewall.Ban{Prefix: r.Prefix(24, 32), Timeout: time.Hour})
	}
	return bans
}
