module github.com/haproxytech/config-parser/v5

go 1.22

require (
	github.com/gofrs/flock v0.8.1
	github.com/google/renameio v1.0.1
	github.com/haproxytech/go-logger v1.1.0
	golang.org/x/text v0.14.0
)

require (
	github.com/kr/pretty v0.3.1 // indirect
	golang.org/x/sys v0.15.0 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
)
