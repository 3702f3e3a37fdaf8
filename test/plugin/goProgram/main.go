// Command goprogram runs a Go Pulumi program that uses the generated Go SDK of the test-only synctest
// provider, through the Go Automation API with an inline program (the program runs in this process, so no Go
// language host is needed): preview, up, up again, destroy. It prints one JSON line per step with the
// resource changes and the outputs (values of secret outputs are never printed, only that they are secret).
//
// The stack's backend, passphrase and PULUMI_HOME come from the environment; ECHO_MESSAGE, ECHO_TOKEN and
// ECHO_PREFIX set the stack's config.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"example.com/synctest/sdk/go/synctest"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type output struct {
	Value  any  `json:"value,omitempty"`
	Secret bool `json:"secret"`
}

type step struct {
	Step    string            `json:"step"`
	Changes map[string]int    `json:"changes"`
	Outputs map[string]output `json:"outputs,omitempty"`
}

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	echo, err := synctest.NewEcho(ctx, "echo", &synctest.EchoArgs{
		Message: pulumi.String(cfg.Require("message")),
		Token:   cfg.RequireSecret("token"),
	})
	if err != nil {
		return err
	}
	ctx.Export("greeting", echo.Greeting)
	ctx.Export("length", echo.Length)
	ctx.Export("receipt", echo.Receipt)
	return nil
}

func run(ctx context.Context) error {
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "synctest-go", program)
	if err != nil {
		return fmt.Errorf("creating the stack: %w", err)
	}
	settings := map[string]auto.ConfigValue{
		"message":         {Value: os.Getenv("ECHO_MESSAGE")},
		"token":           {Value: os.Getenv("ECHO_TOKEN"), Secret: true},
		"synctest:prefix": {Value: os.Getenv("ECHO_PREFIX")},
	}
	if err := stack.SetAllConfig(ctx, settings); err != nil {
		return fmt.Errorf("setting config: %w", err)
	}
	emit := func(s step) { _ = json.NewEncoder(os.Stdout).Encode(s) }

	preview, err := stack.Preview(ctx)
	if err != nil {
		return fmt.Errorf("preview: %w", err)
	}
	emit(step{Step: "preview", Changes: changes(preview.ChangeSummary)})

	for _, name := range []string{"up", "up again"} {
		up, err := stack.Up(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		outputs := map[string]output{}
		for key, value := range up.Outputs {
			if value.Secret {
				outputs[key] = output{Secret: true}
			} else {
				outputs[key] = output{Value: value.Value}
			}
		}
		emit(step{Step: name, Changes: changes(*up.Summary.ResourceChanges), Outputs: outputs})
	}

	destroy, err := stack.Destroy(ctx)
	if err != nil {
		return fmt.Errorf("destroy: %w", err)
	}
	emit(step{Step: "destroy", Changes: changes(*destroy.Summary.ResourceChanges)})
	return nil
}

func changes[K ~string](summary map[K]int) map[string]int {
	result := map[string]int{}
	for op, count := range summary {
		result[string(op)] = count
	}
	return result
}

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
