package patterns

// An admin who moves a repository's metadata aside or archives it leaves
// a copy under a name no site links: /.git.zip, /.git.tar.gz, /.svn.zip,
// /.git~, /.hg_old. Word lists ask them beside /.git/ and they hold the
// whole history, so a miss for one is certain: the version-control
// directory's name followed by a backup suffix (backupSuffixes) or a copy
// mark, as the last segment at any depth. The directory forms asked with a
// trailing slash (/.git.bak/, /.git-old/) are certainDirs entries. A forge
// serves /owner/name.git, never a dot-name with a copy suffix.

// vcsDirs are version-control directories, lower case.
var vcsDirs = [...]string{".git", ".svn", ".hg", ".bzr", ".cvs"}

// vcsCopyMarks are the marks an admin appends to a moved directory, beside
// backupSuffixes.
var vcsCopyMarks = [...]string{"-old", "_old", "-bak", "_bak", "-backup", "_backup", "2", "-copy", "_copy"}

// vcsCopyName reports seg, a lower-case last segment, a version-control
// directory's name with a backup suffix or a copy mark.
func vcsCopyName(seg []byte) bool {
	if len(seg) < 4 || seg[0] != '.' {
		return false
	}
	for _, d := range vcsDirs {
		if !startsWith(seg, d) || len(seg) == len(d) {
			continue
		}
		rest := seg[len(d):]
		for _, s := range backupSuffixes {
			if string(rest) == s {
				return true
			}
		}
		for _, m := range vcsCopyMarks {
			if string(rest) == m {
				return true
			}
		}
	}
	return false
}
