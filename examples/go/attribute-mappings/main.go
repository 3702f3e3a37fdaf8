// Command syncauth-go-attribute-mappings runs one Pulumi operation on a stack whose program, written in Go with the
// generated Go SDK of the syncauth provider plugin, declares a SCIM application's attribute mappings. The program is
// inline (it runs in this process, through the Automation API), so no Go language host is needed; the Pulumi CLI
// and the plugin `pulumi-resource-syncauth` must be on PATH.
//
// Usage: syncauth-go-attribute-mappings [-stack dev] preview|up|refresh|destroy
//
// The project is the Pulumi.yaml in the working directory, the stack's settings its Pulumi.<stack>.yaml (set them
// with `pulumi config set`, as for any stack): servicePrincipalId, jobId, department and the provider's syncauth:*
// keys. It prints one JSON line: the operation, the resource changes by kind and, after up, the stack's outputs —
// a secret output as {"secret": true}, without its value — and what the CLI printed. On failure the line carries
// the error (which holds what the CLI printed) and the exit status is 1.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/pulumi-syncauth/pulumi-syncauth/sdk/go/syncauth"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// program declares the User mapping of a SCIM app's provisioning job: the employee id becomes the SCIM externalId
// and the attribute users are matched by first (userName, the template's, moves to second), the display name is a
// function of the given name and surname, and only one department's users are in scope. The rest of the job's
// schema stays as the template or the portal left it.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	mappings, err := syncauth.NewAttributeMappings(ctx, "userMappings", &syncauth.AttributeMappingsArgs{
		ServicePrincipalId: pulumi.String(cfg.Require("servicePrincipalId")),
		JobId:              pulumi.String(cfg.Require("jobId")),
		ObjectMappings: syncauth.ObjectMappingArray{
			syncauth.ObjectMappingArgs{
				SourceObjectName: pulumi.String("User"),
				TargetObjectName: pulumi.String("User"),
				// Replaces the template's filter; leave ScopingFilter unset to keep what is there.
				ScopingFilter: syncauth.ScopingGroupArray{
					syncauth.ScopingGroupArgs{
						Name: pulumi.String("One department"),
						Clauses: syncauth.ScopingClauseArray{
							syncauth.ScopingClauseArgs{
								SourceOperandName: pulumi.String("department"),
								OperatorName:      pulumi.String("EQUALS"),
								Values:            pulumi.StringArray{pulumi.String(cfg.Require("department"))},
							},
						},
					},
				},
				AttributeMappings: syncauth.AttributeMappingArray{
					syncauth.AttributeMappingArgs{
						TargetAttributeName: pulumi.String("externalId"),
						Source:              pulumi.String("[employeeId]"),
						MatchingPriority:    pulumi.Int(1),
					},
					syncauth.AttributeMappingArgs{
						TargetAttributeName: pulumi.String("userName"),
						Source:              pulumi.String("[userPrincipalName]"),
						MatchingPriority:    pulumi.Int(2),
					},
					// A function: the plugin's check reads its syntax in preview; Graph's parseExpression checks it at up.
					syncauth.AttributeMappingArgs{
						TargetAttributeName: pulumi.String("displayName"),
						Source:              pulumi.String(`Join(" ", [givenName], [surname])`),
					},
				},
			},
		},
	})
	if err != nil {
		return err
	}
	ctx.Export("target", mappings.Target)
	ctx.Export("objectMappings", mappings.ObjectMappings)
	ctx.Export("lastWrittenAt", mappings.LastWrittenAt)
	return nil
}

type output struct {
	Value  any  `json:"value,omitempty"`
	Secret bool `json:"secret"`
}

type result struct {
	Operation string            `json:"operation"`
	Changes   map[string]int    `json:"changes,omitempty"`
	Outputs   map[string]output `json:"outputs,omitempty"`
	// What the CLI printed (its standard output and error), for the record.
	Log   string `json:"log"`
	Error string `json:"error,omitempty"`
}

func run(ctx context.Context, stackName, operation string) (result, error) {
	done := result{Operation: operation}
	dir, err := os.Getwd()
	if err != nil {
		return done, err
	}
	project, err := workspace.LoadProject("Pulumi.yaml")
	if err != nil {
		return done, fmt.Errorf("reading the project: %w", err)
	}
	stack, err := auto.SelectStackInlineSource(ctx, stackName, project.Name.String(), program, auto.WorkDir(dir))
	if err != nil {
		return done, fmt.Errorf("selecting stack %s: %w", stackName, err)
	}
	switch operation {
	case "preview":
		preview, err := stack.Preview(ctx, optpreview.SuppressProgress())
		if err != nil {
			return done, err
		}
		done.Changes, done.Log = changes(preview.ChangeSummary), preview.StdOut+preview.StdErr
	case "up":
		up, err := stack.Up(ctx, optup.SuppressProgress())
		if err != nil {
			return done, err
		}
		done.Changes, done.Log = changes(*up.Summary.ResourceChanges), up.StdOut+up.StdErr
		done.Outputs = map[string]output{}
		for key, value := range up.Outputs {
			if value.Secret {
				done.Outputs[key] = output{Secret: true}
			} else {
				done.Outputs[key] = output{Value: value.Value}
			}
		}
	case "refresh":
		refresh, err := stack.Refresh(ctx, optrefresh.SuppressProgress())
		if err != nil {
			return done, err
		}
		done.Changes, done.Log = changes(*refresh.Summary.ResourceChanges), refresh.StdOut+refresh.StdErr
	case "destroy":
		destroy, err := stack.Destroy(ctx, optdestroy.SuppressProgress())
		if err != nil {
			return done, err
		}
		done.Changes, done.Log = changes(*destroy.Summary.ResourceChanges), destroy.StdOut+destroy.StdErr
	default:
		return done, fmt.Errorf("unknown operation %q: use preview, up, refresh or destroy", operation)
	}
	return done, nil
}

func changes[K ~string](summary map[K]int) map[string]int {
	counted := map[string]int{}
	for kind, count := range summary {
		counted[string(kind)] = count
	}
	return counted
}

func main() {
	stackName := flag.String("stack", "dev", "the stack to operate on")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: syncauth-go-attribute-mappings [-stack dev] preview|up|refresh|destroy")
		os.Exit(2)
	}
	done, err := run(context.Background(), *stackName, flag.Arg(0))
	if err != nil {
		done.Error = err.Error()
	}
	_ = json.NewEncoder(os.Stdout).Encode(done)
	if err != nil {
		os.Exit(1)
	}
}
