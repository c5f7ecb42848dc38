//go:build linux

package ipt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// How ipset is driven:
//   - sets are created, swapped, listed and destroyed with the ipset binary:
//     rare operations whose text format is stable and easy to read back, and
//     the backend needs binaries anyway (go-iptables runs iptables); ipset
//     comes from the same distribution packages;
//   - entries are added and deleted over netlink in batches (ipsetnl_linux.go):
//     both `ipset restore` and vishvananda/netlink's ipset API send one
//     request per entry and wait for its answer, too slow for 100,000 bans;
//   - vishvananda/netlink is not used at all: its ipset calls open sockets in
//     the calling thread's namespace whatever handle they are given, which
//     makes namespace targeting easy to get wrong.

// maxTimeout is the longest timeout ipset accepts (2^31-1 ms, in seconds).
const maxTimeout = 2147483 * time.Second

// ipset runs the ipset binary.
type ipset struct {
	path string
}

func (s ipset) run(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, s.path, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		return out, fmt.Errorf("ipset %s: %w", strings.Join(args, " "), classify(msg, fmt.Errorf("%w: %s", err, msg)))
	}
	return out, nil
}

// restore runs a batch script with -exist.
func (s ipset) restore(ctx context.Context, script []byte) error {
	_, err := s.run(ctx, script, "-exist", "restore")
	return err
}

// names lists the sets that exist.
func (s ipset) names(ctx context.Context) (map[string]bool, error) {
	out, err := s.run(ctx, nil, "list", "-name")
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		names[l] = true
	}
	return names, nil
}

// entries reads a set with `ipset save`, whose lines look like
// "add guardctl-ban4 10.0.0.0/24 timeout 3595"; a host entry has no /32.
func (s ipset) entries(ctx context.Context, set string) ([]firewall.Entry, error) {
	out, err := s.run(ctx, nil, "save", set)
	if err != nil {
		return nil, err
	}
	return parseSave(out)
}

func parseSave(out []byte) ([]firewall.Entry, error) {
	var entries []firewall.Entry
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || f[0] != "add" {
			continue
		}
		p, err := parsePrefix(f[2])
		if err != nil {
			return nil, fmt.Errorf("ipset save line %q: %w", sc.Text(), err)
		}
		e := firewall.Entry{Prefix: p}
		for i := 3; i+1 < len(f); i++ {
			if f[i] == "timeout" {
				secs, err := strconv.ParseUint(f[i+1], 10, 32)
				if err != nil {
					return nil, fmt.Errorf("ipset save line %q: %w", sc.Text(), err)
				}
				e.Expires = time.Duration(secs) * time.Second
			}
		}
		entries = append(entries, e)
	}
	return entries, sc.Err()
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// seconds converts a ban timeout to ipset's whole seconds: rounded up, so a
// ban never ends early, and capped at ipset's maximum (about 24.8 days).
func seconds(d time.Duration) (secs int64, capped bool) {
	if d <= 0 {
		return 0, false
	}
	if d > maxTimeout {
		return int64(maxTimeout / time.Second), true
	}
	return int64((d + time.Second - 1) / time.Second), false
}

// counts reads every set's entry count from one `ipset list -terse`
// (headers only: no entries are listed, so 100,000 cost nothing).
func (s ipset) counts(ctx context.Context) (map[string]int, error) {
	out, err := s.run(ctx, nil, "list", "-terse")
	if err != nil {
		return nil, err
	}
	return parseTerse(out), nil
}

// parseTerse maps "Name: X" to the "Number of entries: N" that follows.
func parseTerse(out []byte) map[string]int {
	counts := map[string]int{}
	name := ""
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Name: "); ok {
			name = strings.TrimSpace(v)
			counts[name] = 0
		} else if v, ok := strings.CutPrefix(l, "Number of entries: "); ok && name != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err == nil {
				counts[name] = n
			}
		}
	}
	return counts
}

// count reads "Number of entries: N" from the set's header.
func (s ipset) count(ctx context.Context, set string) (int, error) {
	out, err := s.run(ctx, nil, "list", "-terse", set)
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Number of entries: "); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, errors.New("ipset list: no entry count")
}

// classify maps tool messages to the errors callers test for.
func classify(msg string, err error) error {
	switch {
	case strings.Contains(msg, "Permission denied"), strings.Contains(msg, "Operation not permitted"),
		strings.Contains(msg, "you must be root"):
		return fmt.Errorf("%w: %w", firewall.ErrPermission, err)
	case strings.Contains(msg, "Cannot open session to kernel"), strings.Contains(msg, "protocol error"),
		strings.Contains(msg, "do you need to insmod"), strings.Contains(msg, "Couldn't load match `set'"),
		strings.Contains(msg, "Kernel error received: Address family not supported"):
		return fmt.Errorf("%w: %w", firewall.ErrKernelSupport, err)
	}
	return err
}

// MaxTimeout is ipset's cap on entry timeouts.
func (b *Backend) MaxTimeout() time.Duration { return maxTimeout }
