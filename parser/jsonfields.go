package parser

import (
	"fmt"
	"strings"
)

// JSONFields names the keys a JSON log line is read from. Each entry is a
// list of key paths tried in order: the first one present in a line wins.
// A path is a key, or keys joined by '.' to reach into nested objects
// ("request.headers.User-Agent" for caddy); when a path ends at an array,
// its first element is used (caddy logs headers as arrays). A key that
// itself contains '.' cannot be named. A nil list means DefaultJSONFields'
// list; an empty non-nil list means "this log has no such field".
type JSONFields struct {
	Client  []string // peer address, optionally with :port
	Time    []string // CLF, RFC 3339/ISO 8601 string, or unix epoch (number or string)
	Request []string // the whole request line, "GET /x?y HTTP/1.1"
	Method  []string // used when Request is absent or junk
	URI     []string // path with optional ?query; used when Request gave no path
	Query   []string // used when the URI had no '?'
	Proto   []string
	Status  []string // required
	Size    []string
	Referer []string
	UA      []string
	XFF     []string
	Host    []string
	User    []string
}

// DefaultJSONFields returns the keys used when Spec.JSONFields leaves a
// field nil. They cover nginx log_format escape=json with the variable names
// as keys, traefik's JSON access log, caddy's structured log and envoy's
// JSON access log. The order puts the peer address before any
// already-resolved client (caddy's client_ip), because resolving proxies is
// clientip's job and must follow guardctl's trusted-proxy list.
func DefaultJSONFields() JSONFields {
	return JSONFields{
		Client: []string{"remote_addr", "remote_ip", "request.remote_ip", "ClientHost", "ClientAddr",
			"downstream_remote_address", "client_ip", "clientip", "client", "ip", "src_ip"},
		Time: []string{"time_iso8601", "time_local", "StartUTC", "start_time", "timestamp", "@timestamp",
			"time", "ts", "msec", "datetime", "date", "StartLocal"},
		Request: []string{"request", "request_line"},
		Method:  []string{"request_method", "method", "request.method", "RequestMethod", "http_method", "verb"},
		URI: []string{"request_uri", "uri", "request.uri", "RequestPath", "x-envoy-origin-path", "path",
			"url", "request_path"},
		Query: []string{"args", "query_string", "query", "request_query"},
		Proto: []string{"server_protocol", "protocol", "proto", "request.proto", "RequestProtocol", "http_version"},
		Status: []string{"status", "response_code", "DownstreamStatus", "status_code", "response_status",
			"http_status"},
		Size: []string{"body_bytes_sent", "bytes_sent", "size", "DownstreamContentSize", "bytes",
			"response_size", "bytes_out"},
		Referer: []string{"http_referer", "referer", "referrer", "request.headers.Referer", "request_Referer",
			"http_referrer"},
		UA: []string{"http_user_agent", "user_agent", "user-agent", "request.headers.User-Agent",
			"request_User-Agent", "useragent", "agent"},
		XFF: []string{"http_x_forwarded_for", "x_forwarded_for", "x-forwarded-for",
			"request.headers.X-Forwarded-For", "request_X-Forwarded-For", "forwarded_for", "xff"},
		Host: []string{"host", "http_host", "server_name", "request.host", "RequestHost", ":authority",
			"vhost", "virtual_host"},
		User: []string{"remote_user", "user", "user_id", "ClientUsername"},
	}
}

// jsonField indexes the fields of JSONFields.
type jsonField int

const (
	jfClient jsonField = iota
	jfTime
	jfRequest
	jfMethod
	jfURI
	jfQuery
	jfProto
	jfStatus
	jfSize
	jfReferer
	jfUA
	jfXFF
	jfHost
	jfUser
	numJSONFields
)

// lists returns the fields in jsonField order with their config names; nil
// lists are replaced by the defaults and marked as such.
func (f JSONFields) lists() [numJSONFields]fieldList {
	d := DefaultJSONFields()
	pick := func(name string, v, def []string) fieldList {
		if v == nil {
			return fieldList{name: name, paths: def, isDefault: true}
		}
		return fieldList{name: name, paths: v}
	}
	return [numJSONFields]fieldList{
		pick("client", f.Client, d.Client),
		pick("time", f.Time, d.Time),
		pick("request", f.Request, d.Request),
		pick("method", f.Method, d.Method),
		pick("uri", f.URI, d.URI),
		pick("query", f.Query, d.Query),
		pick("proto", f.Proto, d.Proto),
		pick("status", f.Status, d.Status),
		pick("size", f.Size, d.Size),
		pick("referer", f.Referer, d.Referer),
		pick("ua", f.UA, d.UA),
		pick("xff", f.XFF, d.XFF),
		pick("host", f.Host, d.Host),
		pick("user", f.User, d.User),
	}
}

type fieldList struct {
	name      string
	paths     []string
	isDefault bool
}

type jsonKey struct {
	field jsonField
	prio  int // position in the field's list; lower wins
}

// compile turns the lists into lookup tables: full paths to fields, and the
// object paths that lead to them (only those objects are descended into).
// A key named explicitly for one field takes it away from another field's
// default list, so that configuring Client: ["host"] needs nothing else.
func (f JSONFields) compile() (keys map[string]jsonKey, inner map[string]bool, err error) {
	keys = make(map[string]jsonKey)
	inner = make(map[string]bool)
	all := f.lists()
	for _, pass := range []bool{false, true} {
		for i, l := range all {
			if l.isDefault != pass {
				continue
			}
			field := jsonField(i)
			if (field == jfClient || field == jfTime || field == jfStatus) && len(l.paths) == 0 {
				return nil, nil, fmt.Errorf("json field %s: need at least one key: the field is required", l.name)
			}
			for prio, p := range l.paths {
				segs := strings.Split(p, ".")
				for _, s := range segs {
					if s == "" {
						return nil, nil, fmt.Errorf("json field %s: key path %q has an empty segment", l.name, p)
					}
				}
				if prev, dup := keys[p]; dup {
					if !pass && prev.field != field {
						return nil, nil, fmt.Errorf("json field %s: key path %q is also given for field %s",
							l.name, p, all[prev.field].name)
					}
					continue
				}
				keys[p] = jsonKey{field: field, prio: prio}
				for n := 1; n < len(segs); n++ {
					inner[strings.Join(segs[:n], ".")] = true
				}
			}
		}
	}
	return keys, inner, nil
}
