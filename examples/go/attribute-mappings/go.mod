module github.com/pulumi-syncauth/pulumi-syncauth/examples/go/attribute-mappings

go 1.26.6

require (
	github.com/pulumi-syncauth/pulumi-syncauth/sdk/go v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
)

// The SDK is generated from the plugin's schema, not committed: scripts/lib/goProgram.ts writes it to ./sdk/go.
replace github.com/pulumi-syncauth/pulumi-syncauth/sdk/go => ./sdk/go
