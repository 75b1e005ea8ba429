// Package newcomer is a scripted first hour with yodel, through the real
// binary and a sandbox: init, validate, deploy, a deploy interrupted with
// Ctrl-C and undone with the hint it printed, status, logs, history,
// destroy. Every hint a command prints that names a yodel command is run as
// printed (the read-only ones, and the undo the interrupted deploy
// suggests), and must not fail as a command line (exit 2: unknown command,
// flag or realm). It has no code of its own outside its test.
package newcomer
