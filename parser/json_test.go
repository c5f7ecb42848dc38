package parser

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		line string
		want view
	}{
		{
			name: "nginx escape=json",
			line: `{"time_iso8601":"2024-03-01T10:00:00+01:00","remote_addr":"203.0.113.5","request":"GET /a?b=1 HTTP/1.1","status":"404","body_bytes_sent":"153","http_referer":"","http_user_agent":"curl/8.5","http_x_forwarded_for":"-","host":"example.com"}`,
			want: view{Time: "2024-03-01T09:00:00Z", Peer: "203.0.113.5", Client: "203.0.113.5",
				Request: "GET /a?b=1 HTTP/1.1", Method: "GET", Path: "/a", Query: "b=1", Proto: "HTTP/1.1",
				Status: 404, Size: 153, UA: "curl/8.5", Host: "example.com"},
		},
		{
			name: "nginx json with clf time, method and uri, escaped junk",
			line: `{"time_local":"01/Mar/2024:10:00:00 +0000","remote_addr":"2001:db8::2","request_method":"POST","request_uri":"/x?\"y\"","status":400,"http_user_agent":"a\u0016b\\c","http_x_forwarded_for":"198.51.100.1, 10.0.0.1"}`,
			want: view{Time: "2024-03-01T10:00:00Z", Peer: "2001:db8::2", Client: "2001:db8::2",
				Method: "POST", Path: "/x", Query: `"y"`, Status: 400, UA: "a\x16b\\c", XFF: "198.51.100.1, 10.0.0.1"},
		},
		{
			name: "nginx json tls junk request",
			line: `{"msec":"1700000000.123","remote_addr":"192.0.2.9","request":"\u0016\u0003\u0001\u0000","status":"400","body_bytes_sent":"0"}`,
			want: view{Time: "2023-11-14T22:13:20.123Z", Peer: "192.0.2.9", Client: "192.0.2.9",
				Request: "\x16\x03\x01\x00", Status: 400},
		},
		{
			name: "caddy nested request, epoch float, header arrays",
			line: `{"level":"info","ts":1711741827.5,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"54462","client_ip":"10.9.9.9","proto":"HTTP/1.1","method":"GET","host":"localhost:9080","uri":"/admin?x=1","headers":{"User-Agent":["curl/7.88.1"],"X-Forwarded-For":["10.9.9.9"],"Accept":["*/*"]}},"bytes_read":0,"user_id":"","duration":0.000034,"size":12,"status":401,"resp_headers":{"Www-Authenticate":["Basic realm=\"r\""]}}`,
			want: view{Time: "2024-03-29T19:50:27.5Z", Peer: "127.0.0.1", Client: "127.0.0.1",
				Method: "GET", Path: "/admin", Query: "x=1", Proto: "HTTP/1.1", Status: 401, Size: 12,
				UA: "curl/7.88.1", XFF: "10.9.9.9", Host: "localhost"},
		},
		{
			name: "traefik json",
			line: `{"ClientAddr":"172.17.0.1:39490","ClientHost":"172.17.0.1","ClientUsername":"-","DownstreamContentSize":356,"DownstreamStatus":404,"RequestHost":"test.docker.localhost","RequestMethod":"GET","RequestPath":"/594VAEoi.dtd","RequestProtocol":"HTTP/1.1","ServiceURL":{"Scheme":"http","Host":"172.17.0.3:80"},"StartUTC":"2021-12-08T14:02:43.464763557Z","request_User-Agent":"Nikto","time":"2021-12-08T14:02:44Z"}`,
			want: view{Time: "2021-12-08T14:02:43.464763557Z", Peer: "172.17.0.1", Client: "172.17.0.1",
				Method: "GET", Path: "/594VAEoi.dtd", Proto: "HTTP/1.1", Status: 404, Size: 356, UA: "Nikto",
				Host: "test.docker.localhost"},
		},
		{
			name: "envoy behind a container runtime prefix",
			line: `2025-12-31T17:37:40.493035218+01:00 stdout F {"start_time":"2025-12-31T16:37:40.479Z","method":"GET","x-envoy-origin-path":"/admin","response_code":404,"user-agent":"zgrab/0.x","downstream_remote_address":"[2001:db8::9]:59292",":authority":"app.internal"}`,
			want: view{Time: "2025-12-31T16:37:40.479Z", Peer: "2001:db8::9", Client: "2001:db8::9",
				Method: "GET", Path: "/admin", Status: 404, UA: "zgrab/0.x", Host: "app.internal"},
		},
		{
			name: "custom keys and layout",
			spec: Spec{Format: FormatJSON, TimeLayout: "2006/01/02 15:04:05", JSONFields: JSONFields{
				Client: []string{"who"}, Time: []string{"when"}, Status: []string{"code"}, Host: []string{"client"},
			}},
			line: `{"who":"192.0.2.1","when":"2024/05/06 07:08:09","code":200,"client":"shop.example","uri":"/"}`,
			want: view{Time: "2024-05-06T07:08:09Z", Peer: "192.0.2.1", Client: "192.0.2.1",
				Path: "/", Status: 200, Host: "shop.example"},
		},
		{
			name: "earlier key in the list wins whatever the order in the line",
			line: `{"client_ip":"10.0.0.1","remote_addr":"192.0.2.7","ts":1,"status":200}`,
			want: view{Time: "1970-01-01T00:00:01Z", Peer: "192.0.2.7", Client: "192.0.2.7", Status: 200},
		},
		{
			name: "epoch milliseconds",
			line: `{"remote_addr":"192.0.2.7","timestamp":1700000000123,"status":200,"size":"-"}`,
			want: view{Time: "2023-11-14T22:13:20.123Z", Peer: "192.0.2.7", Client: "192.0.2.7", Status: 200},
		},
		{
			name: "unwanted nested values, escaped keys and unicode",
			line: `{"a":[1,{"b":"]}"},[]],"x\"y":{"z":null},"remote_addr":"192.0.2.7","time":"2024-01-01 00:00:00","status":"200","http_user_agent":"\u00e9\ud83d\ude00\ud800x","ok":true}`,
			want: view{Time: "2024-01-01T00:00:00Z", Peer: "192.0.2.7", Client: "192.0.2.7", Status: 200,
				UA: "é😀\uFFFDx"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tt.spec
			if spec.Format == "" {
				spec.Format = FormatJSON
			}
			p := mustNew(t, spec)
			var ev Event
			if err := p.Parse([]byte(tt.line), &ev); err != nil {
				t.Fatalf("Parse(%q) = %v, want nil", tt.line, err)
			}
			if diff := cmp.Diff(tt.want, viewOf(t, &ev)); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.line, diff)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Reason
	}{
		{"empty", ``, ReasonEmpty},
		{"not json", `hello`, ReasonBadJSON},
		{"not closed", `{"remote_addr":"1.2.3.4"`, ReasonBadJSON},
		{"string not closed", `{"remote_addr":"1.2.3.4}`, ReasonBadJSON},
		{"trailing text", `{"remote_addr":"1.2.3.4","ts":1,"status":200} x`, ReasonBadJSON},
		{"missing colon", `{"remote_addr" "1.2.3.4"}`, ReasonBadJSON},
		{"bare word value", `{"remote_addr":"1.2.3.4","x":yes please}`, ReasonBadJSON},
		{"no client", `{"ts":1,"status":200}`, ReasonBadClient},
		{"bad client", `{"remote_addr":"localhost","ts":1,"status":200}`, ReasonBadClient},
		{"no time", `{"remote_addr":"1.2.3.4","status":200}`, ReasonBadTime},
		{"bad time", `{"remote_addr":"1.2.3.4","time":"yesterday","status":200}`, ReasonBadTime},
		{"no status", `{"remote_addr":"1.2.3.4","ts":1}`, ReasonBadStatus},
		{"bad status", `{"remote_addr":"1.2.3.4","ts":1,"status":"OK"}`, ReasonBadStatus},
		{"bad size", `{"remote_addr":"1.2.3.4","ts":1,"status":200,"size":-1}`, ReasonBadSize},
		{"wanted key is an object", `{"remote_addr":{"ip":"1.2.3.4"},"ts":1,"status":200}`, ReasonBadClient},
		{"empty object", `{}`, ReasonBadClient},
		{"empty array under a wanted key", `{"remote_addr":"1.2.3.4","ts":1,"status":200,"request":{"headers":{"User-Agent":[ ]}}}`, ""},
		{"wanted key is an array of objects", `{"remote_addr":[{"a":1}],"ts":1,"status":200}`, ReasonBadClient},
		{"wanted key is an array of addresses", `{"remote_addr":["1.2.3.4","5.6.7.8"],"ts":1,"status":200}`, ""},
		{"fine", `{"remote_addr":"1.2.3.4","ts":1,"status":200}`, ""},
	}
	p := mustNew(t, Spec{Format: FormatJSON})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev Event
			err := p.Parse([]byte(tt.line), &ev)
			if got := reasonOf(t, err); got != tt.want {
				t.Errorf("Parse(%q) = %v, want reason %q", tt.line, err, tt.want)
			}
		})
	}
}
