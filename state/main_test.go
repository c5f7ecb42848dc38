package state

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"testing"
	"time"
)

// Some tests need a second process: the test binary re-executes itself with
// envChild naming the role to play.
const (
	envChild = "GUARDCTL_STATE_TEST_CHILD"
	envDir   = "GUARDCTL_STATE_TEST_DIR"
	envFirst = "GUARDCTL_STATE_TEST_FIRST"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "":
		os.Exit(m.Run())
	case "crash":
		os.Exit(childCrash())
	case "hold":
		os.Exit(childHold())
	default:
		fmt.Fprintf(os.Stderr, "unknown child role %q\n", os.Getenv(envChild))
		os.Exit(2)
	}
}

// childCrash puts bans in batches of varying size and prints each
// acknowledged prefix on its own line once Write has returned, until it is
// killed. The loop is bounded in case the parent never kills it.
func childCrash() int {
	s, err := Open(os.Getenv(envDir), Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	first, err := strconv.Atoi(os.Getenv(envFirst))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	next := first
	for round := range 20_000 {
		n := 1 + round%13
		var b Batch
		for range n {
			p := crashPrefix(next)
			next++
			b.Put = append(b.Put, Ban{
				Prefix: p, Reason: "crash test", Rules: []string{"burst"},
				Expires: time.Now().Add(time.Hour), Offence: 1, Origin: OriginAuto,
			})
			b.Offences = append(b.Offences, Offence{Key: p, Rule: "burst"})
		}
		if _, err := s.Write(b); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for _, ban := range b.Put {
			fmt.Fprintln(out, ban.Prefix)
		}
		// One write per batch: a pipe write this small is atomic, so a
		// kill never leaves half a line.
		if err := out.Flush(); err != nil {
			return 1
		}
	}
	return 0
}

// crashPrefix gives distinct prefixes of both families.
func crashPrefix(i int) netip.Prefix {
	if i%4 == 3 {
		return netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 4: byte(i >> 24), 5: byte(i >> 16), 6: byte(i >> 8), 7: byte(i)}), 64)
	}
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
}

// childHold opens the store, says "ready" and keeps it open until its stdin
// closes.
func childHold() int {
	s, err := Open(os.Getenv(envDir), Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
