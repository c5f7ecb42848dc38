// Command payloadbench measures guardctl's signatures on one-request
// attacks and benign look-alikes; see bench/detect/payloads.
//
//	go run ./bench/detect/payloads/payloadbench [-corpus DIR] [-benign DIR] [-sample N] [-class a,b] [-half all|dev|held] [-v N] [-inert]
//
// -inert lists the corpus entries that carry no attack content
// (payloads.Inert: list headers, bare numbers and words, a probe of "/"),
// which the table's last columns leave out.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/guardctl/guardctl/bench/detect/payloads"
)

func main() {
	corpus := flag.String("corpus", "", "payload corpus directory (default: shared/corpus/payloads above the working directory)")
	benign := flag.String("benign", "", "benign look-alike sets (default: bench/detect/payloads/benign)")
	sample := flag.Int("sample", 1, "keep every N-th payload of each class")
	classes := flag.String("class", "", "comma-separated classes (default: all)")
	verbose := flag.Int("v", 0, "print up to N misses per class/placement, and every false alarm")
	halfName := flag.String("half", "all", "corpus half to render: all, dev (signatures are tuned on it) or held (the held-out half)")
	inert := flag.Bool("inert", false, "list the corpus entries without attack content (headers, bare values, GET /)")
	flag.Parse()
	var half payloads.Half
	switch *halfName {
	case "all":
		half = payloads.Both
	case "dev":
		half = payloads.Dev
	case "held":
		half = payloads.Held
	default:
		slog.Error("payloadbench", "err", fmt.Errorf("-half %q: want all, dev or held", *halfName))
		os.Exit(2)
	}
	if err := run(*corpus, *benign, *sample, *classes, *verbose, half, *inert); err != nil {
		slog.Error("payloadbench", "err", err)
		os.Exit(1)
	}
}

func run(corpus, benign string, sample int, classes string, verbose int, half payloads.Half, inert bool) error {
	if corpus == "" {
		var err error
		if corpus, err = findUp(filepath.Join("shared", "corpus", "payloads")); err != nil {
			return err
		}
	}
	if benign == "" {
		var err error
		if benign, err = findUp(filepath.Join("bench", "detect", "payloads", "benign")); err != nil {
			return err
		}
	}
	var cls []string
	if classes != "" {
		cls = strings.Split(classes, ",")
	}
	reqs, err := payloads.Requests(corpus, benign, cls, sample, half)
	if err != nil {
		return err
	}
	pol, err := payloads.DefaultPolicy()
	if err != nil {
		return err
	}
	outs, err := payloads.Run(context.Background(), pol, reqs)
	if err != nil {
		return err
	}
	res := payloads.Summarize(reqs, outs)
	res.WriteTable(os.Stdout)
	if verbose > 0 {
		fmt.Println()
		res.WriteMisses(os.Stdout, verbose)
	}
	if inert {
		fmt.Println()
		res.WriteInert(os.Stdout)
	}
	return nil
}

// findUp looks for rel in the working directory and its parents.
func findUp(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		c := filepath.Join(dir, rel)
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found above the working directory; pass it as a flag", rel)
		}
		dir = parent
	}
}
