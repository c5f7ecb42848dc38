package journald

import (
	"bytes"
	"testing"
)

func FuzzFormat(f *testing.F) {
	f.Add([]byte(`{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1796531094427742","_HOSTNAME":"web1","SYSLOG_IDENTIFIER":"gitea","_PID":"42","MESSAGE":"Failed authentication attempt for admin from 203.0.113.7:5000"}`))
	f.Add([]byte(`{"__REALTIME_TIMESTAMP":"1","MESSAGE":[104,105,10,0,255]}`))
	f.Add([]byte(`{"__REALTIME_TIMESTAMP":"-99999999999999999","MESSAGE":null,"_COMM":"x"}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, entry []byte) {
		line, _, err := Format(nil, entry)
		if err != nil {
			return
		}
		if bytes.ContainsAny(line, "\n\r") {
			t.Fatalf("Format(%q) = %q: a line with a line break", entry, line)
		}
		if !bytes.Contains(line, []byte(": ")) {
			t.Fatalf("Format(%q) = %q: no message separator", entry, line)
		}
	})
}
