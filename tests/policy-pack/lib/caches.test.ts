import * as assert from "assert";
import { expandAction } from "../../../policy-pack/lib/catalog";
import { listActions, parseDocument, selectActions } from "../../../policy-pack/lib/document";
import { checkDocument } from "../../../policy-pack/lib/evaluate";
import type { ActionInfo } from "../../../policy-pack/lib/reference";

describe("evaluation caches", () => {
    const text = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Wide",
                Effect: "Allow",
                Action: ["iam:Put*", "iam:PassRole", "ec2:RunInstances", "iam:PutRolePolicy"],
                Resource: "*",
            },
            { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "arn:aws:iam::123456789012:role/x" },
        ],
    });

    it("give the same verdicts on a warm pass as on the first", () => {
        const first = checkDocument(text, "identity");
        assert.ok(first.length > 0);
        assert.deepStrictEqual(checkDocument(text, "identity"), first);
        assert.deepStrictEqual(checkDocument(JSON.parse(text), "identity"), first);
    });

    it("keep a bounded number of selections per action pattern", () => {
        const s = parseDocument(text).statements[0];
        for (let i = 0; i < 250; i++) selectActions(s, `test-key-${i}`, (all) => all.slice(0, i % 3));
        for (const pattern of s.actions ?? []) assert.ok(expandAction(pattern).selections.size <= 101);
    });

    it("list a cached selection with the same text every time", () => {
        const s = parseDocument(text).statements[0];
        const select = (all: readonly ActionInfo[]): ActionInfo[] =>
            all.filter((a) => a.id.startsWith("iam:Put"));
        const a = selectActions(s, "test-put", select);
        const b = selectActions(parseDocument(text).statements[0], "test-put", select);
        assert.strictEqual(listActions(a), listActions(b));
        assert.strictEqual(listActions(a), listActions([...a]));
    });
});
