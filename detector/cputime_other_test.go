//go:build !linux

package detector

func threadCPU() int64 { return -1 }
