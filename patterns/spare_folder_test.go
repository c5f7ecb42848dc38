package patterns

import "testing"

// TestFolderPickerNotFlagged: Jellyfin's and Syncthing's folder pickers
// walking /var/lib (benign2 folder-pickers-var-lib: lfi-absolute-path, two
// hits banned each admin at 5bf3b32).
func TestFolderPickerNotFlagged(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		"/Environment/DirectoryContents?path=%2Fvar%2Flib&IncludeFiles=false&IncludeDirectories=true",
		"/Environment/DirectoryContents?path=%2Fvar%2Flib%2Fdocker%2Fvolumes%2Fmedia%2F_data&IncludeFiles=false&IncludeDirectories=true",
		"/jellyfin/Environment/DirectoryContents?path=/var/lib/jellyfin/media&IncludeFiles=false",
		"/rest/system/browse?current=%2Fvar%2F",
		"/rest/system/browse?current=/var/lib/syncthing/Photos%202024/",
	} {
		if hits := m.Match(req("GET", target, browserUA, ""), nil); len(hits) != 0 {
			t.Errorf("GET %s: %v, want no hit (a folder picker)", target, ids(hits))
		}
	}
}

// TestFolderPickerAttacksStillBanned: file reads and traversal on the same
// endpoints and parameters, and the spared value elsewhere, still hit
// (lfi-absolute-path is 5 points: two such requests ban).
func TestFolderPickerAttacksStillBanned(t *testing.T) {
	m := mustCompile(t, Options{})
	for _, target := range []string{
		// files included: the listing names files
		"/Environment/DirectoryContents?path=/var/lib&IncludeFiles=true&IncludeDirectories=true",
		"/Environment/DirectoryContents?path=/var/lib",
		// a dot file, a traversal, an encoded NUL, a doubled slash
		"/Environment/DirectoryContents?path=/var/www/.env&IncludeFiles=false",
		"/Environment/DirectoryContents?path=/var/log/../../etc/shadow&IncludeFiles=false",
		"/Environment/DirectoryContents?path=/var/www/config.php%00&IncludeFiles=false",
		"/rest/system/browse?current=/var/lib/../../root/",
		"/rest/system/browse?current=/var//lib/",
		// a path in another parameter rides along
		"/Environment/DirectoryContents?path=/var/lib&IncludeFiles=false&file=/etc/shadow",
		"/rest/system/browse?current=/var/lib/&f=/var/www/html/config.php",
		// two picker parameters
		"/rest/system/browse?current=/var/lib/&current=/etc/ssl/private",
		// the spared value on another endpoint or parameter
		"/index.php?path=/var/lib/docker&IncludeFiles=false",
		"/download.php?file=/var/lib/mysql/mysql/user.MYD",
		"/rest/system/browse?file=/var/lib/",
		"/Environment/DirectoryContents/x?path=/var/lib&IncludeFiles=false",
		// rev-sig s10: the endpoint behind a script, a file's name as the folder
		"/download.php/rest/system/browse?current=/var/www/html/config.php",
		"/download.php/rest/system/browse?current=/var/lib/",
		"/rest/system/browse?current=/var/www/html/config.php",
		"/a/b/c/Environment/DirectoryContents?path=/var/lib&IncludeFiles=false",
	} {
		hits := m.Match(req("GET", target, browserUA, ""), nil)
		if total(hits) < 5 {
			t.Errorf("GET %s: %d points %v, want >= 5", target, total(hits), ids(hits))
		}
	}
}
