/**
 * The pack as `pulumi preview --policy-pack policy-pack` loads it: @pulumi/pulumi's run-policy-pack registers
 * ts-node with type checking and the compiler options of policy-pack/tsconfig.json, requires index.ts, and the
 * PolicyPack prints the port of its analyzer server. This test does the same and stops the server.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import * as path from "path";

// Mirrors node_modules/@pulumi/pulumi/cmd/run-policy-pack/run.js (3.248).
const LOADER = `
const tsutils = require("@pulumi/pulumi/tsutils");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
require("ts-node").register({
    typeCheck: true,
    skipProject: false,
    compiler: "typescript",
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
});
require(require("path").join(process.cwd(), "index.ts"));
`;

describe("policy pack loading", () => {
    it("type-checks and starts its analyzer server the way the Pulumi CLI runs it", async function () {
        this.timeout(90_000);
        const child = spawn(process.execPath, ["-e", LOADER], {
            cwd: path.join(__dirname, "../../policy-pack"),
        });
        let stdout = "";
        let stderr = "";
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (d: Buffer) => {
                stdout += d.toString();
                const m = /^(\d+)\s*$/m.exec(stdout);
                if (m) resolve(m[1]);
            });
            child.stderr.on("data", (d: Buffer) => {
                stderr += d.toString();
            });
            child.on("exit", (code) => reject(new Error(`pack exited with ${code}: ${stderr || stdout}`)));
        }).finally(() => {
            child.removeAllListeners("exit");
            child.kill();
        });
        assert.ok(Number(port) > 0);
    });
});
