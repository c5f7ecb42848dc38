//go:build !linux

// Package netns runs code inside another network namespace.
package netns

import "errors"

// Do runs fn when path is empty and fails otherwise: namespaces are Linux only.
func Do(path string, fn func() error) error {
	if path == "" {
		return fn()
	}
	return errors.ErrUnsupported
}
