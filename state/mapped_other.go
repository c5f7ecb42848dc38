//go:build !linux

package state

import bolt "go.etcd.io/bbolt"

// releaseMapped is a no-op where the pages of bbolt's mapping are not
// dropped (see mapped_linux.go).
func releaseMapped(*bolt.Tx) {}
