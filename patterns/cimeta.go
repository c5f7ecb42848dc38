package patterns

import "bytes"

// A continuous-integration pipeline's definition names the deploy targets,
// the registries and the secret variables a project uses; it lives in the
// repository and no site serves or links it, so a miss for one at the web
// root or one directory down is a sweep reading the project's layout
// (bitbucket-pipelines.yml, cloudbuild.yaml, buildspec.yml,
// /.semaphore/semaphore.yml, /.teamcity/settings.kts). Read by structure:
// the CI systems' own file names, and their dot-directories as the first
// or second segment with a pipeline file at most one directory below.
// Deeper, a forge's view of a repository serves the same names
// (/owner/repo/src/branch/main/.circleci/config.yml) and a removed file
// is a user's 404: it stays with the catalogue's weaker signatures, as do
// pages about these files (pageExt). A bare /Jenkinsfile stays watched
// by earlier choice (TestWordListProbesWatchedOnMiss): it names a build,
// rarely a secret.

// ciFiles are CI systems' pipeline files, lower case.
var ciFiles = [...]string{"bitbucket-pipelines.yml", "azure-pipelines.yml", "azure-pipelines.yaml", "appveyor.yml",
	".appveyor.yml", ".woodpecker.yml", ".cirrus.yml", ".drone.yml", ".travis.yml", ".gitlab-ci.yml", "cloudbuild.yaml",
	"cloudbuild.yml", "buildspec.yml", "buildspec.yaml", "wercker.yml", "codeship-services.yml", "codeship-steps.yml",
	".jenkins.yml", "bamboo.yml", ".buildkite.yml", "codemagic.yaml", "bitrise.yml"}

// ciDirs are CI systems' dot-directories, lower case, without the dot.
var ciDirs = [...]string{"circleci", "buildkite", "semaphore", "teamcity", "woodpecker", "bamboo-specs", "github/workflows"}

// ciExts are the extensions a pipeline definition under ciDirs has.
var ciExts = [...]string{".yml", ".yaml", ".kts", ".xml", ".json"}

// ciMeta reports low, a lower-case path whose last segment is seg and
// which holds slashes '/', as a CI pipeline definition by the shapes
// above.
func ciMeta(low, seg []byte, slashes int) bool {
	if slashes > 4 || pageExt(seg) {
		return false
	}
	if slashes <= 2 {
		for _, f := range ciFiles {
			if string(seg) == f {
				return !docsFirst(low)
			}
		}
	}
	ext := false
	for _, e := range ciExts {
		if len(seg) > len(e) && endsWith(seg, e) {
			ext = true
			break
		}
	}
	if !ext {
		return false
	}
	// the dot-directory as the first or second segment, the file at most
	// one directory below it
	for _, lead := range [...]int{0, 1} {
		start := 1
		if lead == 1 {
			i := bytes.IndexByte(low[1:], '/')
			if i < 0 {
				return false
			}
			start = i + 2
		}
		if start >= len(low) || low[start] != '.' {
			continue
		}
		for _, d := range ciDirs {
			if !startsWith(low[start+1:], d) || len(low) <= start+1+len(d) || low[start+1+len(d)] != '/' {
				continue
			}
			below := low[start+1+len(d)+1:]
			if bytes.Count(below, []byte{'/'}) <= 1 && !(lead == 1 && docsFirst(low)) {
				return true
			}
		}
	}
	return false
}

// ciCandidate reports, reading seg's bytes in place, a last segment that
// starts like one of ciFiles. A pipeline under one of ciDirs has a dot
// segment, which credStoreCandidate already lets through: certainCandidate
// asks both.
func ciCandidate(seg []byte) bool {
	if len(seg) < 4 || !ciFileFirst[toLower[seg[0]]] {
		return false
	}
	for _, f := range ciFiles {
		if hasPrefixFold(seg, f) {
			return true
		}
	}
	return false
}

// ciFileFirst holds the first byte of each of ciFiles. Read only.
var ciFileFirst = func() (t [256]bool) {
	for _, f := range ciFiles {
		t[f[0]] = true
	}
	return t
}()
