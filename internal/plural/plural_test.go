package plural

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 elements"}, {1, "1 element"}, {2, "2 elements"}, {-1, "-1 elements"}} {
		if got := Count(c.n, "element"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := Count(uint64(1), "packet"); got != "1 packet" {
		t.Errorf("Count(uint64(1)) = %q", got)
	}
}
