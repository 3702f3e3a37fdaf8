import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into every resource's `__provider`.
 *
 * Each method only require()s the installed package and delegates, so the serialized text stays small, names no
 * path of this machine, and captures nothing that signs in: configuration and credentials are read inside the
 * provider process by `configure`. The module path must stay stable: state written by one version is read by the
 * next through it.
 */
export const dynamicProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").configure(req);
  },
  async check(olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").check(olds, news);
  },
  async diff(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").diff(id, olds, news);
  },
  async create(inputs) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").create(inputs);
  },
  async update(id, olds, news) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").update(id, olds, news);
  },
  async read(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").read(id, props);
  },
  async delete(id, props) {
    return require("pulumi-syncauth/dist/provider/lifecycle/operations").remove(id, props);
  },
};
