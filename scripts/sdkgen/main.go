// Command pulumi-sdkgen writes a package's SDK from its schema with Pulumi's own code generators
// (github.com/pulumi/pulumi/pkg/v3/codegen), the ones the language hosts call when `pulumi package gen-sdk` asks
// them to. It exists because that command delegates to `pulumi-language-<language>`, and the Go module proxy
// does not serve the Python, Go, .NET or Java language hosts; the code generators for Python, Go and Node.js are
// part of the served pkg module.
//
// Usage: pulumi-sdkgen --language python|go|nodejs --out <dir> <schema.json>
// Writes <dir>/<language>/..., replacing what was there, as `pulumi package gen-sdk` does.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

func main() {
	language := flag.String("language", "", "python, go or nodejs")
	out := flag.String("out", "sdk", "the directory that receives <language>/")
	flag.Parse()
	if flag.NArg() != 1 || *language == "" {
		fmt.Fprintln(os.Stderr, "usage: pulumi-sdkgen --language python|go|nodejs --out <dir> <schema.json>")
		os.Exit(2)
	}
	if err := generate(*language, *out, flag.Arg(0)); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func generate(language, out, schemaPath string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noOtherPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema does not bind: %v", diags)
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noOtherPackages{})
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, noOtherPackages{})
	default:
		return fmt.Errorf("language %q: only python, go and nodejs generators are available", language)
	}
	if err != nil {
		return err
	}

	root := filepath.Join(out, language)
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noOtherPackages is the schema loader: the schema may refer to no other package, as there is no plugin host
// here to load one from.
type noOtherPackages struct{}

func (noOtherPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; pulumi-sdkgen loads no other package", name)
}

func (l noOtherPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (noOtherPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q; pulumi-sdkgen loads no other package", name)
}

func (l noOtherPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}
