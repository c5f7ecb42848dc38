package cli

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// normalizeArgs rewrites a command line so that urfave/cli v2, which stops
// reading flags at the first argument, sees every flag: `guardctl analyze
// access.log -o json` becomes `guardctl analyze -o json access.log`. It
// also checks the command and subcommand names, so a typo (`guardctl bann`)
// is a usage error with a suggestion rather than "No help topic".
//
// Flags keep their order among themselves and arguments keep theirs; "--"
// ends the flags as usual. Unknown flags are left in place for urfave/cli
// to report (exit 2).
func normalizeArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) == 0 {
		return args, nil
	}
	out := []string{args[0]}
	rest := args[1:]

	// Global flags before the command.
	flags := app.Flags
	i := 0
	for i < len(rest) && isFlagToken(rest[i]) {
		n := flagSpan(flags, rest[i:])
		out = append(out, rest[i:i+n]...)
		i += n
	}
	if i == len(rest) {
		return out, nil
	}
	cmds := app.Commands
	var cmd *cli.Command
	for i < len(rest) {
		name := rest[i]
		if name == "help" || name == "h" {
			if i+1 < len(rest) && !isFlagToken(rest[i+1]) && findCommand(cmds, rest[i+1]) == nil {
				return nil, usagef("no help topic %q%s (see guardctl --help)", rest[i+1], suggest(rest[i+1], cmds))
			}
			return append(out, rest[i:]...), nil
		}
		next := findCommand(cmds, name)
		if next == nil {
			where := "command"
			if cmd != nil {
				where = cmd.Name + " subcommand"
			}
			return nil, usagef("unknown %s %q%s (see guardctl --help)", where, name, suggest(name, cmds))
		}
		cmd = next
		out = append(out, name)
		i++
		if len(cmd.Subcommands) == 0 {
			break
		}
		// A command with subcommands: the next word names one,
		// unless it asks for help.
		if i >= len(rest) || isFlagToken(rest[i]) {
			return append(out, rest[i:]...), nil
		}
		cmds = cmd.Subcommands
	}

	var fl, pos []string
	dashdash := false
	for j := i; j < len(rest); {
		a := rest[j]
		if a == "--" {
			pos = append(pos, rest[j+1:]...)
			dashdash = true
			break
		}
		if !isFlagToken(a) {
			pos = append(pos, a)
			j++
			continue
		}
		if err := knownFlag(cmd, a); err != nil {
			return nil, err
		}
		if j == len(rest)-1 && takesValue(cmd.Flags, a) {
			// Moved in front of the arguments it would take the first
			// of them as its value: `ban 1.2.3.4 --for` said "want one
			// IP address, got 0 arguments" (operator audit).
			return nil, usagef("%s: flag %s needs a value", cmd.Name, a)
		}
		n := flagSpan(cmd.Flags, rest[j:])
		fl = append(fl, rest[j:j+n]...)
		j += n
	}
	out = append(out, fl...)
	if dashdash || hasDashArg(pos) {
		out = append(out, "--")
	}
	return append(out, pos...), nil
}

// isFlagToken: "-" alone is standard input, not a flag.
func isFlagToken(s string) bool { return len(s) > 1 && s[0] == '-' }

// hasDashArg reports an argument that would read as a flag once moved.
func hasDashArg(pos []string) bool {
	for _, p := range pos {
		if isFlagToken(p) {
			return true
		}
	}
	return false
}

// flagSpan is how many tokens the flag at toks[0] takes: 2 when it needs a
// value written as the next word, else 1.
func flagSpan(flags []cli.Flag, toks []string) int {
	name, _, hasVal := strings.Cut(strings.TrimLeft(toks[0], "-"), "=")
	if hasVal || len(toks) < 2 {
		return 1
	}
	f := lookupFlag(flags, name)
	if f == nil {
		return 1 // unknown, or --help: urfave/cli judges it
	}
	if dv, ok := f.(cli.DocGenerationFlag); ok && !dv.TakesValue() {
		return 1
	}
	return 2
}

// takesValue reports whether the flag token tok (without "=value") names
// a flag that needs a value.
func takesValue(flags []cli.Flag, tok string) bool {
	name, _, hasVal := strings.Cut(strings.TrimLeft(tok, "-"), "=")
	if hasVal {
		return false
	}
	f := lookupFlag(flags, name)
	dv, ok := f.(cli.DocGenerationFlag)
	return f != nil && ok && dv.TakesValue()
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// suggest returns `; did you mean "ban"?` for the closest command name, or
// "" when none is close enough to be a typo.
func suggest(name string, cmds []*cli.Command) string {
	best, bestD := "", 3
	if len(name) <= 3 {
		bestD = 2
	}
	for _, c := range cmds {
		for _, n := range c.Names() {
			d := editDistance(name, n)
			if strings.HasPrefix(n, name) && len(name) >= 2 {
				d = min(d, 1)
			}
			if d < bestD {
				best, bestD = n, d
			}
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// knownFlag refuses a flag the command does not define, naming the
// command and the closest flag it has.
func knownFlag(cmd *cli.Command, tok string) error {
	name, _, _ := strings.Cut(strings.TrimLeft(tok, "-"), "=")
	if name == "help" || name == "h" || lookupFlag(cmd.Flags, name) != nil {
		return nil
	}
	var names []*cli.Command
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, &cli.Command{Name: n})
			}
		}
	}
	hint := ""
	if s := suggest(name, names); s != "" {
		hint = strings.Replace(s, `"`, `"--`, 1)
	}
	return usagef("%s: unknown flag %s%s", cmd.Name, tok, hint)
}

// lookupFlag finds a command's flag by any of its names.
func lookupFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// suggestWord is suggest for a word that is not a command name (a shell,
// a category).
func suggestWord(s string, words []string) string {
	cmds := make([]*cli.Command, len(words))
	for i, w := range words {
		cmds[i] = &cli.Command{Name: w}
	}
	return suggest(s, cmds)
}
