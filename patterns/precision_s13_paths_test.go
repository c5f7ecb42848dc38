package patterns

import "testing"

// TestPanosZtpGateNeedsPathAfter: the bare ztp_gate.php is a page PAN-OS
// admins reach; both exploits put a path after it.
func TestPanosZtpGateNeedsPathAfter(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{"/php/ztp_gate.php", "/php/ztp_gate.php?action=status"} {
		for _, h := range m.Match(req("GET", target, "", ""), nil) {
			t.Errorf("%s: %s (%d), want no hit", target, h.ID, h.Weight)
		}
	}
	checkOneRequest(t, m, []oneRequest{
		{"/unauth/%252e%252e/php/ztp_gate.php/PAN_help/x.css", "", "", "cve-2025-0108-panos", true},
		{"/php/ztp_gate.php/PAN_help/x.css", "", "", "cve-2025-0108-panos", true},
		{"/php/ztp_gate.php/.js.map", "", "", "cve-2024-0012-panos", true},
		{"/unauth/../php/index.php", "", "", "cve-2025-0108-panos", true},
	})
}

// TestDataExportServedIsNotCounted: a served export is the site's own; a
// missed one counts in full, a refused one at watch weight.
func TestDataExportServedIsNotCounted(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tc := range []struct {
		target string
		status int
		weight int
	}{
		{"/exports/customers.csv", 200, 0},
		{"/admin/orders.csv", 200, 0},
		{"/admin/users.xlsx", 206, 0},
		{"/customers.csv", 404, 5},
		{"/users.sql", 410, 5},
		{"/exports/customers.csv", 403, 5},
		{"/exports/customers.csv", 302, 5},
	} {
		checkServedWeight(t, m, "sensitive-data-export", tc.target, tc.status, tc.weight)
	}
}

// TestFileManagerServedIsNotCounted: a file manager the site serves is its
// editors'; a missed one counts in full, a refused one at watch weight.
func TestFileManagerServedIsNotCounted(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, tc := range []struct {
		target string
		status int
		weight int
	}{
		{"/ckfinder/ckfinder.html?CKEditor=body&CKEditorFuncNum=1", 200, 0},
		{"/vendor/studio-42/elfinder/php/connector.minimal.php?cmd=open&target=&init=1", 200, 0},
		{"/filemanager/dialog.php?type=1&editor=tinymce", 200, 0},
		{"/kcfinder/browse.php", 404, 5},
		{"/elfinder/php/connector.php", 404, 5},
		{"/filemanager/dialog.php", 403, 5},
	} {
		checkServedWeight(t, m, "probe-file-manager", tc.target, tc.status, tc.weight)
	}
}

// checkServedWeight: the weight signature id keeps for target answered
// status, 0 when dropped.
func checkServedWeight(t *testing.T, m *Matcher, id, target string, status, weight int) {
	t.Helper()
	r := req("GET", target, "", "")
	got := 0
	for _, h := range KeepAnswered(m.Match(r, nil), status, r.Query) {
		if h.ID == id {
			got = h.Weight
		}
	}
	if got != weight {
		t.Errorf("%s answered %d: %s weight %d, want %d", target, status, id, got, weight)
	}
}

// TestDavFileTreeSystemNames: a system file's name inside a user's WebDAV
// file tree is a backed-up file; out of the tree, or escaped, it counts.
func TestDavFileTreeSystemNames(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/remote.php/dav/files/alice/Backups/web01/etc/passwd",
		"/remote.php/webdav/rootfs-snapshot/etc/group",
		"/public.php/webdav/etc/shadow",
	} {
		for _, h := range m.Match(req("PUT", target, "", ""), nil) {
			if h.Category == Traversal {
				t.Errorf("%s: %s (%d), want no traversal hit", target, h.ID, h.Weight)
			}
		}
	}
	checkOneRequest(t, m, []oneRequest{
		{"/remote.php/dav/files/alice/../../../../etc/passwd", "", "", "lfi-etc-passwd", true},
		{"/remote.php/dav/files/alice/%2e%2e/%2e%2e/etc/passwd", "", "", "lfi-etc-passwd", true},
		{"/index.php/remote.php/dav/files/x/etc/passwd", "", "", "lfi-etc-passwd", true},
		{"/download?file=/remote.php/dav/files/a/etc/passwd", "", "", "lfi-etc-passwd", true},
	})
}
