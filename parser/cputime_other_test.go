//go:build !linux

package parser

import "testing"

func reportCPUPerOp(b *testing.B) (stop func()) { return func() {} }
