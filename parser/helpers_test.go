package parser

import (
	"errors"
	"github.com/guardctl/guardctl/internal/corpustest"
	"testing"
	"time"
)

// view is an Event with its byte slices as strings, for cmp.Diff. A nil
// slice and an empty one both show as "".
type view struct {
	Time                                string
	Peer, Client                        string
	Request, Method, Path, Query, Proto string
	Status                              int
	Size                                int64
	Referer, UA, XFF, Host, User        string
}

func viewOf(t *testing.T, ev *Event) view {
	t.Helper()
	if ev.Time.Location() != time.UTC {
		t.Errorf("Time location = %v, want UTC", ev.Time.Location())
	}
	if ev.Client != ev.Peer {
		t.Errorf("Client = %v, want Peer %v", ev.Client, ev.Peer)
	}
	return view{
		Time: ev.Time.Format(time.RFC3339Nano), Peer: ev.Peer.String(), Client: ev.Client.String(),
		Request: string(ev.Request), Method: string(ev.Method), Path: string(ev.Path), Query: string(ev.Query),
		Proto: string(ev.Proto), Status: ev.Status, Size: ev.Size, Referer: string(ev.Referer), UA: string(ev.UA),
		XFF: string(ev.XFF), Host: string(ev.Host), User: string(ev.User),
	}
}

func mustNew(t testing.TB, spec Spec) Parser {
	t.Helper()
	p, err := New(spec)
	if err != nil {
		t.Fatalf("New(%+v) = %v", spec, err)
	}
	return p
}

// reasonOf returns the Reason of a *LineError, "" for nil, and fails the
// test for any other error type (the Parser contract).
func reasonOf(t *testing.T, err error) Reason {
	t.Helper()
	if err == nil {
		return ""
	}
	var le *LineError
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not a *LineError", err, err)
	}
	return le.Reason
}

func corpusDir(t *testing.T) string { return corpustest.Dir(t) }
