package firewall

import "testing"

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
