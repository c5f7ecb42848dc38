package dryrun

import (
	"context"
	"net/netip"
	"testing"
	"time"

	"github.com/guardctl/guardctl/firewall"
)

// Compile-time check that Backend satisfies the contract.
var _ firewall.Backend = (*Backend)(nil)

func TestDryRun(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := New(firewall.Config{Backend: "none"}, nil, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p := netip.MustParsePrefix
	if err := b.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Ban(ctx, []firewall.Ban{
		{Prefix: p("10.0.0.0/24"), Timeout: time.Hour},
		{Prefix: p("10.0.0.5/32"), Timeout: 2 * time.Hour},
		{Prefix: p("2001:db8::1/128"), Timeout: time.Minute},
		{Prefix: p("192.0.2.1/32")},
	}); err != nil {
		t.Fatal(err)
	}
	got, _ := b.List(ctx)
	want := []firewall.Entry{{Prefix: p("10.0.0.0/24"), Expires: 2 * time.Hour}, {Prefix: p("192.0.2.1/32")}, {Prefix: p("2001:db8::1/128"), Expires: time.Minute}}
	if len(got) != len(want) {
		t.Fatalf("List = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("List[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	now = now.Add(90 * time.Second)
	if got, _ := b.List(ctx); len(got) != 2 {
		t.Errorf("List after the 1m ban expired = %v, want 2 entries", got)
	}
	if err := b.Unban(ctx, []netip.Prefix{p("10.0.0.0/8")}); err != nil {
		t.Fatal(err)
	}
	st, _ := b.Status(ctx)
	if st.Bans() != 1 || !st.Present || st.Backend != "none" {
		t.Errorf("Status = %+v, want 1 ban", st)
	}
	if err := b.Ban(ctx, []firewall.Ban{{Prefix: netip.Prefix{}}}); err == nil {
		t.Error("Ban(invalid prefix) succeeded")
	}
	if err := b.Teardown(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.Status(ctx); st.Present || st.Bans() != 0 {
		t.Errorf("Status after teardown = %+v", st)
	}
}
