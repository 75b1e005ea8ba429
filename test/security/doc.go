// Package security holds black-box tests of yodel against hostile input:
// injection through names, labels and headers, hostile Marathon answers,
// secrets leaking into output, TLS and authentication, and file modes. The
// tests drive the packages and the built yodel binary; RELIABILITY.md lists
// each one with the command that runs it.
package security
