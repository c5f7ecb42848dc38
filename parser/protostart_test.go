package parser

import (
	"bytes"
	"testing"
)

// TestProtoStartIsLastSpace checks protoStart's one-look path against
// bytes.LastIndexByte on request targets ending in every shape near
// " HTTP/x.y": spaces inside the protocol, too short, other words.
func TestProtoStartIsLastSpace(t *testing.T) {
	tails := []string{
		" HTTP/1.1", " HTTP/1.0", " HTTP/2.0", " HTTP/2", " HTTP/ .1", " HTTP/1. ", " HTTP/1 1",
		"  HTTP/1.1", "HTTP/1.1", " HTTP/1.1 ", " http/1.1", " HTTPS1.1", " HTTP/1.1x", "x HTTP/1.",
		" HTTP/.1", "", " ", "HTTP/1.1 HTTP/1.1", " HTTP/11.1", " HTTP/1.11",
	}
	for _, head := range []string{"", "/", "/a b", "/x?q= y", "/p"} {
		for _, tail := range tails {
			rest := []byte(head + tail)
			if got, want := protoStart(rest), bytes.LastIndexByte(rest, ' '); got != want {
				t.Errorf("protoStart(%q) = %d, want %d", rest, got, want)
			}
		}
	}
}

func FuzzProtoStart(f *testing.F) {
	f.Add([]byte("/ HTTP/1.1"))
	f.Add([]byte("/a HTTP/ .1"))
	f.Fuzz(func(t *testing.T, rest []byte) {
		if got, want := protoStart(rest), bytes.LastIndexByte(rest, ' '); got != want {
			t.Errorf("protoStart(%q) = %d, want %d", rest, got, want)
		}
	})
}
