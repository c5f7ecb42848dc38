package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// The release build (scripts/build-deb.sh) stamps the binary with
// -ldflags "-X github.com/guardctl/guardctl/cli.version=0.1.0
// -X github.com/guardctl/guardctl/cli.buildDate=2026-11-05T10:00:00Z": the Go
// toolchain records the module version only for `go install m@v`, and the
// commit time but not the build time.
var (
	version   = "dev"
	buildDate = ""
)

// buildInfo is what `guardctl version` reports.
type buildInfo struct {
	Version    string `json:"version"`            // module version, or the -X cli.version override, or "devel"
	Revision   string `json:"revision,omitempty"` // VCS commit
	Modified   bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
	CommitTime string `json:"commit_time,omitempty"`
	BuildDate  string `json:"build_date,omitempty"`
	GoVersion  string `json:"go_version"`
	Module     string `json:"module"`
}

// readBuildInfo reads the binary's own build information, which the Go
// toolchain embeds (module version with `go install m@v`, VCS revision and
// time when built from a checkout with -buildvcs).
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, BuildDate: buildDate}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.GoVersion = bi.GoVersion
	b.Module = bi.Main.Path
	if b.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.CommitTime = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the one line --version prints.
func (b buildInfo) String() string {
	parts := []string{}
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if b.Modified {
			rev += "+dirty"
		}
		parts = append(parts, "revision "+rev)
	}
	if b.BuildDate != "" {
		parts = append(parts, "built "+b.BuildDate)
	} else if b.CommitTime != "" {
		parts = append(parts, "committed "+b.CommitTime)
	}
	if b.GoVersion != "" {
		parts = append(parts, b.GoVersion)
	}
	if len(parts) == 0 {
		return b.Version
	}
	return b.Version + " (" + strings.Join(parts, ", ") + ")"
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, VCS revision and build date of this binary",
		Flags: []cli.Flag{outputFlag(nil)},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("version: unexpected argument %q", c.Args().First())
			}
			format, err := outputOf(c)
			if err != nil {
				return err
			}
			b := readBuildInfo()
			if format == outputJSON {
				return writeJSON(c.App.Writer, b)
			}
			fmt.Fprintf(c.App.Writer, "guardctl %s\n", b)
			return nil
		},
	}
}
