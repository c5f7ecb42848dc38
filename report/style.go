package report

// style colours text with ANSI escapes when enabled. The decision (a
// terminal, NO_COLOR, --color) is the caller's: the report only obeys it.
type style struct{ on bool }

const (
	ansiBold   = "\033[1m"
	ansiRed    = "\033[31m"
	ansiYellow = "\033[33m"
	ansiDim    = "\033[2m"
	ansiReset  = "\033[0m"
)

func (s style) wrap(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return code + text + ansiReset
}

func (s style) heading(t string) string { return s.wrap(ansiBold, t) }
func (s style) dim(t string) string     { return s.wrap(ansiDim, t) }

// action colours a verdict: ban red, watch yellow.
func (s style) action(a string) string {
	switch a {
	case "ban":
		return s.wrap(ansiRed, a)
	case "watch":
		return s.wrap(ansiYellow, a)
	}
	return a
}
