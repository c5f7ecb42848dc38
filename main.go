// Command guardctl protects web servers from abusive clients: it reads access
// logs, detects floods, brute force and penetration attempts, and bans the
// offenders in the kernel (nftables or iptables/ipset sets with timeouts).
//
// The command line lives in package cli; this file only runs it.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/guardctl/guardctl/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
