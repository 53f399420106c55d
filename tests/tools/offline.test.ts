// Guards the Pulumi internals tools/offline.ts relies on; a failure here means an SDK upgrade moved them.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig, runOffline } from "../../tools/offline";

class Child extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Child", name, props, opts);
    }
}

describe("offline runtime (tools/offline.ts)", () => {
    it("still finds the Pulumi internals it wraps", () => {
        const runtime = pulumi.runtime as unknown as Record<string, unknown>;
        assert.equal(typeof runtime.setMocks, "function");
        assert.equal(typeof runtime.runInPulumiStack, "function");
        assert.equal(typeof runtime.getMonitor, "function");
        assert.equal(typeof runtime.setAllConfig, "function");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.equal(typeof require("@pulumi/pulumi/runtime/settings").waitForRPCs, "function");
    });

    it("records parent, provider, protect and inputs of a small program", async () => {
        const run = await runOffline({
            stack: "t",
            config: {},
            program: async () => {
                const parent = new pulumi.ComponentResource("test:index:Parent", "p");
                const child = new Child("c", { x: 1 }, { parent, protect: true });
                return { childId: child.id };
            },
        });
        const child = run.resources.find((r) => r.name === "c");
        const parent = run.resources.find((r) => r.name === "p");
        assert.ok(child && parent);
        assert.equal(child.parent, parent.urn);
        assert.equal(child.protect, true);
        assert.deepEqual(child.inputs, { x: 1 });
        assert.equal(run.outputs.childId, "c-id");
    });

    it("throws on an invoke it has no mock for, instead of resolving undefined", async () => {
        await assert.rejects(
            runOffline({
                stack: "t",
                config: {},
                program: async () => {
                    await pulumi.runtime.invoke("aws:s3/getBucket:getBucket", { bucket: "b" });
                    return {};
                },
            }),
            /unexpected invoke aws:s3\/getBucket:getBucket: the offline runtime has no mock for it/,
        );
    });

    it("reads YAML lists and scalars as Pulumi stores them", () => {
        const config = readStackConfig("source");
        assert.equal(config["efs-backup:publicSubnetCidrs"], '["10.1.0.0/24","10.1.16.0/24"]');
        assert.equal(config["efs-backup:startWindowMinutes"], "480");
        assert.equal(config["efs-backup:site"], "source");
    });
});
