//go:build nxadm

package tailer

// This file measures github.com/nxadm/tail (the library the design card
// named) with the same harness and rotations as the tests of this package.
// It is a measurement, not part of the suite; run it with
//
//	go test -tags nxadm -run TestNxadm -v ./tailer
//
// and read the logged tallies. The package doc records the results.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nxadm/tail"
)

func nxadmFollower(poll bool) follower {
	return func(ctx context.Context, t testing.TB, path string, add func(string, []byte)) {
		tl, err := tail.TailFile(path, tail.Config{
			Follow:        true,
			ReOpen:        true,
			Poll:          poll,
			CompleteLines: true,
			Logger:        tail.DiscardingLogger,
		})
		if err != nil {
			t.Error(err)
			return
		}
		defer tl.Cleanup()
		for {
			select {
			case <-ctx.Done():
				tl.Stop()
				return
			case l, ok := <-tl.Lines:
				if !ok {
					return
				}
				if l.Err != nil {
					t.Logf("nxadm/tail: %v", l.Err)
					continue
				}
				add("", []byte(l.Text))
			}
		}
	}
}

func TestNxadmRotation(t *testing.T) {
	for _, mode := range []struct {
		name string
		poll bool
	}{{"inotify", false}, {"poll", true}} {
		for _, rot := range rotationCases() {
			t.Run(fmt.Sprintf("%s/%s", mode.name, rot.name), func(t *testing.T) {
				tl := runRotation(t, nxadmFollower(mode.poll), rot.s, 5*time.Second)
				t.Logf("nxadm/tail %s %s: %s", mode.name, rot.name, tl.report())
			})
		}
	}
}
