package detector

import "testing"

func TestPathDepth(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path  string
		depth int
		want  string
	}{
		{"/Items/abc/Images/Primary", 1, "/Items"},
		{"/Items/abc/Images/Primary", 2, "/Items/abc"},
		{"/admin0/", 1, "/admin0"},
		{"/.env", 1, "/.env"},
		{"/", 1, "/"},
		{"", 1, ""},
		{"/a/b", 0, "/a/b"},
	} {
		if got := string(pathDepth([]byte(tc.path), tc.depth)); got != tc.want {
			t.Errorf("pathDepth(%q, %d) = %q, want %q", tc.path, tc.depth, got, tc.want)
		}
	}
}
