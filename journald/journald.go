// Package journald follows the systemd journal with journalctl (no cgo,
// no libsystemd binding): `journalctl -f -o json --cursor-file FILE` for
// the given units and matches. Each entry becomes one text line,
//
//	2026-12-06T04:24:54.427742Z web1 gitea[42]: MESSAGE
//
// (the entry's own realtime timestamp, host, identifier and PID, then the
// message), which every guardctl format reads: the app format finds the
// timestamp and cuts it, nginx_error finds nginx's own, the CLF formats
// skip it as a syslog header. The cursor of the last entry handed over is
// kept in the cursor file, so a restart resumes after it: no entry lost,
// none twice (but those of the last second before a crash).
package journald

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Options say what to follow.
type Options struct {
	Units   []string // journalctl -u UNIT (any of them)
	Matches []string // FIELD=VALUE matches and "+" (journalctl's syntax)
	// CursorFile keeps the position (required). Missing: start at the
	// end of the journal (or at its start with FromStart).
	CursorFile string
	FromStart  bool
	// Files and Directory read journal files instead of the system
	// journal (journalctl --file, --directory): tests, exported journals.
	Files     []string
	Directory string
	// Journalctl is the program; "" finds journalctl on PATH.
	Journalctl string
	// SaveEvery is how often the cursor is written while entries flow;
	// 0 means one second.
	SaveEvery time.Duration
	Logger    *slog.Logger
}

// maxEntry bounds one JSON entry (journald's own limit for a field is
// larger, but a log message past this is no log line guardctl can use).
const maxEntry = 1 << 20

// restartDelay is the pause before journalctl is started again after it
// ended on its own (a journal rotation bug, an OOM kill).
const restartDelay = 2 * time.Second

// Follow runs journalctl until ctx ends, calling fn with each entry as a
// line (fn may keep it). It restarts journalctl when it exits on its own
// and returns nil when ctx ends, or an error when journalctl cannot run.
func Follow(ctx context.Context, opts Options, fn func(line []byte)) error {
	if opts.CursorFile == "" {
		return errors.New("journald: a cursor file is required")
	}
	if len(opts.Units) == 0 && len(opts.Matches) == 0 && len(opts.Files) == 0 && opts.Directory == "" {
		return errors.New("journald: name units or matches (following the whole journal is never what a policy means)")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for {
		err := runOnce(ctx, opts, fn, log)
		if ctx.Err() != nil {
			return nil
		}
		var ee *exec.Error
		if errors.As(err, &ee) {
			return fmt.Errorf("journald: %w", err) // no journalctl: restarting will not help
		}
		log.Warn("journalctl ended; restarting", "err", err, "units", opts.Units, "matches", opts.Matches)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(restartDelay):
		}
	}
}

// Export writes every entry of the journal that opts select (no follow,
// no cursor) to w as lines, for reading a journal source offline
// (`guardctl analyze --source`).
func Export(ctx context.Context, opts Options, w io.Writer) error {
	prog := opts.Journalctl
	if prog == "" {
		prog = "journalctl"
	}
	args := append([]string{"--output=json", "--no-pager"}, selection(opts)...)
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = append(os.Environ(), "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("journald: %w", err)
	}
	br := bufio.NewReaderSize(out, 64<<10)
	var line []byte
	var werr error
	for {
		entry, err := readEntry(br)
		if len(entry) > 0 && werr == nil {
			var ferr error
			if line, _, ferr = Format(line[:0], entry); ferr == nil {
				line = append(line, '\n')
				_, werr = w.Write(line)
			}
		}
		if err != nil {
			break
		}
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("journalctl: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

// Args are journalctl's arguments for opts, given whether a cursor is
// stored.
func Args(opts Options, haveCursor bool) []string {
	args := []string{"--follow", "--output=json", "--no-pager", "--cursor-file=" + opts.CursorFile}
	if !haveCursor {
		if opts.FromStart {
			args = append(args, "--lines=all")
		} else {
			args = append(args, "--lines=0")
		}
	}
	return append(args, selection(opts)...)
}

// selection are the arguments that say which journal and which entries.
func selection(opts Options) []string {
	var args []string
	for _, f := range opts.Files {
		args = append(args, "--file="+f)
	}
	if opts.Directory != "" {
		args = append(args, "--directory="+opts.Directory)
	}
	for _, u := range opts.Units {
		args = append(args, "--unit="+u)
	}
	return append(args, opts.Matches...)
}

func runOnce(ctx context.Context, opts Options, fn func([]byte), log *slog.Logger) error {
	cursor, _ := os.ReadFile(opts.CursorFile)
	prog := opts.Journalctl
	if prog == "" {
		prog = "journalctl"
	}
	cmd := exec.Command(prog, Args(opts, len(bytes.TrimSpace(cursor)) > 0)...)
	cmd.Env = append(os.Environ(), "SYSTEMD_COLORS=0", "SYSTEMD_PAGER=")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	// On cancellation journalctl gets SIGTERM; what it already wrote is
	// still read and handed over below, then the cursor saved.
	stop := context.AfterFunc(ctx, func() { _ = cmd.Process.Signal(syscall.SIGTERM) })
	defer stop()

	every := opts.SaveEvery
	if every <= 0 {
		every = time.Second
	}
	var last string
	lastSave := time.Now()
	save := func() {
		if last == "" {
			return
		}
		if err := writeCursor(opts.CursorFile, last); err != nil {
			log.Warn("cannot save the journal cursor", "file", opts.CursorFile, "err", err)
		}
	}
	br := bufio.NewReaderSize(out, 64<<10)
	var line []byte
	for {
		entry, err := readEntry(br)
		if len(entry) > 0 {
			var c string
			var err2 error
			line, c, err2 = Format(line[:0], entry)
			if err2 != nil {
				log.Debug("journal entry skipped", "err", err2)
			} else {
				fn(append([]byte(nil), line...))
			}
			if c != "" {
				last = c
			}
			if time.Since(lastSave) >= every {
				save()
				lastSave = time.Now()
			}
		}
		if err != nil {
			break
		}
	}
	save()
	werr := cmd.Wait()
	if ctx.Err() != nil {
		return nil
	}
	if werr == nil {
		werr = errors.New("exited")
	}
	return fmt.Errorf("%w: %s", werr, strings.TrimSpace(stderr.String()))
}

// readEntry reads one JSON line; a line longer than maxEntry is skipped.
func readEntry(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxEntry {
			buf = append(buf, chunk...)
		} else {
			buf = buf[:0:0]
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\n"), err
	}
}

// Format appends the text line of one journal JSON entry to dst and
// returns it with the entry's cursor.
func Format(dst, entry []byte) ([]byte, string, error) {
	var e map[string]json.RawMessage
	if err := json.Unmarshal(entry, &e); err != nil {
		return dst, "", fmt.Errorf("journal entry: %w", err)
	}
	cursor := str(e["__CURSOR"])
	msg, ok := field(e["MESSAGE"])
	if !ok {
		return dst, cursor, errors.New("journal entry without MESSAGE")
	}
	us, err := strconv.ParseInt(str(e["__REALTIME_TIMESTAMP"]), 10, 64)
	if err != nil {
		return dst, cursor, fmt.Errorf("journal entry: bad __REALTIME_TIMESTAMP: %w", err)
	}
	dst = time.UnixMicro(us).UTC().AppendFormat(dst, "2006-01-02T15:04:05.000000Z")
	host := str(e["_HOSTNAME"])
	if host == "" {
		host = "localhost"
	}
	ident := str(e["SYSLOG_IDENTIFIER"])
	if ident == "" {
		ident = str(e["_COMM"])
	}
	if ident == "" {
		ident = "unknown"
	}
	dst = append(dst, ' ')
	dst = append(dst, host...)
	dst = append(dst, ' ')
	dst = append(dst, ident...)
	if pid := str(e["_PID"]); pid != "" {
		dst = append(dst, '[')
		dst = append(dst, pid...)
		dst = append(dst, ']')
	}
	dst = append(dst, ": "...)
	// One entry is one line: embedded newlines would split it.
	for _, c := range msg {
		if c == '\n' || c == '\r' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst, cursor, nil
}

// field decodes a journal field: a JSON string, or an array of bytes for
// a field that is not valid UTF-8 (journalctl's rule).
func field(raw json.RawMessage) ([]byte, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []byte(s), true
	}
	var b []byte
	var ints []int
	if json.Unmarshal(raw, &ints) == nil {
		for _, v := range ints {
			b = append(b, byte(v))
		}
		return b, true
	}
	return nil, false
}

func str(raw json.RawMessage) string {
	b, _ := field(raw)
	return string(b)
}

// writeCursor replaces the cursor file atomically: a crash leaves the old
// cursor or the new one, never half of one.
func writeCursor(path, cursor string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cursor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.WriteString(tmp, cursor); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// limitedWriter keeps the first n bytes (journalctl's error message).
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		_, _ = l.w.Write(p[:k])
	}
	return len(p), nil
}
