//go:build linux

// Package netns runs code inside another network namespace.
package netns

import (
	"fmt"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// Do runs fn on an OS thread that has joined the network namespace at path
// (empty path: fn runs in the caller's namespace). Sockets fn opens and
// processes it starts (os/exec forks from the calling thread) belong to that
// namespace. fn must not hand work to other goroutines and expect them to
// share the namespace. The thread is never returned to the scheduler: it
// ends with its goroutine, so no other goroutine can land in the namespace.
func Do(path string, fn func() error) error {
	if path == "" {
		return fn()
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open network namespace: %w", err)
	}
	defer f.Close()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// No UnlockOSThread: see above.
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("enter network namespace %s: %w", path, err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}
