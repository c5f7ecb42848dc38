// Command spray writes the worst case of the scale benchmark: an nginx
// "combined" access log in which every line comes from a client never seen
// before (addresses counted up from 10.0.0.1, then 11.0.0.0 and on), so every
// per-client table grows by one entry per line. Output is deterministic.
//
// With -banned the spray is an attack instead, the worst case of the
// analyze report's per-offender memory (issue 14): every address, counted up
// the same way, posts to /wp-login.php twice then asks for /.env, so each of
// the -lines/3 addresses is an offender and is banned.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	lines := flag.Int("lines", 10_000_000, "number of lines, each from a new client")
	out := flag.String("o", "-", "output file (- for stdout)")
	banned := flag.Bool("banned", false, "a login spray: every address (lines/3 of them) posts /wp-login.php twice then asks /.env, and is banned")
	flag.Parse()
	if err := write(*out, *lines, *banned); err != nil {
		fmt.Fprintln(os.Stderr, "spray:", err)
		os.Exit(1)
	}
}

func write(path string, n int, banned bool) error {
	f := os.Stdout
	if path != "-" {
		var err error
		if f, err = os.Create(path); err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
		defer f.Close()
	}
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	// 1,000 requests/s: 10M lines span a little under three hours.
	var stamp string
	sec := int64(-1)
	buf := make([]byte, 0, 256)
	for i := 0; i < n; i++ {
		if s := int64(i / 1000); s != sec {
			sec = s
			stamp = start.Add(time.Duration(s) * time.Second).Format("02/Jan/2006:15:04:05 -0700")
		}
		a := uint32(10<<24) + uint32(i) + 1
		if banned {
			a = uint32(10<<24) + uint32(i/3) + 1
		}
		buf = buf[:0]
		buf = strconv.AppendUint(buf, uint64(a>>24), 10)
		buf = append(buf, '.')
		buf = strconv.AppendUint(buf, uint64(a>>16&255), 10)
		buf = append(buf, '.')
		buf = strconv.AppendUint(buf, uint64(a>>8&255), 10)
		buf = append(buf, '.')
		buf = strconv.AppendUint(buf, uint64(a&255), 10)
		buf = append(buf, " - - ["...)
		buf = append(buf, stamp...)
		switch {
		case !banned:
			buf = append(buf, `] "GET /products/`...)
			buf = strconv.AppendUint(buf, uint64(i%5000), 10)
			buf = append(buf, ` HTTP/1.1" 200 5120`...)
		case i%3 < 2:
			buf = append(buf, `] "POST /wp-login.php HTTP/1.1" 200 4230`...)
		default:
			buf = append(buf, `] "GET /.env HTTP/1.1" 404 153`...)
		}
		buf = append(buf, ` "-" "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"`+"\n"...)
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
