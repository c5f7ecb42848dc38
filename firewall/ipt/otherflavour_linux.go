//go:build linux

package ipt

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"sort"
	"strings"

	"github.com/coreos/go-iptables/iptables"
)

// removeOtherFlavour removes guardctl's own chain and the jumps to it
// from the iptables flavour not in use (legacy when the backend runs
// iptables-nft, and the other way round). After [firewall] iptables_mode
// changed, the old flavour's GUARDCTL chain went on dropping the banned
// addresses (the ipsets are shared by both flavours, so it even saw new
// bans), unbans did not reach it, and teardown failed: ipset refuses to
// destroy a set a rule references. Only our chain and jumps to it in the
// hooks are touched; the host's rules in that flavour stay. It reads the
// flavour with its -save tool first, which lists only tables that exist,
// so a flavour never used creates no table here. Called with b.mu held,
// inside b.do. It returns what it removed, for the log.
func (b *Backend) removeOtherFlavour(ctx context.Context) ([]string, error) {
	other := map[string]string{"nft": "legacy", "legacy": "nft"}[b.mode]
	if other == "" {
		return nil, nil
	}
	var removed []string
	var errs []error
	for _, fam := range []struct {
		tool  string
		proto iptables.Protocol
	}{{"iptables-" + other, iptables.ProtocolIPv4}, {"ip6tables-" + other, iptables.ProtocolIPv6}} {
		save, err := exec.LookPath(fam.tool + "-save")
		if err != nil {
			continue // that flavour is not installed: nothing of ours there
		}
		out, err := exec.CommandContext(ctx, save).Output()
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", fam.tool+"-save", err))
			continue
		}
		tables := parseSave4(out)
		var have []string
		for table, lines := range tables {
			if slices.Contains(lines, "-N "+b.chain) {
				have = append(have, table)
			}
		}
		if len(have) == 0 {
			continue
		}
		sort.Strings(have)
		bin, err := exec.LookPath(fam.tool)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s holds chain %s but cannot be run: %w", fam.tool, b.chain, err))
			continue
		}
		ipt, err := iptables.New(iptables.IPFamily(fam.proto), iptables.Path(bin))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fam.tool, err))
			continue
		}
		for _, h := range allHooks() {
			if !slices.Contains(have, h.table) {
				continue
			}
			if err := b.deleteJumps(ipt, h); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", fam.tool, err))
			}
		}
		for _, table := range have {
			if err := ipt.ClearAndDeleteChain(table, b.chain); err != nil {
				errs = append(errs, fmt.Errorf("%s: delete chain %s/%s: %w", fam.tool, table, b.chain, classifyIPT(err)))
				continue
			}
			removed = append(removed, fam.tool+" "+table+"/"+b.chain)
		}
	}
	return removed, errors.Join(errs...)
}

// cleanOtherFlavour is removeOtherFlavour with its outcome logged: at
// start a failure there is a warning, not a reason to stop enforcing in
// the flavour in use.
func (b *Backend) cleanOtherFlavour(ctx context.Context) error {
	removed, err := b.removeOtherFlavour(ctx)
	if len(removed) > 0 {
		b.log.Warn("removed guardctl's chain and jumps from the iptables flavour not in use (iptables_mode changed?)",
			"in_use", b.mode, "removed", strings.Join(removed, ", "))
	}
	if err != nil {
		b.log.Error("guardctl's chain in the iptables flavour not in use could not be removed: it may still drop banned addresses", "in_use", b.mode, "err", err)
	}
	return err
}
