module pulumisyncauth/goprogram

go 1.25.11

require (
	example.com/synctest/sdk/go v0.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.276.0
)

// The SDK is generated next to this file before each build (see test/plugin/sdkGeneration.test.ts).
replace example.com/synctest/sdk/go => ./sdk/go
