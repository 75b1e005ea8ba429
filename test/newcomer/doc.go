// Package newcomer is a scripted first hour with yodel, through the real
// binary and a sandbox: init, validate, deploy, a rolling deploy
// interrupted with Ctrl-C and undone with the rollback it printed, a
// canary stopped with Ctrl-C and aborted as printed, a canary with a
// manual gate stopped at the gate and promoted as printed (with the realm
// given as a file, and again found through --realms DIR), a rollback
// across the blue/green apps (from history), logs, history, status,
// destroy. Every hint a command prints that names a yodel command must
// address the sandbox's realm by the file it was found as, the read-only
// ones are run as printed and must not fail as a command line (exit 2:
// unknown command, flag or realm), and the undo hints the walk follows
// are run as printed.
// It has no code of its own outside its test.
package newcomer
