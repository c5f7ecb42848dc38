package patterns

import (
	"bytes"
	"regexp"
)

// Kubernetes' exec API takes the command to run in a container as argv,
// one command= per word (POST /api/v1/namespaces/prod/pods/api-7d9f/exec
// ?command=/bin/bash&container=api&stdin=true&tty=true): kubectl exec -it
// and the dashboards' shell buttons (Rancher's /k8s/clusters/local/api/v1/
// .../exec?...&command=/bin/sh&command=-c&command=...) open an operator's
// shell that way, and cmdi-shell-path with lfi-absolute-path banned each
// (benign2 ops-consoles-paths). The request is the API's own grammar: a
// pod's exec or attach subresource and no parameter but the API's
// (command, container, stdin, stdout, stderr, tty). The API server checks
// the caller's credentials before it runs anything.
//
// Spared: only those two weight-5 signatures (a shell's path, a system
// path in a value), only their hits in the query (a shell in the path
// still counts), and only on that grammar. A shell line in command=
// that chains or downloads (;id, |sh, wget ... | sh, /dev/tcp/) counts as
// before through cmdi-shell-command, cmdi-download-exec and
// cmdi-reverse-shell. The hole: an anonymous-auth API server's exec opened
// with a bare shell, which answers 101 only when the cluster is already
// open to the caller; a kubelet's own /exec/ and /run/ paths are not this
// grammar and still count.
var k8sExecPathRe = regexp.MustCompile(`(?i)/api/v1/namespaces/[a-z0-9][a-z0-9.-]*/pods/[a-z0-9][a-z0-9.-]*/(?:exec|attach)$`)

var k8sExecParams = [...]string{"command", "container", "stdin", "stdout", "stderr", "tty"}

// Since fix-sig s14 the spare holds only when the API server answered 101
// (the exec upgraded to a stream: the caller was let in): the hit is kept
// with OnlyNotUpgraded (matcher.finish) and KeepAnswered drops it on 101.
// An exec refused 401/403 (a scanner looking for an open API server or a
// Rancher proxy) counts in full, as before 44211ee. With 101 required the
// spare also covers a command's system path and webshell-cmd-param's
// command= (kubectl exec -- ls -la /app, cat /etc/nginx/nginx.conf,
// sh -c 'ps aux'): whoever is upgraded may run them anyway.
//
// k8sExecSpared lists the signatures k8sExec may spare.
var k8sExecSpared = [...]string{"cmdi-shell-path", "lfi-absolute-path", "lfi-system-path", "webshell-cmd-param"}

func k8sExecSpares(id string) bool {
	for _, s := range k8sExecSpared {
		if s == id {
			return true
		}
	}
	return false
}

// k8sExec reports a pod's exec or attach call with the API's parameters
// alone and at least one command= (exec) or none (attach).
func k8sExec(v *view) bool {
	// the suffix first: admit asks this of every hit of the two signatures
	if !hasSuffixFold(v.path, "/exec") && !hasSuffixFold(v.path, "/attach") || !k8sExecPathRe.Match(v.path) {
		return false
	}
	for q := v.rawQuery; len(q) > 0; {
		var p []byte
		p, q = nextParam(q)
		i := bytes.IndexByte(p, '=')
		if i < 0 {
			return false
		}
		ok := false
		for _, n := range k8sExecParams {
			ok = ok || equalFold(p[:i], n)
		}
		if !ok {
			return false
		}
	}
	return true
}
