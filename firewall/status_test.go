package firewall

import (
	"strings"
	"testing"
)

func TestIsBanSet(t *testing.T) {
	for name, want := range map[string]bool{
		"ban4": true, "bannet6": true, "guardctl-ban4": true, "my-table-ban6": true,
		"allow4": false, "l_ban4": false, "l_bannet6": false, "guardctl-l-ban4": false,
		"guardctl-allow6": false, "urban4": false,
		"ban6net64": true, "l_ban6net64": false,
	} {
		if got := isBanSet(name); got != want {
			t.Errorf("isBanSet(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestStatusWriteToCounts: `guardctl firewall status` writes counts in
// words a person reads: "1 element", not "1 elements".
func TestStatusWriteToCounts(t *testing.T) {
	st := Status{Backend: "nftables", Table: "guardctl", Present: true,
		Sets:   []SetStatus{{Name: "ban4", Present: true, Elements: 1}, {Name: "ban6", Present: true, Elements: 2}},
		Chains: []ChainStatus{{Name: "input", Hook: "input", Present: true, Rules: 1, Blocked: 1}}}
	var b strings.Builder
	if _, err := st.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ban4           present, 1 element\n", "2 elements", "hook input, 1 rule, 1 packet blocked"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, b.String())
		}
	}
}
