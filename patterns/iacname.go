package patterns

// Infrastructure-as-code sources name the provider accounts, the state
// backends and often the keys of a deployment; they live in a repository
// and no site serves or links them, so a miss for one at the web root or
// one directory down is a sweep (/main.tf, /variables.tf, /terraform/
// provider.tf, /terragrunt.hcl). Read by structure: Terraform's .tf and
// .tf.json extensions with a plain stem, and Terragrunt's file. A docs or
// examples directory's page or download (/docs/main.tf, /examples/
// vpc/main.tf) and deeper paths (a forge's view of a repository) stay
// out.

// iacName reports seg, the lower-case last segment of low with slashes
// '/', as an infrastructure-as-code source by the shape above.
func iacName(low, seg []byte, slashes int) bool {
	if slashes > 2 || docsFirst(low) {
		return false
	}
	if string(seg) == "terragrunt.hcl" {
		return true
	}
	var stem []byte
	switch {
	case endsWith(seg, ".tf.json"):
		stem = seg[:len(seg)-8]
	case endsWith(seg, ".tf"):
		stem = seg[:len(seg)-3]
	default:
		return false
	}
	if len(stem) == 0 {
		return false
	}
	for _, c := range stem {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// iacCandidate reports, reading seg's bytes in place, a last segment
// iacName may answer true for.
func iacCandidate(seg []byte) bool {
	n := len(seg)
	return n > 3 && equalFold(seg[n-3:], ".tf") || n > 8 && equalFold(seg[n-8:], ".tf.json") || equalFold(seg, "terragrunt.hcl")
}
