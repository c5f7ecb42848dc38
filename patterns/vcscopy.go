package patterns

// An admin who moves a repository's metadata aside or archives it leaves
// a copy under a name no site links: /.git.zip, /.git.tar.gz, /.svn.zip,
// /.git.bak/, /.git-old/, /.hg_old. Word lists ask them beside /.git/ and
// they hold the whole history, so a miss for one is certain: the
// version-control directory's name followed by a backup suffix
// (backupSuffixes) or an "old"/"bak" mark, as a whole segment anywhere
// (certainDirs reads them). A forge serves its repositories as
// /owner/name.git, never a dot-name with a copy suffix.

// vcsDirs are version-control directories, lower case.
var vcsDirs = [...]string{".git", ".svn", ".hg", ".bzr", ".cvs"}

// vcsCopyMarks are the marks an admin appends to a moved directory, beside
// backupSuffixes.
var vcsCopyMarks = [...]string{"-old", "_old", "-bak", "_bak", "-backup", "_backup", "2", "-copy", "_copy"}

// vcsCopyDirs lists each of vcsDirs with each backup suffix and copy mark,
// as certainDirs' endpoints ("/.git.zip": the whole segment).
func vcsCopyDirs() []string {
	var out []string
	for _, d := range vcsDirs {
		for _, s := range backupSuffixes {
			out = append(out, "/"+d+s)
		}
		for _, m := range vcsCopyMarks {
			out = append(out, "/"+d+m)
		}
	}
	return out
}
