package report

import "io"

// WriteHTML writes r as one self-contained HTML page.
func WriteHTML(w io.Writer, r *Report) error {
	_, err := io.WriteString(w, "<!doctype html><title>guardctl report</title>\n")
	return err
}
